// The machine readable zone as a scanner types it or a paste brings it:
// 2 lines of 44 (passport, TD3), 2 of 36 (TD2) or 3 of 30 (ID card, TD1).
// The server parses and checks it; here only the shape is judged (to know
// when Enter means "screen") and the name is read for display.

const SHAPES = [
  { kind: 'TD3', lines: 2, width: 44 },
  { kind: 'TD2', lines: 2, width: 36 },
  { kind: 'TD1', lines: 3, width: 30 },
];

/** Lines as typed: upper case, no spaces, empty lines dropped; one long line split. */
export function mrzLines(text) {
  const lines = String(text || '')
    .toUpperCase()
    .replace(/[ \t]/g, '')
    .split(/\r\n|\r|\n/)
    .filter((l) => l.length > 0);
  if (lines.length === 1) {
    for (const s of SHAPES) {
      if (lines[0].length === s.lines * s.width) {
        const out = [];
        for (let i = 0; i < s.lines; i++) out.push(lines[0].slice(i * s.width, (i + 1) * s.width));
        return out;
      }
    }
  }
  return lines;
}

/** The format the lines complete (`TD3`, `TD2`, `TD1`), or null. */
export function mrzShape(lines) {
  for (const s of SHAPES) {
    if (lines.length === s.lines && lines.every((l) => l.length === s.width)) return s.kind;
  }
  return null;
}

/** The holder's name as the MRZ writes it (`IURII IVANOV`), or null. */
export function mrzName(lines) {
  const shape = mrzShape(lines);
  if (!shape) return null;
  const field = shape === 'TD1' ? lines[2] : lines[0].slice(5);
  const [primary, secondary = ''] = field.split('<<');
  const clean = (s) => s.split('<').filter(Boolean).join(' ');
  const name = [clean(secondary), clean(primary)].filter(Boolean).join(' ');
  return name || null;
}
