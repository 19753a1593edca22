/*
 * test_config_file.c: plat_config_file on the hosted platform: files come
 * from config_dir=DIR, are read once and kept (a later change on disk is
 * not seen), names cannot leave the directory, oversized files fail with
 * RC_TOOBIG, and without config_dir nothing is found.
 *
 * Usage: test_config_file [all|NAME...] (check.h).  Every test but
 * "absent" first gives the platform a fresh config_dir (setup(), once).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "plat.h"
#include "check.h"

static char dir[] = "/tmp/test_config_file.XXXXXX";

static void
put(const char *name, const char *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL, name);
	if (f == NULL)
		return;
	CHECK(fwrite(data, 1, len, f) == len, name);
	CHECK(fclose(f) == 0, name);
}

static void
cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* The directory and plat_init(config_dir=DIR), once; false if either
 * failed (the test then stops). */
static bool
setup(void)
{
	static char word[128];
	static char *argv[] = { "test", word, NULL };
	static int state;	/* 0 not yet, 1 ready, -1 failed */
	bool ok;

	if (state != 0)
		return state > 0;
	state = -1;
	ok = mkdtemp(dir) != NULL;
	CHECK(ok, "setup");
	if (!ok)
		return false;
	atexit(cleanup);
	snprintf(word, sizeof(word), "config_dir=%s", dir);
	ok = plat_init(2, argv) == RC_OK;
	CHECK(ok, "setup");
	state = ok ? 1 : -1;
	return ok;
}

/* Before plat_init names a directory, no file is found. */
static void
t_absent(void)
{
	const void *d;
	size_t n;

	CHECK(plat_config_file("cert.main", &d, &n) == RC_NOTFOUND, "absent");
}

/* Read once: a change on disk is not seen, the bytes stay put. */
static void
t_read_once(void)
{
	const void *d;
	size_t n;

	if (!setup())
		return;
	put("cert.main", "-----BEGIN CERTIFICATE-----\n", 28);
	CHECK(plat_config_file("cert.main", &d, &n) == RC_OK, "read_once");
	CHECK(n == 28 && memcmp(d, "-----BEGIN", 10) == 0, "read_once");
	put("cert.main", "changed", 7);
	CHECK(plat_config_file("cert.main", &d, &n) == RC_OK, "read_once");
	CHECK(n == 28 && memcmp(d, "-----BEGIN", 10) == 0, "read_once");
}

/* An empty file is found and empty; a missing one is RC_NOTFOUND and
 * found once it exists. */
static void
t_empty_missing(void)
{
	const void *d = "x";
	size_t n = 1;

	if (!setup())
		return;
	put("empty", "", 0);
	CHECK(plat_config_file("empty", &d, &n) == RC_OK && n == 0,
	    "empty_missing");
	CHECK(plat_config_file("key.main", &d, &n) == RC_NOTFOUND,
	    "empty_missing");
	CHECK(d == NULL && n == 0, "empty_missing");
	put("key.main", "k", 1);
	CHECK(plat_config_file("key.main", &d, &n) == RC_OK && n == 1,
	    "empty_missing");
}

/* A file over the limit is RC_TOOBIG, every time it is asked for. */
static void
t_toobig(void)
{
	static char big[70000];
	const void *d;
	size_t n;

	if (!setup())
		return;
	put("big", big, sizeof(big));
	CHECK(plat_config_file("big", &d, &n) == RC_TOOBIG, "toobig");
	CHECK(plat_config_file("big", &d, &n) == RC_TOOBIG, "toobig");
}

/* Names cannot leave the directory or name hidden files. */
static void
t_names(void)
{
	const void *d;
	size_t n;

	if (!setup())
		return;
	CHECK(plat_config_file("../etc/passwd", &d, &n) == RC_NOTFOUND,
	    "names");
	CHECK(plat_config_file(".hidden", &d, &n) == RC_NOTFOUND, "names");
	CHECK(plat_config_file("", &d, &n) == RC_NOTFOUND, "names");
	CHECK(plat_config_file("a/b", &d, &n) == RC_NOTFOUND, "names");
}

/* "absent" first: the others give the platform its config_dir. */
static const struct check_test tests[] = {
	{ "absent", t_absent },
	{ "read_once", t_read_once },
	{ "empty_missing", t_empty_missing },
	{ "toobig", t_toobig },
	{ "names", t_names },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
