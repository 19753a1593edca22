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

#endif /* TLS_INTERNAL_H */
