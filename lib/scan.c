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
