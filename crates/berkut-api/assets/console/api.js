// The console's only way to the server: the public /v1 API with a bearer
// token kept in session storage (never in a URL, gone when the tab closes).

const TOKEN_KEY = 'berkut.token';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(t) {
  if (t) sessionStorage.setItem(TOKEN_KEY, t);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An error as the API gave it: `{"error": {"code", "message", "field"}}`. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

async function failure(resp) {
  let body = null;
  try {
    body = await resp.json();
  } catch {
    // not JSON: fall through to the status line
  }
  const e = body && body.error;
  if (e && typeof e.message === 'string') {
    return new ApiError(resp.status, e.code, e.message, e.field);
  }
  return new ApiError(resp.status, 'http_' + resp.status, `${resp.status} ${resp.statusText}`);
}

const listeners = new Set();
/** Called with the error whenever a call is refused as unauthorized. */
export function onUnauthorized(f) {
  listeners.add(f);
}

function headers(extra = {}) {
  const hs = { Accept: 'application/json', ...extra };
  const t = token();
  if (t) hs.Authorization = 'Bearer ' + t;
  return hs;
}

/** Call the API; resolves to the JSON body or throws an ApiError. */
export async function api(method, path, body) {
  const init = { method, headers: headers(), cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network', e.message || String(e));
  }
  if (!resp.ok) {
    const err = await failure(resp);
    if (resp.status === 401) listeners.forEach((f) => f(err));
    throw err;
  }
  return resp.json();
}

/** Path with query parameters, leaving out empty ones. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && String(v).trim() !== '') q.set(k, String(v).trim());
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * Parse Server-Sent Events from a fetch() body. EventSource cannot send an
 * Authorization header, so the stream is read here: yields
 * `{id, event, data}` for each event; comments (keep-alives) are skipped.
 */
export async function* readEvents(body, signal) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ev = { id: null, event: 'message', data: [] };
  try {
    for (;;) {
      if (signal && signal.aborted) return;
      const { value, done } = await reader.read();
      if (done) return;
      buf += decoder.decode(value, { stream: true });
      let nl;
      while ((nl = buf.search(/\r\n|\r|\n/)) >= 0) {
        // a CR at the end may be the first half of a CRLF split across chunks
        if (buf[nl] === '\r' && nl === buf.length - 1) break;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + (buf.startsWith('\r\n', nl) ? 2 : 1));
        if (line === '') {
          if (ev.data.length) yield { id: ev.id, event: ev.event, data: ev.data.join('\n') };
          ev = { id: null, event: 'message', data: [] };
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'data') ev.data.push(val);
        else if (field === 'id') ev.id = val;
        else if (field === 'event') ev.event = val;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/**
 * Follow an SSE route for as long as `signal` is not aborted: reconnects
 * with `Last-Event-ID` (the last id received) after a drop, backing off
 * from 1 to 10 seconds. `onEvent({id, event, data})`, `onState('live' |
 * 'reconnecting' | 'stopped', error?)`.
 */
export async function follow(path, { lastEventId, onEvent, onState, signal }) {
  let last = lastEventId ?? null;
  let wait = 1000;
  while (!signal.aborted) {
    try {
      const hs = headers({ Accept: 'text/event-stream' });
      if (last !== null && last !== undefined) hs['Last-Event-ID'] = String(last);
      const resp = await fetch(path, { headers: hs, signal, cache: 'no-store' });
      if (!resp.ok) {
        const err = await failure(resp);
        if (resp.status === 401 || resp.status === 403) {
          if (resp.status === 401) listeners.forEach((f) => f(err));
          onState('stopped', err);
          return;
        }
        throw err;
      }
      onState('live');
      wait = 1000;
      for await (const ev of readEvents(resp.body, signal)) {
        if (ev.id !== null) last = ev.id;
        onEvent(ev);
      }
    } catch (e) {
      if (signal.aborted) break;
      onState('reconnecting', e);
    }
    if (signal.aborted) break;
    onState('reconnecting');
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 10000);
  }
  onState('stopped');
}
