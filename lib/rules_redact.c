/*
 * rules_redact: --redact, every PII and secret match masked with a short
 * hash of the value, so equal values stay linkable.
 */
#include "rules_int.h"

#include <stdio.h>  /* snprintf */
#include <string.h> /* memcpy */

#include "scan.h"

static unsigned long mask_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)scan_lower(p[i])) * 1099511628211ULL;
	return (unsigned long)(h >> 40);
}

bool rules_redact(struct rules *r, const char *text, size_t len, struct buf *out)
{
	bool any = false;
	const char *p;
	size_t n = len;
	struct buf cur;

	buf_init(&cur, 0);
	buf_add(&cur, text, len); /* a padded copy: see rules_pad() */
	rules_pad(&cur);
	p = cur.p;
	for (size_t i = 0; i < r->n; i++) {
		struct rule *ru = &r->v[i];
		PCRE2_SIZE off = 0, copied = 0;
		bool hit = false;

		if (!ru->masks)
			continue;
		buf_reset(&r->tmp);
		while (off <= n && pcre2_match(ru->re, (PCRE2_SPTR)p, n, off, 0, r->md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);

			if (ov[1] == ov[0] || (ru->luhn && !rules_luhn(p + ov[0], ov[1] - ov[0]))) {
				off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
				continue;
			}
			buf_add(&r->tmp, p + copied, ov[0] - copied);
			buf_addf(&r->tmp, "[%s:%06lx]", ru->id, mask_hash(p + ov[0], ov[1] - ov[0]));
			copied = off = ov[1];
			hit = true;
		}
		if (!hit)
			continue;
		buf_add(&r->tmp, p + copied, n - copied);
		buf_reset(&cur);
		buf_add(&cur, r->tmp.p, r->tmp.len);
		rules_pad(&cur);
		p = cur.p;
		n = cur.len;
		any = true;
	}
	buf_add(out, p, n);
	buf_release(&cur);
	return any;
}
