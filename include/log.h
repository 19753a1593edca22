/*
 * log.h: one console line, formatted.  Every module's diagnostics and the
 * access log go through here, so a line is never cut mid-way without
 * saying so and never split by another writer.
 *
 * Context: any code above the platform; no allocation (a stack buffer of
 * LOG_LINE_MAX bytes).
 */
#ifndef LOG_H
#define LOG_H

#include <stdarg.h>

#include "config.h"


/* printf-style; a newline is added unless the text ends in one. */
void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_vline(const char *fmt, va_list ap);

#endif /* LOG_H */
