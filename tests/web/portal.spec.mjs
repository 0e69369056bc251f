// SPDX-License-Identifier: GPL-3.0-or-later
//
// The self-care portal in a real browser: the real `frontdesk --server
// --headless --demo` binary, driven by headless Chromium through
// playwright-core. A visitor opens the portal, searches the help, submits a
// request full of hostile markup, follows it by link and by number and
// phone, and writes a reply; no script of theirs may ever run. Screenshots
// of each page are saved into the build directory.
//
// Exit status: 0 passed, 1 failed, 77 skipped (no playwright-core or no
// Chromium). Plain node, no test runner.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const SKIP = 77;
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const binary = process.env.FRONTDESK_BINARY;
const shots = process.env.SCREENSHOT_DIR || process.cwd();

function skip(why) {
  console.log(`SKIP: ${why}`);
  process.exit(SKIP);
}

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  skip('playwright-core is not installed (npm install --prefix tests/web playwright-core)');
}
if (!existsSync(chromiumPath))
  skip(`no Chromium at ${chromiumPath}`);
if (!binary || !existsSync(binary))
  skip('FRONTDESK_BINARY is not set to the built binary');

function check(condition, message) {
  if (!condition)
    throw new Error(`check failed: ${message}`);
}

// Starts the demo office and resolves with its HTTP port.
function startServer(dataDir) {
  const server = spawn(binary, ['--server', '--headless', '--demo', '--data-dir', dataDir,
                                '--sip-port', '0', '--http-port', '0'],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed no HTTP port')), 90000);
    createInterface({ input: server.stdout }).on('line', (line) => {
      const match = /^HTTP port: (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.on('exit', (code) => reject(new Error(`the server exited early (${code})`)));
  });
  return { server, port };
}

function stopServer(server) {
  return new Promise((resolve) => {
    if (server.exitCode !== null)
      return resolve(server.exitCode);
    const timer = setTimeout(() => server.kill('SIGKILL'), 15000);
    server.on('exit', (code) => { clearTimeout(timer); resolve(code); });
    server.kill('SIGTERM');
  });
}

const xss = {
  name: '"><script>window.__xss = 1</script>',
  subject: 'Немає сигналу <img src=x onerror="window.__xss = 1"> \u2028',
  description: [
    '</textarea><script>window.__xss = 1</script>',
    '<svg onload="window.__xss = 1"></svg>',
    '<a href="javascript:window.__xss = 1">link</a>',
    '\u202Etxt.exe',
    '{{constructor.constructor("window.__xss = 1")()}}',
  ].join('\n'),
  reply: "<script>window.__xss = 1</script>' onmouseover='window.__xss = 1 Дякую!",
};

const dataDir = mkdtempSync(join(tmpdir(), 'desk-portal-browser-'));
const { server, port } = startServer(dataDir);
let browser;
let failed = false;
const saved = [];

try {
  const base = `http://127.0.0.1:${await port}`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
           '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  const problems = [];
  page.on('dialog', async (dialog) => { dialogs.push(dialog.message()); await dialog.dismiss(); });
  page.on('console', (msg) => {
    // A 404 or 422 page is logged as a failed load; anything else (a
    // Content-Security-Policy violation, a script error) is a problem.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource'))
      problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));

  const shot = async (name, target = page) => {
    const path = join(shots, `portal-${name}.png`);
    await target.screenshot({ path, fullPage: true });
    saved.push(path);
  };
  const noScriptRan = async (where) => {
    check(await page.evaluate(() => window.__xss) === undefined, `a script ran on ${where}`);
    check(dialogs.length === 0, `a dialog opened on ${where}: ${dialogs.join(', ')}`);
  };

  // The front door leads to the portal, with the demo office's news.
  await page.goto(`${base}/`);
  check(new URL(page.url()).pathname === '/portal/', `/ led to ${page.url()}`);
  check(await page.locator('.brand').innerText() === 'Соняшник Телеком', 'the office name');
  check(await page.locator('article.news').count() >= 1, 'news on the home page');
  check(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
        === 'rgb(245, 246, 248)', 'the stylesheet applies');
  await shot('home');

  // Help: search and an article.
  await page.fill('#q', 'роутер');
  await page.click('form.search button');
  await page.waitForURL(/\/portal\/kb\?q=/);
  const hits = page.locator('ul.articles a');
  check(await hits.count() >= 1, 'the search finds public articles');
  await shot('help');
  await hits.first().click();
  await page.waitForURL(/\/portal\/kb\/\d+$/);
  check((await page.locator('article.doc p').count()) >= 1, 'the article has text');
  await shot('article');

  // A request whose fields are all hostile markup, first refused (the
  // contact is no phone), then sent.
  await page.goto(`${base}/portal/request`);
  await page.fill('#name', xss.name);
  await page.fill('#contact', '<svg onload="window.__xss = 1">');
  await page.selectOption('#category', { index: 1 });
  await page.fill('#subject', xss.subject);
  await page.fill('#description', xss.description);
  await page.click('form.form button[type=submit]');
  await page.waitForSelector('.alert.error');
  check(await page.inputValue('#name') === xss.name, 'the name is shown again as typed');
  check(await page.inputValue('#description') === xss.description.replace(/\r/g, ''),
        'the description is shown again as typed');
  await noScriptRan('the refused form');
  await shot('request-errors');

  await page.fill('#contact', '067 123 45 67');
  await page.click('form.form button[type=submit]');
  await page.waitForURL(/\/portal\/case\/[A-Za-z0-9_-]+\?new=1$/);
  const caseUrl = page.url().replace(/\?new=1$/, '');
  check(await page.locator('.alert.ok').isVisible(), 'the thank-you note');
  check((await page.locator('.alert.ok .link').innerText()).trim() === caseUrl,
        'the private link is shown');
  check((await page.locator('h2.subject').innerText()).includes('<img src=x onerror='),
        'the subject is shown as text');
  check((await page.locator('.description').innerText()).includes('</textarea><script>'),
        'the description is shown as text');
  check(await page.locator('.case img, .case svg, .case script, .case a').count() === 0,
        'no element was made of the request');
  await noScriptRan('the new case');
  await shot('case-new');

  // Follow it by number and phone.
  const number = (await page.locator('.case-head h1').innerText()).replace(/\D/g, '');
  await page.goto(`${base}/portal/follow`);
  await page.fill('#number', number);
  await page.fill('#phone', '+380671234567');
  await page.click('form.form button[type=submit]');
  await page.waitForURL(/\/portal\/case\//);
  check(page.url() === caseUrl, `number and phone lead to the case (${page.url()})`);

  // And with a wrong phone, nowhere.
  await page.goto(`${base}/portal/follow`);
  await page.fill('#number', number);
  await page.fill('#phone', '+380679999999');
  await page.click('form.form button[type=submit]');
  await page.waitForSelector('.alert.error');
  check(new URL(page.url()).pathname === '/portal/follow', 'a wrong phone finds nothing');
  await shot('follow-not-found');

  // A reply on the case page.
  await page.goto(caseUrl);
  await page.fill('#message', xss.reply);
  await page.click('#reply button[type=submit]');
  await page.waitForURL(/\?sent=1/);
  const mine = page.locator('.event.mine .body');
  check(await mine.count() === 1, 'the reply is in the history');
  check((await mine.innerText()).includes(xss.reply), 'the reply is shown as typed');
  await noScriptRan('the case with a reply');
  await shot('case-reply');

  // The same page on a phone.
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}/portal/`);
  check(await phone.evaluate(() => document.documentElement.scrollWidth <= 390),
        'the home page fits a phone screen');
  await shot('home-mobile', phone);

  check(problems.length === 0, `the browser reported: ${problems.join(' | ')}`);
  console.log(`ok: portal in Chromium; screenshots:\n${saved.join('\n')}`);
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  if (browser)
    await browser.close();
  const code = await stopServer(server);
  if (code !== 0 && !failed) {
    failed = true;
    console.error(`the server exited with ${code}`);
  }
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
