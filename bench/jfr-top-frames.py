#!/usr/bin/env python3
"""Summarises `jfr print --events jdk.ExecutionSample --stack-depth 40 REC.jfr` (on stdin) by top
frame, first dev.matchlist frame, inclusive dev.matchlist frames and thread. See BENCHMARKS.md."""
import collections
import re
import sys

top = collections.Counter(); own = collections.Counter(); threads = collections.Counter(); incl = collections.Counter()
n = 0
cur = None
for line in sys.stdin:
    s = line.strip()
    if s.startswith('jdk.ExecutionSample'):
        cur = {'frames': [], 'thread': '?'}
    elif cur is not None and s.startswith('sampledThread'):
        t = re.sub(r'\s*\(javaThreadId.*', '', s.split('=',1)[1].strip()).strip('"')
        t = re.sub(r'\d+', 'N', t)
        cur['thread'] = t
    elif cur is not None and s.startswith('stackTrace'):
        cur['in'] = True
    elif cur is not None and cur.get('in') and s == ']':
        cur['in'] = False
    elif cur is not None and cur.get('in') and s and s != '...':
        cur['frames'].append(re.sub(r'\s+line:.*', '', s))
    elif cur is not None and s == '}':
        f = cur['frames']
        if f:
            n += 1
            top[f[0]] += 1
            threads[cur['thread']] += 1
            m = next((x for x in f if x.startswith('dev.matchlist')), None)
            if m: own[m] += 1
            for x in set(x for x in f if x.startswith('dev.matchlist')): incl[x] += 1
        cur = None
def show(title, c, k=15):
    print(f"== {title} (of {n} samples)")
    for name, v in c.most_common(k):
        print(f"{100*v/n:5.1f}%  {name[:150]}")
show('top frame', top, 25); show('first dev.matchlist frame', own, 20); show('inclusive dev.matchlist', incl, 25); show('thread', threads, 10)
