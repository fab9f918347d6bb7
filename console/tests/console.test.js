// Browser tests of the officer console (modules.test.js tests its page-free
// modules in Node): Playwright (playwright-core) drives
// Debian's chromium, headless, against the real `berkut` binary running
// `berkut demo` on a fresh data directory and a free port.
//
//   BERKUT_BIN          the binary (default: $CARGO_TARGET_DIR or ../../target, debug/berkut)
//   CHROMIUM            the browser (default /usr/bin/chromium)
//   UPDATE_SCREENSHOTS  1: write docs/screenshots/*.png (screening, alerts, dashboard,
//                       citizenship, stays)
//
// A failing test leaves a screenshot of each of its pages in target/browser-tests/.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const targetDir = process.env.CARGO_TARGET_DIR || path.join(root, 'target');
const bin = process.env.BERKUT_BIN || path.join(targetDir, 'debug', 'berkut');
const failures = path.join(root, 'target', 'browser-tests');
const docShots = process.env.UPDATE_SCREENSHOTS === '1' ? path.join(root, 'docs', 'screenshots') : null;

let server;
let browser;
let base;
let adminToken;
let officerToken;
let citizenshipToken;
let dataDir;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(url, ms, gone) {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    if (gone()) throw new Error('berkut demo exited before it was ready');
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`berkut did not get ready at ${url}`);
}

before(async () => {
  assert.ok(fs.existsSync(bin), `no berkut binary at ${bin}: run cargo build -p berkut-cli`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'berkut-console-'));
  let out = '';
  server = spawn(bin, ['--data-dir', path.join(dataDir, 'data'), 'demo', '--listen', `127.0.0.1:${port}`, '--listed', '2000'], {
    // a clean directory and environment: no berkut.toml, no BERKUT_* settings
    cwd: dataDir,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('BERKUT_'))),
      BERKUT_ACTOR: 'console-tests',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => (out += d));
  let err = '';
  server.stderr.on('data', (d) => (err += d));
  let exited = null;
  server.on('exit', (code) => {
    exited = code;
    if (code) process.stderr.write(`berkut demo exited ${code}\n${err}\n`);
  });
  await waitReady(base, 120000, () => exited !== null);
  adminToken = /export BERKUT_TOKEN=(\S+)/.exec(out)?.[1];
  officerToken = /cannot edit bans\): (\S+)/.exec(out)?.[1];
  citizenshipToken = /Citizenship officer's token \(applications\): (\S+)/.exec(out)?.[1];
  assert.ok(adminToken && officerToken && citizenshipToken, `the demo printed no tokens:\n${out}`);
  assert.match(out, new RegExp(`Console: ${base}/`));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // no background connections: this machine's network is closed
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill('SIGTERM');
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Run `body` with fresh pages; on failure save a screenshot of each. */
function browserTest(name, body) {
  test(name, async () => {
    const pages = [];
    const newPage = async (opts = {}) => {
      const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-GB', ...opts });
      const page = await ctx.newPage();
      page.setDefaultTimeout(15000);
      page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
      pages.push(page);
      return page;
    };
    try {
      await body(newPage);
    } catch (e) {
      fs.mkdirSync(failures, { recursive: true });
      const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      for (const [i, p] of pages.entries()) {
        await p.screenshot({ path: path.join(failures, `${slug}-${i + 1}.png`), fullPage: true }).catch(() => {});
      }
      throw e;
    } finally {
      for (const p of pages) await p.context().close();
    }
  });
}

async function signIn(page, token, hash = '') {
  await page.goto(`${base}/${hash}`);
  await page.fill('#token', token);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#nav a');
  // the token is in session storage, never in the address
  assert.ok(!page.url().includes(token));
}

async function shot(page, name) {
  if (!docShots) return;
  fs.mkdirSync(docShots, { recursive: true });
  await page.screenshot({ path: path.join(docShots, name) });
}

// ICAO 9303 check digit.
function check(s) {
  const w = [7, 3, 1];
  let sum = 0;
  [...s].forEach((c, i) => {
    const v = c === '<' ? 0 : /[0-9]/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += v * w[i % 3];
  });
  return String(sum % 10);
}

/** A passport MRZ (TD3) for the banned demo person, as a scanner would type it. */
function passportMrz() {
  const l1 = 'P<RUSIVANOV<<IURII'.padEnd(44, '<');
  const doc = '751234567';
  const birth = '750312';
  const expiry = '300101';
  const personal = ''.padEnd(14, '<');
  const body = doc + check(doc) + 'RUS' + birth + check(birth) + 'M' + expiry + check(expiry) + personal + check(personal);
  const composite = doc + check(doc) + birth + check(birth) + expiry + check(expiry) + personal + check(personal);
  const l2 = body + check(composite);
  assert.equal(l1.length, 44);
  assert.equal(l2.length, 44);
  return [l1, l2];
}

browserTest('a banned person under another spelling is DENY, and the alert reaches a second page live', async (newPage) => {
  // Page 1: migration police (admin here) watching alerts.
  const watch = await newPage();
  await signIn(watch, adminToken, '#/alerts');
  await watch.waitForSelector('#stream-state.state-live');
  const before = await watch.locator('[data-alert]').count();

  // Page 2: the lane. The passport is scanned: keystrokes, Enter after each line.
  const lane = await newPage();
  await signIn(lane, adminToken, '#/screening');
  await lane.fill('#f-crossing_point', 'ALA-1');
  await lane.focus('#mrz');
  const [l1, l2] = passportMrz();
  await lane.keyboard.type(l1);
  await lane.keyboard.press('Enter');
  await lane.keyboard.type(l2);
  await lane.waitForSelector('#mrz-state.ok');
  await lane.keyboard.press('Enter');
  const decision = lane.locator('#decision');
  await decision.waitFor();
  assert.equal(await decision.getAttribute('data-decision'), 'DENY');
  assert.equal((await lane.locator('#decision .verdict').textContent()).trim(), 'DENY');
  // focus moves to the decision, so the next key press is the officer's
  assert.equal(await lane.evaluate(() => document.activeElement.id), 'decision');
  const reasons = await lane.locator('#reasons li').allTextContents();
  assert.ok(reasons.length > 0 && reasons[0].includes('DENY'), reasons.join(' | '));
  // the listed name in its own script beside the passport's
  await lane.waitForSelector('#matches .listed .name');
  const listed = await lane.locator('#matches .listed .name').allTextContents();
  assert.ok(listed.includes('Иванов Юрий Петрович'), listed.join(' | '));
  const presented = await lane.locator('#matches .presented .name').allTextContents();
  assert.ok(presented.includes('IURII IVANOV'), presented.join(' | '));
  await lane.waitForSelector('#document-checks li');
  await shot(lane, 'screening-deny.png');

  // The alert arrives on page 1 without a reload.
  await watch.waitForFunction((n) => document.querySelectorAll('[data-alert]').length > n, before);
  const card = watch.locator('article.alert.new').first();
  await card.waitFor();
  assert.match(await card.textContent(), /IURII IVANOV/);
  assert.match(await card.textContent(), /ALA-1/);
  assert.ok(Number(await watch.locator('#alert-badge').textContent()) >= 1);
  await shot(watch, 'alerts.png');

  // Acknowledge, then close with a note.
  const id = await card.getAttribute('data-alert');
  const sel = `[data-alert="${id}"]`;
  await watch.click(`${sel} [data-action=ack]`);
  await watch.click('[data-filter=all]');
  await watch.waitForSelector(`${sel} .pill.status-acknowledged`);
  // closing without a note: the API's own message is shown
  await watch.click(`${sel} [data-action=close]`);
  const apiSays = await (
    await fetch(`${base}/v1/alerts/${id}/close`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ note: '' }),
    })
  ).json();
  await watch.waitForSelector(`${sel} .error:not(:empty)`);
  assert.equal((await watch.locator(`${sel} .error`).textContent()).trim(), apiSays.error.message);
  await watch.fill(`#note-${id}`, 'Detained at the booth; handed to the duty officer');
  await watch.click(`${sel} [data-action=close]`);
  await watch.waitForSelector(`${sel} .pill.status-closed`);
  const stored = await (await fetch(`${base}/v1/alerts/${id}`, { headers: { Authorization: `Bearer ${adminToken}` } })).json();
  assert.equal(stored.status, 'closed');
  assert.equal(stored.note, 'Detained at the booth; handed to the duty officer');
});

browserTest('a REFER resolved as a different person is CLEAR the next time', async (newPage) => {
  const page = await newPage();
  await signIn(page, adminToken, '#/screening');
  const screen = async () => {
    await page.keyboard.press('Escape');
    await page.fill('#f-names', 'ABDELRAHMAN YOUSEF ELMASRI');
    await page.fill('#f-birth_date', '1971-04-02');
    await page.fill('#f-crossing_point', 'ALA-1');
    await page.press('#f-birth_date', 'Enter');
    await page.locator('#decision').waitFor();
    return page.locator('#decision').getAttribute('data-decision');
  };
  assert.equal(await screen(), 'REFER');
  const reviewButtons = page.locator('[data-action=review]');
  const n = await reviewButtons.count();
  assert.ok(n >= 1);
  // every candidate of this REFER is resolved as someone else
  for (let i = 0; i < n; i++) {
    await page.goto(`${base}/#/screening`);
    await page.locator('[data-action=review]').nth(i).click();
    await page.waitForSelector('#review-detail [data-review]');
    await page.waitForSelector('#review-detail .listed .name');
    await page.waitForSelector('#evidence li');
    await page.fill('#review-note', 'Different birth date and photo');
    await page.click('#different-person');
    await page.waitForSelector('#review-outcome .decision-inline');
  }
  await page.keyboard.press('Alt+1');
  await page.waitForSelector('#screening-form');
  assert.equal(await screen(), 'CLEAR');
  const reasons = (await page.locator('#reasons li').allTextContents()).join(' ');
  assert.match(reasons, /review/i);
});

browserTest('the console speaks Kazakh, Russian and English; names stay as recorded', async (newPage) => {
  const page = await newPage();
  await page.goto(`${base}/`);
  await page.selectOption('#lang', 'kk');
  await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Бүркітке кіру');
  assert.equal(await page.getAttribute('html', 'lang'), 'kk');
  await page.fill('#token', adminToken);
  await page.press('#token', 'Enter');
  await page.waitForSelector('#nav-screening');
  assert.equal(await page.locator('#nav-screening').textContent(), 'Тексеру');
  await page.fill('#f-names', 'IURII IVANOV');
  await page.fill('#f-birth_date', '1975-03-12');
  await page.press('#f-names', 'Enter');
  await page.waitForSelector('#decision');
  assert.equal(await page.locator('#decision .verdict').textContent(), 'ТЫЙЫМ');
  await page.waitForSelector('#matches .listed .name');
  await page.selectOption('#lang', 'ru');
  await page.waitForFunction(() => document.querySelector('#decision .verdict')?.textContent === 'ОТКАЗ');
  assert.equal(await page.locator('#nav-screening').textContent(), 'Проверка');
  assert.equal(await page.locator('label[for=f-crossing_point]').textContent(), 'Пункт пропуска');
  await page.waitForSelector('#matches .listed .name');
  assert.ok((await page.locator('#matches .listed .name').allTextContents()).includes('Иванов Юрий Петрович'));
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('#decision .verdict')?.textContent === 'DENY');
  assert.equal(await page.locator('#nav-screening').textContent(), 'Screening');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  // the choice survives a reload (the session too: the token is in session storage)
  await page.selectOption('#lang', 'kk');
  await page.waitForFunction(() => document.querySelector('#nav-screening')?.textContent === 'Тексеру');
  await page.reload();
  await page.waitForSelector('#nav-screening');
  assert.equal(await page.locator('#nav-screening').textContent(), 'Тексеру');
});

browserTest('a border officer does not see ban editing; migration police do', async (newPage) => {
  const officer = await newPage();
  await signIn(officer, officerToken, '#/bans');
  assert.equal(await officer.locator('#role').textContent(), 'border officer');
  const nav = await officer.locator('#nav a').allTextContents();
  assert.ok(nav.includes('Screening') && nav.includes('Bans'), nav.join(','));
  assert.ok(!nav.some((x) => x.startsWith('Review queue') || x.startsWith('Dashboard')), nav.join(','));
  await officer.waitForSelector('#ban-table tbody tr');
  assert.equal(await officer.locator('#impose-open').count(), 0);
  await officer.locator('#ban-table tbody tr button.link').first().click();
  await officer.waitForSelector('#ban-detail [data-ban] dl');
  assert.equal(await officer.locator('#lift-form').count(), 0);
  assert.equal(await officer.locator('#ban-history').count(), 0);

  const police = await newPage();
  await signIn(police, adminToken, '#/bans');
  await police.waitForSelector('#ban-table tbody tr');
  await police.fill('#q-name', 'Тоқтарова Әсел');
  await police.click('#ban-search button[type=submit]');
  await police.waitForFunction(() => document.querySelectorAll('#ban-table tbody tr').length === 1);
  await police.locator('#ban-table tbody tr button.link').first().click();
  await police.waitForSelector('#lift-form');
  await police.waitForSelector('#ban-history li');
  await police.waitForSelector('#ban-person .name');
  assert.equal(await police.locator('#ban-person .name').first().textContent(), 'Тоқтарова Әсел Қайратқызы');
  assert.equal(await police.locator('#impose-open').count(), 1);
  // lifting without a reason: refused, with the API's message
  await police.click('#lift');
  await police.waitForSelector('#lift-form .error:not(:empty)');
  const id = await police.locator('#ban-detail [data-ban]').getAttribute('data-ban');
  const apiSays = await (
    await fetch(`${base}/v1/bans/${id}/lift`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ reason: '' }),
    })
  ).json();
  assert.equal((await police.locator('#lift-form .error').textContent()).trim(), apiSays.error.message);
});

/** A valid Kazakh BIN (resident legal entity, head unit) from a serial. */
function validBin(serial) {
  for (let n = serial; ; n += 1) {
    const digits = `2405${'40'}${String(n).padStart(5, '0')}`.split('').map(Number);
    const sum = (w) => digits.reduce((acc, d, i) => acc + d * w[i], 0) % 11;
    let c = sum([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if (c === 10) c = sum([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]);
    if (c < 10) return digits.join('') + c;
  }
}

browserTest('the dashboard charts screenings by day, crossing point and ground', async (newPage) => {
  // an inspection in Almaty that found a violation, for the by-region chart
  const employer = validBin(777);
  const e = await call(adminToken, 'POST', '/v1/employers', {
    bin: employer, name: 'Dashboard Test LLP', region: 'KZ-75', address: 'Abay Ave 1', local_management: 5, local_staff: 40,
  });
  assert.equal(e.status, 201, JSON.stringify(e.body));
  const i = await call(adminToken, 'POST', '/v1/inspections', {
    inspector: 'Capt. Test', employer, date: '2026-11-20', findings: 'late notification',
    violations: [{ legal_reference: 'Code of Administrative Offences, art. 517', description: 'hiring notified late' }],
  });
  assert.equal(i.status, 201, JSON.stringify(i.body));
  const page = await newPage();
  await signIn(page, adminToken, '#/dashboard');
  await page.waitForSelector('#chart-days svg rect.seg-deny');
  await page.waitForSelector('#chart-points svg');
  await page.waitForSelector('#chart-grounds svg');
  const deny = Number((await page.locator('.tile.deny .value').first().textContent()).replace(/\D/g, ''));
  assert.ok(deny >= 1, `DENY tile ${deny}`);
  assert.match(await page.locator('#chart-points').textContent(), /ALA-1/);
  assert.match(await page.locator('#chart-grounds').textContent(), /terrorism/);
  // the issue-#7 reports: refusals by ground and open overstays, as the API counts them
  await page.waitForSelector('#chart-refusals svg');
  assert.match(await page.locator('#chart-refusals').textContent(), /terrorism/);
  const overstays = (await call(adminToken, 'GET', '/v1/reports/overstays')).body;
  const open = overstays.rows.filter((r) => r[overstays.columns.indexOf('status')] === 'open').length;
  assert.equal(Number(await page.locator('#tile-overstays .value').textContent()), open);
  // inspections by region, the unit named in the console's language
  await page.waitForSelector('#chart-inspections svg');
  assert.match(await page.locator('#chart-inspections').textContent(), /Almaty/);
  await shot(page, 'dashboard.png');
});

/** Call the API as the test (not through the page): the body and the status. */
async function call(token, method, p, body) {
  const r = await fetch(`${base}${p}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

browserTest('a citizenship application by the banned person under a Latin spelling is refused with the ban named', async (newPage) => {
  const page = await newPage();
  await signIn(page, citizenshipToken, '#/citizenship');
  assert.equal(await page.locator('#role').textContent(), 'citizenship officer');
  const nav = await page.locator('#nav a').allTextContents();
  assert.ok(nav.includes('Citizenship'), nav.join(','));
  assert.ok(!nav.some((x) => x.startsWith('Entries and overstays') || x.startsWith('Review queue')), nav.join(','));
  // the registry has Иванов Юрий Петрович; the application says Yuriy Ivanov
  await page.fill('#ca-names', 'Yuriy Ivanov');
  await page.fill('#ca-birth_date', '1975-03-12');
  await page.fill('#ca-nationality', 'RUS');
  await page.selectOption('#ca-kind', 'naturalisation');
  await page.click('#ca-submit');
  await page.waitForSelector('#ca-detail [data-application] #ca-outcome');
  const id = await page.locator('#ca-detail [data-application]').getAttribute('data-application');
  assert.match(page.url(), new RegExp(`#/citizenship/${id}$`));
  assert.equal(await page.locator('#ca-outcome').getAttribute('data-status'), 'refused');
  const stored = (await call(citizenshipToken, 'GET', `/v1/citizenship/applications/${id}`)).body;
  assert.equal(stored.status, 'refused');
  assert.ok(stored.ban, JSON.stringify(stored));
  // the ban the console names is the banned person's, on the ground it shows
  const ban = (await call(adminToken, 'GET', `/v1/bans/${stored.ban}`)).body;
  assert.equal(ban.person_id, 'W-DEMO-1');
  const refusal = await page.locator('#ca-refusal').textContent();
  assert.ok(refusal.includes(stored.ban), refusal);
  assert.ok(refusal.includes('terrorism'), refusal);
  assert.equal(await page.locator('#ca-history li').count(), stored.history.length);
  assert.ok(stored.history.length >= 2);
  await shot(page, 'citizenship-refused.png');

  // granting a refused screening: the API refuses, the console says what it said
  await page.check('#ca-decision-granted');
  await page.fill('#ca-reason', 'Residence requirement met');
  await page.click('#ca-decide');
  await page.waitForSelector('#ca-decision-error:not(:empty)');
  const apiSays = await call(citizenshipToken, 'POST', `/v1/citizenship/applications/${id}/decision`, {
    decision: 'granted',
    reason: 'Residence requirement met',
  });
  assert.equal(apiSays.status, 409);
  assert.equal((await page.locator('#ca-decision-error').textContent()).trim(), apiSays.body.error.message);
  // refusing needs a reason (the API's message again), then is recorded
  await page.check('#ca-decision-refused');
  await page.fill('#ca-reason', '');
  await page.click('#ca-decide');
  const noReason = await call(citizenshipToken, 'POST', `/v1/citizenship/applications/${id}/decision`, { decision: 'refused', reason: '' });
  assert.equal(noReason.status, 422);
  await page.waitForFunction((m) => document.querySelector('#ca-decision-error')?.textContent.trim() === m, noReason.body.error.message);
  await page.fill('#ca-reason', 'Entry ban on the ground of terrorism');
  await page.click('#ca-decide');
  await page.waitForSelector('#ca-decided[data-decision=refused]');
  assert.equal(await page.locator('#ca-decision-form').count(), 0);
  assert.equal((await call(citizenshipToken, 'GET', `/v1/citizenship/applications/${id}`)).body.decision, 'refused');
  // the list filters by status
  await page.click('#ca-filters [data-status=refused]');
  await page.waitForSelector(`#ca-table tr[data-application="${id}"]`);
  await page.click('#ca-filters [data-status=eligible]');
  await page.waitForFunction((x) => !document.querySelector(`#ca-table tr[data-application="${x}"]`), id);
});

browserTest('a CLEAR entry opens a stay on the stays screen, an exit closes it; an overstay becomes a ban', async (newPage) => {
  const page = await newPage();
  await signIn(page, adminToken, '#/screening');
  const doc = 'N7654321';
  const screen = async () => {
    await page.fill('#f-names', 'AIGERIM BEKOVA');
    await page.fill('#f-birth_date', '1990-05-05');
    await page.fill('#f-doc_number', doc);
    await page.fill('#f-doc_country', 'KAZ');
    await page.fill('#f-crossing_point', 'ALA-1');
    await page.press('#f-doc_country', 'Enter');
    await page.locator('#decision').waitFor();
    return page.locator('#decision').getAttribute('data-decision');
  };
  // entry is the default
  assert.ok(await page.isChecked('#dir-entry'));
  assert.equal(await screen(), 'CLEAR');
  assert.equal(await page.locator('#decision-crossing').getAttribute('data-direction'), 'entry');
  assert.equal(await page.locator('#decision-crossing').getAttribute('data-purpose'), 'border');

  await page.goto(`${base}/#/stays`);
  await page.click('#stay-filters [data-status=open]');
  const row = page.locator(`#stay-table tr[data-status=open]`, { hasText: doc });
  await row.waitFor();
  await row.locator('button.link').click();
  await page.waitForSelector('#stay-detail [data-stay][data-status=open]');
  const stayId = await page.locator('#stay-detail [data-stay]').getAttribute('data-stay');
  const stay = (await call(adminToken, 'GET', `/v1/stays/${stayId}`)).body;
  assert.equal(stay.document, doc);
  const facts = await page.locator('#stay-facts').textContent();
  assert.ok(facts.includes(stay.allowed_until), facts);
  assert.ok(facts.includes('visa-free'), facts);

  // the exit: Alt+X switches the lane's direction
  await page.keyboard.press('Alt+1');
  await page.waitForSelector('#screening-form');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Alt+X');
  assert.ok(await page.isChecked('#dir-exit'));
  assert.equal(await page.getAttribute('#screening-form', 'data-direction'), 'exit');
  await screen();
  assert.equal(await page.locator('#decision-crossing').getAttribute('data-direction'), 'exit');
  await page.goto(`${base}/#/stays/${stayId}`);
  await page.waitForSelector('#stay-detail [data-stay][data-status=closed]');
  assert.equal((await call(adminToken, 'GET', `/v1/stays/${stayId}`)).body.status, 'closed');
  await page.click('#stay-filters [data-status=closed]');
  await page.waitForSelector(`#stay-table tr[data-stay="${stayId}"][data-status=closed]`);
  await page.click('#stay-filters [data-status=open]');
  await page.waitForFunction((x) => !document.querySelector(`#stay-table tr[data-stay="${x}"]`), stayId);

  // an entry 60 days ago (the API takes the crossing time) overstays 30-day rule
  const at = new Date(Date.now() - 60 * 86400000).toISOString();
  const old = await call(adminToken, 'POST', '/v1/screenings', {
    names: ['DANIYAR SEITOV'],
    birth_date: '1985-02-03',
    document: { number: 'N5550001', country: 'UZB' },
    crossing_point: 'ALA-1',
    at,
  });
  assert.equal(old.body.decision, 'CLEAR', JSON.stringify(old.body));
  await page.click('#check-overstays');
  await page.waitForSelector('#overstay-check p[data-overstays]');
  assert.ok(Number(await page.getAttribute('#overstay-check p', 'data-overstays')) >= 1);
  await page.click('#stay-filters [data-status=overstay]');
  const over = page.locator('#stay-table tr', { hasText: 'N5550001' });
  await over.waitFor();
  await over.locator('button.link').click();
  await page.waitForSelector('#stay-detail [data-stay] #propose-form');
  const overId = await page.locator('#stay-detail [data-stay]').getAttribute('data-stay');
  assert.ok((await call(adminToken, 'GET', `/v1/stays/${overId}`)).body.days_over > 0);
  await shot(page, 'stays.png');
  await page.click('#propose');
  await page.waitForSelector('#proposal-status[data-status=open]');
  const bp = await page.locator('[data-proposal]').getAttribute('data-proposal');
  // confirming without an authority: the API's message
  await page.click('#proposal-confirm');
  await page.waitForSelector('#proposal-error:not(:empty)');
  const apiSays = await call(adminToken, 'POST', `/v1/ban-proposals/${bp}/confirm`, { authority: '', basis_reference: '' });
  assert.ok(apiSays.status >= 400 && apiSays.status < 500);
  assert.equal((await page.locator('#proposal-error').textContent()).trim(), apiSays.body.error.message);
  await page.fill('#pc-authority', 'Migration Service of Almaty');
  await page.fill('#pc-basis_reference', 'Decision MS-2026-41');
  await page.click('#proposal-confirm');
  await page.waitForSelector('#proposal-status[data-status=confirmed]');
  const banId = await page.locator('[data-proposal] dd[data-ban]').getAttribute('data-ban');
  const ban = (await call(adminToken, 'GET', `/v1/bans/${banId}`)).body;
  assert.equal(ban.ground, 'migration_violation');
  assert.equal((await call(adminToken, 'GET', `/v1/ban-proposals/${bp}`)).body.status, 'confirmed');
});
