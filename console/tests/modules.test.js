// The console's modules that need no page, run in Node: the SSE reader and
// its reconnection with Last-Event-ID, the MRZ shape and name, and the
// generic list view's reading of an unknown answer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const assets = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../crates/berkut-api/assets/console');
const load = (name) => import(pathToFileURL(path.join(assets, name)).href);

// What the browser gives the modules: session storage for the token.
const store = new Map();
globalThis.sessionStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => store.set(k, String(v)),
  removeItem: (k) => store.delete(k),
};

function body(chunks) {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

test('SSE: events split anywhere, CRLF, comments and multi-line data', async () => {
  const { readEvents } = await load('api.js');
  const text = ': keep-alive\r\n\r\nid: 7\r\nevent: alert\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid:8\ndata:x\n\n: ping\n\n';
  // every split point gives the same events
  for (let cut = 0; cut <= text.length; cut += 3) {
    const got = [];
    for await (const ev of readEvents(body([text.slice(0, cut), text.slice(cut)]))) got.push(ev);
    assert.deepEqual(got, [
      { id: '7', event: 'alert', data: '{"a":\n1}' },
      { id: '8', event: 'message', data: 'x' },
    ], `cut at ${cut}`);
  }
});

test('SSE: follow() reconnects with Last-Event-ID and the bearer token', async () => {
  const { follow, setToken } = await load('api.js');
  setToken('bk_test');
  const seen = [];
  const server = http.createServer((req, res) => {
    seen.push({ last: req.headers['last-event-id'] ?? null, auth: req.headers.authorization });
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    const n = seen.length;
    // each connection sends one alert, then drops
    res.end(`id: ${n * 10}\nevent: alert\ndata: {"n":${n}}\n\n`);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/v1/alerts/stream`;
  const abort = new AbortController();
  const events = [];
  const states = [];
  const done = follow(url, {
    lastEventId: 5,
    signal: abort.signal,
    onEvent: (ev) => {
      events.push(ev);
      if (events.length === 2) abort.abort();
    },
    onState: (s) => states.push(s),
  });
  await done;
  server.close();
  assert.deepEqual(events.map((e) => e.data), ['{"n":1}', '{"n":2}']);
  assert.equal(seen[0].last, '5');
  assert.equal(seen[1].last, '10', 'the second connection resumes after the last id received');
  assert.ok(seen.every((s) => s.auth === 'Bearer bk_test'));
  assert.ok(states.includes('live') && states.includes('reconnecting'));
  assert.equal(states.at(-1), 'stopped');
});

test('SSE: a refused token stops following instead of retrying', async () => {
  const { follow } = await load('api.js');
  let calls = 0;
  const server = http.createServer((req, res) => {
    calls++;
    res.writeHead(403, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'forbidden', message: 'role auditor lacks permission alert_read', field: null } }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const states = [];
  let error = null;
  await follow(`http://127.0.0.1:${server.address().port}/v1/alerts/stream`, {
    signal: new AbortController().signal,
    onEvent: () => {},
    onState: (s, e) => {
      states.push(s);
      if (e) error = e;
    },
  });
  server.close();
  assert.equal(calls, 1);
  assert.equal(states.at(-1), 'stopped');
  assert.equal(error.message, 'role auditor lacks permission alert_read', 'the API message as given');
});

test('MRZ: shapes, a scanner line without breaks, and the holder name', async () => {
  const { mrzLines, mrzShape, mrzName } = await load('mrz.js');
  const l1 = 'P<KAZTOKTAROVA<<ASEL<<<<<<<<<<<<<<<<<<<<<<<<';
  const l2 = 'N123456784KAZ8811025F3001011<<<<<<<<<<<<<<02';
  assert.equal(l1.length, 44);
  assert.equal(mrzShape(mrzLines(`${l1}\n${l2}`)), 'TD3');
  assert.deepEqual(mrzLines(` ${l1.toLowerCase()} \r\n\r\n${l2}\n`), [l1, l2]);
  assert.deepEqual(mrzLines(l1 + l2), [l1, l2], 'one line of 88 is split');
  assert.equal(mrzShape(mrzLines(l1)), null);
  assert.equal(mrzName([l1, l2]), 'ASEL TOKTAROVA');
  const td1 = ['I<KAZ0123456789<<<<<<<<<<<<<<<', '8811025F3001011KAZ<<<<<<<<<<<4', 'NAZAROV<<RUSTAM<SAIDOVICH<<<<<'];
  assert.equal(mrzShape(td1), 'TD1');
  assert.equal(mrzName(td1), 'RUSTAM SAIDOVICH NAZAROV');
  assert.equal(mrzName(['short', 'lines']), null);
});

test('generic list view: items and columns of an answer it does not know', async () => {
  const { itemsOf, columnsOf } = await load('records.js');
  const answer = { total: 2, applications: [{ status: 'open', id: 'C-1', applicant: { names: ['X'] } }, { id: 'C-2', region: 'Almaty' }] };
  assert.equal(itemsOf(answer).length, 2);
  assert.deepEqual(columnsOf(itemsOf(answer)), ['id', 'status', 'region']);
  assert.deepEqual(itemsOf([{ id: 1 }]), [{ id: 1 }]);
  assert.deepEqual(itemsOf({ none: true }), []);
});

test('reports: the routes shown and the rows a chart can draw', async () => {
  const { reportRoutes, chartRows } = await load('records.js');
  const me = {
    routes: [
      { method: 'GET', path: '/v1/reports/overstays' },
      { method: 'GET', path: '/v1/reports/{id}' },
      { method: 'POST', path: '/v1/reports/run' },
      { method: 'GET', path: '/v1/alerts' },
    ],
  };
  assert.deepEqual(reportRoutes(me), ['/v1/reports/overstays']);
  assert.deepEqual(chartRows({ regions: [{ region: 'Almaty', inspections: 4 }, { region: 'Shymkent', inspections: 1 }] }), {
    label: 'region',
    value: 'inspections',
    rows: [
      { label: 'Almaty', value: 4 },
      { label: 'Shymkent', value: 1 },
    ],
  });
  assert.equal(chartRows({ items: [{ a: 1 }] }), null);
});

test('dashboard: a /v1/reports answer read by column name', async () => {
  const { reportRows } = await load('dashboard.js');
  const body = { report: 'refusals by ground', columns: ['ground', 'count'], rows: [['terrorism', '3'], ['extremism', '1']] };
  assert.deepEqual(reportRows(body), [
    { ground: 'terrorism', count: '3' },
    { ground: 'extremism', count: '1' },
  ]);
  assert.deepEqual(reportRows({ columns: ['a'], rows: [] }), []);
});
