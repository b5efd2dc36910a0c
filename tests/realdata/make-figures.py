#!/usr/bin/env python3
"""Derives tests/e2e/realdata/<file>.figures from expected.json: the figures
independent tools (Python, awk, grep, jq) computed for each real log, written
in the vocabulary of logsift events.  Run by hand when expected.json changes;
make check only compares against the files this writes."""
import json, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
exp = json.load(open(os.path.join(here, 'expected.json')))
vocab = {'error': 'error', 'err': 'error', 'warn': 'warn', 'warning': 'warn',
         'info': 'info', 'notice': 'notice', 'debug': 'debug',
         '20': 'debug', '30': 'info', '40': 'warn', '50': 'error'}
mon = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split()
out_dir = os.path.join(here, '..', 'e2e', 'realdata')
os.makedirs(out_dir, exist_ok=True)
for name, e in sorted(exp.items()):
    if 'records' not in e:
        continue
    fig = {'lines': e['records']}
    if 'parsed' in e:
        fig['events'] = e['parsed']
        fig['unparsed'] = e['unparsed']
    if 'events(level-prefixed)' in e:
        fig['events'] = e['events(level-prefixed)']
        fig['continuation'] = e['continuation_or_unparsed']
    if 'json_objects' in e:
        fig['events'] = e['json_objects']
        fig['unparsed'] = e['non_json_lines']
    for lv, n in e.get('levels', {}).items():
        k = 'level ' + vocab[lv.lower()]
        fig[k] = fig.get(k, 0) + n
    for st, n in (e.get('status_counts') or e.get('http_status_counts') or {}).items():
        fig['status ' + st] = n
    if 'bytes_sent_sum' in e:
        fig['bytes_sum'] = e['bytes_sent_sum']
    if 'latency' in e:
        lat = e['latency']
        scale = 1000 if lat['unit'] == 's' else 1
        fig['latency_count'] = lat['count']
        fig['latency_ms_sum'] = '%.1f' % (lat['sum'] * scale)
    for key in e:
        if key.startswith('per_day'):
            for day, n in e[key].items():
                if day[0].isalpha():  # RFC 3164: "Jun 14" -> "06-14"
                    day = '%02d-%s' % (mon.index(day[:3]) + 1, day[4:])
                fig['day ' + day] = n
    # RFC 3164 lines the reference leaves unparsed (no "prog:") still start
    # with a time: logsift reads them as records of their own (its "stamped"
    # layout), so they are events, counted on their day
    if e.get('format', '').startswith('syslog RFC3164') and e.get('unparsed'):
        stamp = re.compile(r'^([A-Z][a-z]{2}) +(\d{1,2}) \d\d:\d\d:\d\d ')
        prog = re.compile(r'^[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d (\S+ )?[^\s:\[\]]+(\[\d+\])?: ')
        for line in open(os.path.join(here, name), encoding='latin-1').read().split('\n'):
            m = stamp.match(line.rstrip('\r'))
            if m and not prog.match(line):
                fig['events'] += 1
                fig['unparsed'] -= 1
                day = 'day %02d-%02d' % (mon.index(m.group(1)) + 1, int(m.group(2)))
                fig[day] = fig.get(day, 0) + 1
    with open(os.path.join(out_dir, name + '.figures'), 'w') as f:
        for k in sorted(fig):
            f.write('%s %s\n' % (k, fig[k]))
