/*
 * scan: number parsers over spans (see scan.h for the contract).
 */
#include "scan.h"

int scan_uint(const char *s, size_t len, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (!scan_is_digit(s[i]))
			return -1;
		d = (unsigned)(s[i] - '0');
		if (v > (max - d) / 10)
			return -1; /* v * 10 + d would pass max */
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int scan_int64(const char *s, size_t len, int64_t max, int64_t *out)
{
	uint64_t v;

	if (max < 0 || scan_uint(s, len, (uint64_t)max, &v))
		return -1;
	*out = (int64_t)v;
	return 0;
}

int scan_digits(const char *s, size_t n, int *out)
{
	int v = 0;

	if (n > 9)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!scan_is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int scan_decimal(const char *s, size_t len, bool neg, double *out)
{
	double v = 0, scale = 1;
	size_t i = 0;
	int digits = 0, dot = 0, minus = 0;

	if (neg && len && s[0] == '-')
		minus = 1, i = 1;
	for (; i < len; i++) {
		if (s[i] == '.' && !dot) {
			dot = 1;
		} else if (scan_is_digit(s[i])) {
			if (dot) {
				scale /= 10;
				v += (s[i] - '0') * scale;
			} else {
				v = v * 10 + (s[i] - '0');
			}
			digits++;
		} else {
			return -1;
		}
	}
	if (!digits || digits > 18)
		return -1;
	*out = minus ? -v : v;
	return 0;
}
