#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the translations are complete.

1. po/POTFILES.in lists every file under src/ and ui/ that marks strings for
   translation (_( N_( C_( NC_( ngettext( g_dngettext( ... or
   translatable="yes"), and the translatable files in data/; it is sorted,
   has no duplicates and lists nothing that no longer exists.
2. Every language in po/LINGUAS passes `msgfmt --check --statistics` with no
   untranslated and no fuzzy messages.
3. Every message the sources hold today (extracted with xgettext, the same
   keywords as i18n.gettext's glib preset) is translated in every .po, so a
   string added to the code without `frontdesk-update-po` and a translation
   fails here too.

Every problem is printed with the file and line to fix and the message.

Usage: po-complete.py [--srcdir DIR]   (default: two levels above this file)
Exit status: 0 complete, 1 something missing, 77 (skip) without gettext tools.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# Calls that mark a string for translation in C, and the GtkBuilder attribute.
MARK_RE = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_|gettext|ngettext|dgettext|dngettext|pgettext|'
    r'g_dgettext|g_dngettext|g_dcgettext|g_dpgettext2?)\s*\('
    r'|translatable\s*=\s*["\']yes["\']')
SOURCE_DIRS = ('src', 'ui')
SOURCE_EXTS = ('.c', '.h', '.cc', '.cpp', '.ui')  # what xgettext reads here with the glib preset
# data/ files that xgettext reads without any call being written in them.
DATA_RE = re.compile(r'\.(desktop\.in(\.in)?|metainfo\.xml\.in(\.in)?|appdata\.xml\.in(\.in)?|'
                     r'gschema\.xml)$')

# i18n.gettext(preset: 'glib'), as meson passes it to xgettext.
XGETTEXT_ARGS = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format',
    '--flag=g_printf:1:c-format', '--flag=g_fprintf:2:c-format',
    '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

# A translatable literal cut at a GLib format macro: xgettext keeps only the
# part before the macro, so the message is never found at run time.
STR = r'"(?:[^"\\\n]|\\.)*"'
CUT_RE = re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dcgettext)\s*\('
                    r'(?:[^;()]*?,\s*)?(?:' + STR + r'\s*)*"(?:[^"\\\n]|\\.)*%"\s*'
                    r'(G_G\w+_(?:FORMAT|MODIFIER))')

MAX_LISTED = 40  # per section, so a big gap stays readable


def tool_env():
    env = dict(os.environ)
    env['LC_ALL'] = 'C.UTF-8'  # msgfmt's statistics are parsed below
    env.pop('LANGUAGE', None)
    return env


# ---------------------------------------------------------------- PO parsing

class Entry:
    def __init__(self):
        self.ctxt = None
        self.msgid = None
        self.plural = None
        self.msgstr = {}
        self.flags = set()
        self.refs = []
        self.obsolete = False
        self.line = 0

    @property
    def key(self):
        return (self.ctxt, self.msgid)

    def translated(self):
        return bool(self.msgstr) and all(s != '' for s in self.msgstr.values())

    def fuzzy(self):
        return 'fuzzy' in self.flags


def unquote(text):
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError('not a quoted PO string: ' + text)
    escapes = {'n': '\n', 't': '\t', 'r': '\r', '"': '"', '\\': '\\', 'a': '\a', 'b': '\b',
               'f': '\f', 'v': '\v'}
    return re.sub(r'\\(.)', lambda m: escapes.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path):
    """The entries of a PO file, header and obsolete ones left out."""
    entries = []
    entry = Entry()
    field = None

    def flush():
        nonlocal entry
        if entry.msgid is not None and entry.msgid != '' and not entry.obsolete:
            entries.append(entry)
        entry = Entry()

    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip('\n')
            if line.startswith('#~'):
                entry.obsolete = True
                continue
            if not line.strip():
                if entry.msgid is not None:
                    flush()
                field = None
                continue
            if line.startswith('#'):
                if entry.msgid is not None and field is not None and field.startswith('msgstr'):
                    flush()
                    field = None
                if line.startswith('#,'):
                    entry.flags.update(f.strip() for f in line[2:].split(','))
                elif line.startswith('#:'):
                    entry.refs.extend(line[2:].split())
                continue
            m = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$', line)
            if m:
                keyword = m.group(1)
                if keyword in ('msgctxt', 'msgid') and entry.msgid is not None and \
                        field is not None and field.startswith('msgstr'):
                    flush()
                value = unquote(m.group(3))
                if keyword == 'msgctxt':
                    entry.ctxt = value
                elif keyword == 'msgid':
                    entry.msgid = value
                    entry.line = number
                elif keyword == 'msgid_plural':
                    entry.plural = value
                else:
                    entry.msgstr[int(m.group(2) or 0)] = value
                field = keyword
                continue
            if line.lstrip().startswith('"') and field is not None:
                value = unquote(line)
                if field == 'msgctxt':
                    entry.ctxt += value
                elif field == 'msgid':
                    entry.msgid += value
                elif field == 'msgid_plural':
                    entry.plural += value
                else:
                    index = int(field[7:-1]) if field.startswith('msgstr[') else 0
                    entry.msgstr[index] += value
                continue
            raise ValueError('%s:%d: cannot parse: %s' % (path, number, line))
    flush()
    return entries


def describe(entry, po_path=None):
    where = ' '.join(entry.refs[:3]) or (('%s:%d' % (po_path, entry.line)) if po_path else '?')
    if len(entry.refs) > 3:
        where += ' (+%d more)' % (len(entry.refs) - 3)
    text = entry.msgid.replace('\n', '\\n')
    if len(text) > 100:
        text = text[:97] + '...'
    ctxt = '[%s] ' % entry.ctxt if entry.ctxt else ''
    plural = ' (plural)' if entry.plural is not None else ''
    return '%s: %s"%s"%s' % (where, ctxt, text, plural)


def print_list(header, items):
    print(header)
    for item in items[:MAX_LISTED]:
        print('    ' + item)
    if len(items) > MAX_LISTED:
        print('    ... and %d more' % (len(items) - MAX_LISTED))


# ---------------------------------------------------------------- checks

def read_potfiles(srcdir):
    listed = []
    with open(os.path.join(srcdir, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line and not line.startswith('#'):
                listed.append((number, line))
    return listed


def first_mark(path):
    """(line, text) of the first translatable mark in a file, or None."""
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            for number, line in enumerate(f, 1):
                if MARK_RE.search(line):
                    return number, line.strip()
    except OSError:
        pass
    return None


def check_potfiles(srcdir):
    ok = True
    listed = read_potfiles(srcdir)
    names = [name for _, name in listed]

    needed = {}
    for top in SOURCE_DIRS:
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            dirs[:] = sorted(d for d in dirs if not d.startswith('.') and d != 'node_modules')
            for name in files:
                if not name.endswith(SOURCE_EXTS):
                    continue
                path = os.path.join(root, name)
                mark = first_mark(path)
                if mark:
                    needed[os.path.relpath(path, srcdir)] = '%d: %s' % mark
    data = os.path.join(srcdir, 'data')
    for root, dirs, files in os.walk(data):
        dirs[:] = sorted(d for d in dirs if not d.startswith('.'))
        for name in files:
            if DATA_RE.search(name):
                needed[os.path.relpath(os.path.join(root, name), srcdir)] = \
                    'translatable data file'

    missing = sorted(set(needed) - set(names))
    if missing:
        ok = False
        print_list('po/POTFILES.in: %d file(s) with translatable strings are not listed '
                   '(add these lines, keep the list sorted):' % len(missing),
                   ['%s    (line %s)' % (name, needed[name]) for name in missing])

    gone = [(number, name) for number, name in listed
            if not os.path.isfile(os.path.join(srcdir, name))]
    if gone:
        ok = False
        print_list('po/POTFILES.in: %d listed file(s) do not exist (remove these lines):' % len(gone),
                   ['line %d: %s' % item for item in gone])

    seen = set()
    duplicates = [(number, name) for number, name in listed if name in seen or seen.add(name)]
    if duplicates:
        ok = False
        print_list('po/POTFILES.in: listed twice (remove these lines):',
                   ['line %d: %s' % item for item in duplicates])

    if names != sorted(names):
        ok = False
        for (number, name), previous in zip(listed[1:], names):
            if name < previous:
                print('po/POTFILES.in:%d: not sorted: “%s” comes before “%s” '
                      '(sort it with LC_ALL=C sort)' % (number, name, previous))
                break
    # What update-po will read once POTFILES.in is fixed.
    files = sorted(set(name for name in names if os.path.isfile(os.path.join(srcdir, name)))
                   | set(needed))
    return ok, names, files


def check_linguas(srcdir):
    with open(os.path.join(srcdir, 'po', 'LINGUAS'), encoding='utf-8') as f:
        languages = [w for line in f for w in line.split('#', 1)[0].split()]
    ok = True
    for lang in languages:
        if not os.path.isfile(os.path.join(srcdir, 'po', lang + '.po')):
            print('po/LINGUAS: “%s” has no po/%s.po' % (lang, lang))
            ok = False
    for name in sorted(os.listdir(os.path.join(srcdir, 'po'))):
        if name.endswith('.po') and name[:-3] not in languages:
            print('po/%s is not in po/LINGUAS, so it is never built or checked' % name)
            ok = False
    return ok, languages


def extract(srcdir, xgettext, tmpdir, files):
    """The messages the sources hold now, as xgettext finds them."""
    pot = os.path.join(tmpdir, 'current.pot')
    listing = os.path.join(tmpdir, 'POTFILES')
    with open(listing, 'w', encoding='utf-8') as f:
        f.write(''.join(name + '\n' for name in files))
    result = subprocess.run([xgettext] + XGETTEXT_ARGS +
                            ['-D', srcdir, '-f', listing, '-o', pot],
                            env=tool_env(), capture_output=True, text=True)
    if result.returncode != 0:
        print('xgettext failed on the translatable files:')
        print(result.stderr.rstrip())
        return None
    return parse_po(pot)


def cut_messages(srcdir, names):
    """file:line and macro of each translatable literal cut at a format macro."""
    found = []
    for name in names:
        if not name.endswith(('.c', '.h', '.cc', '.cpp')):
            continue
        try:
            with open(os.path.join(srcdir, name), encoding='utf-8', errors='replace') as f:
                text = f.read()
        except OSError:
            continue
        for m in CUT_RE.finditer(text):
            found.append('%s:%d: %s' % (name, text.count('\n', 0, m.start()) + 1, m.group(1)))
    return found


def check_language(srcdir, lang, msgfmt, current):
    ok = True
    rel = 'po/%s.po' % lang
    path = os.path.join(srcdir, rel)

    result = subprocess.run([msgfmt, '--check', '--statistics', '-o', os.devnull, path],
                            env=tool_env(), capture_output=True, text=True)
    statistics = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ''
    if result.returncode != 0:
        ok = False
        print('%s: msgfmt --check failed:' % rel)
        print(result.stderr.rstrip())
    elif 'untranslated' in statistics or 'fuzzy' in statistics:
        ok = False
        print('%s: msgfmt: %s' % (rel, statistics))

    entries = parse_po(path)
    untranslated = [describe(e, rel) for e in entries if not e.translated()]
    fuzzy = [describe(e, rel) for e in entries if e.translated() and e.fuzzy()]
    if untranslated:
        ok = False
        print_list('%s: %d untranslated message(s):' % (rel, len(untranslated)), untranslated)
    if fuzzy:
        ok = False
        print_list('%s: %d fuzzy message(s) (check the translation, then remove “fuzzy”):'
                   % (rel, len(fuzzy)), fuzzy)

    if current is not None:
        known = {e.key for e in entries}
        new = [describe(e) for e in current if e.key not in known]
        if new:
            ok = False
            print_list('%s: %d message(s) in the sources are not in this file yet '
                       '(run `meson compile -C BUILDDIR frontdesk-update-po`, then translate):'
                       % (rel, len(new)), new)
        plural = {e.key for e in current if e.plural is not None}
        wrong = [describe(e, rel) for e in entries
                 if e.key in plural and e.plural is not None and len(e.msgstr) < 2]
        if wrong:
            ok = False
            print_list('%s: plural messages without their plural forms:' % rel, wrong)
    if ok:
        print('%s: complete (%s)' % (rel, statistics or 'no statistics'))
    return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--srcdir', default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    args = parser.parse_args()
    srcdir = os.path.abspath(args.srcdir)

    msgfmt = os.environ.get('MSGFMT') or shutil.which('msgfmt')
    xgettext = os.environ.get('XGETTEXT') or shutil.which('xgettext')
    if not msgfmt or not xgettext:
        print('msgfmt or xgettext is not installed (package gettext): skipped')
        return SKIP

    ok, names, files = check_potfiles(srcdir)
    linguas_ok, languages = check_linguas(srcdir)
    ok = ok and linguas_ok

    with tempfile.TemporaryDirectory(prefix='po-complete-') as tmpdir:
        current = extract(srcdir, xgettext, tmpdir, files)
    if current is None:
        ok = False
    cut = cut_messages(srcdir, files)
    if cut:
        # Not fatal: only a change to the source can make these translatable.
        print_list('warning: %d translatable message(s) are cut short at a GLib format macro, '
                   'so xgettext keeps only the part before it and they are never translated '
                   '(write the number with PRId64/PRIu64 from <inttypes.h>, or format it '
                   'into a %%s first):' % len(cut), cut)

    for lang in languages:
        if os.path.isfile(os.path.join(srcdir, 'po', lang + '.po')):
            ok = check_language(srcdir, lang, msgfmt, current) and ok

    if not ok:
        print('\nTranslations are incomplete, see above. To fix: list the files in '
              'po/POTFILES.in, run `meson compile -C BUILDDIR frontdesk-update-po`, then '
              'translate the messages in po/*.po.')
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
