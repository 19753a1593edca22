/*
 * check.h: the unit tests' one runner and one assertion.  Tests only:
 * nothing in the image includes this.
 *
 * A test program is a table of named tests and a main() that calls
 * check_main().  Run with no argument (or "all") it runs every test in
 * table order; with names, those tests in table order.  A name that is not
 * in the table fails the run (exit 2, with the list of names), so a typo
 * or a removed test cannot pass by running nothing.
 *
 * CHECK(cond, name): a failed check prints file:line, the case's name and
 * the expression, counts the failure and goes on, so one run reports every
 * broken case.  check_skip(why): the running test could not run (a missing
 * tool, no root); it says why on stderr and the test should return.
 *
 * Exit status of check_main(): 0 when every test that ran passed, 1 when
 * a check failed, 2 for an unknown name, 77 (the SKIP status of
 * scripts/run-tests.sh) when nothing failed but a test was skipped: half
 * a run is never reported as a pass.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>
#include <string.h>

#define CHECK_EXIT_SKIP	77

static int check_failures;
static int check_skips;
static const char *check_current = "";

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

/* The running test cannot run here: say why; the test then returns. */
static inline void
check_skip(const char *why)
{
	fprintf(stderr, "SKIP %s: %s\n", check_current, why);
	check_skips++;
}

/* Run the tests named in argv (all of them when none); the exit status. */
static inline int
check_main(const struct check_test *t, size_t n, int argc, char **argv)
{
	int a, all = argc < 2 || (argc == 2 && strcmp(argv[1], "all") == 0);
	size_t i;

	for (a = 1; !all && a < argc; a++) {
		for (i = 0; i < n && strcmp(argv[a], t[i].name) != 0; i++)
			;
		if (i == n) {
			fprintf(stderr, "%s: no test named \"%s\"; tests:",
			    argv[0], argv[a]);
			for (i = 0; i < n; i++)
				fprintf(stderr, " %s", t[i].name);
			fprintf(stderr, "\n");
			return 2;
		}
	}
	for (i = 0; i < n; i++) {
		for (a = 1; !all && a < argc; a++)
			if (strcmp(argv[a], t[i].name) == 0)
				break;
		if (!all && a == argc)
			continue;
		check_current = t[i].name;
		t[i].fn();
	}
	if (check_failures > 0)
		return 1;
	return check_skips > 0 ? CHECK_EXIT_SKIP : 0;
}

#endif /* CHECK_H */
