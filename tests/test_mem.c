/* test_mem: the allocators that cannot fail: what they return is usable,
 * zeroed where they say, aligned where they say. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void test_mem_aligned_is_zeroed_on_the_boundary(void **state)
{
	(void)state;
	for (size_t align = 8; align <= 4096; align *= 2)
		for (size_t n = 0; n < 300; n += 37) {
			unsigned char *p = xcalloc_aligned(align, n);

			assert_int_equal((uintptr_t)p % align, 0);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(p[i], 0);
			memset(p, 0xaa, n); /* all of it is ours (ASan would say) */
			free(p);
		}
}

static void test_mem_huge_is_zeroed_and_aligned(void **state)
{
	(void)state;
	/* below 2 MiB an ordinary aligned block; above, one on a huge page's
	 * boundary (whether the system made its pages huge is its choice) */
	for (size_t n = 1000; n <= (size_t)5 << 20; n *= 7) {
		unsigned char *p = xcalloc_huge(n);

		assert_int_equal((uintptr_t)p % (n < ((size_t)2 << 20) ? 64 : (size_t)2 << 20), 0);
		for (size_t i = 0; i < n; i += 4093)
			assert_int_equal(p[i], 0);
		assert_int_equal(p[n - 1], 0);
		memset(p, 0x55, n);
		free(p);
	}
}

static void test_mem_strndup_keeps_nuls_and_terminates(void **state)
{
	char *d = xstrndup("a\0bc", 3);

	(void)state;
	assert_memory_equal(d, "a\0b", 3);
	assert_int_equal(d[3], '\0');
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_aligned_is_zeroed_on_the_boundary),
		cmocka_unit_test(test_mem_huge_is_zeroed_and_aligned),
		cmocka_unit_test(test_mem_strndup_keeps_nuls_and_terminates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
