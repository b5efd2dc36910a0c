/* test_hash: hash_bytes reads a key's last bytes in registers, and must
 * give what the plain definition gives (the tail's bytes, zero-padded to
 * a little-endian word): the in-memory tables' order, and with it the
 * order of equal counts in a top list, rests on it. */
#include "testutil.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"

/* the definition, a byte at a time */
static uint64_t plain_hash(const unsigned char *k, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; k += 8, len -= 8) {
		w = 0;
		for (size_t i = 0; i < 8; i++)
			w |= (uint64_t)k[i] << (8 * i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	for (size_t i = 0; i < len; i++)
		w |= (uint64_t)k[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static void test_hash_is_its_definition_at_every_length(void **state)
{
	unsigned char bytes[80];

	(void)state;
	srand(7);
	for (int round = 0; round < 200; round++) {
		for (size_t i = 0; i < sizeof bytes; i++)
			bytes[i] = (unsigned char)(round % 3 ? rand() : 0xff);
		for (size_t len = 0; len <= 40; len++) {
			/* exactly len bytes of their own, at every alignment:
			 * ASan would see a read past them */
			for (size_t at = 0; at < 8; at++) {
				unsigned char *k = malloc(len ? len : 1);

				memcpy(k, bytes + at, len);
				assert_true(hash_bytes(k, len) == plain_hash(bytes + at, len));
				free(k);
			}
		}
	}
}

static void test_hash_tells_apart_keys_that_differ_in_the_tail(void **state)
{
	(void)state;
	/* a byte beyond the key is not read into it */
	assert_true(hash_bytes("abc", 2) == hash_bytes("abd", 2));
	assert_true(hash_bytes("/api/media/405", 14) != hash_bytes("/api/media/406", 14));
	assert_true(hash_bytes("a", 1) != hash_bytes("a\0", 2));
	assert_true(hash_bytes("", 0) != hash_bytes("\0", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_is_its_definition_at_every_length),
		cmocka_unit_test(test_hash_tells_apart_keys_that_differ_in_the_tail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
