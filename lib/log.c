/*
 * log.c: formatted lines, a ring of them, and its two consumers (see
 * log.h).
 *
 * A line is formatted straight into its ring slot, stamped with the wall
 * clock and numbered; lines are never moved.  Each consumer keeps the
 * number of the next line it wants.  A full ring overwrites its oldest
 * slot, and a consumer that finds its next line gone counts the lines it
 * lost and goes on from the oldest one left: no writer ever waits for a
 * reader.  The console copies a line out before it writes it, a few bytes
 * each iteration, so the slot can be reused under it.
 *
 * The console's rate limit is a window of one second: the first
 * LOG_CONSOLE_LINES_PER_S lines drained in it are shown, the rest are
 * skipped at once (they cost nothing then) and counted, and the first
 * drain of the next window says how many.  That notice is console only;
 * the sink has had every line.
 *
 * lib/ sits below net/: the sink is a function registered by whoever can
 * send (net/syslog.c), not a call into net/.
 *
 * Interface: log_line, log_vline, log_err, log_start, log_drain,
 * log_flush, log_set_sink, log_get_stats, log_next_seq, log_recent.
 */
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "log.h"
#include "plat.h"

#define LOG_WINDOW_NS	1000000000ull	/* the console's rate window */

struct log_slot {
	uint64_t wall_ns;		/* plat_clock_wall when logged */
	uint16_t len;			/* bytes of text, newline included */
	uint8_t sev;			/* LOG_SEV_* */
	char text[LOG_LINE_MAX];
};

static struct log_slot log_ring[LOG_RING_LINES];
static uint64_t log_head;		/* number of the next line logged */
static bool log_async;			/* log_start() was called */
static bool log_busy;			/* draining: lines only queue */
static struct log_stats log_st;

/* The console: its next line, the line it is writing, its window. */
static struct {
	uint64_t next;
	char buf[LOG_LINE_MAX];
	size_t off, len;		/* written, staged bytes of buf */
	uint64_t window;		/* start of the window, monotonic ns */
	unsigned int shown;		/* lines staged in the window */
	uint64_t unshown;		/* not shown since the last notice */
} log_con;

static struct {
	log_sink_fn fn;
	void *arg;
	uint64_t next;
} log_sink;

/* The number of the oldest line still in the ring. */
static uint64_t
log_oldest(void)
{
	return log_head > LOG_RING_LINES ? log_head - LOG_RING_LINES : 0;
}

/* A consumer whose next line was overwritten: count it, skip ahead. */
static void
log_catch_up(uint64_t *next, uint64_t *lost)
{
	uint64_t oldest = log_oldest();

	if (*next < oldest) {
		*lost += oldest - *next;
		*next = oldest;
	}
}

/* Format into the next slot, which may be the oldest line's. */
static void
log_put(int sev, const char *fmt, va_list ap)
{
	struct log_slot *s = &log_ring[log_head % LOG_RING_LINES];
	char *line = s->text;
	int n;

	n = vsnprintf(line, sizeof s->text - 1, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof s->text - 1) {	/* cut: say so */
		n = (int)sizeof s->text - 1;
		memcpy(line + n - 4, "...", 3);
		n--;
	}
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';
	s->len = (uint16_t)n;
	s->sev = (uint8_t)sev;
	s->wall_ns = plat_clock_wall();
	log_head++;
	log_st.lines++;
	/* Before the loop runs nobody drains: write it now.  A line the
	 * sink logs while it is called waits for the next drain. */
	if (!log_async && !log_busy)
		log_flush();
}

/* Stage the console's next line; false when there is none to show. */
static bool
log_con_next(bool limited)
{
	const struct log_slot *s;
	uint64_t lost = 0;

	/* Lost from the ring or past the limit: not shown either way. */
	log_catch_up(&log_con.next, &lost);
	log_st.console_lost += lost;
	log_con.unshown += lost;
	if (log_con.next == log_head)
		return false;
	if (limited && log_con.shown >= LOG_CONSOLE_LINES_PER_S) {
		log_con.unshown += log_head - log_con.next;
		log_st.console_skipped += log_head - log_con.next;
		log_con.next = log_head;
		return false;
	}
	s = &log_ring[log_con.next++ % LOG_RING_LINES];
	memcpy(log_con.buf, s->text, s->len);
	log_con.len = s->len;
	log_con.off = 0;
	log_con.shown++;
	return true;
}

/*
 * A new window (or a flush): stage the notice of the lines not shown,
 * if any; true if it was staged.
 */
static bool
log_con_notice(bool limited)
{
	uint64_t now = plat_clock_monotonic();
	int n;

	if (limited) {
		if (now - log_con.window < LOG_WINDOW_NS)
			return false;
		log_con.window = now;
		log_con.shown = 0;
	}
	if (log_con.unshown == 0)
		return false;
	n = snprintf(log_con.buf, sizeof log_con.buf,
	    "log: lines not shown on the console: %llu\n",
	    (unsigned long long)log_con.unshown);
	log_con.len = (size_t)n;
	log_con.off = 0;
	log_con.unshown = 0;
	return true;
}

/* Up to budget bytes to the console; true if more is waiting. */
static bool
log_con_drain(size_t budget, bool limited)
{
	size_t n;

	for (;;) {
		if (log_con.off == log_con.len &&
		    !log_con_notice(limited) && !log_con_next(limited))
			return false;
		if (budget == 0)
			return true;
		n = log_con.len - log_con.off;
		if (n > budget)
			n = budget;
		plat_console_write(log_con.buf + log_con.off, n);
		log_con.off += n;
		budget -= n;
	}
}

/* Up to max lines to the sink; true if more is waiting. */
static bool
log_sink_drain(unsigned int max)
{
	const struct log_slot *s;
	unsigned int i;
	int rc;

	for (i = 0; log_sink.fn != NULL && i < max; i++) {
		log_catch_up(&log_sink.next, &log_st.sink_lost);
		if (log_sink.next == log_head)
			return false;
		s = &log_ring[log_sink.next % LOG_RING_LINES];
		rc = log_sink.fn(log_sink.arg, s->sev, s->wall_ns, s->text,
		    s->len - 1u);
		if (rc == RC_AGAIN)
			return false;	/* the sink's turn comes next call */
		if (rc != RC_OK)
			log_st.sink_refused++;
		log_sink.next++;
	}
	return log_sink.fn != NULL && log_sink.next < log_head;
}

/* see log.h */
void
log_vline(const char *fmt, va_list ap)
{
	log_put(LOG_SEV_INFO, fmt, ap);
}

/* see log.h */
void
log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_put(LOG_SEV_INFO, fmt, ap);
	va_end(ap);
}

/* see log.h */
void
log_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_put(LOG_SEV_ERR, fmt, ap);
	va_end(ap);
}

/* see log.h */
void
log_start(void)
{
	log_async = true;
}

/* see log.h */
bool
log_drain(void)
{
	bool con, sink;

	log_busy = true;
	con = log_con_drain(LOG_DRAIN_BYTES, true);
	sink = log_sink_drain(LOG_SINK_LINES);
	log_busy = false;
	return con || sink;
}

/* see log.h */
void
log_flush(void)
{
	log_busy = true;
	(void)log_con_drain((size_t)-1, false);	/* all: never "more" */
	(void)log_sink_drain(LOG_RING_LINES);	/* a ring's worth at most */
	log_busy = false;
}

/* see log.h */
void
log_set_sink(log_sink_fn fn, void *arg)
{
	log_sink.fn = fn;
	log_sink.arg = arg;
	log_sink.next = log_oldest();
}

/* see log.h */
void
log_get_stats(struct log_stats *st)
{
	*st = log_st;
}

/* see log.h */
uint64_t
log_next_seq(void)
{
	return log_head;
}

/* see log.h */
bool
log_recent(uint64_t seq, uint64_t *wall_ns, const char **text, size_t *len)
{
	const struct log_slot *s;

	if (seq < log_oldest() || seq >= log_head)
		return false;
	s = &log_ring[seq % LOG_RING_LINES];
	*wall_ns = s->wall_ns;
	*text = s->text;
	*len = s->len > 0 ? s->len - 1u : 0;	/* without the newline */
	return true;
}
