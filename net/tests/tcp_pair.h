/*
 * tcp_pair.h: TCP between lwIP clients and a server in the same lwIP
 * stack, in one process, on fake time (fake_plat.h), for tests of the
 * HTTP server.  NO_SYS: everything runs in the caller's thread, and only
 * when the caller pumps the wire or lets time pass.
 *
 * The stack has one netif with address 10.0.0.1, whose packets go into
 * an in-memory FIFO and back into the stack (pair_pump()).  Clients
 * connect to 10.0.0.1:port; they ACK every segment at once, so the
 * server hears of progress at the fake instant its data arrived.
 */
#ifndef TCP_PAIR_H
#define TCP_PAIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAIR_STEP_MS	250	/* time moves in lwIP's TCP_TMR_INTERVAL */

struct tcp_pcb;

/* One client connection and everything it received. */
struct pair_client {
	struct tcp_pcb *pcb;	/* NULL once closed or reset */
	char *rx;		/* all bytes received, NUL-terminated */
	size_t rx_len, rx_cap;
	bool connected, fin, reset;
	bool stop_reading;	/* take data but never open the window */
	size_t unread;		/* bytes taken while stop_reading */
};

/*
 * Start lwIP and the netif; clients will connect to port.  Call once,
 * before the server listens on port.
 */
void pair_init(uint16_t port);

/* While true, bare ACKs to the server are held back, not delivered. */
extern bool pair_hold_acks;

/* Packets held back now. */
unsigned int pair_held(void);

/* Put the held packets back on the wire (pair_pump delivers them). */
void pair_release_held(void);

/* Deliver everything on the wire, and what that sends, in no time. */
void pair_pump(void);

/* Let ms of fake time pass, with lwIP's timers and the wire. */
void pair_run_ms(uint64_t ms);

/* Connect c (its old contents are dropped); true once established. */
bool pair_open(struct pair_client *c);

/* pair_open to another port of the server (pair_hold_acks ignores it). */
bool pair_open_port(struct pair_client *c, uint16_t port);

/* Send n bytes (at most the send buffer) and pump them through. */
void pair_write(struct pair_client *c, const char *s, size_t n);

/* pair_write of a string. */
void pair_send(struct pair_client *c, const char *s);

/* Open the window that stop_reading kept shut, and say so at once. */
void pair_resume(struct pair_client *c);

/* Reset the connection (RST) if still open and forget what came. */
void pair_close(struct pair_client *c);

#endif /* TCP_PAIR_H */
