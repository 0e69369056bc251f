// SPDX-License-Identifier: GPL-3.0-or-later
// The owner's and supervisors' dashboard. Everything shown is set with
// textContent or built as DOM/SVG nodes: no server text is ever parsed as
// HTML. The session token lives in sessionStorage (gone with the tab) and
// travels in the Authorization header, or as a WebSocket subprotocol for
// the live stream; never in a URL.
'use strict';

(() => {
  const TOKEN_KEY = 'frontdesk.dashboard.token';
  const SVG = 'http://www.w3.org/2000/svg';
  const SL_TARGET = 0.8;
  const CLOSE_SESSION_ENDED = 4001;

  const STRINGS = {
    en: {
      loginIntro: 'The live dashboard for the owner and supervisors.',
      login: 'Login', password: 'Password', signIn: 'Sign in', signOut: 'Sign out',
      badLogin: 'Wrong login or password.',
      notAllowed: 'This page is for the owner and supervisors.',
      tooMany: 'Too many attempts; wait a little and try again.',
      offline: 'The server cannot be reached.',
      sessionEnded: 'Your session has ended; sign in again.',
      noTelephony: 'Telephony is not running: calls waiting are not shown.',
      today: 'Today', updated: 'updated {time}', live: 'Live', reconnecting: 'Reconnecting…',
      waiting: 'Waiting now', longestWait: 'Longest wait', serviceLevel: 'Service level',
      abandonRate: 'Abandoned', aht: 'Avg. handle time',
      contactsPerHour: 'Contacts per hour', slPerHour: 'Service level per hour',
      calls: 'Calls', chats: 'Chats', target80: 'Target 80 %',
      queues: 'Queues', operators: 'Operators',
      nCalls: ['{n} call', '{n} calls'], nChats: ['{n} chat', '{n} chats'],
      nCallbacks: ['{n} callback', '{n} callbacks'],
      nobodyWaiting: 'Nobody is waiting',
      targetSeconds: 'Target {s} s',
      inTime: '{a} of {b} answered in time', noContacts: 'No contacts yet today',
      abandonedOf: '{a} of {b}', shortIgnored: '{n} short ignored',
      chatsAht: 'Chats {t}', asa: 'Answer speed {t}',
      waitingNow: '{n} waiting', offeredLine: '{o} in · {a} answered · {x} abandoned',
      handled: 'handled', overdue: ['{n} overdue case', '{n} overdue cases'], noOverdue: 'no overdue cases',
      ahtShort: 'AHT {t}', noData: 'No contacts yet',
      state: { available: 'Available', on_contact: 'On a contact', wrap_up: 'Wrap-up',
               break: 'On a break', offline: 'Offline' },
      justNow: 'just now', minutes: '{m} min', hours: '{h} h {m} min', noQueues: 'No queues set up',
      noOperators: 'No operators yet',
    },
    uk: {
      loginIntro: 'Живі показники для власника та супервізорів.',
      login: 'Логін', password: 'Пароль', signIn: 'Увійти', signOut: 'Вийти',
      badLogin: 'Невірний логін або пароль.',
      notAllowed: 'Ця сторінка — для власника та супервізорів.',
      tooMany: 'Забагато спроб; зачекайте трохи й спробуйте знову.',
      offline: 'Сервер недоступний.',
      sessionEnded: 'Сеанс завершився; увійдіть знову.',
      noTelephony: 'Телефонія не працює: дзвінки в черзі не показано.',
      today: 'Сьогодні', updated: 'оновлено {time}', live: 'Наживо', reconnecting: 'Перепідключення…',
      waiting: 'Чекають зараз', longestWait: 'Найдовше очікування', serviceLevel: 'Рівень сервісу',
      abandonRate: 'Втрачені', aht: 'Сер. час обробки',
      contactsPerHour: 'Дзвінки й чати за годину', slPerHour: 'Рівень сервісу за годину',
      calls: 'Дзвінки', chats: 'Чати', target80: 'Ціль 80 %',
      queues: 'Черги', operators: 'Оператори',
      nCalls: ['{n} дзвінок', '{n} дзвінки', '{n} дзвінків'],
      nChats: ['{n} чат', '{n} чати', '{n} чатів'],
      nCallbacks: ['{n} передзвін', '{n} передзвони', '{n} передзвонів'],
      nobodyWaiting: 'Ніхто не чекає',
      targetSeconds: 'Ціль {s} с',
      inTime: '{a} з {b} відповіли вчасно', noContacts: 'Сьогодні ще не було дзвінків і чатів',
      abandonedOf: '{a} з {b}', shortIgnored: 'коротких не враховано: {n}',
      chatsAht: 'Чати {t}', asa: 'Швидкість відповіді {t}',
      waitingNow: 'чекають: {n}', offeredLine: '{o} надійшло · {a} прийнято · {x} втрачено',
      handled: 'оброблено', overdue: ['{n} прострочене звернення', '{n} прострочені звернення', '{n} прострочених звернень'],
      noOverdue: 'без прострочених', ahtShort: 'Обробка {t}', noData: 'Дзвінків і чатів ще не було',
      state: { available: 'Вільний', on_contact: 'На зв\u2019язку', wrap_up: 'Завершення',
               break: 'Перерва', offline: 'Не в мережі' },
      justNow: 'щойно', minutes: '{m} хв', hours: '{h} год {m} хв', noQueues: 'Черги не налаштовано',
      noOperators: 'Операторів ще немає',
    },
    ru: {
      loginIntro: 'Живые показатели для владельца и супервизоров.',
      login: 'Логин', password: 'Пароль', signIn: 'Войти', signOut: 'Выйти',
      badLogin: 'Неверный логин или пароль.',
      notAllowed: 'Эта страница — для владельца и супервизоров.',
      tooMany: 'Слишком много попыток; подождите немного и попробуйте снова.',
      offline: 'Сервер недоступен.',
      sessionEnded: 'Сеанс завершился; войдите снова.',
      noTelephony: 'Телефония не работает: звонки в очереди не показаны.',
      today: 'Сегодня', updated: 'обновлено {time}', live: 'В реальном времени', reconnecting: 'Переподключение…',
      waiting: 'Ждут сейчас', longestWait: 'Самое долгое ожидание', serviceLevel: 'Уровень сервиса',
      abandonRate: 'Потерянные', aht: 'Ср. время обработки',
      contactsPerHour: 'Звонки и чаты по часам', slPerHour: 'Уровень сервиса по часам',
      calls: 'Звонки', chats: 'Чаты', target80: 'Цель 80 %',
      queues: 'Очереди', operators: 'Операторы',
      nCalls: ['{n} звонок', '{n} звонка', '{n} звонков'],
      nChats: ['{n} чат', '{n} чата', '{n} чатов'],
      nCallbacks: ['{n} перезвон', '{n} перезвона', '{n} перезвонов'],
      nobodyWaiting: 'Никто не ждёт',
      targetSeconds: 'Цель {s} с',
      inTime: '{a} из {b} отвечены вовремя', noContacts: 'Сегодня звонков и чатов ещё не было',
      abandonedOf: '{a} из {b}', shortIgnored: 'коротких не учтено: {n}',
      chatsAht: 'Чаты {t}', asa: 'Скорость ответа {t}',
      waitingNow: 'ждут: {n}', offeredLine: '{o} поступило · {a} принято · {x} потеряно',
      handled: 'обработано', overdue: ['{n} просроченное обращение', '{n} просроченных обращения', '{n} просроченных обращений'],
      noOverdue: 'без просроченных', ahtShort: 'Обработка {t}', noData: 'Звонков и чатов ещё не было',
      state: { available: 'Свободен', on_contact: 'На связи', wrap_up: 'Завершение',
               break: 'Перерыв', offline: 'Не в сети' },
      justNow: 'только что', minutes: '{m} мин', hours: '{h} ч {m} мин', noQueues: 'Очереди не настроены',
      noOperators: 'Операторов ещё нет',
    },
  };

  const lang = (() => {
    for (const tag of navigator.languages || [navigator.language || 'en']) {
      const base = String(tag).toLowerCase().split('-')[0];
      if (STRINGS[base]) return base;
    }
    return 'en';
  })();
  const T = STRINGS[lang];
  const pluralRules = new Intl.PluralRules(lang);
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 });
  const clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  const $ = (id) => document.getElementById(id);

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (m, key) => (key in values ? String(values[key]) : m));
  }

  // English has one/other; Ukrainian and Russian one/few/many.
  function plural(forms, n) {
    const rule = pluralRules.select(n);
    const index = forms.length === 2 ? (rule === 'one' ? 0 : 1)
      : rule === 'one' ? 0 : rule === 'few' ? 1 : 2;
    return fill(forms[index], { n });
  }

  function duration(ms) {
    if (ms === null || ms === undefined) return '—';
    const total = Math.round(ms / 1000);
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const two = (v) => String(v).padStart(2, '0');
    return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
  }

  function share(value) {
    return value === null || value === undefined ? '—' : percent.format(value);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Session

  function token() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }

  function setToken(value) {
    try {
      if (value) sessionStorage.setItem(TOKEN_KEY, value);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (e) { /* private mode: the session lasts as long as the page */ }
    memoryToken = value;
  }

  let memoryToken = null;
  const currentToken = () => token() || memoryToken;

  async function api(method, path, body, auth) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (auth) headers.Authorization = `Bearer ${auth}`;
    const reply = await fetch(`/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
    });
    let data = null;
    try { data = await reply.json(); } catch (e) { data = null; }
    return { status: reply.status, data };
  }

  function showLogin(message) {
    stopLive();
    $('board').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    $('login-name').focus();
  }

  async function onLogin(event) {
    event.preventDefault();
    const button = $('login-button');
    button.disabled = true;
    try {
      const { status, data } = await api('POST', '/login', {
        login: $('login-name').value, password: $('login-password').value,
      });
      $('login-password').value = '';
      if (status === 200 && data && data.token) {
        const role = data.user && data.user.role;
        if (role !== 'owner' && role !== 'supervisor') {
          // Do not keep a session this page cannot use.
          api('POST', '/logout', undefined, data.token).catch(() => {});
          showLogin(T.notAllowed);
          return;
        }
        setToken(data.token);
        start();
      } else {
        showLogin(status === 429 ? T.tooMany : T.badLogin);
      }
    } catch (e) {
      showLogin(T.offline);
    } finally {
      button.disabled = false;
    }
  }

  async function onLogout() {
    const auth = currentToken();
    setToken(null);
    showLogin('');
    if (auth) api('POST', '/logout', undefined, auth).catch(() => {});
  }

  // Rendering

  function setLevel(node, level) {
    if (level) node.dataset.level = level;
    else delete node.dataset.level;
  }

  function renderTiles(f) {
    const t = f.total;
    const waiting = t.calls_waiting + t.chats_waiting;
    $('waiting').textContent = String(waiting);
    const parts = [];
    if (t.calls_waiting) parts.push(plural(T.nCalls, t.calls_waiting));
    if (t.chats_waiting) parts.push(plural(T.nChats, t.chats_waiting));
    if (t.callbacks) parts.push(plural(T.nCallbacks, t.callbacks));
    $('waiting-sub').textContent = parts.length ? parts.join(' · ') : T.nobodyWaiting;

    const targets = f.queues.map((q) => q.service_level_seconds).filter((s) => s > 0);
    const target = targets.length ? Math.min(...targets) : 20;
    $('longest').textContent = waiting ? duration(t.longest_wait_ms) : '—';
    $('longest-sub').textContent = fill(T.targetSeconds, { s: target });
    setLevel($('tile-longest'), !waiting ? 'good'
      : t.longest_wait_ms <= target * 1000 ? 'good'
        : t.longest_wait_ms <= target * 3000 ? 'warn' : 'bad');

    const decided = t.answered + t.abandoned;
    $('sl').textContent = share(t.service_level);
    $('sl-sub').textContent = decided ? fill(T.inTime, { a: t.answered_in_sl, b: decided })
      : T.noContacts;
    setLevel($('tile-sl'), t.service_level === null ? null
      : t.service_level >= SL_TARGET ? 'good' : t.service_level >= 0.6 ? 'warn' : 'bad');

    $('abandon').textContent = share(t.abandon_rate);
    const abandonParts = [];
    if (decided) abandonParts.push(fill(T.abandonedOf, { a: t.abandoned, b: decided }));
    if (t.short_abandoned) abandonParts.push(fill(T.shortIgnored, { n: t.short_abandoned }));
    $('abandon-sub').textContent = abandonParts.join(' · ');
    setLevel($('tile-abandon'), t.abandon_rate === null ? null
      : t.abandon_rate <= 0.05 ? 'good' : t.abandon_rate <= 0.1 ? 'warn' : 'bad');

    $('aht').textContent = duration(t.aht_ms);
    const ahtParts = [];
    if (t.chat_aht_ms !== null) ahtParts.push(fill(T.chatsAht, { t: duration(t.chat_aht_ms) }));
    if (t.asa_ms !== null) ahtParts.push(fill(T.asa, { t: duration(t.asa_ms) }));
    $('aht-sub').textContent = ahtParts.join(' · ');
  }

  // The day's hours worth drawing: from the first contact (or 8:00) to now.
  function visibleHours(hours) {
    let first = hours.findIndex((h) => h.calls + h.chats > 0);
    if (first < 0) first = hours.length - 1;
    let start = Math.min(first, 8);
    start = Math.max(0, Math.min(start, hours.length - 8));
    return hours.slice(start);
  }

  // A top for four whole-number grid steps.
  function niceMax(value) {
    const raw = Math.max(1, value / 4);
    const power = 10 ** Math.floor(Math.log10(raw));
    for (const step of [1, 2, 3, 4, 5, 6, 8, 10]) {
      if (step * power >= raw) return 4 * step * power;
    }
    return 40 * power;
  }

  // How long a state has lasted, the way people say it.
  function since(seconds) {
    if (seconds < 60) return T.justNow;
    const m = Math.floor(seconds / 60);
    return m < 60 ? fill(T.minutes, { m })
      : fill(T.hours, { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
  }

  function chartFrame(container) {
    const width = Math.max(320, Math.round(container.clientWidth || 600));
    const height = 190;
    const box = { left: 34, right: width - 8, top: 10, bottom: height - 24 };
    const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img' });
    return { width, height, box, root };
  }

  function drawContacts(hours) {
    const container = $('chart-contacts');
    const { box, root } = chartFrame(container);
    root.setAttribute('aria-label', T.contactsPerHour);
    const shown = visibleHours(hours);
    const max = niceMax(Math.max(0, ...shown.map((h) => h.calls + h.chats)));
    const y = (v) => box.bottom - (v / max) * (box.bottom - box.top);
    for (let i = 0; i <= 4; i++) {
      const v = (max / 4) * i;
      root.append(svg('line', { class: 'grid', x1: box.left, x2: box.right, y1: y(v), y2: y(v) }));
      root.append(svg('text', { class: 'axis', x: box.left - 6, y: y(v) + 4, 'text-anchor': 'end' },
        Number.isInteger(v) ? String(v) : v.toFixed(1)));
    }
    const slot = (box.right - box.left) / Math.max(1, shown.length);
    const barWidth = Math.max(4, Math.min(28, slot * 0.62));
    shown.forEach((h, i) => {
      const x = box.left + slot * i + (slot - barWidth) / 2;
      const callsTop = y(h.calls);
      const allTop = y(h.calls + h.chats);
      const label = `${String(h.hour).padStart(2, '0')}:00 — ${T.calls}: ${h.calls}, ${T.chats}: ${h.chats}`;
      const group = svg('g', {});
      group.append(svg('title', {}, label));
      if (h.calls) {
        group.append(svg('rect', { class: 'bar-calls', x, y: callsTop, width: barWidth,
          height: box.bottom - callsTop, rx: 3 }));
      }
      if (h.chats) {
        group.append(svg('rect', { class: 'bar-chats', x, y: allTop, width: barWidth,
          height: callsTop - allTop, rx: 3 }));
      }
      root.append(group);
      if (shown.length <= 14 || i % 2 === 0) {
        root.append(svg('text', { class: 'axis', x: x + barWidth / 2, y: box.bottom + 16,
          'text-anchor': 'middle' }, String(h.hour)));
      }
    });
    container.replaceChildren(root);
  }

  function drawServiceLevel(hours) {
    const container = $('chart-sl');
    const { box, root } = chartFrame(container);
    root.setAttribute('aria-label', T.slPerHour);
    const shown = visibleHours(hours);
    const y = (v) => box.bottom - v * (box.bottom - box.top);
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      root.append(svg('line', { class: 'grid', x1: box.left, x2: box.right, y1: y(v), y2: y(v) }));
      root.append(svg('text', { class: 'axis', x: box.left - 6, y: y(v) + 4, 'text-anchor': 'end' },
        `${Math.round(v * 100)}`));
    }
    root.append(svg('line', { class: 'target', x1: box.left, x2: box.right,
      y1: y(SL_TARGET), y2: y(SL_TARGET) }));
    const slot = (box.right - box.left) / Math.max(1, shown.length);
    const xOf = (i) => box.left + slot * i + slot / 2;
    let path = '';
    let pen = false;
    shown.forEach((h, i) => {
      if (h.service_level === null) { pen = false; return; }
      path += `${pen ? 'L' : 'M'}${xOf(i).toFixed(1)},${y(h.service_level).toFixed(1)}`;
      pen = true;
    });
    if (path) root.append(svg('path', { class: 'sl-line', d: path }));
    shown.forEach((h, i) => {
      if (shown.length <= 14 || i % 2 === 0) {
        root.append(svg('text', { class: 'axis', x: xOf(i), y: box.bottom + 16,
          'text-anchor': 'middle' }, String(h.hour)));
      }
      if (h.service_level === null) return;
      const dot = svg('circle', { class: 'sl-dot', cx: xOf(i), cy: y(h.service_level), r: 3.5 });
      dot.append(svg('title', {}, `${String(h.hour).padStart(2, '0')}:00 — ${share(h.service_level)}`));
      root.append(dot);
    });
    if (!path) {
      root.append(svg('text', { class: 'empty', x: (box.left + box.right) / 2,
        y: (box.top + box.bottom) / 2, 'text-anchor': 'middle' }, T.noData));
    }
    container.replaceChildren(root);
  }

  function renderQueues(queues) {
    const list = $('queues');
    const items = queues.map((q) => {
      const li = el('li');
      const row = el('div', 'row');
      row.append(el('span', 'name', q.name));
      row.append(el('span', 'meta', q.calls_waiting + q.chats_waiting
        ? fill(T.waitingNow, { n: q.calls_waiting + q.chats_waiting }) : ''));
      const meterRow = el('div', 'row');
      const meter = el('div', 'meter');
      const bar = el('span');
      bar.style.width = `${Math.round((q.service_level ?? 0) * 100)}%`;
      meter.append(bar);
      setLevel(meter, q.service_level === null ? null
        : q.service_level >= SL_TARGET ? null : q.service_level >= 0.6 ? 'warn' : 'bad');
      meter.style.flex = '1';
      meterRow.append(meter, el('span', 'meta', share(q.service_level)));
      li.append(row, meterRow, el('span', 'meta',
        fill(T.offeredLine, { o: q.offered, a: q.answered, x: q.abandoned })));
      return li;
    });
    if (!items.length) items.push(el('li', 'meta', T.noQueues));
    list.replaceChildren(...items);
  }

  function initials(name) {
    const words = String(name || '?').trim().split(/\s+/);
    return (words[0][0] + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
  }

  function renderOperators(operators, now) {
    const list = $('operators');
    const items = operators.map((op) => {
      const li = el('li');
      li.dataset.state = op.state;
      li.append(el('span', 'avatar', initials(op.name)));
      li.append(el('span', 'name', op.name));
      const figures = el('span', 'figures');
      figures.append(el('b', '', String(op.handled)), document.createTextNode(` ${T.handled}`));
      figures.append(el('br'));
      figures.append(document.createTextNode(op.aht_ms === null ? '' : fill(T.ahtShort, { t: duration(op.aht_ms) })));
      li.append(figures);
      let state = T.state[op.state] || op.state;
      if (op.since) state += ` · ${since(Math.max(0, now - op.since))}`;
      const line = el('span', 'state', state);
      line.append(document.createTextNode(' · '));
      line.append(op.overdue_cases ? el('span', 'overdue', plural(T.overdue, op.overdue_cases))
        : document.createTextNode(T.noOverdue));
      li.append(line);
      return li;
    });
    if (!items.length) items.push(el('li', 'meta', T.noOperators));
    list.replaceChildren(...items);
  }

  let lastFigures = null;

  function render(f) {
    lastFigures = f;
    $('office').textContent = f.office || 'Frontdesk';
    document.title = `${f.office || 'Frontdesk'} — ${T.today}`;
    $('updated').textContent = fill(T.updated, { time: clock.format(new Date(f.now * 1000)) });
    $('notice').hidden = f.telephony !== false;
    $('notice').textContent = T.noTelephony;
    renderTiles(f);
    drawContacts(f.hours);
    drawServiceLevel(f.hours);
    renderQueues(f.queues);
    renderOperators(f.operators, f.now);
  }

  // Live

  let socket = null;
  let retry = null;
  let backoff = 1000;

  function setLive(on) {
    $('live').dataset.state = on ? 'on' : 'off';
    $('live-text').textContent = on ? T.live : T.reconnecting;
  }

  function stopLive() {
    clearTimeout(retry);
    retry = null;
    if (socket) {
      const old = socket;
      socket = null;
      old.onclose = null;
      old.close();
    }
  }

  function connect() {
    const auth = currentToken();
    if (!auth) return;
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${scheme}//${location.host}/api/v1/dashboard/live`,
      ['frontdesk-dashboard', `bearer.${auth}`]);
    socket = ws;
    ws.onmessage = (event) => {
      let data;
      try { data = JSON.parse(event.data); } catch (e) { return; }
      if (data && data.type === 'figures') {
        backoff = 1000;
        setLive(true);
        render(data);
      }
    };
    ws.onclose = async (event) => {
      if (socket !== ws) return;
      socket = null;
      setLive(false);
      if (event.code === CLOSE_SESSION_ENDED) {
        setToken(null);
        showLogin(T.sessionEnded);
        return;
      }
      // A refused handshake tells no reason: ask the API why.
      const check = await api('GET', '/dashboard', undefined, auth).catch(() => null);
      if (check && (check.status === 401 || check.status === 403)) {
        setToken(null);
        showLogin(check.status === 403 ? T.notAllowed : T.sessionEnded);
        return;
      }
      if (check && check.status === 200) render(check.data);
      retry = setTimeout(connect, backoff);
      backoff = Math.min(backoff * 2, 30000);
    };
  }

  async function start() {
    const auth = currentToken();
    if (!auth) {
      showLogin('');
      return;
    }
    let reply;
    try {
      reply = await api('GET', '/dashboard', undefined, auth);
    } catch (e) {
      showLogin(T.offline);
      return;
    }
    if (reply.status !== 200) {
      setToken(null);
      showLogin(reply.status === 403 ? T.notAllowed : reply.status === 401 ? T.sessionEnded : T.offline);
      return;
    }
    $('login').hidden = true;
    $('board').hidden = false;
    render(reply.data);
    setLive(false);
    stopLive();
    connect();
  }

  function init() {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll('[data-t]')) {
      node.textContent = T[node.dataset.t] || '';
    }
    $('login-form').addEventListener('submit', onLogin);
    $('logout').addEventListener('click', onLogout);
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (lastFigures) render(lastFigures); }, 150);
    });
    start();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
