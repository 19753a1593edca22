/*
 * test_config_file.c: plat_config_file on the hosted platform: files come
 * from config_dir=DIR, are read once and kept (a later change on disk is
 * not seen), names cannot leave the directory, oversized files fail with
 * RC_TOOBIG, and without config_dir nothing is found.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "plat.h"

#define CHECK(x) \
	do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, \
	    __LINE__, #x); exit(1); } } while (0)

static char dir[] = "/tmp/test_config_file.XXXXXX";

static void
put(const char *name, const char *data, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	CHECK(fwrite(data, 1, len, f) == len);
	CHECK(fclose(f) == 0);
}

static void
cleanup(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int
main(void)
{
	static char big[70000];
	char word[128];
	char *argv[] = { "test", word, NULL };
	const void *d;
	size_t n;

	CHECK(plat_config_file("cert.main", &d, &n) == RC_NOTFOUND);
	CHECK(mkdtemp(dir) != NULL);
	atexit(cleanup);
	snprintf(word, sizeof(word), "config_dir=%s", dir);
	CHECK(plat_init(2, argv) == RC_OK);

	put("cert.main", "-----BEGIN CERTIFICATE-----\n", 28);
	CHECK(plat_config_file("cert.main", &d, &n) == RC_OK);
	CHECK(n == 28 && memcmp(d, "-----BEGIN", 10) == 0);
	/* Read once: a change on disk is not seen, the bytes stay put. */
	put("cert.main", "changed", 7);
	CHECK(plat_config_file("cert.main", &d, &n) == RC_OK);
	CHECK(n == 28 && memcmp(d, "-----BEGIN", 10) == 0);

	put("empty", "", 0);
	CHECK(plat_config_file("empty", &d, &n) == RC_OK && n == 0);
	CHECK(plat_config_file("key.main", &d, &n) == RC_NOTFOUND);
	CHECK(d == NULL && n == 0);
	put("key.main", "k", 1);
	CHECK(plat_config_file("key.main", &d, &n) == RC_OK && n == 1);

	put("big", big, sizeof(big));
	CHECK(plat_config_file("big", &d, &n) == RC_TOOBIG);
	CHECK(plat_config_file("big", &d, &n) == RC_TOOBIG);

	CHECK(plat_config_file("../etc/passwd", &d, &n) == RC_NOTFOUND);
	CHECK(plat_config_file(".hidden", &d, &n) == RC_NOTFOUND);
	CHECK(plat_config_file("", &d, &n) == RC_NOTFOUND);
	CHECK(plat_config_file("a/b", &d, &n) == RC_NOTFOUND);
	return 0;
}
