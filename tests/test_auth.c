/* test_auth: failed logins the fail2ban corpus does not hold (sudo, su,
 * applications), client forms, and the lines one attempt writes twice. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "../ingest/auth.h"

static struct auth *a;

static int setup(void **state)
{
	(void)state;
	a = auth_new();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	auth_free(a);
	return 0;
}

/* Runs the detector on msg from program; returns "ip|user" or "" when not
 * a failure. */
static const char *run(const char *program, const char *msg)
{
	static char out[256];
	struct event e;

	event_reset(&e);
	e.program = (struct span){ program, strlen(program) };
	e.msg = (struct span){ msg, strlen(msg) };
	if (!auth_detect(a, &e))
		return "";
	assert_true(event_has_tag(&e, "auth.failure"));
	snprintf(out, sizeof out, "%.*s|%.*s", (int)e.ip.len, e.ip.p ? e.ip.p : "",
		 (int)e.user.len, e.user.p ? e.user.p : "");
	return out;
}

static void test_auth_sshd_attempts_and_clients(void **state)
{
	(void)state;
	assert_string_equal(run("sshd", "Failed password for invalid user admin from 203.0.113.5 port 4 ssh2"),
			    "203.0.113.5|admin");
	assert_string_equal(run("sshd", "ROOT LOGIN REFUSED FROM ::ffff:1.2.3.4"), "1.2.3.4|ROOT");
	assert_string_equal(run("sshd", "Failed password for root from 2001:db8::7 port 22 ssh2"),
			    "2001:db8::7|root");
	/* a key the client tries in turn is no attack; a success is none */
	assert_string_equal(run("sshd", "Failed publickey for git from 192.0.2.1 port 5 ssh2: RSA x"), "");
	assert_string_equal(run("sshd", "Accepted password for deploy from 192.0.2.1 port 5 ssh2"), "");
	/* sshd's own line counts the attempt; PAM's line for it does not */
	assert_string_equal(run("sshd", "pam_unix(sshd:auth): authentication failure; logname= uid=0 "
				"euid=0 tty=ssh ruser= rhost=198.51.100.7  user=deploy"), "");
	assert_string_equal(run("sshd", "Disconnecting: Too many authentication failures for root [preauth]"),
			    "");
}

static void test_auth_pam_sudo_su_and_applications(void **state)
{
	(void)state;
	assert_string_equal(run("su", "pam_unix(su:auth): authentication failure; logname=bob uid=1000 "
				"euid=0 tty=/dev/pts/1 ruser=bob rhost=  user=root"), "|bob");
	assert_string_equal(run("vsftpd", "pam_unix(vsftpd:auth): authentication failure; logname= uid=0 "
				"euid=0 tty=ftp ruser=an8767 rhost=198.51.100.9"), "198.51.100.9|an8767");
	assert_string_equal(run("sudo", "    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; "
				"USER=root ; COMMAND=/bin/sh"), "|alice");
	assert_string_equal(run("sudo", "   mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/id"),
			    "|mallory");
	assert_string_equal(run("su", "FAILED SU (to root) bob on /dev/pts/1"), "|bob");
	assert_string_equal(run("auth-service", "authentication failed for user alice: invalid credentials"),
			    "|alice");
	/* a mail server's trouble is not the client's failure */
	assert_string_equal(run("postfix/smtpd", "warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: "
				"Connection lost to authentication server"), "");
	assert_string_equal(run("postfix/smtpd", "warning: unknown[1.1.1.1]: SASL LOGIN authentication failed: "
				"UGFzc3dvcmQ6"), "1.1.1.1|");
}

/* Runs the detector on msg from program; returns the tags it set, then
 * "|user", e.g. "auth.failure auth.method.password|root". */
static const char *tags(const char *program, const char *msg)
{
	static char out[256];
	struct event e;
	size_t n = 0;

	event_reset(&e);
	e.program = (struct span){ program, strlen(program) };
	e.msg = (struct span){ msg, strlen(msg) };
	auth_detect(a, &e);
	out[0] = '\0';
	for (unsigned i = 0; i < e.ntags; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s", i ? " " : "",
				      (int)e.tags[i].len, e.tags[i].p);
	snprintf(out + n, sizeof out - n, "|%.*s", (int)e.user.len, e.user.p ? e.user.p : "");
	return out;
}

/* logwatch's digest: sshd's method and invalid accounts, sudo's failures,
 * su sessions (both syslog layouts), shadow-utils' account changes. */
static void test_auth_digest_tags(void **state)
{
	(void)state;
	assert_string_equal(tags("sshd", "Failed password for root from 192.0.2.9 port 2 ssh2"),
			    "auth.failure auth.method.password|root");
	assert_string_equal(tags("sshd", "Failed keyboard-interactive/pam for bob from 192.0.2.9 port 2 ssh2"),
			    "auth.failure auth.method.keyboard-interactive|bob");
	assert_string_equal(tags("sshd", "Failed none for invalid user x from 192.0.2.9 port 2 ssh2"),
			    "auth.failure auth.method.none|x");
	assert_string_equal(tags("sshd", "Invalid user oracle from 192.0.2.9 port 3"),
			    "auth.failure auth.invalid_user|oracle");
	assert_string_equal(tags("sudo", "    bob : 3 incorrect password attempts ; TTY=pts/0 ; "
				 "PWD=/home/bob ; USER=root ; COMMAND=/bin/ls"),
			    "auth.failure auth.sudo_failure|bob");
	assert_string_equal(tags("sudo", "    bob : TTY=pts/0 ; PWD=/home/bob ; USER=root ; COMMAND=/bin/ls"),
			    "auth.sudo|bob");
	assert_string_equal(tags("su(pam_unix)", "session opened for user news by (uid=0)"), "auth.su|news");
	assert_string_equal(tags("su", "pam_unix(su:session): session opened for user root(uid=0) by "
				 "alice(uid=1000)"), "auth.su|root");
	/* the same words from another program are no su session */
	assert_string_equal(tags("sshd(pam_unix)", "session opened for user test by (uid=509)"), "|");
	assert_string_equal(tags("useradd", "new user: name=eve, UID=1002, GID=1002, home=/home/eve"),
			    "auth.account|eve");
	assert_string_equal(tags("groupadd", "new group: name=eve, GID=1002"), "auth.account|eve");
	assert_string_equal(tags("usermod", "add 'eve' to shadow group 'sudo'"), "auth.account|eve");
	assert_string_equal(tags("gpasswd", "delete 'eve' from group 'sudo'"), "auth.account|eve");
	assert_string_equal(tags("userdel", "delete user 'eve'"), "auth.account|eve");
	assert_string_equal(tags("groupdel", "group 'eve' removed"), "auth.account|eve");
	assert_string_equal(tags("passwd", "pam_unix(passwd:chauthtok): password changed for bob"),
			    "auth.account|bob");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auth_sshd_attempts_and_clients),
		cmocka_unit_test(test_auth_pam_sudo_su_and_applications),
		cmocka_unit_test(test_auth_digest_tags),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
