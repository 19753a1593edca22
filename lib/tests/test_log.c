/*
 * test_log.c: the log ring (lib/log.c, log.h) as an operator and a
 * collector see it, on fake time (net/tests/fake_plat.c) with the
 * console captured: lines written at once before log_start(), then in
 * order and a bounded number of bytes per log_drain(), across the ring's
 * wrap-around; a full ring drops its oldest lines and counts them; the
 * console shows LOG_CONSOLE_LINES_PER_S lines a second and then says how
 * many it did not show; log_flush() writes everything; a sink gets every
 * line with its severity and time, and one that says RC_AGAIN gets the
 * same line again later.
 *
 *   test_log [all|sync|order|wrap|overflow|rate|flush|sink_again]
 *
 * sync must run before the others call log_start(); the table keeps it
 * first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "err.h"
#include "fake_plat.h"
#include "log.h"
#include "plat.h"

#define SINK_MAX	(4 * LOG_RING_LINES)

/* The test's sink: what it took, and how many calls to refuse first. */
static struct {
	char text[SINK_MAX][LOG_LINE_MAX];
	int sev[SINK_MAX];
	uint64_t wall[SINK_MAX];
	int n;
	int again;		/* answer RC_AGAIN this many more times */
	int calls;
} sink;

static int
sink_fn(void *arg, int sev, uint64_t wall_ns, const char *text, size_t len)
{
	sink.calls++;
	if (sink.again > 0) {
		sink.again--;
		return RC_AGAIN;
	}
	ASSERT(sink.n < SINK_MAX && len < LOG_LINE_MAX);
	memcpy(sink.text[sink.n], text, len);
	sink.text[sink.n][len] = '\0';
	sink.sev[sink.n] = sev;
	sink.wall[sink.n] = wall_ns;
	sink.n++;
	return RC_OK;
}

static const char *
console(void)
{
	const char *t;

	(void)fake_plat_console(&t);
	return t;
}

/* Nothing pending, console and sink empty, a fresh rate window. */
static void
reset(void)
{
	log_start();
	log_set_sink(sink_fn, NULL);
	log_flush();
	fake_plat_console_capture(true);
	memset(&sink, 0, sizeof sink);
	fake_plat_advance(1000);
}

/* Drain until the log says it is done; the largest write of one drain. */
static size_t
drain_all(void)
{
	size_t before, most = 0;
	const char *t;
	int i;

	for (i = 0; i < 100000; i++) {
		before = fake_plat_console(&t);
		if (!log_drain())
			break;
		if (fake_plat_console(&t) - before > most)
			most = fake_plat_console(&t) - before;
	}
	ASSERT(i < 100000);
	return most;
}

static void
test_sync(void)
{
	fake_plat_console_capture(true);
	log_line("appliance: serving http://%s/", "10.0.0.1");
	CHECK(strcmp(console(), "appliance: serving http://10.0.0.1/\n") == 0,
	    "before log_start a line is on the console at once");
	fake_plat_console_capture(false);
}

static void
test_order(void)
{
	char want[1024] = "";
	size_t most;
	int i;

	reset();
	for (i = 0; i < 10; i++) {
		log_line("10.0.0.2 \"GET /%d HTTP/1.1\" 200 5", i);
		snprintf(want + strlen(want), sizeof want - strlen(want),
		    "10.0.0.2 \"GET /%d HTTP/1.1\" 200 5\n", i);
	}
	CHECK(console()[0] == '\0', "nothing written before the drain");
	most = drain_all();
	CHECK(strcmp(console(), want) == 0, "all lines, in order");
	CHECK(most > 0 && most <= LOG_DRAIN_BYTES, "bytes per drain bounded");
	CHECK(sink.n == 10 && strcmp(sink.text[9],
	    "10.0.0.2 \"GET /9 HTTP/1.1\" 200 5") == 0,
	    "the sink got every line, without its newline");
	CHECK(!log_drain(), "nothing left");
}

static void
test_wrap(void)
{
	static char want[3 * LOG_RING_LINES * 16];
	size_t n = 0;
	int i, bad = 0;

	reset();
	/* Three times round the ring, a window's worth of lines at a time. */
	for (i = 0; i < 3 * LOG_RING_LINES; i++) {
		log_line("w%d", i);
		n += (size_t)snprintf(want + n, sizeof want - n, "w%d\n", i);
		if ((i + 1) % LOG_CONSOLE_LINES_PER_S == 0) {
			(void)drain_all();
			fake_plat_advance(1000);
		}
	}
	(void)drain_all();
	CHECK(strcmp(console(), want) == 0, "console: order across the wrap");
	CHECK(sink.n == 3 * LOG_RING_LINES, "sink: every line");
	for (i = 0; i < sink.n; i++)
		bad += atoi(sink.text[i] + 1) != i;
	CHECK(bad == 0, "sink: order across the wrap");
}

static void
test_overflow(void)
{
	struct log_stats a, b;
	char want[64];
	int i;

	reset();
	log_get_stats(&a);
	for (i = 0; i < LOG_RING_LINES + 10; i++)
		log_line("o%d", i);
	(void)drain_all();
	log_get_stats(&b);
	/* The oldest ten went; the sink starts at o10 and loses none else. */
	CHECK(b.sink_lost - a.sink_lost == 10, "sink counts the ten lost");
	CHECK(b.console_lost - a.console_lost == 10, "console counts them");
	CHECK(sink.n == LOG_RING_LINES && strcmp(sink.text[0], "o10") == 0 &&
	    atoi(sink.text[sink.n - 1] + 1) == LOG_RING_LINES + 9,
	    "full ring drops the oldest, keeps the newest");
	CHECK(strncmp(console(), "o10\no11\n", 8) == 0,
	    "console starts at the oldest line kept");
	/* Ten lost plus what the rate limit held back. */
	fake_plat_advance(1000);
	fake_plat_console_capture(true);
	(void)drain_all();
	snprintf(want, sizeof want, "log: lines not shown on the console: %d\n",
	    LOG_RING_LINES + 10 - LOG_CONSOLE_LINES_PER_S);
	CHECK(strcmp(console(), want) == 0, "lost lines are in the notice");
}

static void
test_rate(void)
{
	struct log_stats a, b;
	int i, shown;
	const char *p;

	reset();
	log_get_stats(&a);
	for (i = 0; i < LOG_CONSOLE_LINES_PER_S + 30; i++)
		log_line("r%d", i);
	(void)drain_all();
	log_get_stats(&b);
	for (shown = 0, p = console(); (p = strchr(p, '\n')) != NULL; p++)
		shown++;
	CHECK(shown == LOG_CONSOLE_LINES_PER_S, "the limit's lines shown");
	CHECK(b.console_skipped - a.console_skipped == 30, "30 skipped");
	CHECK(sink.n == LOG_CONSOLE_LINES_PER_S + 30, "the sink got them all");
	/* The notice comes with the next window, not before. */
	fake_plat_console_capture(true);
	fake_plat_advance(999);
	(void)drain_all();
	CHECK(console()[0] == '\0', "no notice inside the window");
	fake_plat_advance(1);
	(void)drain_all();
	CHECK(strcmp(console(), "log: lines not shown on the console: 30\n") ==
	    0, "notice names the 30");
	/* It is said once: the window after is quiet. */
	fake_plat_console_capture(true);
	fake_plat_advance(1000);
	log_line("after");
	(void)drain_all();
	CHECK(strcmp(console(), "after\n") == 0, "lines shown again, once");
}

static void
test_flush(void)
{
	char want[2048] = "";
	int i;

	reset();
	/* Use up the window's quota, then log more than it allows. */
	for (i = 0; i < LOG_CONSOLE_LINES_PER_S; i++)
		log_line("q%d", i);
	(void)drain_all();
	fake_plat_console_capture(true);
	for (i = 0; i < 40; i++) {
		log_line("f%d", i);
		snprintf(want + strlen(want), sizeof want - strlen(want),
		    "f%d\n", i);
	}
	log_err("appliance: network init: no device");
	strcat(want, "appliance: network init: no device\n");
	log_flush();
	CHECK(strcmp(console(), want) == 0,
	    "flush writes every waiting line, past limit and budget");
	CHECK(sink.n == LOG_CONSOLE_LINES_PER_S + 41 &&
	    sink.sev[sink.n - 1] == LOG_SEV_ERR &&
	    sink.sev[0] == LOG_SEV_INFO, "flush feeds the sink, severities");
	CHECK(!log_drain(), "nothing left after a flush");
}

static void
test_sink_again(void)
{
	uint64_t t0;

	reset();
	t0 = (uint64_t)fake_plat_now_ms();
	sink.again = 2;
	log_line("held");
	fake_plat_advance(5);
	CHECK(log_drain() == false, "a waiting sink does not hurry the loop");
	CHECK(sink.n == 0 && sink.calls == 1, "refused once");
	(void)log_drain();
	CHECK(sink.n == 0 && sink.calls == 2, "refused twice");
	log_line("next");
	(void)drain_all();
	CHECK(sink.n == 2 && strcmp(sink.text[0], "held") == 0 &&
	    strcmp(sink.text[1], "next") == 0, "same line again, in order");
	/* The time is when the line was logged, not when it was sent. */
	CHECK(sink.wall[1] - sink.wall[0] == 5000000u &&
	    sink.wall[0] % 1000000000u == (t0 % 1000u) * 1000000u,
	    "wall clock of the log_line call");
}

static const struct check_test tests[] = {
	{ "sync", test_sync },
	{ "order", test_order },
	{ "wrap", test_wrap },
	{ "overflow", test_overflow },
	{ "rate", test_rate },
	{ "flush", test_flush },
	{ "sink_again", test_sink_again },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
