/* test_fingerprint: error messages group by shape; paths by endpoint. */
#include "testutil.h"

#include <string.h>

#include "../analyze/fingerprint.h"
#include "buf.h"

static struct buf b;

static const char *fp(const char *s)
{
	buf_reset(&b);
	fingerprint_message(s, strlen(s), &b);
	return b.p;
}

static const char *pn(const char *s)
{
	buf_reset(&b);
	path_normalise(s, strlen(s), &b);
	return b.p;
}

static void test_fingerprint_masks_variable_parts(void **state)
{
	(void)state;
	assert_string_equal(fp("database connection failed: timeout after 7851 ms"),
			    "database connection failed: timeout after <n> ms");
	assert_string_equal(fp("database connection failed: timeout after 2411 ms"),
			    "database connection failed: timeout after <n> ms");
	assert_string_equal(fp("job 550e8400-e29b-41d4-a716-446655440000 failed at 0x7ffd1234"),
			    "job <uuid> failed at <hex>");
	assert_string_equal(fp("login from 203.0.113.50:4431 and 2001:db8::17 for bob@example.com"),
			    "login from <ip> and <ip> for <email>");
	assert_string_equal(fp("cannot open '/etc/app.conf': No such file (errno=2)"),
			    "cannot open <str>: No such file (errno=<n>)");
	assert_string_equal(fp("GET /api/users/42 took 1.25s"), "GET <path> took <n>s");
	assert_string_equal(fp("commit deadbeefcafe1234 pushed"), "commit <hex> pushed");
	assert_string_equal(fp("  http2   utf8\tstream  "), "http2 utf8 stream");
}

static void test_fingerprint_is_bounded(void **state)
{
	char big[2000];

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(strlen(fp(big)), FP_MAX);
	big[5] = '"';
	assert_true(strlen(fp(big)) <= FP_MAX);
}

/* Found by fuzz_parse: a request with a status and no path reached
 * path_normalise with NULL and 0 (memchr and pointer arithmetic on NULL). */
static void test_path_normalise_takes_no_path(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	path_normalise(NULL, 0, &out);
	assert_string_equal(out.p, "/");
	buf_release(&out);
}

static void test_path_normalise_replaces_ids(void **state)
{
	(void)state;
	assert_string_equal(pn("/api/users/123"), "/api/users/:id");
	assert_string_equal(pn("/api/users/123/orders/9?page=2"), "/api/users/:id/orders/:id");
	assert_string_equal(pn("/v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail"), "/v2/:hash/servers/detail");
	assert_string_equal(pn("/files/550e8400-e29b-41d4-a716-446655440000"), "/files/:uuid");
	assert_string_equal(pn("/static/app.js"), "/static/app.js");
	assert_string_equal(pn("/"), "/");
	assert_string_equal(pn("?x=1"), "/");
	assert_string_equal(pn("/a/b/c/d/e/f/g/h/i/j"), "/a/b/c/d/e/f/g/h/...");
}

static int teardown(void **state)
{
	(void)state;
	buf_release(&b);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprint_masks_variable_parts),
		cmocka_unit_test(test_fingerprint_is_bounded),
		cmocka_unit_test(test_path_normalise_replaces_ids),
		cmocka_unit_test(test_path_normalise_takes_no_path),
	};
	return cmocka_run_group_tests(tests, NULL, teardown);
}
