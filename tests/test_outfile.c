/* test_outfile: a document replaces a regular file atomically, and leaves
 * everything else (devices, FIFOs, links) what it was. */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "outfile.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/logsift-outfile.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd);
}

static void at(char *dst, size_t cap, const char *name)
{
	snprintf(dst, cap, "%s/%s", dir, name);
}

static void assert_file_is(const char *path, const char *text)
{
	char got[256] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	assert_true(fd >= 0);
	n = read(fd, got, sizeof got - 1);
	close(fd);
	assert_true(n >= 0);
	got[n] = 0;
	assert_string_equal(got, text);
}

static int entries(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void test_outfile_replaces_a_regular_file_keeping_its_mode(void **state)
{
	char path[128], err[256];
	struct stat st;

	(void)state;
	at(path, sizeof path, "r.html");
	assert_int_equal(outfile_write(path, "new\n", 4, err, sizeof err), 0);
	assert_file_is(path, "new\n");
	chmod(path, 0600);
	assert_int_equal(outfile_write(path, "again\n", 6, err, sizeof err), 0);
	assert_file_is(path, "again\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(entries(), 1); /* no temporary file left */
}

static void test_outfile_follows_a_symlink_and_keeps_it(void **state)
{
	char path[128], link[128], dangling[128], target[128], err[256];
	struct stat st;

	(void)state;
	at(path, sizeof path, "real.txt");
	at(link, sizeof link, "link.txt");
	assert_int_equal(outfile_write(path, "a\n", 2, err, sizeof err), 0);
	assert_int_equal(symlink("real.txt", link), 0);
	assert_int_equal(outfile_write(link, "b\n", 2, err, sizeof err), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is(path, "b\n");
	at(dangling, sizeof dangling, "dangling.txt");
	at(target, sizeof target, "made.txt");
	assert_int_equal(symlink("made.txt", dangling), 0);
	assert_int_equal(outfile_write(dangling, "c\n", 2, err, sizeof err), 0);
	assert_int_equal(lstat(dangling, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_file_is(target, "c\n");
}

static void test_outfile_writes_a_fifo_in_place(void **state)
{
	char path[128], err[256], got[16] = "";
	struct stat st;
	int rd;

	(void)state;
	at(path, sizeof path, "fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	rd = open(path, O_RDONLY | O_NONBLOCK); /* a reader, so the writer does not wait */
	assert_true(rd >= 0);
	assert_int_equal(outfile_write(path, "via fifo", 8, err, sizeof err), 0);
	assert_int_equal(read(rd, got, sizeof got - 1), 8);
	close(rd);
	assert_string_equal(got, "via fifo");
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
}

static void test_outfile_writes_a_device_in_place(void **state)
{
	char path[128], err[256];
	struct stat st;

	(void)state;
	at(path, sizeof path, "null");
	if (geteuid() != 0 || mknod(path, S_IFCHR | 0666, makedev(1, 3))) {
		/* without root, /dev/null itself: writing it must leave it a device */
		snprintf(path, sizeof path, "/dev/null");
	}
	assert_int_equal(outfile_write(path, "gone\n", 5, err, sizeof err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
}

static void test_outfile_refuses_a_directory_and_names_the_path(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(outfile_write(dir, "x", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, dir));
	assert_non_null(strstr(err, "Is a directory"));
	assert_int_equal(outfile_write("/nonexistent/dir/x.html", "x", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "/nonexistent/dir/x.html"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outfile_replaces_a_regular_file_keeping_its_mode),
		cmocka_unit_test(test_outfile_follows_a_symlink_and_keeps_it),
		cmocka_unit_test(test_outfile_writes_a_fifo_in_place),
		cmocka_unit_test(test_outfile_writes_a_device_in_place),
		cmocka_unit_test(test_outfile_refuses_a_directory_and_names_the_path),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
