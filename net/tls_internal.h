/*
 * tls_internal.h: what the net/tls*.c files share; not an interface.
 */
#ifndef TLS_INTERNAL_H
#define TLS_INTERNAL_H

#include "tls.h"

/* tls_policy.c: certificate choice by SNI and signing with our keys */
extern const br_ssl_server_policy_class tls_policy_vtable;
const struct tls_chain *tls_chain_for(const struct tls_server *srv,
    const char *name);

/* tls_err.c: BearSSL error codes, mapped once */
int tls_map_br_err(int br_err);
const char *tls_br_err_text(int br_err);
/*
 * The fatal alert description (RFC 5246 7.2) for a failure that BearSSL
 * reported as br_err without sending one, or -1 when none is due (no
 * failure, an alert already sent or received, a transport error).
 */
int tls_br_err_alert(int br_err);

#endif /* TLS_INTERNAL_H */
