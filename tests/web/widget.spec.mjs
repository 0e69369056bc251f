// SPDX-License-Identifier: GPL-3.0-or-later
//
// The chat widget in a real browser: headless Chromium (Debian's, driven by
// playwright-core) opens a shop's page from another origin that embeds the
// widget with its one tag; the real `frontdesk --server --headless --demo`
// runs the office; this script is also the operator, over the agent API and
// its event stream. Run by meson (tests/web/meson.build); exits 77 when
// playwright-core or Chromium is missing.
//
// 1. Nobody on duty: the offline form becomes a case whose number the
//    visitor sees.
// 2. An operator is on duty: the pre-chat form, the bot's answer, "talk to
//    a person", the operator accepts and replies, typing and read marks
//    both ways, a reload resumes the conversation, the end and the rating.
// Hostile text in every field the visitor fills (and in the operator's
// reply) stays text: window.__xss stays undefined and no dialog opens.
// Screenshots go to WIDGET_SCREENSHOTS (the build dir).

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIP = 77;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BINARY = process.env.FRONTDESK_BINARY;
const SHOTS = process.env.WIDGET_SCREENSHOTS || os.tmpdir();

function log(...args) { console.log('#', ...args); }

let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (e) {
  console.log('SKIP: playwright-core is not installed (npm install --prefix tests/web playwright-core)');
  process.exit(SKIP);
}
if (!fs.existsSync(CHROMIUM)) {
  console.log(`SKIP: no Chromium at ${CHROMIUM}`);
  process.exit(SKIP);
}
if (!BINARY || !fs.existsSync(BINARY)) {
  console.error('FRONTDESK_BINARY is not set to the built frontdesk');
  process.exit(1);
}

const XSS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '"><svg onload="window.__xss=3">',
  "javascript:window.__xss=4//'",
];

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The office

function startOffice(dir) {
  const proc = spawn(BINARY, ['--server', '--headless', '--demo', '--data-dir', dir,
                              '--sip-port', '0', '--http-port', '0'],
                     { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, G_DEBUG: '' } });
  let out = '';
  proc.stderr.on('data', () => {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no HTTP port from frontdesk: ${out}`)), 60000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /HTTP port: (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]) });
      }
    });
    proc.on('exit', (code) => reject(new Error(`frontdesk exited (${code}): ${out}`)));
  });
}

function stopOffice(office) {
  return new Promise((resolve) => {
    if (office.proc.exitCode !== null) return resolve(office.proc.exitCode);
    office.proc.removeAllListeners('exit');
    office.proc.on('exit', (code) => resolve(code));
    office.proc.kill('SIGTERM');
  });
}

function sql(db, statement) {
  return execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, statement], { encoding: 'utf8' }).trim();
}

// The shop's site, on another origin

function startSite(office) {
  const page = fs.readFileSync(path.join(HERE, 'site', 'index.html'), 'utf8')
    .replace(/OFFICE_URL/g, office);
  const server = http.createServer((req, res) => {
    if (req.url === '/' || req.url.startsWith('/?')) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(page);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The operator: the agent API and its event stream

class Agent {
  constructor(base) { this.base = base; this.events = []; }

  async call(method, path, body) {
    const response = await fetch(this.base + '/api/v1' + path, {
      method,
      headers: { 'Content-Type': 'application/json',
                 ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json().catch(() => ({}));
    log(`agent ${method} ${path} → ${response.status}`);
    return { status: response.status, json };
  }

  // The event stream is a WebSocket: node before 22 has none, so it is
  // opened in a blank page of the browser and its messages handed here.
  async login(login, browser) {
    const r = await this.call('POST', '/login', { login, password: 'demo' });
    assert(r.status === 200, `login ${login}: ${JSON.stringify(r.json)}`);
    this.token = r.json.token;
    this.context = await browser.newContext();
    const page = await this.context.newPage();
    await page.exposeFunction('agentEvent', (data) => {
      const event = JSON.parse(data);
      log('agent event', event.type, event.chat_id ?? '');
      this.events.push(event);
    });
    await page.evaluate((url) => new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.onmessage = (e) => window.agentEvent(e.data);
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error('the event stream did not open'));
      window.agentSocket = ws;
    }), this.base.replace(/^http/, 'ws') + '/api/v1/events?token=' + encodeURIComponent(this.token));
    await until('the event stream', () => this.events.some((e) => e.type === 'hello'));
    const state = await this.call('PUT', '/me/state', { state: 'available' });
    assert(state.status === 200, `available: ${JSON.stringify(state.json)}`);
  }

  event(what, predicate, ms) {
    return until(what, () => this.events.find(predicate), ms);
  }

  async close() { if (this.context) await this.context.close(); }
}

// The browser

async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 },
                                             reducedMotion: 'reduce', locale: 'uk-UA', ...options });
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', (dialog) => { page.dialogs.push(dialog.message()); dialog.dismiss(); });
  page.on('console', (msg) => log('page console:', msg.text()));
  page.errors = [];
  page.on('pageerror', (error) => { log('page error:', error.message); page.errors.push(error.message); });
  return { context, page };
}

async function shot(page, name) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  log('screenshot', file);
}

async function assertInert(page) {
  const xss = await page.evaluate(() => window.__xss);
  assert(xss === undefined, `window.__xss is ${xss}`);
  assert(page.dialogs.length === 0, `dialogs opened: ${page.dialogs}`);
  assert(page.errors.length === 0, `script errors: ${page.errors}`);
  // Nothing the visitor or the operator typed became an element.
  const injected = await page.locator('#frontdesk-widget img, #frontdesk-widget script:not([src]), #frontdesk-widget svg[onload]').count();
  assert(injected === 0, `${injected} injected elements in the widget`);
}

async function offlineScenario(browser, site, db) {
  const { context, page } = await newPage(browser);
  await page.goto(site);
  const launcher = page.locator('.fd-launcher');
  await launcher.waitFor();
  await page.waitForTimeout(300);
  await shot(page, 'widget-closed.png');
  assert(await launcher.getAttribute('aria-expanded') === 'false', 'closed launcher');

  await launcher.click();
  assert(await launcher.getAttribute('aria-expanded') === 'true', 'open launcher');
  await page.locator('.fd-offline').waitFor();
  // Keyboard: the first field has the focus; Escape closes, back to the button.
  assert(await page.evaluate(() => document.querySelector('#frontdesk-widget').shadowRoot
                                     .activeElement?.id) === 'fd-off-name', 'focus on the name');
  await page.keyboard.press('Escape');
  await page.locator('.fd-panel').waitFor({ state: 'hidden' });
  assert(await page.evaluate(() => document.querySelector('#frontdesk-widget').shadowRoot
                                     .activeElement?.classList.contains('fd-launcher')),
         'focus back on the launcher');
  await launcher.click();

  await page.locator('#fd-off-name').fill(XSS[0] + 'Тарас');
  await page.locator('#fd-off-contact').fill(XSS[2]);
  await page.locator('#fd-off-message').fill('Не працює інтернет. ' + XSS.join(' '));
  await shot(page, 'widget-offline.png');
  await page.locator('.fd-offline .fd-primary').click();
  const done = page.locator('.fd-case');
  await done.waitFor();
  const text = await done.textContent();
  const number = /(\d+)/.exec(text)?.[1];
  assert(number, `a case number in “${text}”`);
  await shot(page, 'widget-offline-done.png');
  const row = sql(db, `SELECT channel || '|' || description FROM cases WHERE number = ${number}`);
  log('case', number, row.slice(0, 80));
  assert(row.startsWith('chat|'), `case ${number} is a chat case: ${row}`);
  assert(row.includes(XSS[1]), 'the hostile text is stored as text');
  await assertInert(page);
  await context.close();
}

async function onlineScenario(browser, site, agent, db) {
  const { context, page } = await newPage(browser);
  await page.goto(site);
  await page.locator('.fd-launcher').click();
  await page.locator('.fd-prechat').waitFor();
  const name = XSS[0] + 'Оля';
  await page.locator('#fd-name').fill(name);
  await page.locator('#fd-contact').fill('olya@example.com');
  await shot(page, 'widget-prechat.png');
  await page.locator('.fd-prechat .fd-primary').click();

  // The bot greets, then answers by its rules.
  await page.locator('.fd-msg--bot').first().waitFor();
  await page.locator('#fd-input').fill('Які у вас тарифи?');
  await page.locator('#fd-input').press('Enter');
  await page.locator('.fd-msg--bot .fd-bubble', { hasText: 'Мбіт/с' }).waitFor();
  await page.locator('.fd-msg--visitor .fd-receipt', { hasText: 'Надіслано' }).first().waitFor();
  const hostile = XSS.join(' ');
  await page.locator('#fd-input').fill(hostile);
  await page.locator('.fd-send').click();
  await until('the hostile message sent', async () =>
    (await page.locator('.fd-msg--visitor:not(.fd-msg--pending) .fd-bubble').allTextContents())
      .includes(hostile));

  // "Talk to a person": the operator is offered the chat and accepts.
  await page.locator('.fd-chip', { hasText: 'Покликати людину' }).click();
  const offered = await agent.event('chat-offered', (e) => e.type === 'chat-offered', 15000);
  assert(offered.visitor_name === name, `the visitor's name reaches the agent as text: ${offered.visitor_name}`);
  const chatId = offered.chat_id;
  const accepted = await agent.call('POST', `/chats/${chatId}/accept`);
  assert(accepted.status === 200, 'accept');
  await page.locator('.fd-note', { hasText: 'приєднується' }).waitFor();
  const status = await page.locator('.fd-status').textContent();
  assert(status === 'Олена Коваль', `the header names the operator: ${status}`);

  // The operator types, then writes (hostile text too).
  await agent.call('POST', `/chats/${chatId}/typing`, { typing: true });
  await page.locator('.fd-typing', { hasText: 'пише' }).waitFor();
  const reply = 'Добрий день, Олю! ' + XSS[2] + ' Чим допомогти?';
  const posted = await agent.call('POST', `/chats/${chatId}/messages`, { body: reply });
  assert(posted.status === 201, 'the operator writes');
  const bubble = page.locator('.fd-msg--operator .fd-bubble');
  await bubble.waitFor();
  assert(await bubble.textContent() === reply, 'the reply is shown as text');
  await page.locator('.fd-typing').waitFor({ state: 'hidden' });

  // The widget marks the reply read; the visitor types; the operator sees both.
  await agent.event('the visitor read the reply',
                    (e) => e.type === 'chat-read' && e.up_to === posted.json.id);
  await page.locator('#fd-input').pressSequentially('Дякую', { delay: 20 });
  await agent.event('the visitor typing', (e) => e.type === 'chat-typing' && e.typing === true);

  // The operator reads the visitor's messages: the widget shows "Прочитано".
  const last = Math.max(...agent.events.filter((e) => e.type === 'chat-message' &&
                                                      e.chat_id === chatId &&
                                                      e.message.sender === 'visitor')
                                       .map((e) => e.message.id),
                        0);
  const transcript = await agent.call('GET', `/chats/${chatId}/messages`);
  const visitorIds = transcript.json.messages.filter((m) => m.sender === 'visitor').map((m) => m.id);
  const upTo = Math.max(last, ...visitorIds);
  assert((await agent.call('POST', `/chats/${chatId}/read`, { up_to: upTo })).status === 200, 'read');
  await page.locator('.fd-msg--visitor .fd-receipt', { hasText: 'Прочитано' }).first().waitFor();
  await page.locator('#fd-input').press('Enter');
  await page.locator('.fd-msg--visitor .fd-bubble', { hasText: 'Дякую' }).waitFor();
  await page.waitForTimeout(300);
  await shot(page, 'widget-conversation.png');
  await assertInert(page);

  // A reload: the widget comes back to the same conversation.
  const before = await page.locator('.fd-msg').count();
  await page.reload();
  await page.locator('.fd-launcher').click();
  await page.locator('.fd-msg--operator .fd-bubble', { hasText: 'Чим допомогти?' }).waitFor();
  await until('the whole transcript', async () => (await page.locator('.fd-msg').count()) === before);
  assert(await page.locator('.fd-status').textContent() === 'Олена Коваль', 'the operator after a reload');

  // The visitor ends the chat and rates it.
  await page.locator('.fd-chip', { hasText: 'Завершити чат' }).click();
  await page.locator('.fd-rating').waitFor();
  await agent.event('chat-ended', (e) => e.type === 'chat-ended' && e.chat_id === chatId);
  await page.locator('.fd-star').nth(3).hover();
  await shot(page, 'widget-rating.png');
  await page.locator('.fd-star').nth(4).click();
  await page.locator('.fd-thanks').waitFor();
  const csat = sql(db, `SELECT csat FROM chats WHERE id = ${chatId}`);
  assert(csat === '5', `the rating is stored: ${csat}`);
  await assertInert(page);
  await context.close();

  // The same widget in dark mode, for the record.
  const dark = await newPage(browser, { colorScheme: 'dark' });
  await dark.page.goto(site);
  await dark.page.locator('.fd-launcher').click();
  await dark.page.locator('.fd-prechat').waitFor();
  await dark.page.waitForTimeout(200);
  await shot(dark.page, 'widget-dark.png');
  await dark.context.close();
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'desk-widget-'));
  const db = path.join(dir, 'office.sqlite');
  let office, site, browser, agent, status = 1;
  try {
    office = await startOffice(dir);
    // Whatever happens to this script, the office goes with it.
    process.on('exit', () => { if (office.proc.exitCode === null) office.proc.kill('SIGKILL'); });
    const base = `http://127.0.0.1:${office.port}`;
    site = await startSite(base);
    // "localhost" is another site than "127.0.0.1": the widget is
    // cross-site, as on a real shop's page.
    const siteUrl = `http://localhost:${site.address().port}/`;
    // The owner lists the shop among the widget's sites; the server reads
    // the setting on each request, so no restart is needed.
    sql(db, `INSERT INTO settings (key, value) VALUES ('widget-origins', 'http://localhost:${site.address().port}') ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
    log('office', base, 'site', siteUrl);

    browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await offlineScenario(browser, siteUrl, db);
    agent = new Agent(base);
    await agent.login('op1', browser);
    await onlineScenario(browser, siteUrl, agent, db);
    status = 0;
    console.log('ok - the widget in Chromium');
  } catch (error) {
    console.error('not ok -', error.stack || error);
  } finally {
    if (agent) await agent.close().catch(() => {});
    if (browser) await browser.close();
    if (site) site.close();
    if (office) {
      const code = await stopOffice(office);
      if (code !== 0) {
        console.error(`frontdesk exited with ${code}`);
        status = 1;
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(status);
}

await main();
