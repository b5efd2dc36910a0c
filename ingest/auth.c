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
 * but mod_evasive (a flood guard's denials are no failed logins), su's */
enum scope { ANY, NOT_SSHD, SSHD, NOT_EVASIVE, SU };

static const char FAILURE[] = "auth.failure";

/* Besides "host" and "user", a failure's pattern may have the groups
 * "method" (sshd's: tagged auth.method.NAME), "invalid" (sshd's line for
 * an account that does not exist, one per connection: auth.invalid_user)
 * and "sudofail" (auth.sudo_failure).  The digest's lines that are no
 * failures come last, each with its tag. */
static const struct shape {
	const char *word;     /* must occur in the message (case-sensitive) */
	enum scope scope;
	const char *pattern;  /* anchored at the message's start */
	const char *tag;      /* FAILURE, or a digest line's tag */
} shapes[] = {
	/* sshd: a failed method (publickey only for a user that does not
	 * exist: a client trying its keys in turn is no attack), with the
	 * client the last "from HOST [port N] [sshN]" before ": " or the end */
	{ "Failed ", ANY,
	  "(?:\\[ID \\d+ \\S+\\] )?Failed (?!publickey for (?!(?:invalid|illegal) user ))(?<method>\\S+) for "
	  "(?:(?:invalid|illegal) user )?(?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?"
	  "(?: on \\S+(?: port \\d+)?)?(?: ssh\\d*)?(?=: |$)", FAILURE },
	{ "nvalid user ", SSHD,
	  "(?<invalid>Illegal|Invalid) user (?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?$", FAILURE },
	{ "LOGIN REFUSED", SSHD, "(?<user>ROOT) LOGIN REFUSED FROM (?<host>\\S+?)(?: port \\d+)?(?: \\[preauth\\])?$", FAILURE },
	{ " not allowed because ", SSHD,
	  "(?:\\S*\\] |\\S*\\]: )?User (?<user>\\S+) from (?<host>\\S+) not allowed because (?!account is locked)", FAILURE },
	{ "PAM: ", SSHD,
	  "(?:error: )?PAM: (?:[aA]uthentication (?:failure|error)|User not known to the underlying "
	  "authentication module) for (?:(?:invalid|illegal) user )?(?<user>.*?) from (?<host>\\S+?)"
	  "(?: via \\S+)?\\s*$", FAILURE },
	{ "maximum authentication attempts exceeded", SSHD,
	  "(?:error: )?maximum authentication attempts exceeded for (?:(?:invalid|illegal) user )?"
	  "(?<user>.*?) from (?<host>\\S+?)(?: port \\d+)?(?: ssh\\d*)?(?: \\[preauth\\])?$", FAILURE },
	{ "Auth fail", SSHD,
	  "(?:error: )?Received disconnect from (?<host>[^\\s:]+(?::[0-9a-fA-F:]+)?)(?: port \\d+)?: ?3: .*Auth fail", FAILURE },
	{ "refused connect from ", ANY, "refused connect from \\S+ \\((?<host>[^)]+)\\)", FAILURE },
	{ "Change of username or service not allowed", SSHD,
	  "Disconnecting (?:invalid|authenticating) user (?<user>\\S+) (?<host>\\S+) port \\d+: "
	  "Change of username or service not allowed", FAILURE },
	/* PAM for every service but sshd: the client is the last rhost (none
	 * for a local su or sudo), the user the remote user when given, else
	 * the target user */
	{ "authentication failure; ", NOT_SSHD,
	  "(?:\\S+: )?(?:\\(pam_unix\\)|pam_unix(?:\\([^)]*\\))?:?) ?authentication failure; logname=\\S* "
	  "uid=\\d* euid=\\d* tty=\\S* ruser=(?<user>\\S*?)(?: .*?)? rhost=(?<host>\\S*)"
	  "(?:\\s+user=(?<user2>.*?))?\\s*$", FAILURE },
	/* nginx auth_basic (the client comes from "client: IP") */
	{ "user \"", ANY,
	  "user \"(?<user>[^\"]*)\":? (?:password mismatch|was not found in \")", FAILURE },
	{ "no user/password was provided for basic authentication", ANY,
	  "no user/password was provided for basic authentication", FAILURE },
	/* Apache's auth modules (the client comes from [client IP]) */
	{ "user ", ANY,
	  "(?:AH\\d+: )?(?:Digest: )?user (?:`(?<user>[^']*)' in realm `[^']*' not found|(?<user>.*?) not found"
	  "(?::|$)|(?<user>\\S+?):? (?:authentication|authorization) failure for|(?<user>\\S+?): password mismatch)", FAILURE },
	{ "Authorization of user ", ANY, "(?:AH\\d+: )?Authorization of user (?<user>\\S+) to access .* failed", FAILURE },
	{ "client denied by server configuration", NOT_EVASIVE,
	  "(?:AH\\d+: )?client denied by server configuration", FAILURE },
	{ "wrong authentication scheme", ANY, "(?:AH\\d+: )?client used wrong authentication scheme", FAILURE },
	{ "invalid qop", ANY, "(?:AH\\d+: )?(?:Digest: )?invalid qop", FAILURE },
	{ "realm mismatch", ANY, "(?:AH\\d+: )?(?:Digest: )?realm mismatch", FAILURE },
	{ "unknown algorithm", ANY, "(?:AH\\d+: )?(?:Digest: )?unknown algorithm", FAILURE },
	{ "invalid nonce", ANY, "(?:AH\\d+: )?(?:Digest: )?invalid nonce \\S+ received - "
				"(?:length is not|user attempted time travel)", FAILURE },
	{ "AH0203", ANY, "AH0203[123]: ", FAILURE },
	/* postfix SASL */
	{ "SASL ", ANY,
	  "(?:warning: )?\\S*\\[(?<host>[^\\]]+)\\](?::\\d+)?: SASL \\S+ authentication failed"
	  /* the server's trouble, not the client's password */
	  "(?!: (?:Connection lost to authentication server|Invalid authentication mechanism))"
	  "(?:.*, sasl_username=(?<user>\\S+))?", FAILURE },
	/* dovecot: a login process giving up after failed attempts, and its
	 * auth backends */
	{ "rip=", ANY,
	  ".*\\((?:auth failed, \\d+ attempts?[^)]*|tried to use (?:disabled|disallowed) \\S+ auth|"
	  "proxy dest auth failed)\\):(?: user=<(?<user>[^>]*)>,)?.*?\\brip=(?<host>[^\\s,]+)", FAILURE },
	{ "(", ANY,
	  ".*?\\b(?:pam|passwd-file|passwd|shadow|sql|ldap|bsdauth|checkpassword)\\((?<user>[^,()]*),"
	  "(?<host>[^,()]+)(?:,[^)]*)?\\): (?:pam_authenticate\\(\\) failed|unknown user|Password mismatch|"
	  "invalid credentials)", FAILURE },
	/* applications: "authentication failed for user alice", "login failed",
	 * "invalid credentials" (a SASL line is the mail server's, above) */
	{ "ail", NOT_SSHD,
	  "(?i)(?!.*\\bSASL\\b).*?\\b(?:authentication failed|login failed|failed login)"
	  "(?: for (?:user )?(?<user>[^\\s:,;]+))?", FAILURE },
	{ "nvalid credentials", NOT_SSHD, "(?i)(?!.*\\bSASL\\b).*?\\binvalid credentials", FAILURE },
	/* sudo's own line and su's */
	{ " : ", ANY, "\\s*(?<user>\\S+) : (?<sudofail>\\d+ incorrect password attempts?|user NOT in sudoers)", FAILURE },
	{ "FAILED ", ANY, "FAILED (?:SU|su) (?:\\(to \\S+\\) )?(?<user>\\S+) on", FAILURE },
	/* what else a logins digest reports (logwatch's): who logged in and
	 * from where, what sudo ran, su sessions, accounts and groups made,
	 * changed and removed (shadow-utils' useradd, groupadd, usermod,
	 * userdel, groupdel and gpasswd; PAM's passwd) */
	{ "Accepted ", SSHD,
	  "Accepted \\S+ for (?<user>\\S+) from (?<host>\\S+?)(?: port \\d+)?(?: ssh\\d*)?(?::|$| )",
	  "auth.success" },
	{ "COMMAND=", ANY,
	  "\\s*(?<user>\\S+) : (?:TTY=\\S+ ; )?PWD=.* ; USER=\\S+ ; (?:\\S+=\\S* ; )*COMMAND=", "auth.sudo" },
	{ "session opened for user ", SU,
	  "(?:pam_unix\\(su(?:-l)?:session\\): )?session opened for user (?<user>[^\\s(]+)(?:\\(uid=\\d+\\))? by ",
	  "auth.su" },
	{ "new user: ", ANY, "new user: name=(?<user>[^,\\s]+)", "auth.account" },
	{ "new group: ", ANY, "new group: name=(?<user>[^,\\s]+)", "auth.account" },
	{ " group '", ANY, "(?:add|delete) '(?<user>[^']+)' (?:to|from) (?:shadow )?group '", "auth.account" },
	{ "delete user '", ANY, "delete user '(?<user>[^']+)'", "auth.account" },
	{ "' removed", ANY, "group '(?<user>[^']+)' removed", "auth.account" },
	{ "password changed for ", ANY,
	  "(?:pam_unix\\([^)]*\\): )?password changed for (?<user>\\S+)", "auth.account" },
};

#define NSHAPES (sizeof shapes / sizeof shapes[0])

/* the named groups a pattern may have */
enum group { G_HOST, G_USER, G_METHOD, G_INVALID, G_SUDOFAIL, NGROUPS };
static const char *const group_names[NGROUPS] = { "host", "user", "method", "invalid", "sudofail" };

/* sshd's methods, each its tag (a tag is a static string) */
static const char *const methods[][2] = {
	{ "password", "auth.method.password" },
	{ "publickey", "auth.method.publickey" },
	{ "keyboard-interactive/pam", "auth.method.keyboard-interactive" },
	{ "keyboard-interactive", "auth.method.keyboard-interactive" },
	{ "hostbased", "auth.method.hostbased" },
	{ "none", "auth.method.none" },
};

struct auth {
	pcre2_code *re[NSHAPES];
	int groups[NSHAPES][NGROUPS][8]; /* group numbers, 0-ended */
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

	for (size_t i = 0; i < NSHAPES; i++) {
		int ec;
		PCRE2_SIZE off;
		const struct shape *sh = &shapes[i];

		a->re[i] = pcre2_compile((PCRE2_SPTR)sh->pattern, PCRE2_ZERO_TERMINATED,
					 PCRE2_ANCHORED | PCRE2_DUPNAMES, &ec, &off, NULL);
		if (!a->re[i])
			abort(); /* a bug in the table: every test run compiles it */
		pcre2_jit_compile(a->re[i], PCRE2_JIT_COMPLETE);
		for (int g = 0; g < NGROUPS; g++)
			groups(a->re[i], group_names[g], a->groups[i][g]);
	}
	a->md = pcre2_match_data_create(MAX_GROUPS, NULL);
	return a;
}

void auth_free(struct auth *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < NSHAPES; i++)
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

/* su's lines: the program su (old syslog writes "su(pam_unix)"), or PAM's
 * "pam_unix(su:...)" prefix */
static bool is_su(const struct event *e)
{
	const struct span *p = &e->program;

	return (p->len >= 2 && !memcmp(p->p, "su", 2) &&
		(p->len == 2 || p->p[2] == '(' || p->p[2] == '-')) ||
	       (e->msg.len >= 12 && !memcmp(e->msg.p, "pam_unix(su", 11));
}

static bool applies(const struct shape *sh, const struct event *e, bool sshd)
{
	switch (sh->scope) {
	case SSHD:
		return sshd || !e->program.len;
	case NOT_SSHD:
		return !sshd;
	case NOT_EVASIVE:
		return !(e->logger.len >= 7 && !memcmp(e->logger.p, "evasive", 7));
	case SU:
		return is_su(e);
	case ANY:
		break;
	}
	return true;
}

/* A failure's further tags: sshd's method, an unknown account, sudo's. */
static void tag_failure(const struct auth *a, size_t i, struct event *e, struct span m)
{
	struct span meth = group(a, a->groups[i][G_METHOD], m);

	for (size_t k = 0; meth.len && k < sizeof methods / sizeof methods[0]; k++)
		if (meth.len == strlen(methods[k][0]) && !memcmp(meth.p, methods[k][0], meth.len)) {
			event_tag(e, methods[k][1]);
			break;
		}
	if (group(a, a->groups[i][G_INVALID], m).len)
		event_tag(e, "auth.invalid_user");
	if (group(a, a->groups[i][G_SUDOFAIL], m).len)
		event_tag(e, "auth.sudo_failure");
}

bool auth_detect(struct auth *a, struct event *e)
{
	struct span m = e->msg;
	bool sshd = is_sshd(&e->program);

	if (!m.len || e->status)
		return false;
	for (size_t i = 0; i < NSHAPES; i++) {
		struct span h, u;

		if (!applies(&shapes[i], e, sshd) ||
		    !bytes_find(m.p, m.len, shapes[i].word, strlen(shapes[i].word)) ||
		    pcre2_match(a->re[i], (PCRE2_SPTR)m.p, m.len, 0, 0, a->md, NULL) < 0)
			continue;
		h = group(a, a->groups[i][G_HOST], m);
		u = group(a, a->groups[i][G_USER], m);
		if (h.len)
			e->ip = client(h);
		if (u.len && !e->user.len)
			e->user = u;
		event_tag(e, shapes[i].tag);
		if (shapes[i].tag != FAILURE)
			return false;
		tag_failure(a, i, e, m);
		return true;
	}
	return false;
}
