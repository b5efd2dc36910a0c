#!/usr/bin/env python3
"""Builds tests/security/auth/: failed logins as fail2ban's filters see them.

The lines are those of fail2ban's own filter tests (fail2ban/tests/files/logs/
<filter>, github.com/fail2ban/fail2ban, GPL-2.0), as the software wrote them,
taken from the same release as the filters that label them (Debian's
fail2ban package ships both).  Each line is labelled by fail2ban itself: fail2ban-regex (Debian's
fail2ban package) runs the filter in its normal mode on the line alone, and
a match is a failure with the client (<ip>, host names kept as written:
--usedns raw) and user (<F-USER>) fail2ban extracts; a line it does not match is a near-miss.  Alone, because logsift
tags one record at a time: fail2ban's multi-line session rules (a
"Connection closed [preauth]" that completes an earlier failure) are
attempts logsift counts at the line that failed.

    auth/<filter>.log      the lines
    auth/<filter>.labels   per line: fail|ok <TAB> client or - <TAB> user or -

Usage: make-auth-corpus.py [FAIL2BAN_PYTHON_DIR]   (default: Debian's
/usr/lib/python3/dist-packages; rewrites auth/, prints fail2ban-regex's
version)."""
import concurrent.futures, os, subprocess, sys, tempfile

# filter file in fail2ban's tests, filter spec for fail2ban-regex
FILTERS = [('sshd', 'sshd[mode=normal]'), ('pam-generic', 'pam-generic'),
           ('nginx-http-auth', 'nginx-http-auth'), ('apache-auth', 'apache-auth'),
           ('postfix', 'postfix[mode=auth]'), ('dovecot', 'dovecot')]

def label(spec, line):
    # RFC 5424 lines need fail2ban's rfc5424 log type (its own tests set it)
    if line[:1] == '<' and '>1 ' in line[:6]:
        spec = spec.replace(']', ', logtype=rfc5424]') if '[' in spec else spec + '[logtype=rfc5424]'
    with tempfile.NamedTemporaryFile('wb', suffix='.log', delete=False) as f:
        f.write(line.encode('utf-8', 'surrogateescape') + b'\n')
        path = f.name
    try:
        out = subprocess.run(['fail2ban-regex', '--usedns', 'raw', '-o', '<ip>\t<F-USER>', path, spec],
                             capture_output=True, text=True, errors='replace').stdout
    finally:
        os.unlink(path)
    rows = [r for r in out.split('\n') if r.strip()]
    if not rows:
        return ('ok', '-', '-')
    ip, _, user = rows[-1].partition('\t')
    return ('fail', ip.strip() or '-', user.strip() or '-')

def main(src):
    here = os.path.dirname(os.path.abspath(__file__))
    out = os.path.join(here, 'auth')
    os.makedirs(out, exist_ok=True)
    print(subprocess.run(['fail2ban-regex', '--version'], capture_output=True, text=True).stdout.strip())
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for name, spec in FILTERS:
            path = os.path.join(src, 'fail2ban/tests/files/logs', name)
            text = open(path, encoding='utf-8', errors='surrogateescape').read()
            lines, seen = [], set()
            for line in text.split('\n'):
                if not line.strip() or line.startswith('#') or line in seen:
                    continue
                seen.add(line)
                lines.append(line)
            labels = list(pool.map(lambda l: label(spec, l), lines))
            with open(os.path.join(out, name + '.log'), 'w', encoding='utf-8', errors='surrogateescape') as f:
                f.write(''.join(l + '\n' for l in lines))
            with open(os.path.join(out, name + '.labels'), 'w') as f:
                f.write(''.join('%s\t%s\t%s\n' % l for l in labels))
            print('%s (%s): %d failures, %d near-misses' % (name, spec,
                  sum(l[0] == 'fail' for l in labels), sum(l[0] == 'ok' for l in labels)))

if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else '/usr/lib/python3/dist-packages')
