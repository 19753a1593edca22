/*
 * sys_arch.c: what lwIP (NO_SYS=1) asks of its host: time, randomness and
 * diagnostics, all on top of plat.h.
 */
#include <stdarg.h>

#include "err.h"
#include "lwip/opt.h"
#include "lwip/sys.h"
#include "log.h"
#include "plat.h"

/* lwIP's millisecond clock; it wraps after 49 days, which lwIP expects. */
u32_t
sys_now(void)
{
	return (u32_t)(plat_clock_monotonic() / 1000000u);
}

void
net_lwip_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(fmt, ap);
	va_end(ap);
}

_Noreturn void
net_lwip_assert(const char *msg, const char *file, int line)
{
	plat_abort(file, line, msg);	/* it names the file and line */
}

uint32_t
net_lwip_rand(void)
{
	uint32_t r = 0;

	/*
	 * Used for ports and ISNs; the hardware source is good enough.  A
	 * source that fails would make ISNs guessable: stop instead.
	 */
	if (plat_entropy(&r, sizeof r) != RC_OK)
		plat_abort(__FILE__, __LINE__, "entropy source failed");
	return r;
}
