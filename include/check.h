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

static int check_failures;

#define CHECK(cond, name) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, \
		    (name), #cond); \
		check_failures++; \
	} \
} while (0)

#endif /* CHECK_H */
