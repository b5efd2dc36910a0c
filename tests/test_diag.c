/* test_diag: the message format and the sanitising of control bytes. */
#include "testutil.h"

#include <string.h>

#include "diag.h"

static size_t fmt(char *dst, size_t cap, const struct diag_where *w,
		  const char *kind, const char *f, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, f);
	n = diag_format(dst, cap, w, kind, f, ap);
	va_end(ap);
	return n;
}

static void test_diag_names_program_file_and_line(void **state)
{
	char msg[256];
	struct diag_where w = { "logs/a.log.gz", 1234 };

	(void)state;
	diag_init("/usr/bin/ingest");
	fmt(msg, sizeof msg, &w, NULL, "line truncated at %d bytes", 1048576);
	assert_string_equal(msg, "ingest: logs/a.log.gz:1234: line truncated at 1048576 bytes\n");
	w.line = 0;
	fmt(msg, sizeof msg, &w, "warning: ", "empty");
	assert_string_equal(msg, "ingest: logs/a.log.gz: warning: empty\n");
	fmt(msg, sizeof msg, NULL, NULL, "plain");
	assert_string_equal(msg, "ingest: plain\n");
}

static void test_diag_replaces_control_bytes(void **state)
{
	char msg[256];
	struct diag_where w = { "evil\x1b[2Jname", 7 };

	(void)state;
	diag_init("ingest");
	fmt(msg, sizeof msg, &w, NULL, "bad '%s'", "x\ry\x7f\n");
	assert_string_equal(msg, "ingest: evil?[2Jname:7: bad 'x?y?" "?'\n");
	/* a file name with U+202E shows backwards; C1 controls and U+2028 too */
	w.file = "/tmp/evil\xe2\x80\xaegol.txt";
	fmt(msg, sizeof msg, &w, NULL, "a\xc2\x9b" "b\xe2\x80\xa8" "c \xc3\xa9");
	assert_string_equal(msg, "ingest: /tmp/evil?gol.txt:7: a?b?c \xc3\xa9\n");
}

static void test_diag_cuts_long_messages(void **state)
{
	char msg[64];
	char big[500];
	size_t n;

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	diag_init("ingest");
	n = fmt(msg, sizeof msg, NULL, NULL, "%s", big);
	assert_int_equal(n, sizeof msg - 1);
	assert_int_equal(msg[n - 1], '\n');
	assert_int_equal(strlen(msg), n);
}

static void test_diag_error_returns_minus_one(void **state)
{
	(void)state;
	assert_int_equal(diag_error(NULL, "%s", "expected test message"), -1);
	assert_int_equal(diag_warn(NULL, "%s", "expected test message"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diag_names_program_file_and_line),
		cmocka_unit_test(test_diag_replaces_control_bytes),
		cmocka_unit_test(test_diag_cuts_long_messages),
		cmocka_unit_test(test_diag_error_returns_minus_one),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
