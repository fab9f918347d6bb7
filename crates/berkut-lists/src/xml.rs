//! A small streaming layer over quick-xml: it reads events and hands out one
//! record element at a time as a little tree, so memory is bounded by the
//! largest record, not the file.

use std::io::BufRead;

use quick_xml::{Reader, events::Event};

use crate::{ParseError, Position};

/// Records larger than this are refused (a broken file must not make us
/// build a huge tree).
const MAX_RECORD_NODES: usize = 50_000;
/// Maximum text bytes in one record.
const MAX_RECORD_TEXT: usize = 4 << 20;
/// Maximum element depth inside one record.
const MAX_DEPTH: usize = 64;

/// One element of a record: name, attributes, text and children.
#[derive(Debug, Clone, Default)]
pub(crate) struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// Children with this (case-sensitive) local name.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The first child with this name.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The trimmed, non-empty text of the first child with this name.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(Node::own_text)
    }

    /// This node's trimmed text, when not empty.
    pub fn own_text(&self) -> Option<&str> {
        let t = self.text.trim();
        (!t.is_empty()).then_some(t)
    }

    /// Whether there is any text anywhere below.
    pub fn has_content(&self) -> bool {
        self.own_text().is_some() || self.children.iter().any(Node::has_content)
    }
}

/// A record element and the byte offset where it started.
pub(crate) type Item = (Node, u64);

/// Reads an XML document and yields the elements `is_record` selects.
pub(crate) struct XmlStream<R: BufRead> {
    reader: Reader<R>,
    buf: Vec<u8>,
    depth: usize,
    /// The root element's name and attributes, once read.
    pub root: Option<Node>,
    done: bool,
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn start_node(e: &quick_xml::events::BytesStart<'_>, pos: u64) -> Result<Node, ParseError> {
    let mut n = Node {
        name: local(e.name().into_inner()).to_string(),
        ..Node::default()
    };
    for a in e.attributes() {
        let a =
            a.map_err(|err| ParseError::new(Position::Byte(pos), format!("bad attribute: {err}")))?;
        let v = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| {
                ParseError::new(Position::Byte(pos), format!("bad attribute value: {err}"))
            })?;
        n.attrs
            .push((local(a.key.into_inner()).to_string(), v.into_owned()));
    }
    Ok(n)
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

impl<R: BufRead> XmlStream<R> {
    pub fn new(r: R) -> Self {
        let mut reader = Reader::from_reader(r);
        let cfg = reader.config_mut();
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        Self {
            reader,
            buf: Vec::new(),
            depth: 0,
            root: None,
            done: false,
        }
    }

    fn err(&self, msg: impl Into<String>) -> ParseError {
        ParseError::new(Position::Byte(self.reader.buffer_position()), msg)
    }

    fn xml_err(&self, e: &quick_xml::Error) -> ParseError {
        ParseError::new(
            Position::Byte(self.reader.error_position()),
            format!("malformed XML: {e}"),
        )
    }

    /// Read up to the root element, so its attributes are known.
    pub fn read_root(&mut self) -> Result<(), ParseError> {
        while self.root.is_none() && !self.done {
            self.buf.clear();
            let pos = self.reader.buffer_position();
            let ev = self.reader.read_event_into(&mut self.buf);
            match ev {
                Err(e) => {
                    self.done = true;
                    let e = self.xml_err(&e);
                    return Err(e);
                }
                Ok(Event::Start(s)) => {
                    let n = start_node(&s, pos)?;
                    self.root = Some(n);
                    self.depth = 1;
                }
                Ok(Event::Empty(s)) => {
                    let n = start_node(&s, pos)?;
                    self.root = Some(n);
                    self.done = true;
                }
                Ok(Event::Eof) => {
                    self.done = true;
                    return Err(self.err("no root element: the input is empty or not XML"));
                }
                Ok(Event::Text(t)) if t.xml10_content().trim().is_empty() => {}
                Ok(Event::Text(_) | Event::CData(_) | Event::GeneralRef(_)) => {
                    self.done = true;
                    return Err(self.err("text before the root element: not an XML document"));
                }
                Ok(Event::DocType(_)) => {
                    // Entity definitions are the way to billion-laughs and
                    // external-entity attacks; list files never need them.
                    self.done = true;
                    return Err(self.err("a DOCTYPE (DTD) is not accepted in list files"));
                }
                Ok(_) => {}
            }
        }
        Ok(())
    }

    /// The next record selected by `is_record(name)`; `None` at the end.
    pub fn next_record(
        &mut self,
        is_record: impl Fn(&str) -> bool,
    ) -> Option<Result<Item, ParseError>> {
        if self.done {
            return None;
        }
        if self.root.is_none() {
            if let Err(e) = self.read_root() {
                return Some(Err(e));
            }
            if self.done {
                return None;
            }
        }
        loop {
            self.buf.clear();
            let pos = self.reader.buffer_position();
            let ev = self.reader.read_event_into(&mut self.buf);
            let res: Result<Item, ParseError> = match ev {
                Err(e) => Err(self.xml_err(&e)),
                Ok(Event::Start(s)) => {
                    let node = start_node(&s, pos);
                    match node {
                        Err(e) => Err(e),
                        Ok(node) if is_record(&node.name) => {
                            return Some(self.read_record(node, pos).map(|n| (n, pos)));
                        }
                        Ok(_) => {
                            self.depth += 1;
                            continue;
                        }
                    }
                }
                Ok(Event::Empty(s)) => match start_node(&s, pos) {
                    Err(e) => Err(e),
                    Ok(node) if is_record(&node.name) => return Some(Ok((node, pos))),
                    Ok(_) => continue,
                },
                Ok(Event::End(_)) => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        self.done = true;
                        return None;
                    }
                    continue;
                }
                Ok(Event::Eof) => {
                    if self.depth > 0 {
                        Err(self.err("unexpected end of input: the file is truncated"))
                    } else {
                        self.done = true;
                        return None;
                    }
                }
                Ok(_) => continue,
            };
            // Any error is fatal: after malformed XML the stream cannot be trusted.
            self.done = true;
            return Some(res);
        }
    }

    /// Read a record's subtree; `node` is its (already read) start element.
    fn read_record(&mut self, node: Node, start: u64) -> Result<Node, ParseError> {
        let mut stack = vec![node];
        let mut nodes = 1usize;
        let mut text = 0usize;
        let fail = |this: &mut Self, e: ParseError| {
            this.done = true;
            Err(e)
        };
        loop {
            self.buf.clear();
            let pos = self.reader.buffer_position();
            let ev = self.reader.read_event_into(&mut self.buf);
            match ev {
                Err(e) => {
                    let e = self.xml_err(&e);
                    return fail(self, e);
                }
                Ok(Event::Start(s)) => {
                    let n = match start_node(&s, pos) {
                        Ok(n) => n,
                        Err(e) => return fail(self, e),
                    };
                    nodes += 1;
                    if nodes > MAX_RECORD_NODES || stack.len() >= MAX_DEPTH {
                        let e = self.err(format!(
                            "record starting at byte {start} is too large or too deep"
                        ));
                        return fail(self, e);
                    }
                    stack.push(n);
                }
                Ok(Event::Empty(s)) => {
                    let n = match start_node(&s, pos) {
                        Ok(n) => n,
                        Err(e) => return fail(self, e),
                    };
                    nodes += 1;
                    if nodes > MAX_RECORD_NODES {
                        let e = self.err(format!("record starting at byte {start} is too large"));
                        return fail(self, e);
                    }
                    if let Some(top) = stack.last_mut() {
                        top.children.push(n);
                    }
                }
                Ok(Event::End(_)) => {
                    let Some(done) = stack.pop() else {
                        let e = self.err("unbalanced end tag");
                        return fail(self, e);
                    };
                    match stack.last_mut() {
                        Some(parent) => parent.children.push(done),
                        None => return Ok(done),
                    }
                }
                Ok(Event::Text(t)) => {
                    let s = t.xml10_content();
                    text += s.len();
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&s);
                    }
                }
                Ok(Event::CData(t)) => {
                    let s = t.xml10_content();
                    text += s.len();
                    if let Some(top) = stack.last_mut() {
                        top.text.push_str(&s);
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c),
                        Ok(None) => entity(&r.xml10_content()),
                        Err(e) => {
                            let e = self.err(format!("bad character reference: {e}"));
                            return fail(self, e);
                        }
                    };
                    let Some(c) = c else {
                        let msg = format!("unknown entity '&{};'", r.xml10_content());
                        let e = ParseError::new(Position::Byte(pos), msg);
                        return fail(self, e);
                    };
                    text += c.len_utf8();
                    if let Some(top) = stack.last_mut() {
                        top.text.push(c);
                    }
                }
                Ok(Event::Eof) => {
                    let e = self.err(format!(
                        "unexpected end of input inside the record starting at byte {start}: \
                         the file is truncated"
                    ));
                    return fail(self, e);
                }
                Ok(_) => {}
            }
            if text > MAX_RECORD_TEXT {
                let e = self.err(format!("record starting at byte {start} has too much text"));
                return fail(self, e);
            }
        }
    }
}
