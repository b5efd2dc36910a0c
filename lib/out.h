/*
 * out: a buffered writer to a file descriptor, for the programs' output.
 * Bytes are gathered into one block (1 MiB) and written with write(2), so
 * emitting a line is a memcpy.  A write error is sticky: later writes are
 * dropped and out_close reports it (a full disk or a closed pipe must not be
 * mistaken for success).
 */
#ifndef LOGSIFT_OUT_H
#define LOGSIFT_OUT_H

#include <stdbool.h>
#include <stddef.h>

struct out {
	int fd;       /* destination, not owned */
	char *p;      /* the block */
	size_t len;   /* bytes waiting */
	size_t cap;   /* block size */
	int err;      /* errno of the first failed write, 0 if none */
};

void out_init(struct out *o, int fd);
void out_add(struct out *o, const void *data, size_t n);
void out_addc(struct out *o, char c);
/* Writes what is waiting; returns 0 or -1 (errno in o->err). */
int out_flush(struct out *o);
/* Flushes and frees the block; returns 0 or -1 if any write failed. */
int out_release(struct out *o);

#endif
