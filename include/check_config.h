/*
 * check_config.h: for tests only, like check.h: configure the platform
 * from one line of words and parse it, as a node does at start.
 */
#ifndef CHECK_CONFIG_H
#define CHECK_CONFIG_H

#include <stdio.h>
#include <string.h>

#include "config.h"
#include "err.h"
#include "plat.h"

/* plat_init + config_load on the words of line (space-separated). */
static int
check_cf(const char *line, struct config *cf)
{
	static char buf[PLAT_MAX_CONFIG_WORDS * 8 + 2 * PLAT_MAX_CONFIG_WORD];
	char *argv[PLAT_MAX_CONFIG_WORDS + 3], *w;
	int argc = 0, rc;

	snprintf(buf, sizeof buf, "%s", line);
	argv[argc++] = "test";
	for (w = strtok(buf, " "); w != NULL && argc < (int)(sizeof argv /
	    sizeof argv[0]) - 1; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	rc = plat_init(argc, argv);
	if (rc != RC_OK)
		return rc;
	return config_load(cf);
}

#endif /* CHECK_CONFIG_H */
