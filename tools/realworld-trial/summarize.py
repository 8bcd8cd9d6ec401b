#!/usr/bin/env python3
"""Prints a run's summary.tsv as a Markdown table with the outcome counts:
    summarize.py $TRIAL_ROOT/runs/<sha>/summary.tsv"""
import collections
import sys

rows = [l.rstrip('\n').split('\t', 3) for l in open(sys.argv[1]) if l.strip()]
print('| extension | upstream | outcome | reason |')
print('|---|---|---|---|')
for name, commit, outcome, reason in sorted(rows, key=lambda r: r[0].lower()):
    print('| %s | %s | %s | %s |' % (name, commit, outcome, reason.replace('|', '\\|')))
counts = collections.Counter(r[2] for r in rows)
print()
print(', '.join('%s %d' % (k, counts.get(k, 0)) for k in ('ISOLATED', 'BROKEN', 'STOPPED', 'N/A', 'ERROR')))
