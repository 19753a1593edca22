/*
 * check.h: the unit tests' one assertion.  A failed check prints
 * file:line, the case's name and the expression, counts the failure and
 * goes on, so one run reports every broken case; the test's main returns
 * non-zero when check_failures is not 0.  Tests only: nothing in the image
 * includes this.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond, name) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, \
		    (name), #cond); \
		check_failures++; \
	} \
} while (0)

/* A named test; a test program holds a table of them. */
struct check_test {
	const char *name;
	void (*fn)(void);
};

/*
 * Run the test named by argv[1], or all of them ("all" or no argument), in
 * table order; the exit status for main().
 */
static inline int
check_main(const struct check_test *t, size_t n, int argc, char **argv)
{
	const char *which = argc > 1 ? argv[1] : "all";
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(which, "all") == 0 || strcmp(which, t[i].name) == 0)
			t[i].fn();
	return check_failures == 0 ? 0 : 1;
}

#endif /* CHECK_H */
