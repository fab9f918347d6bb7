// Browser tests of the officer console (modules.test.js tests its page-free
// modules in Node): Playwright (playwright-core) drives
// Debian's chromium, headless, against the real `berkut` binary running
// `berkut demo` on a fresh data directory and a free port.
//
//   BERKUT_BIN          the binary (default: $CARGO_TARGET_DIR or ../../target, debug/berkut)
//   CHROMIUM            the browser (default /usr/bin/chromium)
//   UPDATE_SCREENSHOTS  1: write docs/screenshots/*.png (screening, alerts, dashboard)
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
  assert.ok(adminToken && officerToken, `the demo printed no tokens:\n${out}`);
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

browserTest('the dashboard charts screenings by day, crossing point and ground', async (newPage) => {
  const page = await newPage();
  await signIn(page, adminToken, '#/dashboard');
  await page.waitForSelector('#chart-days svg rect.seg-deny');
  await page.waitForSelector('#chart-points svg');
  await page.waitForSelector('#chart-grounds svg');
  const deny = Number((await page.locator('.tile.deny .value').first().textContent()).replace(/\D/g, ''));
  assert.ok(deny >= 1, `DENY tile ${deny}`);
  assert.match(await page.locator('#chart-points').textContent(), /ALA-1/);
  assert.match(await page.locator('#chart-grounds').textContent(), /terrorism/);
  await shot(page, 'dashboard.png');
});
