/*
 * scan: the decimal parser (the integer ones are inline in scan.h).
 */
#include "scan.h"

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

int scan_json_double(const char *s, size_t len, double *out)
{
	static const double tens[] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
				       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
				       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	uint64_t m = 0;
	size_t i = 0, digits = 0, after = 0;
	bool minus = len && s[0] == '-', dot = false, seen = false;
	double v;

	for (i = minus; i < len; i++) {
		if (s[i] == '.' && !dot && seen) {
			dot = true;
		} else if (scan_is_digit(s[i])) {
			seen = true;
			if (digits || s[i] != '0') /* leading zeros are not significant */
				digits++;
			m = m * 10 + (uint64_t)(s[i] - '0');
			after += dot;
		} else {
			return -1;
		}
		if (digits > 15 || after > 22)
			return -1;
	}
	if (i == (size_t)minus || s[i - 1] == '.') /* no digit, or none after the point */
		return -1;
	v = (double)m / tens[after];
	*out = minus ? -v : v;
	return 0;
}
