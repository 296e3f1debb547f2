#!/usr/bin/env python3
# Record a crash(8) or gdb session for docs/crash.md and docs/gdb.md: the
# program runs in a pseudo-terminal, each command is typed at its prompt,
# and the transcript is what the terminal showed (escape sequences removed,
# a carriage return's overwrite applied).  Needs python3-pexpect; the docs'
# sessions run in build/fixtures (make demo), e.g.
#
#   cd build/fixtures && ../../scripts/record-session.py 'crash> ' '' \
#       'crash -s --minimal --kaslr=auto vmlinux workload.elf' -- \
#       'extend ../release/pfwhy.so' 'pfwhy 0x7e0001a00000 --pid 79 --write'
#
# usage: record-session.py PROMPT ELIDE_UNTIL_REGEX COMMAND_LINE -- COMMAND...
# ELIDE_UNTIL_REGEX (or ''): the start-up output before the first line that
# matches it is shown as "...".  REC_TIMEOUT: seconds to wait for a prompt
# (600).
import os, re, sys, pexpect
esc = re.compile(r'\x1b(\[[0-9;?]*[A-Za-z]|[=>])')

def clean(t):
    lines = []
    for l in esc.sub('', t).split('\n'):
        l = l.rstrip('\r')
        # a carriage return: what follows overwrites the line
        lines.append(l.split('\r')[-1] if '\r' in l else l)
    return '\n'.join(lines)

prompt, elide, cmdline = sys.argv[1], sys.argv[2], sys.argv[3]
cmds = sys.argv[5:]
env = dict(os.environ, TERM='vt100')
child = pexpect.spawn('/bin/sh', ['-c', 'exec ' + cmdline], env=env, encoding='utf-8',
                      timeout=int(os.environ.get('REC_TIMEOUT', '600')), dimensions=(200, 400))
out = ['$ ' + cmdline + '\n']
# the prompt at the start of a line (not in a help page's example)
pat = r'(?:\r\n|\r|\x1b>)(?:\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r)*' + re.escape(prompt)
child.expect(pat)
head = clean(child.before) + '\n'
if elide:
    lines = head.split('\n')
    for i, l in enumerate(lines):
        if re.search(elide, l):
            head = '...\n' + '\n'.join(lines[i:])
            break
out.append(head)
for c in cmds:
    child.sendline(c)
    child.expect(pat)
    out.append(prompt + clean(child.before) + '\n')
child.sendline('q' if prompt.startswith('crash') else 'quit')
child.expect(pexpect.EOF)
sys.stdout.write(''.join(out))
