/*
 * out: see out.h.  Writes larger than the block bypass it.
 */
#include "out.h"

#include <errno.h>  /* errno, EINTR */
#include <stdlib.h> /* free */
#include <string.h> /* memcpy */
#include <unistd.h> /* write */

#include "mem.h"
#include "pipe.h"

#define OUT_BLOCK (1024 * 1024)

void out_init(struct out *o, int fd)
{
	o->fd = fd;
	pipe_widen(fd);
	o->cap = OUT_BLOCK;
	o->p = xmalloc(o->cap);
	o->len = 0;
	o->err = 0;
}

static void write_all(struct out *o, const char *p, size_t n)
{
	while (n > 0 && !o->err) {
		ssize_t k = write(o->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			o->err = k < 0 ? errno : EIO;
			return;
		}
		p += k;
		n -= (size_t)k;
	}
}

int out_flush(struct out *o)
{
	write_all(o, o->p, o->len);
	o->len = 0;
	return o->err ? -1 : 0;
}

void out_add(struct out *o, const void *data, size_t n)
{
	if (o->err)
		return;
	if (n > o->cap - o->len) {
		out_flush(o);
		if (n >= o->cap) {
			write_all(o, data, n);
			return;
		}
	}
	memcpy(o->p + o->len, data, n);
	o->len += n;
}

void out_addc(struct out *o, char c)
{
	if (o->len == o->cap)
		out_flush(o);
	if (!o->err)
		o->p[o->len++] = c;
}

int out_release(struct out *o)
{
	int rc = out_flush(o);

	free(o->p);
	o->p = NULL;
	o->cap = o->len = 0;
	return rc;
}
