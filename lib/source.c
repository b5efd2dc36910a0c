/*
 * source: the accounting table and what it drives.
 */
#include "source.h"

#include <string.h> /* strlen, memcmp */

#include "buf.h"
#include "jsonw.h"
#include "scan.h"

#define COUNT(name, member) { name, SOURCE_COUNT, offsetof(struct source_acc, member), false }
#define COUNT_SOME(name, member) { name, SOURCE_COUNT, offsetof(struct source_acc, member), true }

const struct source_field source_fields[] = {
	COUNT("lines", lines),
	COUNT("events", events),
	COUNT("continuation", continuation),
	COUNT("unparsed", unparsed),
	{ "unparsed_lines", SOURCE_LINES, offsetof(struct source_acc, unparsed_at), false },
	COUNT("filtered", filtered),
	COUNT("bytes", bytes),
	COUNT("truncated", truncated),
	COUNT("dropped_bytes", dropped),
	COUNT("records_cut", records_cut),
	{ "gzip", SOURCE_FLAG, offsetof(struct source_acc, gzip), false },
	COUNT_SOME("unread", unread),
};
const size_t source_nfields = sizeof source_fields / sizeof source_fields[0];

const struct source_field *source_field_find(const char *k, size_t n)
{
	for (size_t i = 0; i < source_nfields; i++)
		if (strlen(source_fields[i].name) == n && !memcmp(source_fields[i].name, k, n))
			return &source_fields[i];
	return NULL;
}

void source_add(struct source_acc *dst, const struct source_acc *src)
{
	for (size_t i = 0; i < source_nfields; i++)
		if (source_fields[i].kind == SOURCE_COUNT)
			*source_counter(dst, &source_fields[i]) =
				scan_sat_add(*source_counter(dst, &source_fields[i]),
					     *source_counter((struct source_acc *)src, &source_fields[i]));
	dst->written = scan_sat_add(dst->written, src->written);
}

void source_note_unparsed(struct source_acc *a, uint64_t no)
{
	if (a->unparsed < SOURCE_SAMPLES)
		a->unparsed_at[a->unparsed] = no;
	a->unparsed++;
}

static void encode_one(struct buf *b, const struct source_acc *a, const struct source_field *f)
{
	if (f->omit_zero && !*source_counter((struct source_acc *)a, f))
		return;
	jsonw_member(b, f->name);
	switch (f->kind) {
	case SOURCE_COUNT:
		jsonw_uint(b, *source_counter((struct source_acc *)a, f));
		break;
	case SOURCE_LINES:
		buf_addc(b, '[');
		for (uint64_t i = 0; i < a->unparsed && i < SOURCE_SAMPLES; i++) {
			if (i)
				buf_addc(b, ',');
			jsonw_uint(b, a->unparsed_at[i]);
		}
		buf_addc(b, ']');
		break;
	case SOURCE_FLAG:
		buf_adds(b, a->gzip ? "true" : "false");
		break;
	}
}

void source_encode(struct buf *b, const struct source_acc *a, enum source_kind k)
{
	for (size_t i = 0; i < source_nfields; i++)
		if (source_fields[i].kind == k)
			encode_one(b, a, &source_fields[i]);
}

void source_encode_all(struct buf *b, const struct source_acc *a)
{
	for (size_t i = 0; i < source_nfields; i++)
		encode_one(b, a, &source_fields[i]);
}
