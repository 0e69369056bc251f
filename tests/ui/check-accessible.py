#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every control of the agent window has an accessible name.

A screen reader user hears a control by its name; GTK 4.8 gives a control
without one its type name instead ("GtkMenuButton"), and a tooltip only
becomes the description. This check drives the real window over AT-SPI,
the way assistive technology sees it: a real demo server
(`frontdesk --server --headless --demo`), `frontdesk --agent` signed in as
op1, a website visitor's chat and a sipp caller through the IVR, so that
the sign-in page, the inbox, the status menu, the contact page (call
panel, chat view, client card, case panel), the knowledge base and the
dialogs are all in the tree. In each state it walks the whole tree and
lists every control whose name is missing, with its path.

Run as `dbus-run-session -- xvfb-run -a python3 check-accessible.py` with
FRONTDESK_BINARY and GSETTINGS_SCHEMA_DIR set (tests/ui/meson.build does).
Exit 0: all named; 1: unnamed controls or a broken run; 77: no AT-SPI here.
"""

import os
import sys


def skip(why):
    print(f'SKIP: {why}')
    sys.exit(77)


# pyatspi is a Debian package for Debian's own Python; the python3 first
# in PATH may be another one.
try:
    import pyatspi
except ImportError:
    if os.path.exists('/usr/bin/python3') and os.path.realpath(sys.executable) != \
            os.path.realpath('/usr/bin/python3') and 'DESK_A11Y_REEXEC' not in os.environ:
        os.environ['DESK_A11Y_REEXEC'] = '1'
        os.execv('/usr/bin/python3', ['/usr/bin/python3'] + sys.argv)
    skip('python3-pyatspi is not installed (apt-get install python3-pyatspi)')

import base64
import json
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import traceback
import urllib.request
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
WAIT = 30.0
MIN_CONTROLS = 10

CONTROL_ROLES = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
    pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_TEXT,
    pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
}
# Containers that are controls when the keyboard can land on them.
FOCUSABLE_ROLES = {pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX, pyatspi.ROLE_TREE,
                   pyatspi.ROLE_TREE_TABLE, pyatspi.ROLE_TABLE}
# GTK 4.8 names a nameless widget after its type.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Desk)[A-Z][A-Za-z]*$')


def log(*args):
    print(*args, flush=True)


def wait_for(what, predicate, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except Exception:  # the tree changes under us: ask again
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f'timed out after {timeout:.0f} s waiting for {what}')
        time.sleep(0.2)


def free_port(kind=socket.SOCK_DGRAM):
    with socket.socket(socket.AF_INET, kind) as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


# The tree

def children(node):
    try:
        return [c for c in node if c is not None]
    except Exception:
        return []


def describe(node):
    try:
        return node.getRoleName(), node.name or '', node.description or ''
    except Exception:
        return '?', '', ''


def walk(node, path=()):
    """Yields (node, path of (role, name) above it)."""
    yield node, path
    here = path + (describe(node)[:2],)
    for child in children(node):
        yield from walk(child, here)


def find(root, role=None, name=None, description=None, timeout=WAIT):
    def look():
        for node, _ in walk(root):
            r, n, d = describe(node)
            if role is not None and r != role:
                continue
            if name is not None and not same_name(n, name):
                continue
            if description is not None and not d.startswith(description):
                continue
            return node
        return None
    return wait_for(f'{role} {name or description!r}', look, timeout)


def same_name(name, wanted):
    # GTK 4.8 names a button with a mnemonic "_Sign In Sign In"
    return name.replace('_', '') in (wanted, f'{wanted} {wanted}')


def dump(root):
    for node, path in walk(root):
        role, name, desc = describe(node)
        log('  ' * len(path) + f'{role} {name!r}' + (f' ({desc!r})' if desc else ''))


def unnamed(name):
    name = name.strip()
    return not name or TYPE_NAME.match(name) is not None


def is_control(node):
    try:
        role = node.getRole()
        if role in CONTROL_ROLES:
            return True
        return role in FOCUSABLE_ROLES and node.getState().contains(pyatspi.STATE_FOCUSABLE)
    except Exception:
        return False


def show_path(path, node):
    parts = []
    for role, name in path[1:]:  # [0] is the application
        if name and not unnamed(name):
            parts.append(f'{role}[{name}]')
        elif not parts or parts[-1] != '…':
            parts.append('…' if role in ('panel', 'filler') else role)
    role, name, desc = describe(node)
    parts.append(f'{role}({name!r}' + (f', tooltip {desc!r})' if desc else ')'))
    return ' > '.join(parts)


class Checker:
    def __init__(self, app):
        self.app = app
        self.problems = []
        self.counts = []

    def check(self, state):
        checked = 0
        missing = []
        for node, path in walk(self.app):
            if not is_control(node):
                continue
            checked += 1
            if unnamed(describe(node)[1]):
                missing.append(show_path(path, node))
        log(f'state "{state}": {checked} controls checked, {len(missing)} without a name')
        for line in missing:
            log(f'  unnamed: {line}')
        self.counts.append((state, checked))
        if checked < MIN_CONTROLS:
            self.problems.append(f'state "{state}": only {checked} controls seen')
        self.problems.extend(f'{state}: {line}' for line in missing)


def click(node):
    # A GtkMenuButton is a box around the toggle button that acts.
    for target, _ in walk(node):
        try:
            action = target.queryAction()
        except NotImplementedError:
            continue
        for i in range(action.nActions):
            if action.getName(i) in ('click', 'activate', 'press', 'toggle'):
                return action.doAction(i)
    raise RuntimeError(f'{describe(node)} has no click action')


def select_row(listing, text):
    """Selects the row of @listing that shows @text."""
    def look():
        for i, row in enumerate(children(listing)):
            if any(text in describe(n)[1] for n, _ in walk(row)):
                return i, row
        return None
    i, row = wait_for(f'a row showing {text!r}', look)
    try:
        listing.querySelection().selectChild(i)
    except NotImplementedError:
        click(row)


def type_text(node, text):
    node.queryEditableText().setTextContents(text)


# The office, the visitor, the caller

class Server:
    def __init__(self, binary, tmp, state):
        state['server'] = self  # stopped even if it never comes up
        self.argv = [binary, '--server', '--headless', '--demo', '--data-dir',
                     os.path.join(tmp, 'office'), '--sip-port', '0', '--http-port', '0']
        self.log_path = os.path.join(tmp, 'server.log')
        self.log = open(self.log_path, 'a')
        self.process = None
        self.start()
        # The demo office's pending callbacks would be offered to op1 one
        # after another and keep the chat and the call away.
        self.stop()
        with sqlite3.connect(os.path.join(tmp, 'office', 'office.sqlite')) as db:
            db.execute("UPDATE callbacks SET status = 'cancelled' WHERE status = 'pending'")
        db.close()
        self.start()

    def start(self):
        self.ports = {}
        self.process = subprocess.Popen(self.argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        wait_for('the server\'s ports', lambda: len(self.ports) == 2 or self.process.poll() is not None)
        if len(self.ports) != 2:
            raise RuntimeError(f'the demo server did not start (exit {self.process.poll()}): '
                               + open(self.log_path).read()[-2000:])
        self.http_port = self.ports['HTTP']
        self.sip_port = self.ports['SIP']
        self.base = f'http://127.0.0.1:{self.http_port}'
        log(f'demo server: HTTP {self.http_port}, SIP {self.sip_port}')

    def _read(self):
        for line in self.process.stdout:
            m = re.match(r'(SIP|HTTP) port: (\d+)', line)
            if m:
                self.ports[m.group(1)] = int(m.group(2))

    def call(self, method, path, body=None, token=None):
        request = urllib.request.Request(self.base + '/api/v1' + path, method=method,
                                         data=json.dumps(body).encode() if body is not None else None)
        request.add_header('Content-Type', 'application/json')
        if token:
            request.add_header('Authorization', f'Bearer {token}')
        with urllib.request.urlopen(request, timeout=10) as reply:
            text = reply.read()
            return json.loads(text) if text else None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Visitor:
    """A website visitor: the widget's HTTP call, then its WebSocket
    (RFC 6455, the few frames the widget needs)."""

    def __init__(self, server, name):
        request = urllib.request.Request(server.base + '/widget/v1/chats', method='POST',
                                         data=json.dumps({'name': name,
                                                          'contact': 'visitor@example.com'}).encode())
        request.add_header('Content-Type', 'application/json')
        with urllib.request.urlopen(request, timeout=10) as reply:
            started = json.loads(reply.read())
        self.chat_id = started['chat_id']
        self.sock = socket.create_connection(('127.0.0.1', server.http_port), timeout=10)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f'GET /widget/v1/chats/{self.chat_id}/ws?token={started["token"]}&after=0 '
                           f'HTTP/1.1\r\nHost: 127.0.0.1:{server.http_port}\r\nUpgrade: websocket\r\n'
                           f'Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n'
                           'Sec-WebSocket-Version: 13\r\n\r\n').encode())
        head = b''
        while b'\r\n\r\n' not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError('the widget\'s WebSocket closed during the handshake')
            head += chunk
        if b' 101 ' not in head.split(b'\r\n')[0]:
            raise RuntimeError(f'the widget\'s WebSocket was refused: {head[:200]!r}')
        self.wait_frame('hello')

    def _recv(self, n):
        data = b''
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError('the widget\'s WebSocket closed')
            data += chunk
        return data

    def _frame(self):
        first, second = self._recv(2)
        length = second & 0x7f
        if length == 126:
            length = struct.unpack('!H', self._recv(2))[0]
        elif length == 127:
            length = struct.unpack('!Q', self._recv(8))[0]
        mask = self._recv(4) if second & 0x80 else None
        payload = self._recv(length)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return first & 0x0f, payload

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack('!H', n)
        else:
            header += bytes([0x80 | 127]) + struct.pack('!Q', n)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send(self, message):
        self._send(0x1, json.dumps(message).encode())

    def wait_frame(self, kind):
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            opcode, payload = self._frame()
            if opcode == 0x9:
                self._send(0xa, payload)
            elif opcode == 0x8:
                raise RuntimeError('the widget\'s WebSocket was closed by the server')
            elif opcode == 0x1 and json.loads(payload).get('type') == kind:
                return
        raise RuntimeError(f'no {kind} frame on the widget\'s WebSocket')

    def close(self):
        try:
            self._send(0x8, b'')
        except OSError:
            pass
        self.sock.close()


def start_caller(server, tmp):
    if shutil.which('sipp') is None:
        return None
    scenario = os.path.join(HERE, 'a11y-caller.xml')
    return subprocess.Popen(
        ['sipp', f'127.0.0.1:{server.sip_port}', '-sf', scenario, '-s', '100', '-t', 'u1',
         '-i', '127.0.0.1', '-p', str(free_port()), '-mi', '127.0.0.1', '-mp', str(free_port()),
         '-m', '1', '-nostdin', '-timeout', '200s', '-trace_err', '-error_file',
         os.path.join(tmp, 'sipp-errors.log')],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, 'sipp.log'), 'w'), cwd=tmp)


def write_silence(path):
    with wave.open(path, 'wb') as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b'\0\0' * 8000)


# The agent window

def start_agent(binary, tmp):
    config = os.path.join(tmp, 'config')
    settings = os.path.join(config, 'glib-2.0', 'settings')
    os.makedirs(settings)
    mic = os.path.join(tmp, 'mic.wav')
    write_silence(mic)
    with open(os.path.join(settings, 'keyfile'), 'w') as f:
        f.write('[io/github/frontdesk/Frontdesk]\n'
                "softphone-mode='builtin'\n"
                f"audio-input-device='file:{mic}'\n"
                f"audio-output-device='file:{os.path.join(tmp, 'speaker.wav')}'\n")
    env = dict(os.environ)
    for var in ('NO_AT_BRIDGE', 'GTK_A11Y', 'G_DEBUG'):
        env.pop(var, None)
    env.update(XDG_CONFIG_HOME=config, XDG_DATA_HOME=os.path.join(tmp, 'data'),
               XDG_CACHE_HOME=os.path.join(tmp, 'cache'), GSETTINGS_BACKEND='keyfile')
    env.setdefault('GDK_BACKEND', 'x11')
    agent_log = open(os.path.join(tmp, 'agent.log'), 'w')
    process = subprocess.Popen([binary, '--agent'], env=env, stdout=agent_log, stderr=agent_log)
    return process


def find_app(process):
    def look():
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.get_process_id() == process.pid and app.childCount > 0:
                return app
        if process.poll() is not None:
            raise RuntimeError(f'the agent window exited ({process.returncode})')
        return None
    return wait_for('the agent window on the accessibility bus', look, 90)


def windows(app):
    return [w for w in children(app)]


def main_window(app):
    return wait_for('the main window', lambda: next(
        (w for w in windows(app) if describe(w)[1] == 'Frontdesk'), None))


def open_dialog(app, check, state, opener, title):
    """Clicks @opener, checks the new window, closes it."""
    before = {describe(w)[1] for w in windows(app)}
    click(opener)
    dialog = wait_for(f'the {title} window', lambda: next(
        (w for w in windows(app) if describe(w)[1] == title and title not in before), None))
    time.sleep(1.0)  # its lists load over HTTP
    check.check(state)
    try:
        close = find(dialog, 'push button', 'Close', timeout=2)
        click(close)
    except RuntimeError:
        pass


def scenario(state, binary, tmp):
    server = Server(binary, tmp, state)
    agent = start_agent(binary, tmp)
    state['processes'].append(agent)
    app = state['app'] = find_app(agent)
    check = Checker(app)
    window = main_window(app)

    # 1. Sign-in.
    address = find(window, 'text', 'Office address')
    check.check('sign-in')
    type_text(address, server.base)
    type_text(find(window, 'text', 'Login'), 'op1')
    type_text(find(window, 'text', 'Password'), 'demo')
    click(find(window, 'push button', 'Sign In'))
    status = find(window, 'push button', 'Offline', 'Your status')
    log('signed in as op1')

    # 2. The inbox, and the status menu open over it.
    check.check('inbox')
    click(status)
    available = find(window, 'radio menu item', 'Available', timeout=10)
    check.check('status menu')
    click(available)
    find(window, 'push button', 'Available', 'Your status')
    log('op1 is available')
    time.sleep(1.0)  # due callbacks come into the inbox
    check.check('available')

    # A second session of op1's, for what the window offers no control for.
    token = server.call('POST', '/login', {'login': 'op1', 'password': 'demo'})['token']

    # 3. A website chat: offered, accepted, with the knowledge base beside it.
    visitor = Visitor(server, 'Olena')
    state['visitor'] = visitor
    visitor.send({'type': 'hand_off'})
    select_row(find(window, 'list', 'Inbox'), 'Olena')
    find(window, 'text', 'Reply')
    check.check('chat offered')
    # Accepted with the offer bar's button, as an operator would.
    click(find(window, 'push button', 'Accept'))
    time.sleep(1.0)
    click(find(window, None, description='Knowledge base'))
    time.sleep(1.0)
    check.check('chat with knowledge base')
    click(find(window, None, description='Knowledge base'))

    # 4. The dialogs reachable from the header bar's menus.
    cases_menu = find(window, 'push button', description='Case lists')
    click(cases_menu)
    open_dialog(app, check, 'callbacks dialog', find(window, 'menu item', 'Due Callbacks'),
                'Due Callbacks')
    click(cases_menu)
    open_dialog(app, check, 'case list', find(window, 'menu item', 'My and Overdue Cases'),
                'My and Overdue Cases')

    # 5. A call through the IVR to the support queue, answered.
    caller = start_caller(server, tmp)
    if caller is None:
        log('sipp is not installed: the call panel is not checked')
    else:
        state['processes'].append(caller)
        server.call('POST', f'/chats/{visitor.chat_id}/end', {}, token)
        answer = find(window, 'push button', 'Answer', timeout=40)
        check.check('call offered')
        click(answer)
        transfer = find(window, 'push button', 'Transfer')
        time.sleep(1.0)
        check.check('call answered')
        open_dialog(app, check, 'transfer dialog', transfer, 'Transfer Call')
    return check


def main():
    for launcher in ('/usr/libexec/at-spi-bus-launcher', '/usr/lib/at-spi2-core/at-spi-bus-launcher'):
        if os.path.exists(launcher):
            break
    else:
        skip('at-spi-bus-launcher is not installed (apt-get install at-spi2-core)')
    if not os.environ.get('DBUS_SESSION_BUS_ADDRESS') or not os.environ.get('DISPLAY'):
        skip('no session bus or display: run under dbus-run-session -- xvfb-run')

    binary = os.environ.get('FRONTDESK_BINARY')
    if not binary or not os.access(binary, os.X_OK):
        log('FAIL: FRONTDESK_BINARY does not name the frontdesk program')
        return 1

    tmp = tempfile.mkdtemp(prefix='desk-a11y-')
    state = {'processes': []}
    check = None
    status = 1
    try:
        check = scenario(state, binary, tmp)
    except Exception as error:
        log(f'FAIL: {error}')
        if not isinstance(error, RuntimeError):
            traceback.print_exc()
        if os.environ.get('DESK_A11Y_DUMP') and 'app' in state:
            dump(state['app'])
    finally:
        if 'visitor' in state:
            state['visitor'].close()
        for process in reversed(state['processes']):
            if process.poll() is None:
                process.kill()
            process.wait()
        if 'server' in state:
            state['server'].stop()
    if check is not None:
        log('controls checked: ' + ', '.join(f'{s} {n}' for s, n in check.counts))
        if check.problems:
            log(f'FAIL: {len(check.problems)} problems')
            for problem in check.problems:
                log(f'  {problem}')
        else:
            status = 0
            shutil.rmtree(tmp, ignore_errors=True)
    if status:
        for name in ('agent.log', 'server.log', 'sipp-errors.log'):
            path = os.path.join(tmp, name)
            if os.path.exists(path):
                log(f'--- {path} (end)')
                log(open(path, errors='replace').read()[-3000:])
    return status


if __name__ == '__main__':
    sys.exit(main())
