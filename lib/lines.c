/*
 * lines: one buffer [0, cap) holding the unread window [pos, end).  Line ends
 * are found by find_nl, which never looks at a byte twice, and lines are
 * handed out as spans into the window; only when a line straddles a refill is
 * its head moved to the front of the buffer (musl getdelim's idiom, without
 * the copy out).  cap = max_line + block, so after moving a head no longer
 * than max_line there is always at least one block of room to read into.
 *
 * Log lines are short (~100 bytes), so a memchr call per line spends much of
 * its time starting up.  On x86-64 find_nl instead compares 64 bytes at a
 * time into a bit mask of newline positions (AVX2 when the CPU has it, SSE2
 * otherwise; LOGSIFT_NO_AVX2 forces SSE2 for testing) and then pops one bit
 * per line, as simdjson does for structural characters; elsewhere, and for
 * the last < 64 bytes of the window, it uses memchr.
 */
#include "lines.h"

#include <stdlib.h> /* free, getenv */
#include <string.h> /* memchr, memmove */
#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SIMD 1
#include <immintrin.h> /* SSE2 and AVX2 compares and movemasks */
#endif

#include "input.h"
#include "mem.h"

#define LINES_BLOCK (131072) /* a read that stays in L2 until scanned */

struct lines {
	struct input *in;    /* borrowed */
	char *buf;           /* cap bytes */
	size_t cap;          /* max_line + block */
	size_t block;        /* most bytes asked of the input per read */
	size_t max_line;     /* longest line handed out whole */
	size_t pos;          /* start of the unread window */
	size_t end;          /* end of the valid bytes */
	size_t mnext;        /* find_nl has looked at every byte before this */
	size_t mbase;        /* offset of bit 0 of mask */
	uint64_t mask;       /* newlines in [mbase, mbase+64) not yet returned */
	uint64_t base;       /* stream offset of buf[0] */
	bool eof;            /* input returned 0 */
	bool failed;         /* input returned -1 */
	bool skipping;       /* discarding the tail of a truncated line */
	/* lines_next for this CPU: with AVX2 the search takes 32 bytes a step */
	int (*next)(struct lines *lr, struct line *out);
	struct lines_stats st;
};

static int lines_next_plain(struct lines *lr, struct line *out);

bool lines_pending(const struct lines *lr)
{
	return lr->mask != 0 || memchr(lr->buf + lr->mnext, '\n', lr->end - lr->mnext) != NULL;
}

#ifdef HAVE_SIMD
static int lines_next_avx2(struct lines *lr, struct line *out);
#endif

struct lines *lines_new_sized(struct input *in, size_t max_line, size_t block)
{
	struct lines *lr = xcalloc(1, sizeof *lr);

	lr->in = in;
	lr->max_line = max_line ? max_line : LINES_DEFAULT_MAX;
	lr->block = block ? block : 1;
	lr->cap = lr->max_line + lr->block;
	/* zeroed (free with calloc's fresh pages): PCRE2's JIT may read a few
	 * bytes past a subject's end, which must be initialised memory */
	lr->buf = xcalloc(1, lr->cap);
	lr->next = lines_next_plain;
#ifdef HAVE_SIMD
	if (__builtin_cpu_supports("avx2") && !getenv("LOGSIFT_NO_AVX2"))
		lr->next = lines_next_avx2;
#endif
	return lr;
}

struct lines *lines_new(struct input *in, size_t max_line)
{
	return lines_new_sized(in, max_line, LINES_BLOCK);
}

void lines_free(struct lines *lr)
{
	if (!lr)
		return;
	free(lr->buf);
	free(lr);
}

const struct lines_stats *lines_stats(struct lines *lr)
{
	/* bytes consumed is where the window starts: derived, not counted */
	lr->st.bytes = lr->base + lr->pos;
	return &lr->st;
}

#ifdef HAVE_SIMD
/* Bit i set when p[i] == '\n', for i in [0, 64): SSE2, in every x86-64. */
static inline uint64_t newline_mask_sse2(const char *p)
{
	const __m128i nl = _mm_set1_epi8('\n');
	uint64_t m = 0;

	for (int i = 0; i < 4; i++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i));
		m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)) << (16 * i);
	}
	return m;
}

/* The same with AVX2, used when the CPU has it (checked in lines_new). */
__attribute__((target("avx2"))) static inline uint64_t
newline_mask_avx2(const char *p)
{
	const __m256i nl = _mm256_set1_epi8('\n');
	__m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
	__m256i b = _mm256_loadu_si256((const __m256i *)(const void *)(p + 32));
	uint32_t lo = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, nl));
	uint32_t hi = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, nl));

	return (uint64_t)lo | (uint64_t)hi << 32;
}
#endif

/* Returns the offset of the next '\n' in [mnext, end) (or a pending one in
 * mask), or end when there is none yet. */
static inline __attribute__((always_inline)) size_t
find_nl_with(struct lines *lr, int avx2)
{
	/* locals, not lr->: the buffer is char, which may alias anything, so
	 * the compiler would reload every field after each load of a byte */
	uint64_t mask = lr->mask;
	size_t mbase = lr->mbase, mnext = lr->mnext, end = lr->end, i;
	const char *buf = lr->buf, *p;

	(void)avx2;
#ifdef HAVE_SIMD
	while (!mask && end - mnext >= 64) {
		mask = avx2 ? newline_mask_avx2(buf + mnext)
			    : newline_mask_sse2(buf + mnext);
		mbase = mnext;
		mnext += 64;
	}
#endif
	if (mask) {
		i = mbase + (size_t)__builtin_ctzll(mask);
		mask &= mask - 1;
	} else {
		p = memchr(buf + mnext, '\n', end - mnext);
		i = p ? (size_t)(p - buf) : end;
		mnext = p ? i + 1 : end;
	}
	lr->mask = mask;
	lr->mbase = mbase;
	lr->mnext = mnext;
	return i;
}

/* Forgets the window (all of it consumed) so the next read starts at 0. */
static void drop_window(struct lines *lr)
{
	lr->base += lr->end;
	lr->pos = lr->end = lr->mnext = lr->mbase = 0;
	lr->mask = 0;
}

/* Moves the window to the front and reads more.  Returns >0, 0 or -1. */
static __attribute__((noinline, cold)) int refill(struct lines *lr)
{
	ssize_t n;
	size_t room;

	if (lr->pos > 0) {
		/* the mask stays valid: its bits only name offsets >= pos */
		memmove(lr->buf, lr->buf + lr->pos, lr->end - lr->pos);
		lr->base += lr->pos;
		lr->end -= lr->pos;
		lr->mnext -= lr->pos;
		lr->mbase = lr->mbase >= lr->pos ? lr->mbase - lr->pos : 0;
		lr->pos = 0;
	}
	room = lr->cap - lr->end;
	n = input_read(lr->in, lr->buf + lr->end, room < lr->block ? room : lr->block);
	if (n < 0) {
		lr->failed = true;
		lr->st.partial_bytes += lr->end - lr->pos;
		return -1;
	}
	if (n == 0) {
		lr->eof = true;
		return 0;
	}
	lr->end += (size_t)n;
	return 1;
}

static inline void emit(struct lines *lr, struct line *out, size_t len, bool truncated)
{
	out->p = lr->buf + lr->pos;
	out->len = len;
	out->offset = lr->base + lr->pos;
	out->no = ++lr->st.lines;
	out->truncated = truncated;
	out->crlf = !truncated && len > 0 && out->p[len - 1] == '\r';
	if (out->crlf) {
		out->len--;
		lr->st.crlf++;
	}
	if (truncated)
		lr->st.truncated++;
}

/* Drops the rest of a truncated line.  Returns 1 when done, 0/-1 when the
 * input ended or failed first. */
static __attribute__((noinline, cold)) int skip_tail(struct lines *lr)
{
	for (;;) {
		size_t nl = find_nl_with(lr, 0);
		if (nl < lr->end) {
			size_t k = nl - lr->pos + 1;
			lr->st.skipped_bytes += k - 1;
			lr->pos = nl + 1;
			lr->skipping = false;
			return 1;
		}
		lr->st.skipped_bytes += lr->end - lr->pos;
		drop_window(lr);
		int rc = lr->eof ? 0 : refill(lr);
		if (rc <= 0) {
			lr->skipping = false;
			return rc;
		}
	}
}

/* The whole of lines_next, inlined once per instruction set so that the
 * newline search, the bookkeeping and emit compile into one loop. */
static inline __attribute__((always_inline)) int
lines_next_with(struct lines *lr, struct line *out, int avx2)
{
	if (__builtin_expect(lr->failed | lr->skipping, 0)) {
		if (lr->failed || skip_tail(lr) < 0)
			return -1;
	}
	for (;;) {
		size_t nl = find_nl_with(lr, avx2), have;

		if (nl < lr->end) {
			size_t len = nl - lr->pos;
			if (len > lr->max_line) {
				/* found the end, but the line is too long */
				emit(lr, out, lr->max_line, true);
				lr->st.skipped_bytes += len - lr->max_line;
			} else {
				emit(lr, out, len, false);
			}
			lr->pos = nl + 1;
			return 1;
		}
		have = lr->end - lr->pos;
		if (have > lr->max_line && !lr->eof) {
			emit(lr, out, lr->max_line, true);
			lr->st.skipped_bytes += have - lr->max_line;
			lr->pos = lr->end;
			lr->skipping = true;
			return 1;
		}
		if (lr->eof) {
			if (have == 0)
				return 0;
			emit(lr, out, have > lr->max_line ? lr->max_line : have,
			     have > lr->max_line);
			if (have > lr->max_line)
				lr->st.skipped_bytes += have - lr->max_line;
			lr->pos = lr->end;
			return 1;
		}
		if (refill(lr) < 0)
			return -1;
	}
}

#ifdef HAVE_SIMD
__attribute__((target("avx2"))) static int
lines_next_avx2(struct lines *lr, struct line *out)
{
	return lines_next_with(lr, out, 1);
}
#endif

static int lines_next_plain(struct lines *lr, struct line *out)
{
	return lines_next_with(lr, out, 0);
}

size_t lines_buffered(struct lines *lr, const char **p)
{
	size_t end;

	if (lr->failed || lr->skipping)
		return 0;
	for (;;) {
		end = lr->end;
		while (end > lr->pos && lr->buf[end - 1] != '\n')
			end--;
		/* a line longer than the room left must go through lines_next */
		if (end > lr->pos || lr->eof || lr->end - lr->pos >= lr->max_line)
			break;
		if (refill(lr) < 0)
			return 0;
	}
	*p = lr->buf + lr->pos;
	return end - lr->pos;
}

#ifdef HAVE_SIMD
__attribute__((target("avx2,popcnt"))) static uint64_t count_avx2(const char *p, size_t n)
{
	uint64_t count = 0;
	size_t i = 0;

	for (; i + 64 <= n; i += 64)
		count += (uint64_t)__builtin_popcountll(newline_mask_avx2(p + i));
	for (; i < n; i++)
		count += p[i] == '\n';
	return count;
}
#endif

uint64_t lines_count_newlines(const char *p, size_t n)
{
	uint64_t count = 0;
	size_t i = 0;

#ifdef HAVE_SIMD
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt") &&
	    !getenv("LOGSIFT_NO_AVX2"))
		return count_avx2(p, n);
#endif
	for (; i + 8 <= n; i += 8) { /* eight bytes a step: a zero byte of w ^ '\n' */
		uint64_t w, x;

		memcpy(&w, p + i, 8);
		x = w ^ 0x0a0a0a0a0a0a0a0aULL;
		x = ~(((x & 0x7f7f7f7f7f7f7f7fULL) + 0x7f7f7f7f7f7f7f7fULL) | x) & 0x8080808080808080ULL;
		count += (uint64_t)__builtin_popcountll(x);
	}
	for (; i < n; i++)
		count += p[i] == '\n';
	return count;
}

void lines_start_at(struct lines *lr, uint64_t offset, uint64_t lines)
{
	lr->base = offset;
	lr->st.lines = lines;
}

uint64_t lines_skip(struct lines *lr, size_t n)
{
	size_t np = lr->pos + n;
	uint64_t count = lines_count_newlines(lr->buf + lr->pos, n);
	/* the newline mask names only offsets from pos on: drop those skipped */
	if (lr->mnext <= np) {
		lr->mask = 0;
		lr->mnext = lr->mbase = np;
	} else if (lr->mask && np > lr->mbase) { /* then mnext == mbase + 64 */
		lr->mask &= ~0ULL << (np - lr->mbase);
	}
	lr->pos = np;
	lr->st.lines += count;
	return count;
}

int lines_next(struct lines *lr, struct line *out)
{
	return lr->next(lr, out); /* a tail call into the chosen copy */
}
