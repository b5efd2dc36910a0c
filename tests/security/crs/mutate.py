#!/usr/bin/env python3
"""mutate.py SEED N: N access-log lines (Apache's vhost_combined, escaped as
Apache escapes them) made by mutating the CRS regression tests' lines and
logsift's benign look-alikes: encodings, entities, escapes, UTF-8, comment
and traversal pieces inserted into the URI, the User-Agent or the Referer.
No raw NUL (a server refuses it in a request line, and ModSecurity's API
takes the URI as a C string).  tests/crs-reference.sh compares ingest --crs
with ModSecurity on them; mutations.log.gz is `mutate.py 7 5000`.
Run from the repository's top directory.
"""
import random, re, sys
random.seed(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
def unesc(s):
    out = bytearray(); i = 0; b = s.encode('utf-8', 'surrogateescape')
    while i < len(b):
        if b[i] == 0x5c and i + 3 < len(b) and b[i+1] == ord('x') and all(chr(x) in '0123456789abcdefABCDEF' for x in b[i+2:i+4]):
            out.append(int(b[i+2:i+4], 16)); i += 4
        elif b[i] == 0x5c and i + 1 < len(b) and b[i+1] in (0x5c, 0x22):
            out.append(b[i+1]); i += 2
        else:
            out.append(b[i]); i += 1
    return bytes(out)
def esc(b, request=False):
    o = []
    for x in b:
        if x in (0x22, 0x5c): o.append('\\' + chr(x))
        elif x < 0x20 or x >= 0x7f: o.append('\\x%02x' % x)
        elif request and x == 0x20: o.append('%20')
        else: o.append(chr(x))
    return ''.join(o)
lines = open('tests/security/crs/attacks.log', encoding='utf-8', errors='surrogateescape').read().splitlines()
lines += open('tests/security/benign.log', encoding='utf-8', errors='surrogateescape').read().splitlines()[:1800]
pat = re.compile(r'^(?:(\S+?):\d+ )?(\S+) \S+ \S+ \[[^\]]*\] "(\S+) (\S+) ([^"]*)" \d+ \d+ "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"')
toks = [b'%', b'%25', b'%u', b'%u003c', b'%uff1c', b'%c0%af', b'%ef%bc%9c', b'&#', b'&#x3c;', b'&lt;', b'&newline;', b'&#60', b'\\', b'\\x3c', b'\\u003c', b'/*', b'*/', b'..', b'./', b'//', b'\\"', b"'", b'"', b';', b'|', b'`', b'$(', b'<', b'>', b'script', b'%00', b'%0a', b'%20', b'+', b'=', b'&', b'?', b'#', b'%e4%b8%bc', b'%f0%9f%98%80', b'%ff', b'%c3', b'&amp;', b'\\x', b'/etc/passwd', b'union select', b'<svg/onload=', b'1=1', b'%2e%2e%2f', b'0x2e', b'%252e', b'\n', b'\xe4\xb8\xbc', b'\xc0']
out = []
while len(out) < N:
    m = pat.match(random.choice(lines))
    if not m:
        continue
    host, ip, meth, uri, proto, ref, ua = m.groups()
    uri, ref, ua = unesc(uri), unesc(ref), unesc(ua)
    def mut(s, k):
        s = bytearray(s)
        for _ in range(k):
            op = random.random(); pos = random.randint(0, len(s))
            if op < 0.6: s[pos:pos] = random.choice(toks)
            elif op < 0.8 and s: del s[random.randrange(len(s))]
            else: s[pos:pos] = bytes([random.randrange(1, 256)])
        return bytes(s)
    k = random.randint(1, 4); w = random.random()
    if w < 0.7: uri = mut(uri, k)
    elif w < 0.85: ua = mut(ua, k)
    else: ref = mut(ref, k)
    uri = uri.replace(b' ', b'%20')
    if not uri or ua == b'' or ref == b'':
        continue
    out.append('%s:80 %s - - [16/Nov/2026:10:00:00 +0000] "%s %s %s" 200 512 "%s" "%s"' % (host or 'localhost', ip, meth, esc(uri, True), proto, esc(ref), esc(ua)))
sys.stdout.write('\n'.join(out) + '\n')
