/*
 * test_aliases.c: the names the node answers to (config.h host_aliases=,
 * attachments_aliases=; app/config.c) as an operator writes them: lists,
 * case, the limit, bad names, and the rule that no name is given twice.
 * The rest of the schema is test_config.c's.  Silent on success.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "err.h"
#include "plat.h"

/* plat_init + config_load on the words of line (space-separated). */
static int
load(const char *line, struct config *cf)
{
	static char buf[4096];
	char *argv[PLAT_MAX_CONFIG_WORDS + 3], *w;
	int argc = 0, rc;

	snprintf(buf, sizeof buf, "%s", line);
	argv[argc++] = "test_aliases";
	for (w = strtok(buf, " "); w != NULL && argc < (int)(sizeof argv /
	    sizeof argv[0]) - 1; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	rc = plat_init(argc, argv);
	if (rc != RC_OK)
		return rc;
	return config_load(cf);
}

static void
test_lists(void)
{
	struct config cf;

	CHECK(load("", &cf) == RC_OK && cf.host_aliases.n == 0 &&
	    cf.att_aliases.n == 0, "none by default");
	CHECK(load("host=developer.mozilla.org host_aliases=Wiki.Developer."
	    "Mozilla.org,prod.mdn.mozit.cloud attachments_host=mdn."
	    "mozillademos.org attachments_aliases=demos-origin.mdn.mozit."
	    "cloud", &cf) == RC_OK, "Kuma's production names");
	CHECK(cf.host_aliases.n == 2 &&
	    strcmp(cf.host_aliases.name[0], "wiki.developer.mozilla.org") ==
	    0 && strcmp(cf.host_aliases.name[1], "prod.mdn.mozit.cloud") == 0,
	    "host aliases, lower case");
	CHECK(cf.att_aliases.n == 1 && strcmp(cf.att_aliases.name[0],
	    "demos-origin.mdn.mozit.cloud") == 0, "attachments alias");
	CHECK(load("host_aliases=a.example host_aliases=", &cf) == RC_OK &&
	    cf.host_aliases.n == 0, "the last word wins; empty is none");
	CHECK(load("host_aliases=a,b,c,d", &cf) == RC_OK &&
	    cf.host_aliases.n == CONFIG_MAX_ALIASES, "at the limit");
}

static void
test_refused(void)
{
	struct config cf;

	CHECK(load("host_aliases=a,b,c,d,e", &cf) == RC_TOOBIG, "too many");
	CHECK(load("host_aliases=a,,b", &cf) == RC_INVAL, "empty name");
	CHECK(load("host_aliases=a,", &cf) == RC_INVAL, "trailing comma");
	CHECK(load("attachments_aliases=bad_name", &cf) == RC_INVAL,
	    "not a DNS name");
	CHECK(load("host_aliases=localhost", &cf) == RC_INVAL,
	    "an alias of the main name");
	CHECK(load("host_aliases=Attachments.Localhost", &cf) == RC_INVAL,
	    "an alias naming the other domain");
	CHECK(load("host_aliases=a.b attachments_aliases=A.B", &cf) ==
	    RC_INVAL, "one alias for both");
	CHECK(load("host_aliases=a.b,a.b", &cf) == RC_INVAL, "twice");
}

static const struct check_test tests[] = {
	{ "lists", test_lists }, { "refused", test_refused },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
