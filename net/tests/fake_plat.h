/*
 * fake_plat.h: a platform for unit tests that run the upper layers in one
 * process with no devices: a clock that moves only when the test says so,
 * no NIC, no disk, no configuration.  net/tests/fake_plat.c implements
 * plat.h on it; a test links it instead of hosted/.
 */
#ifndef FAKE_PLAT_H
#define FAKE_PLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Move the fake monotonic clock (plat_clock_monotonic) on by ms. */
void fake_plat_advance(uint64_t ms);

/* The fake monotonic clock in milliseconds; it starts at 1000. */
uint64_t fake_plat_now_ms(void);

/*
 * on: from now on plat_console_write appends to a buffer instead of
 * writing to stderr; off: stderr again.  Either way the buffer empties.
 */
void fake_plat_console_capture(bool on);

/* The bytes captured: *text NUL-terminated, owned here; their number. */
size_t fake_plat_console(const char **text);

#endif /* FAKE_PLAT_H */
