/* fuzz_summary: a summary document, decoded, merged, written, read back
 * (written again it is the same text), rendered in every medium, judged
 * as --check judges it (status line, performance data), and cut to the
 * period as --json writes it. */
#include "fuzz.h"

#include <string.h>

#include "../../report/build.h"
#include "../../report/doc.h"
#include "period.h"
#include "../../report/render.h"
#include "buf.h"
#include "summary.h"

/* The daily and weekly pages of the last day, in every medium. */
static void render(struct summary *s)
{
	static const enum period_kind kinds[] = { PERIOD_DAY, PERIOD_WEEK, PERIOD_WINDOW };
	struct report_opts o = { .zone = NULL, .zone_name = "UTC", .top = 10 };
	struct period p;
	struct buf out;
	char err[300];

	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct doc d;
		char status[1024], perf[REPORT_PERFDATA_MAX];
		size_t bars;
		struct check checks[CHECKS_MAX];

		if (period_select(&p, kinds[k], NULL, s, NULL, err, sizeof err))
			continue;
		report_checks(s, &p, &s->limits, NULL, checks);
		report_status_line(status, sizeof status, s, &p, checks, &s->limits);
		report_perfdata(perf, sizeof perf, checks, &s->limits);
		FUZZ_ASSERT(strlen(status) < sizeof status);
		FUZZ_ASSERT(strlen(perf) + 1 < sizeof perf); /* never cut */
		buf_init(&out, 0);
		report_check_line(&out, s, &p, checks, &s->limits);
		bars = 0;
		for (size_t i = 0; i < out.len; i++)
			bars += out.p[i] == '|';
		FUZZ_ASSERT(!memchr(out.p, '\n', out.len) && bars <= 1); /* one line, one '|' */
		buf_release(&out);
		FUZZ_ASSERT(report_status(s, &p, &s->limits, checks) <= CHECK_CRIT);
		doc_init(&d);
		report_build(&d, s, &p, &s->limits, &o);
		buf_init(&out, 0);
		render_text(&d, &out, true, 100);
		render_markdown(&d, &out);
		render_html(&d, &out);
		buf_release(&out);
		doc_release(&d);
	}
	/* --json of the last week: the summary cut to it, still a summary */
	if (!period_select(&p, PERIOD_WEEK, NULL, s, NULL, err, sizeof err)) {
		struct summary cut;
		char *written;

		summary_cut(s, p.start_ms, p.end_ms);
		buf_init(&out, 0);
		summary_encode(s, &out);
		written = fuzz_exact_copy(out.p, out.len);
		summary_init(&cut);
		FUZZ_ASSERT(summary_decode(written, out.len, &cut, err, sizeof err) == 0);
		summary_release(&cut);
		free(written);
		buf_release(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct summary s, t;
	struct buf a, b;
	char err[300], *written;

	summary_init(&s);
	if (summary_decode((const char *)data, size, &s, err, sizeof err) == 0) {
		buf_init(&a, 0);
		buf_init(&b, 0);
		summary_encode(&s, &a);
		summary_init(&t);
		written = fuzz_exact_copy(a.p, a.len);
		FUZZ_ASSERT(summary_decode(written, a.len, &t, err, sizeof err) == 0);
		free(written);
		summary_encode(&t, &b);
		FUZZ_ASSERT(a.len == b.len && !memcmp(a.p, b.p, a.len));
		summary_merge(&t, &s);
		buf_reset(&b);
		summary_encode(&t, &b);
		render(&t);
		summary_release(&t);
		buf_release(&a);
		buf_release(&b);
	}
	summary_release(&s);
	return 0;
}
