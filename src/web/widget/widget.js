/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Frontdesk chat widget. A site embeds it with one tag:
 *   <script src="http://OFFICE:8080/widget.js" async></script>
 * optionally with data-queue="ID", data-lang="uk|ru|en", data-color="#RRGGBB".
 * It draws itself in a shadow root, so the page's CSS cannot reach it, and
 * builds every node with textContent: nothing a visitor or an operator
 * types is ever parsed as HTML. */
(function () {
  'use strict';

  if (window.__frontdeskWidget) return;
  window.__frontdeskWidget = true;

  var script = document.currentScript || (function () {
    var all = document.querySelectorAll('script[src*="widget.js"]');
    return all[all.length - 1];
  })();
  if (!script) return;
  var BASE = new URL(script.src, location.href).origin;
  var API = BASE + '/widget/v1';
  var QUEUE = /^\d{1,12}$/.test(script.dataset.queue || '') ? script.dataset.queue : '';
  var STORE_KEY = 'frontdesk-widget:' + BASE;

  var STRINGS = {
    en: {
      open: 'Chat with us', close: 'Close chat', title: 'Chat',
      online: 'We usually answer within minutes', offline: 'We are away: leave a message',
      intro: 'Hello! Tell us who you are and we will start.',
      name: 'Your name', contact: 'Phone or e-mail', start: 'Start chat',
      message: 'Message', placeholder: 'Write a message…', send: 'Send',
      human: 'Talk to a person', end: 'End chat', you: 'You', bot: 'Assistant',
      operator: 'Operator', typing: '{name} is typing…', someone: 'Someone',
      sending: 'Sending…', sent: 'Sent', read: 'Read',
      waiting: 'You are number {n} in line', wait: 'about {m} min',
      joined: '{name} joined the chat', ended: 'The chat has ended',
      rate: 'How did we do?', star: '{n} out of 5', thanks: 'Thank you for your rating!',
      again: 'Start a new chat', offlineTitle: 'Leave us a message',
      offlineIntro: 'Nobody is on duty right now. Leave a message and we will get back to you.',
      offlineSend: 'Send message',
      offlineDone: 'Thank you! Your request number is {n}. We will get back to you soon.',
      failed: 'Something went wrong. Please try again.',
      tooMany: 'Too many attempts. Please wait a moment.',
      reconnecting: 'Reconnecting…', newMessage: 'New message from {name}'
    },
    uk: {
      open: 'Напишіть нам', close: 'Закрити чат', title: 'Чат',
      online: 'Зазвичай відповідаємо за кілька хвилин', offline: 'Нас зараз немає: залиште повідомлення',
      intro: 'Вітаємо! Назвіться, і почнемо.',
      name: 'Ваше імʼя', contact: 'Телефон або e-mail', start: 'Почати чат',
      message: 'Повідомлення', placeholder: 'Напишіть повідомлення…', send: 'Надіслати',
      human: 'Покликати людину', end: 'Завершити чат', you: 'Ви', bot: 'Помічник',
      operator: 'Оператор', typing: '{name} пише…', someone: 'Хтось',
      sending: 'Надсилається…', sent: 'Надіслано', read: 'Прочитано',
      waiting: 'Ви {n}-й у черзі', wait: 'близько {m} хв',
      joined: '{name} приєднується до чату', ended: 'Чат завершено',
      rate: 'Як ми впоралися?', star: '{n} з 5', thanks: 'Дякуємо за оцінку!',
      again: 'Почати новий чат', offlineTitle: 'Залиште нам повідомлення',
      offlineIntro: 'Зараз ніхто не чергує. Залиште повідомлення, і ми відповімо.',
      offlineSend: 'Надіслати повідомлення',
      offlineDone: 'Дякуємо! Номер вашого звернення {n}. Ми скоро відповімо.',
      failed: 'Щось пішло не так. Спробуйте ще раз.',
      tooMany: 'Забагато спроб. Зачекайте трохи.',
      reconnecting: 'Відновлюємо зʼєднання…', newMessage: 'Нове повідомлення від {name}'
    },
    ru: {
      open: 'Напишите нам', close: 'Закрыть чат', title: 'Чат',
      online: 'Обычно отвечаем за несколько минут', offline: 'Нас сейчас нет: оставьте сообщение',
      intro: 'Здравствуйте! Представьтесь, и начнём.',
      name: 'Ваше имя', contact: 'Телефон или e-mail', start: 'Начать чат',
      message: 'Сообщение', placeholder: 'Напишите сообщение…', send: 'Отправить',
      human: 'Позвать человека', end: 'Завершить чат', you: 'Вы', bot: 'Помощник',
      operator: 'Оператор', typing: '{name} печатает…', someone: 'Кто-то',
      sending: 'Отправляется…', sent: 'Отправлено', read: 'Прочитано',
      waiting: 'Вы {n}-й в очереди', wait: 'около {m} мин',
      joined: '{name} присоединяется к чату', ended: 'Чат завершён',
      rate: 'Как мы справились?', star: '{n} из 5', thanks: 'Спасибо за оценку!',
      again: 'Начать новый чат', offlineTitle: 'Оставьте нам сообщение',
      offlineIntro: 'Сейчас никто не дежурит. Оставьте сообщение, и мы ответим.',
      offlineSend: 'Отправить сообщение',
      offlineDone: 'Спасибо! Номер вашего обращения {n}. Мы скоро ответим.',
      failed: 'Что-то пошло не так. Попробуйте ещё раз.',
      tooMany: 'Слишком много попыток. Подождите немного.',
      reconnecting: 'Восстанавливаем соединение…', newMessage: 'Новое сообщение от {name}'
    }
  };
  var LANG = (script.dataset.lang || navigator.language || 'en').slice(0, 2).toLowerCase();
  var S = STRINGS[LANG] || STRINGS.en;
  if (!STRINGS[LANG]) LANG = 'en';

  function t(key, args) {
    return S[key].replace(/\{(\w+)\}/g, function (_, k) {
      return args && args[k] != null ? String(args[k]) : '';
    });
  }

  /* Storage: the visitor's signed id and the open chat, when the browser
   * keeps third-party cookies away. */
  function load() {
    try { return JSON.parse(localStorage.getItem(STORE_KEY)) || {}; } catch (e) { return {}; }
  }
  function save() {
    try { localStorage.setItem(STORE_KEY, JSON.stringify(state.saved)); } catch (e) { /* private mode */ }
  }

  var state = {
    saved: load(), config: null, chat: null, socket: null, lastId: 0, retries: 0,
    retryTimer: 0, ended: false, typingSent: false, typingTimer: 0, peerTypingTimer: 0,
    readSent: 0, operator: null, pending: {}, outbox: [], refSeq: 0, lastSender: null,
    readUpTo: 0
  };

  /* DOM helpers: text only, never markup. */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k === 'hidden') node.hidden = !!attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }
  var SVG = 'http://www.w3.org/2000/svg';
  function icon(d, size) {
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', size || 24);
    svg.setAttribute('height', size || 24);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }
  var ICON_CHAT = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3zm5 0a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3z';
  var ICON_CLOSE = 'M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z';
  var ICON_SEND = 'M3 20.5 21.5 12 3 3.5 3 10l13 2-13 2z';

  /* The frame */
  var host = el('div', { id: 'frontdesk-widget' });
  /* The page's own rules for divs must not move or hide the host. */
  host.style.cssText = 'all: initial !important; display: block !important;';
  var root = host.attachShadow({ mode: 'open' });
  var css = el('link', { rel: 'stylesheet', href: BASE + '/widget.css' });
  var frame = el('div', { class: 'fd', lang: LANG, hidden: true });
  css.addEventListener('load', function () { frame.hidden = false; });
  css.addEventListener('error', function () { frame.hidden = false; });
  var color = script.dataset.color || '';
  if (/^#[0-9a-fA-F]{3,8}$/.test(color)) frame.style.setProperty('--fd-accent', color);

  var launcher = el('button', { class: 'fd-launcher', type: 'button', 'aria-expanded': 'false',
                                'aria-controls': 'fd-panel', 'aria-label': S.open },
                    [icon(ICON_CHAT, 28), el('span', { class: 'fd-badge', hidden: true, 'aria-hidden': 'true' })]);
  var title = el('h2', { id: 'fd-title', class: 'fd-title', text: S.title });
  var status = el('p', { class: 'fd-status', text: '' });
  var closeButton = el('button', { class: 'fd-icon-button', type: 'button', 'aria-label': S.close },
                       [icon(ICON_CLOSE, 20)]);
  var alertBox = el('div', { class: 'fd-alert', role: 'alert' });
  var body = el('div', { class: 'fd-body' });
  var panel = el('section', { id: 'fd-panel', class: 'fd-panel', role: 'dialog',
                              'aria-labelledby': 'fd-title', hidden: true }, [
    el('header', { class: 'fd-header' }, [
      el('div', { class: 'fd-avatar', 'aria-hidden': 'true' }, [icon(ICON_CHAT, 22)]),
      el('div', { class: 'fd-heading' }, [title, status]),
      closeButton
    ]),
    alertBox,
    body
  ]);
  /* The button first in the focus order; the panel is drawn above it. */
  frame.appendChild(launcher);
  frame.appendChild(panel);
  root.appendChild(css);
  root.appendChild(frame);

  function showError(text) {
    alertBox.textContent = text || '';
    alertBox.classList.toggle('fd-alert--shown', !!text);
  }

  function setView(node) {
    panel.classList.toggle('fd-panel--chat', node.classList.contains('fd-conversation'));
    body.textContent = '';
    body.appendChild(node);
    showError('');
  }

  function openPanel() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    launcher.querySelector('.fd-badge').hidden = true;
    frame.classList.add('fd--open');
    var first = body.querySelector('input, textarea, button:not([disabled])');
    if (first) first.focus();
    markRead();
  }
  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    frame.classList.remove('fd--open');
    launcher.focus();
  }
  launcher.addEventListener('click', function () {
    if (panel.hidden) openPanel(); else closePanel();
  });
  closeButton.addEventListener('click', closePanel);
  frame.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !panel.hidden) { e.preventDefault(); closePanel(); }
  });

  /* HTTP */
  function request(method, path, data) {
    var options = { method: method, credentials: 'include', headers: {} };
    if (data) {
      options.headers['Content-Type'] = 'application/json';
      options.body = JSON.stringify(data);
    }
    return fetch(API + path, options).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        if (!response.ok) {
          var error = new Error((json.error && json.error.message) || S.failed);
          error.code = json.error && json.error.code;
          error.status = response.status;
          throw error;
        }
        return json;
      });
    });
  }
  function errorText(error) {
    if (error && error.status === 429) return S.tooMany;
    return (error && error.message) || S.failed;
  }

  function field(id, label, input) {
    input.id = id;
    return el('div', { class: 'fd-field' }, [el('label', { for: id, text: label }), input]);
  }

  /* The pre-chat form */
  function showPrechat(values) {
    var name = el('input', { type: 'text', name: 'name', autocomplete: 'name', required: '',
                             maxlength: '100' });
    var contact = el('input', { type: 'text', name: 'contact', autocomplete: 'email',
                                required: '', maxlength: '200', inputmode: 'email' });
    var submit = el('button', { class: 'fd-primary', type: 'submit', text: S.start });
    name.value = (values && values.name) || state.saved.name || '';
    contact.value = (values && values.contact) || state.saved.contact || '';
    var form = el('form', { class: 'fd-form fd-prechat', novalidate: '' }, [
      el('p', { class: 'fd-intro', text: S.intro }),
      field('fd-name', S.name, name),
      field('fd-contact', S.contact, contact),
      submit
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!name.value.trim() || !contact.value.trim()) {
        (name.value.trim() ? contact : name).focus();
        showError(S.name + ', ' + S.contact.toLowerCase());
        return;
      }
      submit.disabled = true;
      state.saved.name = name.value.trim();
      state.saved.contact = contact.value.trim();
      save();
      var payload = { name: name.value, contact: contact.value, visitor: state.saved.visitor || null };
      if (QUEUE) payload.queue = Number(QUEUE);
      request('POST', '/chats', payload).then(function (json) {
        state.saved.visitor = json.visitor;
        state.saved.chat = { id: json.chat_id, token: json.token };
        save();
        startConversation(state.saved.chat);
      }).catch(function (error) {
        submit.disabled = false;
        if (error.code === 'offline') showOffline({ name: name.value, contact: contact.value });
        else showError(errorText(error));
      });
    });
    setView(form);
    status.textContent = S.online;
  }

  /* The offline form: becomes a case, and the visitor sees its number. */
  function showOffline(values) {
    var name = el('input', { type: 'text', name: 'name', autocomplete: 'name', required: '',
                             maxlength: '100' });
    var contact = el('input', { type: 'text', name: 'contact', autocomplete: 'email',
                                required: '', maxlength: '200' });
    var message = el('textarea', { name: 'message', rows: '4', required: '', maxlength: '2000' });
    var submit = el('button', { class: 'fd-primary', type: 'submit', text: S.offlineSend });
    name.value = (values && values.name) || state.saved.name || '';
    contact.value = (values && values.contact) || state.saved.contact || '';
    var form = el('form', { class: 'fd-form fd-offline', novalidate: '' }, [
      el('h3', { class: 'fd-subtitle', text: S.offlineTitle }),
      el('p', { class: 'fd-intro', text: S.offlineIntro }),
      field('fd-off-name', S.name, name),
      field('fd-off-contact', S.contact, contact),
      field('fd-off-message', S.message, message),
      submit
    ]);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      if (!name.value.trim() || !contact.value.trim() || !message.value.trim()) {
        [name, contact, message].filter(function (i) { return !i.value.trim(); })[0].focus();
        showError(S.failed);
        return;
      }
      submit.disabled = true;
      var payload = { name: name.value, contact: contact.value, message: message.value,
                      visitor: state.saved.visitor || null };
      if (QUEUE) payload.queue = Number(QUEUE);
      request('POST', '/offline', payload).then(function (json) {
        var done = el('div', { class: 'fd-done', role: 'status' }, [
          el('div', { class: 'fd-done-mark', 'aria-hidden': 'true', text: '✓' }),
          el('p', { class: 'fd-case', text: t('offlineDone', { n: json.case_number }) })
        ]);
        setView(done);
      }).catch(function (error) {
        submit.disabled = false;
        showError(errorText(error));
      });
    });
    setView(form);
    status.textContent = S.offline;
  }

  /* The conversation */
  var log, typingLine, waitingLine, compose, input, humanButton, endButton, actions;

  function buildConversation() {
    log = el('div', { class: 'fd-log', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions',
                      tabindex: '0', 'aria-label': S.title });
    typingLine = el('div', { class: 'fd-typing', 'aria-live': 'polite', hidden: true });
    waitingLine = el('div', { class: 'fd-waiting', role: 'status', hidden: true });
    input = el('textarea', { id: 'fd-input', rows: '1', maxlength: '2000', placeholder: S.placeholder,
                             enterkeyhint: 'send' });
    var sendButton = el('button', { class: 'fd-send', type: 'submit', 'aria-label': S.send }, [icon(ICON_SEND, 20)]);
    compose = el('form', { class: 'fd-compose' }, [
      el('label', { class: 'fd-sr', for: 'fd-input', text: S.message }), input, sendButton
    ]);
    humanButton = el('button', { class: 'fd-chip', type: 'button', text: S.human });
    endButton = el('button', { class: 'fd-chip fd-chip--quiet', type: 'button', text: S.end });
    actions = el('div', { class: 'fd-actions' }, [humanButton, endButton]);
    var view = el('div', { class: 'fd-conversation' }, [log, typingLine, waitingLine, actions, compose]);

    compose.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value;
      if (!text.trim()) return;
      input.value = '';
      autosize();
      sendMessage(text);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        compose.requestSubmit ? compose.requestSubmit() : compose.dispatchEvent(new Event('submit'));
      }
    });
    input.addEventListener('input', function () { autosize(); typing(true); });
    humanButton.addEventListener('click', function () {
      send({ type: 'hand_off' });
      humanButton.hidden = true;
    });
    endButton.addEventListener('click', function () { send({ type: 'end' }); });
    return view;
  }

  function autosize() {
    input.style.height = 'auto';
    input.style.height = Math.min(input.scrollHeight, 120) + 'px';
  }

  function typing(on) {
    clearTimeout(state.typingTimer);
    if (on) state.typingTimer = setTimeout(function () { typing(false); }, 3000);
    if (on !== state.typingSent) {
      state.typingSent = on;
      send({ type: 'typing', typing: on });
    }
  }

  function send(frame) {
    if (state.socket && state.socket.readyState === 1) {
      state.socket.send(JSON.stringify(frame));
      return true;
    }
    if (frame.type === 'message') state.outbox.push(frame);
    return false;
  }

  function sendMessage(text) {
    var ref = 'r' + (++state.refSeq) + '-' + Date.now().toString(36);
    var node = addBubble({ sender: 'visitor', body: text, at: Date.now() / 1000 }, true);
    node.classList.add('fd-msg--pending');
    state.pending[ref] = { node: node, body: text };
    typing(false);
    send({ type: 'message', body: text, ref: ref });
  }

  function timeOf(at) {
    try {
      return new Date(at * 1000).toLocaleTimeString(LANG, { hour: '2-digit', minute: '2-digit' });
    } catch (e) { return ''; }
  }

  function authorOf(m) {
    if (m.sender === 'visitor') return S.you;
    if (m.sender === 'bot') return S.bot;
    if (m.sender === 'operator') return m.operator || S.operator;
    return '';
  }

  function addBubble(m, pending) {
    if (m.sender === 'system') {
      state.lastSender = null;
      var note = el('div', { class: 'fd-note', text: m.body });
      log.appendChild(note);
      scroll();
      return note;
    }
    var who = m.sender + ':' + (m.operator || '');
    var first = state.lastSender !== who;
    state.lastSender = who;
    var receipt = el('span', { class: 'fd-receipt',
                               text: m.sender !== 'visitor' ? '' : pending ? S.sending : m.read ? S.read : S.sent });
    var node = el('div', { class: 'fd-msg fd-msg--' + m.sender + (first ? ' fd-msg--first' : '') }, [
      first ? el('div', { class: 'fd-author', text: authorOf(m) }) : null,
      el('div', { class: 'fd-bubble', text: m.body }),
      el('div', { class: 'fd-meta' }, [el('time', { text: timeOf(m.at) }), receipt])
    ]);
    if (m.id) node.dataset.id = m.id;
    log.appendChild(node);
    scroll();
    return node;
  }

  function scroll() {
    log.scrollTop = log.scrollHeight;
  }

  function confirm(node, m) {
    node.classList.remove('fd-msg--pending');
    node.dataset.id = m.id;
    node.querySelector('.fd-receipt').textContent = m.read || m.id <= state.readUpTo ? S.read : S.sent;
  }

  function onMessage(m) {
    if (m.id <= state.lastId) return;
    state.lastId = m.id;
    if (m.sender === 'visitor') {
      var ref = m.ref;
      if (!ref) {
        /* A replay after a reconnect: match the bubble by its text. */
        Object.keys(state.pending).some(function (r) {
          if (state.pending[r].body === m.body) { ref = r; return true; }
          return false;
        });
      }
      if (ref && state.pending[ref]) {
        confirm(state.pending[ref].node, m);
        delete state.pending[ref];
        return;
      }
    } else {
      hidePeerTyping();
      if (panel.hidden || document.visibilityState !== 'visible') {
        launcher.querySelector('.fd-badge').hidden = false;
      }
    }
    addBubble(m, false);
    if (m.sender === 'operator' && !state.operator) setOperator(m.operator);
    markRead();
  }

  function markRead() {
    if (!log || panel.hidden || document.visibilityState !== 'visible') return;
    var last = 0;
    log.querySelectorAll('.fd-msg--operator, .fd-msg--bot').forEach(function (n) {
      last = Math.max(last, Number(n.dataset.id) || 0);
    });
    if (last > state.readSent && send({ type: 'read', up_to: last })) state.readSent = last;
  }
  document.addEventListener('visibilitychange', markRead);

  function onRead(upTo) {
    state.readUpTo = Math.max(state.readUpTo, upTo);
    log.querySelectorAll('.fd-msg--visitor').forEach(function (n) {
      if (Number(n.dataset.id) && Number(n.dataset.id) <= upTo) {
        n.querySelector('.fd-receipt').textContent = S.read;
        n.classList.add('fd-msg--read');
      }
    });
  }

  function setOperator(name) {
    state.operator = name || S.operator;
    status.textContent = state.operator;
    humanButton.hidden = true;
    waitingLine.hidden = true;
  }

  function hidePeerTyping() {
    clearTimeout(state.peerTypingTimer);
    typingLine.hidden = true;
    typingLine.textContent = '';
  }

  function showPeerTyping(on) {
    if (!on) { hidePeerTyping(); return; }
    typingLine.textContent = '';
    typingLine.appendChild(el('span', { class: 'fd-dots', 'aria-hidden': 'true' },
                              [el('i'), el('i'), el('i')]));
    typingLine.appendChild(el('span', { text: t('typing', { name: state.operator || S.operator }) }));
    typingLine.hidden = false;
    clearTimeout(state.peerTypingTimer);
    state.peerTypingTimer = setTimeout(hidePeerTyping, 10000);
  }

  function onWaiting(frame) {
    var text = t('waiting', { n: frame.position });
    if (frame.wait_seconds > 0) text += ' · ' + t('wait', { m: Math.max(1, Math.round(frame.wait_seconds / 60)) });
    waitingLine.textContent = text;
    waitingLine.hidden = false;
  }

  function onEnded() {
    if (state.ended) return;
    state.ended = true;
    hidePeerTyping();
    waitingLine.hidden = true;
    compose.hidden = true;
    actions.hidden = true;
    log.appendChild(el('div', { class: 'fd-note', text: S.ended }));
    state.lastSender = null;
    delete state.saved.chat;
    save();
    var chat = state.chat;
    if (state.socket) { state.socket.onclose = null; state.socket.close(1000); state.socket = null; }
    if (!state.rated) showRating(chat);
    showAgain();
    scroll();
  }

  function showRating(chat) {
    var legend = el('p', { id: 'fd-rate-label', class: 'fd-rate-label', text: S.rate });
    var stars = el('div', { class: 'fd-stars', role: 'group', 'aria-labelledby': 'fd-rate-label' });
    var box = el('div', { class: 'fd-rating' }, [legend, stars]);
    [1, 2, 3, 4, 5].forEach(function (n) {
      var star = el('button', { class: 'fd-star', type: 'button', 'aria-label': t('star', { n: n }),
                                'data-value': String(n), text: '★' });
      star.addEventListener('mouseenter', function () { light(n); });
      star.addEventListener('focus', function () { light(n); });
      star.addEventListener('click', function () {
        stars.querySelectorAll('button').forEach(function (b) { b.disabled = true; });
        request('POST', '/chats/' + chat.id + '/rate', { token: chat.token, csat: n }).then(function () {
          state.rated = true;
          box.textContent = '';
          box.appendChild(el('p', { class: 'fd-thanks', role: 'status', text: S.thanks }));
          var again = body.querySelector('.fd-again');
          if (again) again.focus();
        }).catch(function (error) {
          stars.querySelectorAll('button').forEach(function (b) { b.disabled = false; });
          showError(errorText(error));
        });
      });
      stars.appendChild(star);
    });
    stars.addEventListener('mouseleave', function () { light(0); });
    function light(n) {
      stars.querySelectorAll('button').forEach(function (b, i) { b.classList.toggle('fd-star--on', i < n); });
    }
    body.querySelector('.fd-conversation').insertBefore(box, compose);
    stars.firstChild.focus({ preventScroll: true });
  }

  function showAgain() {
    var again = el('button', { class: 'fd-primary fd-again', type: 'button', text: S.again });
    again.addEventListener('click', function () { reset(); showPrechat(); openPanel(); });
    body.querySelector('.fd-conversation').insertBefore(again, compose);
  }

  function reset() {
    if (state.socket) { state.socket.onclose = null; state.socket.close(1000); }
    clearTimeout(state.retryTimer);
    state.socket = null; state.chat = null; state.lastId = 0; state.ended = false;
    state.operator = null; state.pending = {}; state.outbox = []; state.readSent = 0;
    state.lastSender = null; state.rated = false; state.readUpTo = 0;
  }

  function startConversation(chat) {
    reset();
    state.chat = chat;
    setView(buildConversation());
    status.textContent = S.online;
    connect();
    input.focus();
  }

  function connect() {
    var chat = state.chat;
    var url = API.replace(/^http/, 'ws') + '/chats/' + chat.id + '/ws?token=' +
              encodeURIComponent(chat.token) + '&after=' + state.lastId;
    var ws = new WebSocket(url);
    state.socket = ws;
    ws.onopen = function () {
      state.retries = 0;
      showError('');
      var queued = state.outbox.splice(0);
      queued.forEach(function (frame) { ws.send(JSON.stringify(frame)); });
      markRead();
    };
    ws.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      switch (frame.type) {
        case 'hello':
          state.rated = frame.rated;
          if (frame.operator) setOperator(frame.operator);
          if (frame.read_up_to) onRead(frame.read_up_to);
          if (frame.state === 'ended') setTimeout(onEnded, 0);
          break;
        case 'message': onMessage(frame); break;
        case 'typing': showPeerTyping(frame.typing); break;
        case 'read': onRead(frame.up_to); break;
        case 'waiting': onWaiting(frame); break;
        case 'answered':
          setOperator(frame.operator);
          log.appendChild(el('div', { class: 'fd-note', text: t('joined', { name: state.operator }) }));
          state.lastSender = null;
          scroll();
          break;
        case 'ended': onEnded(); break;
        case 'error':
          if (frame.ref && state.pending[frame.ref]) {
            state.pending[frame.ref].node.classList.add('fd-msg--failed');
            state.pending[frame.ref].node.querySelector('.fd-receipt').textContent = frame.message || S.failed;
            delete state.pending[frame.ref];
          }
          if (frame.code === 'ended') onEnded();
          else showError(frame.code === 'rate_limited' ? S.tooMany : frame.message || S.failed);
          break;
      }
    };
    ws.onclose = function () {
      if (state.socket !== ws || state.ended) return;
      state.socket = null;
      showError(S.reconnecting);
      var delay = Math.min(15000, 1000 * Math.pow(2, state.retries++));
      state.retryTimer = setTimeout(connect, delay);
    };
  }

  /* Start */
  function begin() {
    var query = '?visitor=' + encodeURIComponent(state.saved.visitor || '') + (QUEUE ? '&queue=' + QUEUE : '');
    request('GET', '/config' + query).then(function (config) {
      state.config = config;
      if (config.office) title.textContent = config.office;
      if (config.chat) {
        state.saved.chat = config.chat;
        save();
        startConversation(config.chat);
      } else if (state.saved.chat) {
        delete state.saved.chat;
        save();
        config.on_duty ? showPrechat() : showOffline();
      } else {
        config.on_duty ? showPrechat() : showOffline();
      }
    }).catch(function () {
      /* The office is unreachable: the offline form still tells the visitor
       * what is wrong when they try to send it. */
      showOffline();
    });
  }

  function mount() {
    document.body.appendChild(host);
    begin();
  }
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
