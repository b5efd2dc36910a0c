/*
 * auth: failed logins as the services write them — sshd, PAM (any service
 * but sshd, which writes its own line for the same attempt), nginx's
 * auth_basic, Apache's auth modules, postfix's SASL, dovecot, sudo and su —
 * judged the way fail2ban's filters judge them in their normal mode, and
 * measured against them (tests/security/auth/, tests/auth-corpus.sh).
 * A failure is tagged "auth.failure", and its client (ip: IPv4, IPv6, a
 * ::ffff:-mapped address as IPv4, a host name as written) and user are set
 * from the message.  One attempt, one tagged line.
 */
#ifndef LOGSIFT_AUTH_H
#define LOGSIFT_AUTH_H

#include <stdbool.h>

#include "event.h"

struct auth;

struct auth *auth_new(void);
void auth_free(struct auth *a);
/* Tags e when its message is a failed login; true if it was.  A
 * successful login ("auth.success") and a command run through sudo
 * ("auth.sudo") are tagged too, with their user (and client), for the
 * logins digest (false: they are no failures). */
bool auth_detect(struct auth *a, struct event *e);

#endif
