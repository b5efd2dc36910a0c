/*
 * input: a byte source over a path or stdin ("-"), transparently
 * decompressing gzip.
 *
 * gzip is recognised by the magic bytes 1f 8b at the start of the data, never
 * by the file name, and the data is sniffed from the first buffer read, so a
 * pipe works and nothing is opened twice.  Concatenated gzip members (as
 * logrotate and `cat a.gz b.gz` make) are all decoded.
 *
 * input never prints: a failure sets a kind, a message and the offsets at
 * which it happened, and input_read returns -1 from then on.  Every byte
 * produced before the fault has been handed out, so the caller keeps the good
 * data and decides whether to go on with the next file.
 */
#ifndef LOGSIFT_INPUT_H
#define LOGSIFT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct input;

enum input_fault {
	INPUT_FAULT_NONE = 0,
	INPUT_FAULT_OPEN,      /* missing or unreadable (errno in message) */
	INPUT_FAULT_ISDIR,     /* the path names a directory */
	INPUT_FAULT_READ,      /* read(2) failed */
	INPUT_FAULT_TRUNCATED, /* gzip data ended before the end of its stream */
	INPUT_FAULT_CORRUPT,   /* gzip data is not valid deflate / bad trailer */
	INPUT_FAULT_TRAILING,  /* bytes after a gzip member that are not gzip */
	INPUT_FAULT_SHRUNK,    /* the file got shorter while read (copytruncate) */
};

/* Opens path ("-" or NULL = stdin, which is not closed).  Always returns a
 * handle (caller frees with input_free); if opening failed, input_fault says
 * why and input_read returns -1. */
struct input *input_open(const char *path);
/* Reads from an already-open descriptor, which input_free does not close;
 * name is used in messages.  For tests and for callers holding an fd. */
struct input *input_open_fd(int fd, const char *name);
void input_free(struct input *in);

/* Fills dst with up to cap decompressed bytes.  Returns the number of bytes
 * (> 0), 0 at the end of the data, or -1 on a fault. */
ssize_t input_read(struct input *in, char *dst, size_t cap);

const char *input_name(const struct input *in);
bool input_is_gzip(const struct input *in);
enum input_fault input_fault(const struct input *in);
/* A lowercase message for the fault, naming the offsets, e.g.
 * "truncated gzip data at compressed byte 17 (uncompressed byte 0)". */
const char *input_error(const struct input *in);
struct buf;
/* Reads all of path ("-": stdin; plain or gzip) into out, whose cap
 * (buf_init's max) bounds what is read: the one whole-file reader, for
 * rules, thresholds and summaries.  Returns 0, or -1 with "NAME: reason"
 * in err (an input fault, or a file larger than the cap). */
int input_slurp(const char *path, struct buf *out, char *err, size_t errlen);
/* The file's size when it is a regular file (for progress), else -1. */
int64_t input_size(const struct input *in);
/* Raw bytes consumed from the file, and bytes produced by input_read. */
uint64_t input_offset_raw(const struct input *in);
uint64_t input_offset_out(const struct input *in);
/* True when a pipe or terminal (plain, nothing buffered) has had no input
 * for ms milliseconds: `tail -f | ingest` writes the record it holds then,
 * instead of when the next line comes.  False at once for files. */
bool input_idle(const struct input *in, int ms);
/* A plain (not gzip) regular file not read yet: reads up to n bytes at
 * offset off without moving the reading position (pread).  Returns bytes,
 * 0 past the end, or -1 (a gzip file, not a regular file, an error). */
ssize_t input_peek_at(struct input *in, void *dst, size_t n, uint64_t off);
/* Makes reading start at offset off of such a file, as if the bytes before
 * it had been read (offsets count from the file's start).  Before the
 * first input_read only; returns 0 or -1. */
int input_start_at(struct input *in, uint64_t off);
/* Number of gzip members decoded so far (0 for plain input). */
unsigned input_members(const struct input *in);

#endif
