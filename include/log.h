/*
 * log.h: one console line, formatted.  Every module's diagnostics and the
 * access log go through here, so a line is never cut mid-way without
 * saying so and never split by another writer of this interface.
 *
 * Until log_start() a line is written to the console before log_line()
 * returns, so start-up messages appear even if the node stops at once.
 * From log_start() on, lines go into a ring of LOG_RING_LINES (config.h)
 * and the main loop's log_drain() moves them out, a bounded amount each
 * iteration: to the console, at most LOG_CONSOLE_LINES_PER_S (the rest
 * are counted and a line "log: lines not shown on the console: N" says
 * so), and to the sink, if one is registered (net/syslog.c), every line.
 * A full ring drops its oldest line.  Only the platform's own last words
 * (plat_abort, a panic) bypass the ring, and may split a line the drain
 * had begun.
 *
 * Context: any code above the platform, main loop only; no allocation
 * (a stack buffer of LOG_LINE_MAX bytes, the ring in .bss).
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

/* Severities, with syslog's numbers (RFC 5424 6.2.1). */
#define LOG_SEV_ERR	3	/* the node cannot do what it was asked */
#define LOG_SEV_INFO	6	/* access lines, start-up, everything else */

/* printf-style; a newline is added unless the text ends in one. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vline(const char *fmt, va_list ap);

/* log_line at LOG_SEV_ERR. */
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * From now on lines wait in the ring for log_drain().  Call once, when
 * the main loop is about to run.
 */
void log_start(void);

/*
 * Move waiting lines out: at most LOG_DRAIN_BYTES to the console and
 * LOG_SINK_LINES to the sink.  Returns true while lines wait that the
 * next call could move, so the loop should come back within LOG_DRAIN_MS;
 * false when all is out (or the sink asked to wait, RC_AGAIN: it is
 * tried again on the next call).  Call from the main loop.
 */
bool log_drain(void);

/*
 * Write every waiting line to the console now, past the rate limit and
 * the byte budget, and hand the sink what it takes.  Call where the
 * program stops (before plat_exit), so its last lines are not lost.
 */
void log_flush(void);

/*
 * A consumer of every line, after the console: called from log_drain()
 * and log_flush() in line order with the line's severity, the wall
 * clock (plat_clock_wall) when it was logged, and its text without the
 * newline (len bytes, not NUL-terminated, valid during the call).
 * Returns RC_OK when the line is taken (or refused for good: it is then
 * counted and skipped), RC_AGAIN to be called with the same line later.
 */
typedef int (*log_sink_fn)(void *arg, int sev, uint64_t wall_ns,
    const char *text, size_t len);

/*
 * Register the one sink (NULL: none).  It starts at the oldest line still
 * in the ring, so it also gets the start-up lines.
 */
void log_set_sink(log_sink_fn fn, void *arg);

/* What the log did with the lines since start. */
struct log_stats {
	uint64_t lines;			/* logged */
	uint64_t console_skipped;	/* past LOG_CONSOLE_LINES_PER_S */
	uint64_t console_lost;		/* dropped from a full ring first */
	uint64_t sink_lost;		/* the same, before the sink had them */
	uint64_t sink_refused;		/* the sink failed them for good */
};

void log_get_stats(struct log_stats *st);

/*
 * Read the ring back (the admin API's /logs): lines are numbered from 0
 * in the order logged; log_next_seq() is the number the next one gets.
 * log_recent() gives line seq's wall clock and text (without its
 * newline, not NUL-terminated, valid until the next line is logged) and
 * true, or false when seq is not in the ring (overwritten, or not yet).
 */
uint64_t log_next_seq(void);
bool log_recent(uint64_t seq, uint64_t *wall_ns, const char **text,
    size_t *len);

#endif /* LOG_H */
