/*
 * input: read(2) into a raw buffer; plain data is copied out of it once (only
 * the sniffed first block) and afterwards read straight into the caller's
 * buffer, gzip is inflated straight into the caller's buffer.  zlib's
 * inflate stops at the end of each member (Z_STREAM_END); we inflateReset
 * and continue when more bytes follow, which is what makes multi-member
 * files work (the htslib#742 trap).
 */
#include "input.h"

#include "buf.h"

#include <errno.h>    /* errno, EINTR */
#include <fcntl.h>    /* open */
#include <poll.h>     /* poll */
#include <pthread.h>  /* decoding ahead */
#include <stdio.h>    /* snprintf */
#include <stdlib.h>   /* free, getenv */
#include <string.h>   /* memcpy, strerror */
#include <sys/stat.h> /* fstat */
#include <unistd.h>   /* read, close, sysconf */
#include <zlib.h>     /* inflate* */

#include "mem.h"
#include "pipe.h"

#define RAW_SIZE (256 * 1024)

struct input {
	char *name;          /* for messages: the path, or "-" */
	int fd;              /* -1 when opening failed */
	bool own_fd;         /* close fd in input_free */
	bool sniffed;        /* the first block has been read and classified */
	bool gzip;           /* decoding gzip */
	bool eof;            /* read(2) returned 0 */
	bool member_done;    /* inflate reached the end of a member */
	bool zinit;          /* zs is initialised */
	z_stream zs;         /* inflate state; zs.next_in points into raw */
	unsigned char *raw;  /* raw (file) bytes not yet consumed */
	size_t raw_pos;      /* plain mode: next unread byte of raw */
	size_t raw_len;      /* bytes valid in raw */
	uint64_t off_raw;    /* file bytes consumed by the decoder */
	uint64_t off_out;    /* bytes handed to the caller */
	uint64_t got;        /* bytes read(2) gave */
	int64_t size;        /* a regular file's size at open, else -1 */
	unsigned members;    /* gzip members started */
	enum input_fault fault;
	char msg[256];
	struct ahead *ahead; /* gzip decoded on its own thread, or NULL */
};

static void ahead_free(struct input *in);

static struct input *input_new(const char *name)
{
	struct input *in = xcalloc(1, sizeof *in);
	in->size = -1;

	in->name = xstrndup(name, strlen(name));
	in->fd = -1;
	in->raw = xmalloc(RAW_SIZE);
	return in;
}

static ssize_t fail(struct input *in, enum input_fault f, const char *fmt,
		    const char *detail)
{
	in->fault = f;
	snprintf(in->msg, sizeof in->msg, fmt, detail,
		 (unsigned long long)in->off_raw,
		 (unsigned long long)in->off_out);
	return -1;
}

struct input *input_open(const char *path)
{
	struct input *in;
	struct stat st;

	if (!path || !strcmp(path, "-"))
		return input_open_fd(0, "-");
	in = input_new(path);
	in->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (in->fd < 0) {
		in->fault = INPUT_FAULT_OPEN;
		snprintf(in->msg, sizeof in->msg, "cannot open: %s", strerror(errno));
		return in;
	}
	in->own_fd = true;
	if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode))
		in->size = (int64_t)st.st_size;
	if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		in->fault = INPUT_FAULT_ISDIR;
		snprintf(in->msg, sizeof in->msg, "is a directory");
	}
	return in;
}

struct input *input_open_fd(int fd, const char *name)
{
	struct input *in = input_new(name);

	in->fd = fd;
	pipe_widen(fd);
	return in;
}

void input_free(struct input *in)
{
	if (!in)
		return;
	if (in->ahead)
		ahead_free(in);
	if (in->zinit)
		inflateEnd(&in->zs);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->raw);
	free(in->name);
	free(in);
}

/* One read(2), retried on EINTR.  Returns bytes, 0 at EOF, -1 on error. */
static ssize_t read_some(struct input *in, void *dst, size_t cap)
{
	ssize_t n;

	do
		n = read(in->fd, dst, cap);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(in, INPUT_FAULT_READ,
			    "read error: %s at byte %llu", strerror(errno));
	in->got += (uint64_t)n;
	if (n == 0) {
		struct stat st;

		in->eof = true;
		/* a regular file now shorter than what was read from it was
		 * truncated under us (logrotate's copytruncate): its end was
		 * never read, so the input is incomplete, not finished */
		if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size < in->got) {
			in->fault = INPUT_FAULT_SHRUNK;
			snprintf(in->msg, sizeof in->msg,
				 "file shrank to %llu bytes while being read at byte %llu "
				 "(truncated by another process?)",
				 (unsigned long long)st.st_size, (unsigned long long)in->got);
			return -1;
		}
	}
	return n;
}

/* Refills raw after the decoder consumed it all.  Returns bytes or 0/-1. */
static ssize_t refill_raw(struct input *in)
{
	ssize_t n = read_some(in, in->raw, RAW_SIZE);

	in->raw_len = n > 0 ? (size_t)n : 0;
	in->raw_pos = 0;
	in->zs.next_in = in->raw;
	in->zs.avail_in = (uInt)in->raw_len;
	return n;
}

/* Reads the first block, at least two bytes unless the data is shorter
 * (a pipe may deliver one byte at a time), and decides plain or gzip. */
static int sniff(struct input *in)
{
	while (in->raw_len < 2 && !in->eof) {
		ssize_t n = read_some(in, in->raw + in->raw_len,
				      RAW_SIZE - in->raw_len);
		if (n < 0)
			return -1;
		in->raw_len += (size_t)n;
	}
	in->sniffed = true;
	in->gzip = in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b;
	if (!in->gzip)
		return 0;
	if (inflateInit2(&in->zs, 15 + 16) != Z_OK) {
		fail(in, INPUT_FAULT_CORRUPT, "%s at byte %llu (uncompressed %llu)",
		     "cannot initialise zlib");
		return -1;
	}
	in->zinit = true;
	in->members = 1;
	in->zs.next_in = in->raw;
	in->zs.avail_in = (uInt)in->raw_len;
	return 0;
}

static ssize_t read_plain(struct input *in, char *dst, size_t cap)
{
	ssize_t n;

	if (in->raw_pos < in->raw_len) {
		size_t k = in->raw_len - in->raw_pos;
		if (k > cap)
			k = cap;
		memcpy(dst, in->raw + in->raw_pos, k);
		in->raw_pos += k;
		in->off_raw += k;
		return (ssize_t)k;
	}
	if (in->eof)
		return 0;
	n = read_some(in, dst, cap);
	if (n > 0)
		in->off_raw += (uint64_t)n;
	return n;
}

/* Zeros after the last member (tape or block-device padding): gzip(1)
 * accepts them, and so does this; anything else among them is garbage. */
static int zero_padding(struct input *in)
{
	for (;;) {
		for (uInt i = 0; i < in->zs.avail_in; i++)
			if (in->zs.next_in[i]) {
				in->off_raw += i;
				fail(in, INPUT_FAULT_TRAILING,
				     "%s at compressed byte %llu (uncompressed byte %llu)",
				     "trailing garbage after gzip data");
				return -1;
			}
		in->off_raw += in->zs.avail_in;
		in->zs.avail_in = 0;
		if (in->eof)
			return 1;
		if (refill_raw(in) < 0)
			return -1;
		if (in->zs.avail_in == 0)
			return 1;
	}
}

/* After a member ends: finish if the data ends, start the next member if a
 * gzip header follows, and report anything else as trailing garbage. */
static int next_member(struct input *in)
{
	if (in->zs.avail_in == 0 && !in->eof && refill_raw(in) < 0)
		return -1;
	if (in->zs.avail_in == 0)
		return 1; /* clean end of data */
	if (*in->zs.next_in == 0)
		return zero_padding(in);
	if (in->zs.avail_in == 1 && !in->eof) {
		/* need two bytes to see the magic: move the odd one first */
		in->raw[0] = *in->zs.next_in;
		ssize_t n = read_some(in, in->raw + 1, RAW_SIZE - 1);
		if (n < 0)
			return -1;
		in->raw_len = 1 + (size_t)n;
		in->zs.next_in = in->raw;
		in->zs.avail_in = (uInt)in->raw_len;
	}
	if (in->zs.avail_in < 2 || in->zs.next_in[0] != 0x1f ||
	    in->zs.next_in[1] != 0x8b) {
		fail(in, INPUT_FAULT_TRAILING,
		     "%s at compressed byte %llu (uncompressed byte %llu)",
		     "trailing garbage after gzip data");
		return -1;
	}
	inflateReset(&in->zs);
	in->members++;
	in->member_done = false;
	return 0;
}

/* Inflates into dst until it is full, the data ends, or a fault.  Bytes
 * produced before a fault are returned first; the fault (already recorded)
 * is returned by the next call, so no good byte is lost. */
static ssize_t read_gzip(struct input *in, char *dst, size_t cap)
{
	uInt room = cap > UINT32_MAX ? UINT32_MAX : (uInt)cap;

	in->zs.next_out = (unsigned char *)dst;
	in->zs.avail_out = room;
	while (in->zs.avail_out > 0 && !in->fault) {
		uInt before_in, before_out;
		int rc;

		if (in->member_done) {
			int nm = next_member(in);
			if (nm != 0)
				break; /* end of data, or a fault */
		}
		if (in->zs.avail_in == 0) {
			ssize_t n = in->eof ? 0 : refill_raw(in);
			if (n < 0)
				break;
			if (n == 0) {
				fail(in, INPUT_FAULT_TRUNCATED,
				     "%s at compressed byte %llu (uncompressed byte %llu)",
				     "truncated gzip data");
				break;
			}
		}
		before_in = in->zs.avail_in;
		before_out = in->zs.avail_out;
		rc = inflate(&in->zs, Z_NO_FLUSH);
		in->off_raw += before_in - in->zs.avail_in;
		in->off_out += before_out - in->zs.avail_out;
		if (rc == Z_STREAM_END)
			in->member_done = true;
		else if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT)
			fail(in, INPUT_FAULT_CORRUPT,
			     "corrupt gzip data (%s) at compressed byte %llu (uncompressed byte %llu)",
			     in->zs.msg ? in->zs.msg : "invalid data");
		else if (rc == Z_MEM_ERROR)
			fail(in, INPUT_FAULT_CORRUPT,
			     "%s at compressed byte %llu (uncompressed byte %llu)",
			     "zlib out of memory");
		/* Z_OK and Z_BUF_ERROR: go round for more input or output */
	}
	if (in->zs.avail_out < room)
		return (ssize_t)(room - in->zs.avail_out);
	return in->fault ? -1 : 0;
}

/*
 * Decoding ahead: a gzip file is inflated on a thread of its own into a
 * ring of AHEAD_SLOTS blocks while the caller parses the blocks before, so
 * on two cores reading costs what parsing costs (issue 14).  The thread
 * runs read_gzip and owns everything it touches (the stream, the raw
 * buffer, the offsets, the fault) until it has published its last block:
 * the caller sees offsets and members through the blocks it has taken,
 * and the fault once it reaches the block that reports it.
 */
#define AHEAD_SLOTS 4
#define AHEAD_BYTES (256 * 1024)

struct ahead_block {
	char *p;
	ssize_t rc;          /* read_gzip's answer: bytes, 0 at the end, -1 */
	uint64_t off_raw, off_out;
	unsigned members;
};

struct ahead {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct ahead_block block[AHEAD_SLOTS];
	unsigned made, taken;    /* blocks published and given back: made - taken full */
	bool stop;               /* the reader is gone */
	size_t at;               /* the reader's position in block[taken] */
	bool ended;              /* the reader has reached the last block */
	uint64_t off_raw, off_out; /* as of the reader's block */
	unsigned members;
};

static void *ahead_run(void *arg)
{
	struct input *in = arg;
	struct ahead *a = in->ahead;

	for (;;) {
		struct ahead_block *b;

		pthread_mutex_lock(&a->mu);
		while (a->made - a->taken == AHEAD_SLOTS && !a->stop)
			pthread_cond_wait(&a->cv, &a->mu);
		if (a->stop) {
			pthread_mutex_unlock(&a->mu);
			return NULL;
		}
		b = &a->block[a->made % AHEAD_SLOTS];
		pthread_mutex_unlock(&a->mu);
		b->rc = read_gzip(in, b->p, AHEAD_BYTES);
		b->off_raw = in->off_raw;
		b->off_out = in->off_out;
		b->members = in->members;
		pthread_mutex_lock(&a->mu);
		a->made++;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
		if (b->rc <= 0)
			return NULL; /* the end, or the fault, is published */
	}
}

/* Starts decoding ahead for a gzip regular file on a machine with a core
 * to spare; else reading stays on the caller's thread. */
static void ahead_start(struct input *in)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct ahead *a;

	if (in->size < 0 || cpus < 2 || getenv("LOGSIFT_NO_THREADS"))
		return;
	a = xcalloc(1, sizeof *a);
	for (int i = 0; i < AHEAD_SLOTS; i++)
		a->block[i].p = xmalloc(AHEAD_BYTES);
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->cv, NULL);
	a->members = in->members;
	in->ahead = a;
	if (pthread_create(&a->thread, NULL, ahead_run, in) != 0) {
		in->ahead = NULL; /* no thread: decode here */
		pthread_mutex_destroy(&a->mu);
		pthread_cond_destroy(&a->cv);
		for (int i = 0; i < AHEAD_SLOTS; i++)
			free(a->block[i].p);
		free(a);
	}
}

static void ahead_free(struct input *in)
{
	struct ahead *a = in->ahead;

	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_broadcast(&a->cv);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->cv);
	for (int i = 0; i < AHEAD_SLOTS; i++)
		free(a->block[i].p);
	free(a);
	in->ahead = NULL;
}

static ssize_t ahead_read(struct input *in, char *dst, size_t cap)
{
	struct ahead *a = in->ahead;
	struct ahead_block *b;
	size_t k;

	pthread_mutex_lock(&a->mu);
	while (a->made == a->taken)
		pthread_cond_wait(&a->cv, &a->mu);
	b = &a->block[a->taken % AHEAD_SLOTS];
	pthread_mutex_unlock(&a->mu);
	a->off_raw = b->off_raw;
	a->off_out = b->off_out - ((size_t)(b->rc > 0 ? b->rc : 0) - a->at);
	a->members = b->members;
	if (b->rc <= 0) {
		a->ended = true; /* the thread is done: its fault is ours to read */
		return b->rc;
	}
	k = (size_t)b->rc - a->at;
	if (k > cap)
		k = cap;
	memcpy(dst, b->p + a->at, k);
	a->at += k;
	a->off_out += k;
	if (a->at == (size_t)b->rc) {
		pthread_mutex_lock(&a->mu);
		a->taken++;
		a->at = 0;
		pthread_cond_broadcast(&a->cv);
		pthread_mutex_unlock(&a->mu);
	}
	return (ssize_t)k;
}

ssize_t input_read(struct input *in, char *dst, size_t cap)
{
	if (in->ahead)
		return cap ? ahead_read(in, dst, cap) : 0;
	if (in->fault)
		return -1;
	if (cap == 0)
		return 0;
	if (!in->sniffed) {
		if (sniff(in) < 0)
			return -1;
		if (in->gzip) {
			ahead_start(in);
			if (in->ahead)
				return ahead_read(in, dst, cap);
		}
	}
	if (!in->gzip)
		return read_plain(in, dst, cap);
	return read_gzip(in, dst, cap);
}

/* A regular file nothing was read from, whose first two bytes are not
 * gzip's magic. */
static bool plain_unread(struct input *in)
{
	unsigned char magic[2];
	ssize_t n;

	if (in->fd < 0 || in->size < 0 || in->sniffed || in->got || in->fault)
		return false;
	do
		n = pread(in->fd, magic, 2, 0);
	while (n < 0 && errno == EINTR);
	return n >= 0 && !(n == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
}

ssize_t input_peek_at(struct input *in, void *dst, size_t n, uint64_t off)
{
	ssize_t got;

	if (!plain_unread(in) || off > (uint64_t)INT64_MAX)
		return -1;
	do
		got = pread(in->fd, dst, n, (off_t)off);
	while (got < 0 && errno == EINTR);
	return got;
}

int input_start_at(struct input *in, uint64_t off)
{
	if (!plain_unread(in) || off > (uint64_t)in->size ||
	    lseek(in->fd, (off_t)off, SEEK_SET) != (off_t)off)
		return -1;
	in->sniffed = true; /* plain: checked above */
	in->got = in->off_raw = in->off_out = off;
	return 0;
}

int64_t input_size(const struct input *in)
{
	return in->size;
}

const char *input_name(const struct input *in)
{
	return in->name;
}

bool input_is_gzip(const struct input *in)
{
	return in->gzip;
}

/* While decoding ahead, the thread owns the fault until the reader has
 * reached the block that ends it. */
enum input_fault input_fault(const struct input *in)
{
	return in->ahead && !in->ahead->ended ? INPUT_FAULT_NONE : in->fault;
}

const char *input_error(const struct input *in)
{
	return input_fault(in) ? in->msg : "no error";
}

uint64_t input_offset_raw(const struct input *in)
{
	return in->ahead ? in->ahead->off_raw : in->off_raw;
}

uint64_t input_offset_out(const struct input *in)
{
	return in->ahead ? in->ahead->off_out : in->gzip ? in->off_out : in->off_raw;
}

unsigned input_members(const struct input *in)
{
	return in->ahead ? in->ahead->members : in->members;
}

int input_slurp(const char *path, struct buf *out, char *err, size_t errlen)
{
	struct input *in = input_open(path);
	char chunk[65536];
	ssize_t n;
	int rc = -1;

	/* a plain file's size, in one allocation rather than doubling to
	 * twice it (a summary of megabytes is read so) */
	if (input_size(in) > 0 && (!out->max || (uint64_t)input_size(in) < out->max))
		buf_grow(out, (size_t)input_size(in) + 1);
	while ((n = input_read(in, chunk, sizeof chunk)) > 0 && !out->err)
		buf_add(out, chunk, (size_t)n);
	if (input_fault(in) != INPUT_FAULT_NONE)
		snprintf(err, errlen, "%s: %s", input_name(in), input_error(in));
	else if (out->err)
		snprintf(err, errlen, "%s: larger than %zu bytes", input_name(in), out->max);
	else
		rc = 0;
	input_free(in);
	return rc;
}

bool input_idle(const struct input *in, int ms)
{
	struct pollfd p;

	/* a file always has its next bytes; gzip may hold decoded ones */
	if (in->fd < 0 || in->size >= 0 || in->gzip || in->eof || in->raw_pos < in->raw_len)
		return false;
	p.fd = in->fd;
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, ms) == 0;
}
