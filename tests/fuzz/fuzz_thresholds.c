/* fuzz_thresholds: a thresholds file; whatever it sets is a limit the
 * checks can judge with. */
#include "fuzz.h"

#include <string.h>

#include "thresholds.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct thresholds t;
	char *text = malloc(size + 1), err[300];

	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = 0;
	thresholds_defaults(&t);
	if (thresholds_parse(&t, "fuzz", text, size, err, sizeof err) == 0)
		for (int i = 0; i < CHECK_COUNT; i++)
			(void)thresholds_judge(&t, (enum check_id)i, 1.0);
	free(text);
	return 0;
}
