/*
 * test_aliases.c: the names the node answers to (config.h host_aliases=,
 * attachments_aliases=; app/config.c) as an operator writes them: lists,
 * case, the limit, bad names, and the rule that no name is given twice.
 * The rest of the schema is test_config.c's.  Silent on success.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "check_config.h"
#include "config.h"
#include "err.h"
#include "plat.h"


static void
test_lists(void)
{
	struct config cf;

	CHECK(check_cf("", &cf) == RC_OK && cf.host_aliases.n == 0 &&
	    cf.att_aliases.n == 0, "none by default");
	CHECK(check_cf("host=developer.mozilla.org host_aliases=Wiki.Developer."
	    "Mozilla.org,prod.mdn.mozit.cloud attachments_host=mdn."
	    "mozillademos.org attachments_aliases=demos-origin.mdn.mozit."
	    "cloud", &cf) == RC_OK, "Kuma's production names");
	CHECK(cf.host_aliases.n == 2 &&
	    strcmp(cf.host_aliases.name[0], "wiki.developer.mozilla.org") ==
	    0 && strcmp(cf.host_aliases.name[1], "prod.mdn.mozit.cloud") == 0,
	    "host aliases, lower case");
	CHECK(cf.att_aliases.n == 1 && strcmp(cf.att_aliases.name[0],
	    "demos-origin.mdn.mozit.cloud") == 0, "attachments alias");
	CHECK(check_cf("host_aliases=a.example host_aliases=", &cf) == RC_OK &&
	    cf.host_aliases.n == 0, "the last word wins; empty is none");
	CHECK(check_cf("host_aliases=a,b,c,d", &cf) == RC_OK &&
	    cf.host_aliases.n == CONFIG_MAX_ALIASES, "at the limit");
}

static void
test_refused(void)
{
	struct config cf;

	CHECK(check_cf("host_aliases=a,b,c,d,e", &cf) == RC_TOOBIG, "too many");
	CHECK(check_cf("host_aliases=a,,b", &cf) == RC_INVAL, "empty name");
	CHECK(check_cf("host_aliases=a,", &cf) == RC_INVAL, "trailing comma");
	CHECK(check_cf("attachments_aliases=bad_name", &cf) == RC_INVAL,
	    "not a DNS name");
	CHECK(check_cf("host_aliases=localhost", &cf) == RC_INVAL,
	    "an alias of the main name");
	CHECK(check_cf("host_aliases=Attachments.Localhost", &cf) == RC_INVAL,
	    "an alias naming the other domain");
	CHECK(check_cf("host_aliases=a.b attachments_aliases=A.B", &cf) ==
	    RC_INVAL, "one alias for both");
	CHECK(check_cf("host_aliases=a.b,a.b", &cf) == RC_INVAL, "twice");
}

static const struct check_test tests[] = {
	{ "lists", test_lists }, { "refused", test_refused },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
