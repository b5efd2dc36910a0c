/* test_ytree: the arena tree is the tree yajl_tree_parse builds — same
 * shape, keys, strings and number flags — and fails where it fails. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "ytree.h"

/* a and b are the same tree */
static void same_tree(yajl_val a, yajl_val b)
{
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(a->type, b->type);
	switch (a->type) {
	case yajl_t_string:
		assert_string_equal(a->u.string, b->u.string);
		break;
	case yajl_t_number:
		assert_string_equal(a->u.number.r, b->u.number.r);
		assert_int_equal(a->u.number.flags, b->u.number.flags);
		if (a->u.number.flags & YAJL_NUMBER_INT_VALID)
			assert_true(a->u.number.i == b->u.number.i);
		if (a->u.number.flags & YAJL_NUMBER_DOUBLE_VALID)
			assert_memory_equal(&a->u.number.d, &b->u.number.d, sizeof(double));
		break;
	case yajl_t_object:
		assert_int_equal(a->u.object.len, b->u.object.len);
		for (size_t i = 0; i < a->u.object.len; i++) {
			assert_string_equal(a->u.object.keys[i], b->u.object.keys[i]);
			same_tree(a->u.object.values[i], b->u.object.values[i]);
		}
		break;
	case yajl_t_array:
		assert_int_equal(a->u.array.len, b->u.array.len);
		for (size_t i = 0; i < a->u.array.len; i++)
			same_tree(a->u.array.values[i], b->u.array.values[i]);
		break;
	default:
		break;
	}
}

static void check_same(const char *text)
{
	char err[256], yerr[256];
	struct ytree *t = NULL;
	yajl_val mine = ytree_parse(text, strlen(text), &t, err, sizeof err);
	yajl_val theirs = yajl_tree_parse(text, yerr, sizeof yerr);

	same_tree(mine, theirs);
	yajl_tree_free(theirs);
	ytree_free(t);
}

static void test_ytree_builds_yajls_tree(void **state)
{
	(void)state;
	check_same("{\"v\":1,\"type\":\"summary\",\"a\":[1,2,{\"b\":null}],\"t\":true,\"f\":false}");
	check_same("[]");
	check_same("{}");
	check_same("\"only a string\"");
	check_same("{\"nested\":[[[[{\"deep\":[]}]]]],\"empty\":{},\"k\":\"\\u00e9\\n\\\"\"}");
	/* comments, as yajl_tree_parse allows them */
	check_same("{\"a\": /* note */ 1}");
	/* keys repeated stay repeated, in order */
	check_same("{\"a\":1,\"a\":2}");
	/* thousands of members: the shared member stack grows */
	{
		static char big[120000];
		size_t n = 0;

		big[n++] = '[';
		for (int i = 0; i < 5000; i++)
			n += (size_t)snprintf(big + n, sizeof big - n, "%s{\"k%d\":%d}", i ? "," : "", i, i);
		big[n++] = ']';
		big[n] = 0;
		check_same(big);
	}
}

static void test_ytree_reads_numbers_as_yajl_does(void **state)
{
	(void)state;
	/* counts (the fast path), their edges, and what only strtod reads */
	check_same("[0,1,-1,42,123456789012345678,999999999999999999,-999999999999999999]");
	check_same("[-0,-0.0,0.5,1e3,1E-3,2.5e+10,1.7976931348623157e308,4.9e-324]");
	/* past 18 digits: strtoll's range, then beyond it (a double only) */
	check_same("[1234567890123456789,9223372036854775807,9223372036854775808,-9223372036854775809]");
	check_same("[12345678901234567890123,1e400,-1e400,1e-400]");
}

static void test_ytree_fails_where_yajl_fails(void **state)
{
	static const char *const bad[] = { "", "{", "[1,2", "{\"a\" 1}", "nul", "[1,]x", "{}{}",
					   "[\"\\x\"]", "[01]" };
	char err[256], yerr[256];

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct ytree *t = (struct ytree *)1;
		yajl_val theirs = yajl_tree_parse(bad[i], yerr, sizeof yerr);
		yajl_val mine = ytree_parse(bad[i], strlen(bad[i]), &t, err, sizeof err);

		assert_null(mine);
		assert_null(t);
		assert_null(theirs);
		assert_true(strlen(err) > 0);
		assert_null(strchr(err, '\n')); /* the first line of yajl's message */
	}
	/* a NUL inside the text is an error, not the end of the document */
	{
		struct ytree *t;

		assert_null(ytree_parse("{\"a\":1}\0{", 9, &t, err, sizeof err));
	}
}

/* Deferred arrays: left empty in the tree, then handed out one element at
 * a time, each the tree yajl builds of that element's text. */
struct seen {
	int n, stop_at;
	char paths[8][64];
	yajl_val elem[8];
	const char *want[8];
};

static int defer_test(const char *const *path, size_t depth, void *ctx)
{
	(void)ctx;
	return (depth == 1 && !strcmp(path[0], "hours")) ||
	       (depth >= 2 && !strcmp(path[depth - 1], "items"));
}

static int each_test(const char *const *path, size_t depth, yajl_val v, void *ctx)
{
	struct seen *s = ctx;
	char err[64];
	yajl_val theirs;

	assert_true(s->n < 8);
	s->paths[s->n][0] = 0;
	for (size_t i = 0; i < depth; i++) {
		strcat(s->paths[s->n], i ? "/" : "");
		strcat(s->paths[s->n], path[i]);
	}
	theirs = yajl_tree_parse(s->want[s->n], err, sizeof err);
	same_tree(v, theirs); /* compared now: freed after this call */
	yajl_tree_free(theirs);
	return ++s->n != s->stop_at;
}

static void test_ytree_reads_deferred_arrays_one_element_at_a_time(void **state)
{
	static const char text[] =
		"{\"a\":[1,[2]],\"hours\":[{\"x\":1},{\"x\":[2,3],\"items\":[4]}],"
		"\"top\":{\"ips\":{\"items\":[{\"k\":\"a\"},\"b\",null],\"total\":3}},"
		"\"z\":{\"items\":[9]},\"deep\":{\"a\":{\"b\":{\"items\":[7]}}}}";
	struct seen s = { .want = { "{\"x\":1}", "{\"x\":[2,3],\"items\":[4]}", "{\"k\":\"a\"}",
				    "\"b\"", "null", "9", "7" } };
	struct ytree_stream st = { defer_test, each_test, &s };
	char err[256];
	struct ytree *t = NULL;
	yajl_val root, theirs;

	(void)state;
	root = ytree_parse_deferred(text, strlen(text), &t, &st, err, sizeof err);
	theirs = yajl_tree_parse("{\"a\":[1,[2]],\"hours\":[],\"top\":{\"ips\":{\"items\":[],"
				 "\"total\":3}},\"z\":{\"items\":[]},\"deep\":{\"a\":{\"b\":"
				 "{\"items\":[]}}}}", err, sizeof err);
	same_tree(root, theirs);
	yajl_tree_free(theirs);
	ytree_free(t);
	assert_int_equal(ytree_each(text, strlen(text), &st, err, sizeof err), 0);
	assert_int_equal(s.n, 7);
	assert_string_equal(s.paths[0], "hours");
	assert_string_equal(s.paths[1], "hours");
	assert_string_equal(s.paths[2], "top/ips/items");
	assert_string_equal(s.paths[4], "top/ips/items");
	assert_string_equal(s.paths[5], "z/items");
	assert_string_equal(s.paths[6], "deep/a/b/items");
	/* each stops it */
	s.n = 0;
	s.stop_at = 2;
	assert_int_equal(ytree_each(text, strlen(text), &st, err, sizeof err), -1);
	assert_int_equal(s.n, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ytree_builds_yajls_tree),
		cmocka_unit_test(test_ytree_reads_deferred_arrays_one_element_at_a_time),
		cmocka_unit_test(test_ytree_reads_numbers_as_yajl_does),
		cmocka_unit_test(test_ytree_fails_where_yajl_fails),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
