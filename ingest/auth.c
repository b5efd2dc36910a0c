/*
 * auth: one table of message shapes, each a word that must occur (so most
 * messages cost a few memchr-speed searches) and an anchored PCRE2 pattern
 * whose groups "host" and "user" are the client and the account.  Patterns
 * are written here from the messages' shapes (sshd's auth2.c/auth.c, PAM's
 * pam_unix, nginx's ngx_http_auth_basic_module, Apache's mod_auth_*,
 * postfix's smtpd_sasl_proto, dovecot's login processes), not copied.
 */
#include "auth.h"

#include <pcre2.h>
#include <stdlib.h> /* free */
#include <string.h> /* memcmp, strlen */

#include "bytes.h"
#include "mem.h"

#define MAX_GROUPS 16

/* what a shape applies to: any message, any program but sshd (its PAM
 * lines repeat the attempt sshd writes itself), sshd's, any Apache module
 * but mod_evasive (a flood guard's denials are no failed logins) */
enum scope { ANY, NOT_SSHD, SSHD, NOT_EVASIVE };

static const struct shape {
	const char *word;     /* must occur in the message (case-sensitive) */
	enum scope scope;
	const char *pattern;  /* anchored at the message's start */
} shapes[] = {
	/* sshd: a failed method (publickey only for a user that does not
	 * exist: a client trying its keys in turn is no attack), with the
	 * client the last "from HOST [port N] [sshN]" before ": " or the end */
	{ "Failed ", ANY,
	  "(?:\\[ID \\d+ \\S+\\] )?Failed (?!publickey for (?!(?:invalid|illegal) user ))\\S+ for "
	  "(?:(?:invalid|illegal) user )?(?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?"
	  "(?: on \\S+(?: port \\d+)?)?(?: ssh\\d*)?(?=: |$)" },
	{ "nvalid user ", SSHD,
	  "(?:Illegal|Invalid) user (?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?$" },
	{ "LOGIN REFUSED", SSHD, "(?<user>ROOT) LOGIN REFUSED FROM (?<host>\\S+?)(?: port \\d+)?(?: \\[preauth\\])?$" },
	{ " not allowed because ", SSHD,
	  "(?:\\S*\\] |\\S*\\]: )?User (?<user>\\S+) from (?<host>\\S+) not allowed because (?!account is locked)" },
	{ "PAM: ", SSHD,
	  "(?:error: )?PAM: (?:[aA]uthentication (?:failure|error)|User not known to the underlying "
	  "authentication module) for (?:(?:invalid|illegal) user )?(?<user>.*?) from (?<host>\\S+?)"
	  "(?: via \\S+)?\\s*$" },
	{ "maximum authentication attempts exceeded", SSHD,
	  "(?:error: )?maximum authentication attempts exceeded for (?:(?:invalid|illegal) user )?"
	  "(?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?(?: ssh\\d*)?(?: \\[preauth\\])?$" },
	{ "Auth fail", SSHD,
	  "(?:error: )?Received disconnect from (?<host>[^\\s:]+(?::[0-9a-fA-F:]+)?)(?: port \\d+)?: ?3: .*Auth fail" },
	{ "refused connect from ", ANY, "refused connect from \\S+ \\((?<host>[^)]+)\\)" },
	{ "Change of username or service not allowed", SSHD,
	  "Disconnecting (?:invalid|authenticating) user (?<user>\\S+) (?<host>\\S+) port \\d+: "
	  "Change of username or service not allowed" },
	/* PAM for every service but sshd: the client is the last rhost (none
	 * for a local su or sudo), the user the remote user when given, else
	 * the target user */
	{ "authentication failure; ", NOT_SSHD,
	  "(?:\\S+: )?(?:\\(pam_unix\\)|pam_unix(?:\\([^)]*\\))?:?) ?authentication failure; logname=\\S* "
	  "uid=\\d* euid=\\d* tty=\\S* ruser=(?<user>\\S*?)(?: .*?)? rhost=(?<host>\\S*)"
	  "(?:\\s+user=(?<user2>.*?))?\\s*$" },
	/* nginx auth_basic (the client comes from "client: IP") */
	{ "user \"", ANY,
	  "user \"(?<user>[^\"]*)\":? (?:password mismatch|was not found in \")" },
	{ "no user/password was provided for basic authentication", ANY,
	  "no user/password was provided for basic authentication" },
	/* Apache's auth modules (the client comes from [client IP]) */
	{ "user ", ANY,
	  "(?:AH\\d+: )?(?:Digest: )?user (?:`(?<user>[^']*)' in realm `[^']*' not found|(?<user>.*?) not found"
	  "(?::|$)|(?<user>\\S+?):? (?:authentication|authorization) failure for|(?<user>\\S+?): password mismatch)" },
	{ "Authorization of user ", ANY, "(?:AH\\d+: )?Authorization of user (?<user>\\S+) to access .* failed" },
	{ "client denied by server configuration", NOT_EVASIVE,
	  "(?:AH\\d+: )?client denied by server configuration" },
	{ "wrong authentication scheme", ANY, "(?:AH\\d+: )?client used wrong authentication scheme" },
	{ "invalid qop", ANY, "(?:AH\\d+: )?(?:Digest: )?invalid qop" },
	{ "realm mismatch", ANY, "(?:AH\\d+: )?(?:Digest: )?realm mismatch" },
	{ "unknown algorithm", ANY, "(?:AH\\d+: )?(?:Digest: )?unknown algorithm" },
	{ "invalid nonce", ANY, "(?:AH\\d+: )?(?:Digest: )?invalid nonce \\S+ received - "
				"(?:length is not|user attempted time travel)" },
	{ "AH0203", ANY, "AH0203[123]: " },
	/* postfix SASL */
	{ "SASL ", ANY,
	  "(?:warning: )?\\S*\\[(?<host>[^\\]]+)\\](?::\\d+)?: SASL \\S+ authentication failed"
	  /* the server's trouble, not the client's password */
	  "(?!: (?:Connection lost to authentication server|Invalid authentication mechanism))"
	  "(?:.*, sasl_username=(?<user>\\S+))?" },
	/* dovecot: a login process giving up after failed attempts, and its
	 * auth backends */
	{ "rip=", ANY,
	  ".*\\((?:auth failed, \\d+ attempts?[^)]*|tried to use (?:disabled|disallowed) \\S+ auth|"
	  "proxy dest auth failed)\\):(?: user=<(?<user>[^>]*)>,)?.*?\\brip=(?<host>[^\\s,]+)" },
	{ "(", ANY,
	  ".*?\\b(?:pam|passwd-file|passwd|shadow|sql|ldap|bsdauth|checkpassword)\\((?<user>[^,()]*),"
	  "(?<host>[^,()]+)(?:,[^)]*)?\\): (?:pam_authenticate\\(\\) failed|unknown user|Password mismatch|"
	  "invalid credentials)" },
	/* applications: "authentication failed for user alice", "login failed",
	 * "invalid credentials" (a SASL line is the mail server's, above) */
	{ "ail", NOT_SSHD,
	  "(?i)(?!.*\\bSASL\\b).*?\\b(?:authentication failed|login failed|failed login)"
	  "(?: for (?:user )?(?<user>[^\\s:,;]+))?" },
	{ "nvalid credentials", NOT_SSHD, "(?i)(?!.*\\bSASL\\b).*?\\binvalid credentials" },
	/* sudo's own line and su's */
	{ " : ", ANY, "\\s*(?<user>\\S+) : (?:\\d+ incorrect password attempts?|user NOT in sudoers)" },
	{ "FAILED ", ANY, "FAILED (?:SU|su) (?:\\(to \\S+\\) )?(?<user>\\S+) on" },
};

#define NSHAPES (sizeof shapes / sizeof shapes[0])

/* What else a logins digest reports: who logged in, from where, and
 * what sudo ran */
static const struct shape others[] = {
	{ "Accepted ", SSHD, "Accepted \\S+ for (?<user>\\S+) from (?<host>\\S+?)(?: port \\d+)?(?: ssh\\d*)?(?::|$| )" },
	{ "COMMAND=", ANY, "\\s*(?<user>\\S+) : (?:TTY=\\S+ ; )?PWD=.* ; USER=\\S+ ; (?:\\S+=\\S* ; )*COMMAND=" },
};
static const char *const other_tags[] = { "auth.success", "auth.sudo" };

#define NOTHERS (sizeof others / sizeof others[0])

struct auth {
	pcre2_code *re[NSHAPES + NOTHERS];
	int host[NSHAPES + NOTHERS][8], user[NSHAPES + NOTHERS][8]; /* group numbers, 0-ended */
	pcre2_match_data *md;
};

/* The numbers of the groups named name, name2 (DUPNAMES), at most 7. */
static void groups(pcre2_code *re, const char *name, int out[8])
{
	uint32_t count = 0, size = 0;
	PCRE2_SPTR table;
	int k = 0;

	pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count && k < 7; i++) {
		const unsigned char *ent = table + i * size;
		const char *n = (const char *)ent + 2;
		size_t len = strlen(name);

		if (!strncmp(n, name, len) && (!n[len] || (n[len] >= '0' && n[len] <= '9')))
			out[k++] = ent[0] << 8 | ent[1];
	}
	out[k] = 0;
}

struct auth *auth_new(void)
{
	struct auth *a = xcalloc(1, sizeof *a);

	for (size_t i = 0; i < NSHAPES + NOTHERS; i++) {
		int ec;
		PCRE2_SIZE off;
		const struct shape *sh = i < NSHAPES ? &shapes[i] : &others[i - NSHAPES];

		a->re[i] = pcre2_compile((PCRE2_SPTR)sh->pattern, PCRE2_ZERO_TERMINATED,
					 PCRE2_ANCHORED | PCRE2_DUPNAMES, &ec, &off, NULL);
		if (!a->re[i])
			abort(); /* a bug in the table: every test run compiles it */
		pcre2_jit_compile(a->re[i], PCRE2_JIT_COMPLETE);
		groups(a->re[i], "host", a->host[i]);
		groups(a->re[i], "user", a->user[i]);
	}
	a->md = pcre2_match_data_create(MAX_GROUPS, NULL);
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < NSHAPES + NOTHERS; i++)
		pcre2_code_free(a->re[i]);
	pcre2_match_data_free(a->md);
	free(a);
}

/* The first of the groups that matched something, or an empty span. */
static struct span group(const struct auth *a, const int *g, struct span m)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(a->md);

	for (; *g; g++)
		if (ov[2 * *g] != PCRE2_UNSET && ov[2 * *g + 1] > ov[2 * *g])
			return (struct span){ m.p + ov[2 * *g], ov[2 * *g + 1] - ov[2 * *g] };
	return (struct span){ NULL, 0 };
}

/* "[2001:db8::1]" → "2001:db8::1", "::ffff:1.2.3.4" → "1.2.3.4" */
static struct span client(struct span h)
{
	if (h.len > 2 && h.p[0] == '[' && h.p[h.len - 1] == ']')
		h = (struct span){ h.p + 1, h.len - 2 };
	if (h.len > 7 && (!memcmp(h.p, "::ffff:", 7) || !memcmp(h.p, "::FFFF:", 7)) &&
	    memchr(h.p + 7, '.', h.len - 7))
		h = (struct span){ h.p + 7, h.len - 7 };
	return h;
}

static bool is_sshd(const struct span *program)
{
	return program->len >= 4 && !memcmp(program->p, "sshd", 4);
}

bool auth_detect(struct auth *a, struct event *e)
{
	struct span m = e->msg;
	bool sshd = is_sshd(&e->program);

	if (!m.len || e->status)
		return false;
	for (size_t i = 0; i < NSHAPES; i++) {
		struct span h, u;

		if ((shapes[i].scope == SSHD && !sshd && e->program.len) ||
		    (shapes[i].scope == NOT_SSHD && sshd) ||
		    (shapes[i].scope == NOT_EVASIVE && e->logger.len >= 7 &&
		     !memcmp(e->logger.p, "evasive", 7)) ||
		    !bytes_find(m.p, m.len, shapes[i].word, strlen(shapes[i].word)))
			continue;
		if (pcre2_match(a->re[i], (PCRE2_SPTR)m.p, m.len, 0, 0, a->md, NULL) < 0)
			continue;
		h = group(a, a->host[i], m);
		u = group(a, a->user[i], m);
		if (h.len)
			e->ip = client(h);
		if (u.len && !e->user.len)
			e->user = u;
		event_tag(e, "auth.failure");
		return true;
	}
	for (size_t i = 0; i < NOTHERS; i++) {
		size_t r = NSHAPES + i;
		struct span h, u;

		if ((others[i].scope == SSHD && !sshd && e->program.len) ||
		    !bytes_find(m.p, m.len, others[i].word, strlen(others[i].word)) ||
		    pcre2_match(a->re[r], (PCRE2_SPTR)m.p, m.len, 0, 0, a->md, NULL) < 0)
			continue;
		h = group(a, a->host[r], m);
		u = group(a, a->user[r], m);
		if (h.len)
			e->ip = client(h);
		if (u.len && !e->user.len)
			e->user = u;
		event_tag(e, other_tags[i]);
		break;
	}
	return false;
}
