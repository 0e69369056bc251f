// SPDX-License-Identifier: GPL-3.0-or-later
// The dashboard in a real browser against the demo office: headless
// Debian Chromium driven by playwright-core (no browser download). The
// owner logs in, the live figures arrive, nothing breaks the page's CSP,
// the token never shows in a URL; an operator is turned away; the page
// speaks Ukrainian to a Ukrainian browser. Leaves dashboard.png (and
// dashboard-uk.png) in SCREENSHOT_DIR.
//
// When faketime is installed, the demo office runs at 15:40 Kyiv time so
// that "today" has a day's history. Exit 77 (skipped) without Chromium or
// playwright-core.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const CHROMIUM = '/usr/bin/chromium';
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const binary = process.env.FRONTDESK_BINARY;
const outDir = process.env.SCREENSHOT_DIR || process.cwd();

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(77);
}

if (!existsSync(CHROMIUM)) skip('no /usr/bin/chromium');
if (!binary || !existsSync(binary)) skip('FRONTDESK_BINARY is not built');
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  skip('no playwright-core');
}

function check(condition, message) {
  if (!condition) throw new Error(`Check failed: ${message}`);
}

function kyivToday(hour, minute) {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv', year: 'numeric',
    month: '2-digit', day: '2-digit' }).format(new Date());
  return `${parts} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00`;
}

const dataDir = mkdtempSync(path.join(tmpdir(), 'desk-dashboard-'));
const serverArgs = ['--server', '--headless', '--demo', '--data-dir', dataDir,
  '--http-port', '0', '--sip-port', '0'];
const env = { ...process.env, TZ: 'Europe/Kyiv', G_DEBUG: '' };
// The library itself, not the faketime wrapper: the wrapper forks, and
// killing it would leave the server running.
const faked = existsSync(FAKETIME) && !process.env.FRONTDESK_NO_FAKETIME;
if (faked) {
  env.LD_PRELOAD = FAKETIME;
  env.FAKETIME = `@${kyivToday(15, 40)}`;
  env.DONT_FAKE_MONOTONIC = '1';
}

const server = spawn(binary, serverArgs, { env, stdio: ['ignore', 'pipe', 'inherit'] });
let context;
const profile = mkdtempSync(path.join(tmpdir(), 'desk-dashboard-chromium-'));

try {
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start')), 90000);
    createInterface({ input: server.stdout }).on('line', (line) => {
      const m = /^HTTP port: (\d+)/.exec(line);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    server.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
  const base = `http://127.0.0.1:${port}`;

  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1366, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  const urls = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('request', (request) => urls.push(request.url()));
  page.on('websocket', (ws) => urls.push(ws.url()));

  // An operator is turned away, and the session they got is not kept.
  await page.goto(`${base}/dashboard/`);
  await page.fill('#login-name', 'op1');
  await page.fill('#login-password', 'demo');
  await page.click('#login-button');
  await page.waitForSelector('#login-error:not([hidden])');
  check((await page.textContent('#login-error')).includes('owner and supervisors'),
    'an operator is told the page is not theirs');
  check(await page.evaluate(() => sessionStorage.length) === 0, 'no token kept for an operator');

  // The owner.
  await page.fill('#login-name', 'owner');
  await page.fill('#login-password', 'demo');
  await page.click('#login-button');
  await page.waitForSelector('#board:not([hidden])');
  await page.waitForSelector('#live[data-state="on"]', { timeout: 15000 });
  const office = await page.textContent('#office');
  check(office && office !== 'Frontdesk', `the office's name is shown (${office})`);
  for (const id of ['waiting', 'longest', 'sl', 'abandon', 'aht']) {
    check((await page.textContent(`#${id}`)).trim().length > 0, `tile ${id} has a value`);
  }
  check(await page.locator('#chart-contacts svg').count() === 1, 'the contacts chart is drawn');
  check(await page.locator('#chart-sl svg').count() === 1, 'the service level chart is drawn');
  check(await page.locator('#operators li[data-state]').count() >= 3, 'the operators are listed');
  if (faked) {
    check(await page.locator('#chart-contacts rect').count() > 0, 'today has contacts to draw');
    check(/\d/.test(await page.textContent('#sl')), 'the service level is a number');
  }
  // The figures keep coming: the "updated" time moves.
  const before = await page.textContent('#updated');
  await page.waitForFunction((text) => document.getElementById('updated').textContent !== text,
    before, { timeout: 10000 });

  // Reloading keeps the session (sessionStorage) and reconnects.
  await page.reload();
  await page.waitForSelector('#live[data-state="on"]', { timeout: 15000 });
  await page.screenshot({ path: path.join(outDir, 'dashboard.png'), fullPage: true });

  const token = await page.evaluate(() => sessionStorage.getItem('frontdesk.dashboard.token'));
  check(token && token.length > 20, 'the token is in sessionStorage');
  for (const url of urls) check(!url.includes(token), `no token in a URL (${url})`);
  check(urls.some((url) => url.endsWith('/api/v1/dashboard/live')), 'the live stream was opened');
  check(problems.length === 0, `no errors in the page: ${problems.join(' | ')}`);

  // Signing out forgets the token and shows the form again.
  await page.click('#logout');
  await page.waitForSelector('#login:not([hidden])');
  check(await page.evaluate(() => sessionStorage.length) === 0, 'the token is forgotten');

  // A Ukrainian browser gets Ukrainian.
  const ukPage = await context.newPage();
  await ukPage.addInitScript(() => {
    Object.defineProperty(navigator, 'languages', { get: () => ['uk-UA', 'uk'] });
    Object.defineProperty(navigator, 'language', { get: () => 'uk-UA' });
  });
  await ukPage.goto(`${base}/dashboard/`);
  await ukPage.fill('#login-name', 'supervisor');
  await ukPage.fill('#login-password', 'demo');
  await ukPage.click('#login-button');
  await ukPage.waitForSelector('#live[data-state="on"]', { timeout: 15000 });
  check((await ukPage.textContent('#tile-sl h2')) === 'Рівень сервісу', 'Ukrainian labels');
  check(await ukPage.evaluate(() => document.documentElement.lang) === 'uk', 'lang="uk"');
  await ukPage.screenshot({ path: path.join(outDir, 'dashboard-uk.png'), fullPage: true });
  console.log('ok: the dashboard works in Chromium');
} finally {
  if (context) await context.close();
  if (server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((resolve) => { server.once('exit', resolve); setTimeout(resolve, 5000); });
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  rmSync(profile, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}
// The server's pipes would keep node waiting.
process.exit(0);
