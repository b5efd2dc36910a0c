/*
 * diag: formatting and writing of diagnostics.  Long messages are cut at
 * DIAG_MAX bytes rather than allocated: a message about a hostile 1 MiB line
 * must not itself be 1 MiB.
 */
#include "diag.h"

#include <stdio.h>  /* vsnprintf, snprintf */
#include <stdlib.h> /* exit */
#include <string.h> /* strrchr */
#include <unistd.h> /* write */

#include "utf8.h"

#define DIAG_MAX 4096

static const char *prog = "logsift";
static bool quiet;             /* -q: no warnings */

void diag_init(const char *argv0)
{
	const char *slash;

	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	prog = slash ? slash + 1 : argv0;
}

const char *diag_prog(void)
{
	return prog;
}

/* Replaces what a terminal would interpret or what would disguise the
 * text (controls, bidi overrides: utf8_is_unsafe) with one '?' each, in
 * place; returns the new length.  Invalid UTF-8 is left as it is: it
 * cannot drive a terminal, and the bytes may be the file's real name. */
static size_t sanitise(char *s, size_t len)
{
	size_t i = 0, j = 0;

	while (i < len) {
		long cp;
		size_t n = utf8_next((const unsigned char *)s + i, len - i, &cp);

		if (cp >= 0 && utf8_is_unsafe(cp)) {
			s[j++] = '?';
		} else {
			memmove(s + j, s + i, n);
			j += n;
		}
		i += n;
	}
	s[j] = '\0';
	return j;
}

static size_t clamp(int n, size_t room)
{
	if (n < 0)
		return 0;
	return (size_t)n < room ? (size_t)n : room - 1;
}

size_t diag_format(char *dst, size_t cap, const struct diag_where *w,
		   const char *kind, const char *fmt, va_list ap)
{
	size_t len = 0;

	if (cap < 2)
		return 0;
	len += clamp(snprintf(dst, cap, "%s: ", prog), cap);
	if (w && w->file) {
		if (w->line)
			len += clamp(snprintf(dst + len, cap - len, "%s:%llu: ",
					      w->file, (unsigned long long)w->line),
				     cap - len);
		else
			len += clamp(snprintf(dst + len, cap - len, "%s: ", w->file),
				     cap - len);
	}
	if (kind && len < cap - 1)
		len += clamp(snprintf(dst + len, cap - len, "%s", kind), cap - len);
	if (len < cap - 1)
		len += clamp(vsnprintf(dst + len, cap - len, fmt, ap), cap - len);
	len = sanitise(dst, len);
	if (len >= cap - 1)
		len = cap - 2;
	dst[len++] = '\n';
	dst[len] = '\0';
	return len;
}

static void emit(const struct diag_where *w, const char *kind,
		 const char *fmt, va_list ap)
{
	char msg[DIAG_MAX];
	size_t len = diag_format(msg, sizeof msg, w, kind, fmt, ap);
	const char *p = msg;

	while (len > 0) {
		ssize_t n = write(2, p, len);
		if (n <= 0)
			return; /* nowhere left to report a failing stderr */
		p += n;
		len -= (size_t)n;
	}
}

int diag_error(const struct diag_where *w, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(w, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

void diag_quiet(bool q)
{
	quiet = q;
}

int diag_warn(const struct diag_where *w, const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return 0;
	va_start(ap, fmt);
	emit(w, "warning: ", fmt, ap);
	va_end(ap);
	return 0;
}

void diag_note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, NULL, fmt, ap);
	va_end(ap);
}

void diag_die(enum ls_exit code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, NULL, fmt, ap);
	va_end(ap);
	exit((int)code);
}
