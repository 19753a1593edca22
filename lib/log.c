/*
 * log.c: formatted console lines over plat_console_write (see log.h).
 *
 * Interface: log_line, log_vline.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "plat.h"

/* see log.h */
void
log_vline(const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	int n;

	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof line - 1) {	/* cut: say so */
		n = (int)sizeof line - 1;
		memcpy(line + n - 4, "...", 3);
		n--;
	}
	if (n == 0 || line[n - 1] != '\n')
		line[n++] = '\n';
	plat_console_write(line, (size_t)n);
}

/* see log.h */
void
log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(fmt, ap);
	va_end(ap);
}
