#!/usr/bin/env python3
"""convert.py REPO REV RULES OUTDIR: the OWASP CRS regression tests
(REPO's tests/regression/tests at git revision REV, the release Debian
ships) as the access-log lines a web server would write for them.

A test whose payload an access log can see -- the URI and query string (a
form body becomes the query string), the User-Agent, the Referer -- becomes
one line of Apache's vhost_combined format (the combined format after
the request's Host), labelled with the rule it expects (log_contains)
or must not fire (no_log_contains).  Kept: the rules of REQUEST-930..944
(attacks on the application) at paranoia level 1 (read from RULES, the
installed rule files).  Skipped, counted by reason: payloads in cookies,
other headers, JSON/XML/multipart bodies, raw requests an access log would
not hold.  Run once; its outputs are committed (make check needs no Python).
"""
import os, re, subprocess, sys, urllib.parse, yaml

CATEGORY = {"930": "lfi", "931": "rfi", "932": "rce", "933": "php", "934": "node",
            "941": "xss", "942": "sqli", "943": "session", "944": "java"}
PLAIN_HEADERS = {"host", "user-agent", "referer", "accept", "accept-encoding", "accept-language",
                 "accept-charset", "connection", "content-length", "proxy-connection", "keep-alive",
                 "cache-control", "content-type", "pragma", "te", "upgrade-insecure-requests"}


def pl1_rules(rules_dir):
    """Ids of the paranoia-level-1 rules of the application attack files."""
    ids = {}
    for name in sorted(os.listdir(rules_dir)):
        m = re.match(r"REQUEST-(9(3\d|4\d))-", name)
        if not m or m.group(1) not in CATEGORY:
            continue
        text = open(os.path.join(rules_dir, name), encoding="utf-8", errors="replace").read()
        for rule in re.split(r"\n(?=SecRule )", text):
            rid = re.search(r"id:(\d+)", rule)
            if rid and "paranoia-level/1'" in rule:
                ids[rid.group(1)] = CATEGORY[m.group(1)]
    return ids


def git_show(repo, rev, path):
    return subprocess.run(["git", "-C", repo, "show", f"{rev}:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8", "surrogateescape")


def request_line_part(s):
    """What a client sends in a request line: bytes it cannot send raw,
    encoded; a backslash as Apache logs it."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in ' "' or o < 0x21 or o > 0x7e:
            out.append(urllib.parse.quote(ch, safe="", errors="surrogateescape"))
        elif ch == "\\":
            out.append("\\\\")
        else:
            out.append(ch)
    return "".join(out)


def log_field(s):
    """A quoted access-log field as Apache escapes it: \\" and \\\\, other
    bytes that are not printable ASCII as \\xhh."""
    out = []
    for ch in s:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif o < 0x20 or o == 0x7f:
            out.append("\\x%02x" % o)
        elif o > 0x7e:
            out.append("".join("\\x%02x" % b for b in ch.encode("utf-8", "surrogateescape")))
        else:
            out.append(ch)
    return "".join(out)


def convert(inp):
    """The log line of one test input, or (None, reason)."""
    headers = {str(k).lower(): str(v) for k, v in (inp.get("headers") or {}).items()}
    method = str(inp.get("method", "GET"))
    uri = str(inp.get("uri", "/"))
    data = inp.get("data")
    if inp.get("raw_request") or inp.get("encoded_request"):
        return None, "raw request"
    other = set(headers) - PLAIN_HEADERS
    if other:
        return None, "payload in other headers (%s)" % ",".join(sorted(other))
    ctype = headers.get("content-type", "")
    if data is not None:
        data = data if isinstance(data, str) else "&".join(map(str, data))
        if ctype and "x-www-form-urlencoded" not in ctype:
            return None, "body of " + ctype.split(";")[0]
        uri = uri + ("&" if "?" in uri else "?") + data
        method = "GET"
    ua = headers.get("user-agent", "-")
    ref = headers.get("referer", "-")
    # Apache's vhost_combined: the Host the request named (%v; the server's
    # own name when it named none) and the port come first
    host = headers.get("host", "").split(":")[0] or "localhost"
    line = ('%s:80 192.0.2.%d - - [16/Nov/2026:10:00:00 +0000] "%s %s HTTP/1.1" 200 512 "%s" "%s"'
            % (request_line_part(host), 1, request_line_part(method), request_line_part(uri),
               log_field(ref), log_field(ua)))
    return line, None


def main():
    repo, rev, rules, outdir = sys.argv[1:5]
    rules_pl1 = pl1_rules(rules)
    files = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", rev,
                            "tests/regression/tests/"], check=True, capture_output=True,
                           text=True).stdout.split()
    attacks, benign, skipped = [], [], {}
    for path in sorted(files):
        if not path.endswith(".yaml"):
            continue
        doc = yaml.safe_load(git_show(repo, rev, path))
        for test in doc.get("tests", []):
            for st in test.get("stages", []):
                stage = st.get("stage", st)
                out = stage.get("output", {}) or {}
                expect = out.get("log_contains") or out.get("no_log_contains")
                m = re.search(r'id "(\d+)"', str(expect or ""))
                if not m or m.group(1) not in rules_pl1:
                    continue
                rid = m.group(1)
                line, why = convert(stage.get("input", {}))
                if line is None:
                    skipped[why] = skipped.get(why, 0) + 1
                    continue
                row = (line, test.get("test_title", "?"), rid, rules_pl1[rid])
                (attacks if "log_contains" in out else benign).append(row)
                break
    for name, rows in (("attacks", attacks), ("benign", benign)):
        with open(os.path.join(outdir, name + ".log"), "w", encoding="utf-8",
                  errors="surrogateescape") as f:
            f.writelines(r[0] + "\n" for r in rows)
        with open(os.path.join(outdir, name + ".labels"), "w") as f:
            f.writelines("%s\t%s\t%s\n" % r[1:] for r in rows)
    with open(os.path.join(outdir, "skipped.txt"), "w") as f:
        for why, n in sorted(skipped.items(), key=lambda kv: -kv[1]):
            f.write("%d\t%s\n" % (n, why))
    print("attacks %d, must-not-fire %d, skipped %d" % (len(attacks), len(benign),
                                                       sum(skipped.values())))


main()
