/* arch/cc.h: lwIP's compiler and platform glue for the appliance. */
#ifndef LWIP_ARCH_CC_H
#define LWIP_ARCH_CC_H

#include <stdint.h>
#include <stdlib.h>

#define LWIP_NO_INTTYPES_H 0
#define BYTE_ORDER LITTLE_ENDIAN

/* lwIP's diagnostics go to the console; a failed lwIP assertion is a
 * broken invariant and stops the node. */
void net_lwip_diag(const char *fmt, ...);
_Noreturn void net_lwip_assert(const char *msg, const char *file, int line);
#define LWIP_PLATFORM_DIAG(x) do { net_lwip_diag x; } while (0)
#define LWIP_PLATFORM_ASSERT(x) net_lwip_assert(x, __FILE__, __LINE__)

uint32_t net_lwip_rand(void);
#define LWIP_RAND() net_lwip_rand()

#endif /* LWIP_ARCH_CC_H */
