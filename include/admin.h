/*
 * admin.h: the admin API (app/admin.c), served on its own TLS port
 * (config admin_port=, client certificates of admin_ca required by the
 * TLS layer, so every request here comes from a holder of one):
 *
 *   GET /status     JSON: the store's content id (its meta record "M"),
 *                   uptime, connections
 *   GET /metrics    Prometheus text format (version 0.0.4): per listener
 *                   connections, TLS handshakes, responses by status
 *                   class, bytes sent; the store's size; log lines
 *   GET /logs       the log ring's lines, oldest first, as JSON lines:
 *                   {"ts":SECONDS.MILLIS,"line":"..."}
 *   POST /snapshot  501 for now (the snapshot upload comes later)
 *   anything else   404; a known path with another method 405
 *
 * HEAD is answered as GET.  Bodies are made into one of ADMIN_SLOTS
 * static buffers of ADMIN_BODY_MAX bytes (config.h) and kept until sent;
 * with all busy the answer is 503.  Main loop only.
 */
#ifndef ADMIN_H
#define ADMIN_H

#include "http.h"
#include "store.h"

/* Serve from st (opened for reading, living for the program).  Call
 * once, early: uptime counts from here. */
void admin_init(struct store *st);

/* The admin port's handler (struct http_listener.fn; ctx unused). */
void admin_handle(void *ctx, const struct http_request *req,
    struct http_reply *rep);

#endif /* ADMIN_H */
