/* test_source: the accounting table drives encoding, lookup and adding. */
#include "testutil.h"

#include <string.h>

#include "buf.h"
#include "source.h"

static void test_source_table_names_every_counter_once(void **state)
{
	(void)state;
	for (size_t i = 0; i < source_nfields; i++) {
		const char *n = source_fields[i].name;
		assert_ptr_equal(source_field_find(n, strlen(n)), &source_fields[i]);
		for (size_t j = i + 1; j < source_nfields; j++)
			assert_true(source_fields[i].off != source_fields[j].off);
	}
	assert_null(source_field_find("written", 7)); /* ingest's own, not serialised */
	assert_null(source_field_find("line", 4));
}

static void test_source_add_adds_every_counter(void **state)
{
	struct source_acc a, b;
	uint64_t k = 1;

	(void)state;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	for (size_t i = 0; i < source_nfields; i++)
		if (source_fields[i].kind == SOURCE_COUNT) {
			*source_counter(&a, &source_fields[i]) = k;
			*source_counter(&b, &source_fields[i]) = 10 * k++;
		}
	source_add(&a, &b);
	k = 1;
	for (size_t i = 0; i < source_nfields; i++)
		if (source_fields[i].kind == SOURCE_COUNT)
			assert_int_equal(*source_counter(&a, &source_fields[i]), 11 * k++);
}

static void test_source_encodes_in_table_order(void **state)
{
	struct source_acc a;
	struct buf b;

	(void)state;
	memset(&a, 0, sizeof a);
	a.lines = 7;
	a.events = 5;
	a.gzip = true;
	for (int i = 0; i < 7; i++)
		source_note_unparsed(&a, (uint64_t)(10 + i));
	buf_init(&b, 0);
	buf_addc(&b, '{');
	source_encode_all(&b, &a);
	buf_addc(&b, '}');
	assert_string_equal(b.p, "{\"lines\":7,\"events\":5,\"continuation\":0,\"unparsed\":7,"
				 "\"unparsed_lines\":[10,11,12,13,14],\"filtered\":0,\"bytes\":0,"
				 "\"truncated\":0,\"dropped_bytes\":0,\"records_cut\":0,\"gzip\":true}");
	buf_reset(&b);
	buf_addc(&b, '{');
	source_encode(&b, &a, SOURCE_FLAG);
	source_encode(&b, &a, SOURCE_LINES);
	assert_string_equal(b.p, "{\"gzip\":true,\"unparsed_lines\":[10,11,12,13,14]");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_table_names_every_counter_once),
		cmocka_unit_test(test_source_add_adds_every_counter),
		cmocka_unit_test(test_source_encodes_in_table_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
