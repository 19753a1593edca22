/*
 * fuzz.h: what the fuzz targets share: the deterministic platform stub
 * (fuzz_plat.c) and the test certificates and keys the build generates
 * and embeds (build/fuzz/fuzz_keys.c, from fuzz/embed.sh).
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>

/* One configuration file, as plat_config_file hands it out. */
struct fuzz_file {
	const char *name;	/* "cert.main", "key.main", ...; NULL ends */
	const unsigned char *data;
	size_t len;
};

/* The generated files, ended by an entry with name NULL. */
extern const struct fuzz_file fuzz_files[];

/* Restart the entropy stream and the clocks: call before each input. */
void fuzz_plat_reset(void);

/* Abort with a message when a promise of the code under test is broken. */
#define FUZZ_CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, \
		    #cond); \
		abort(); \
	} \
} while (0)

#endif /* FUZZ_H */
