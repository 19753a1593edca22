/*
 * store.h: the site's content in LMDB, as the app reads it and the image
 * tools write it.
 *
 * One LMDB environment is one file (MDB_NOSUBDIR, MDB_NOLOCK): the data
 * disk on the appliance, a plain file on a host.  A request is one lookup:
 * the stored value is the response body, with its content type beside it,
 * computed when the image was built, not per request.
 *
 * Keys: slugs are matched case-insensitively, so keys are stored with
 * locale and slug folded to lower case (ASCII only; other bytes as is).
 * Memory: the caller owns struct store and struct store_read.  Values
 * point into the LMDB map and stay valid until store_read_end().
 * Context: the main loop only (LMDB is used without locks or threads).
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct MDB_env;
struct MDB_txn;
struct MDB_cursor;

struct store {
	struct MDB_env *env;
	unsigned int dbi_pages;	/* MDB_dbi of the "pages" table */
	unsigned int dbi_site;	/* MDB_dbi of the "site" table (site.h) */
};

#define STORE_NO_DB	(~0u)	/* a table the file does not have */

/* A read transaction, held while a response that points into it is sent. */
struct store_read {
	struct MDB_txn *txn;
};

/* A page as it will be served.  All pointers point into the map. */
struct store_page {
	const char *type;	/* "text/html; charset=utf-8", NUL-terminated */
	const uint8_t *body;
	size_t len;
	/* The locale and slug as published, before case folding, joined by
	 * '/' ("en-US/Web/HTTP"), NUL-terminated: the canonical URL part. */
	const char *name;
	size_t name_len;
};

/*
 * Open the store in the file at path.  map_size is the LMDB map size in
 * bytes (the disk's size on the appliance); 0 means the file's size.
 * STORE_RDONLY opens for serving; 0 opens for writing (image tools).
 */
#define STORE_RDONLY 1
int store_open(struct store *st, const char *path, uint64_t map_size,
    int flags) __attribute__((warn_unused_result));
void store_close(struct store *st);

/* Begin and end a read transaction.  Nested reads are allowed (LMDB's
 * MDB_NOTLS); each holds an old snapshot until ended. */
int store_read_begin(struct store *st, struct store_read *rd)
    __attribute__((warn_unused_result));
void store_read_end(struct store_read *rd);

/*
 * Look up the page for locale and slug (each not NUL-terminated; matched
 * case-insensitively).  RC_OK and *page filled, RC_NOTFOUND, or
 * RC_TOOBIG when the key exceeds SITE_MAX_KEY.
 */
int store_get_page(struct store *st, struct store_read *rd,
    const char *locale, size_t locale_len, const char *slug, size_t slug_len,
    struct store_page *page) __attribute__((warn_unused_result));

/*
 * Iterate over all pages of a read transaction in key order (folded
 * locale, then folded slug).  store_iter_next() returns RC_OK and fills
 * *page, or RC_NOTFOUND after the last page.  Pointers stay valid until
 * store_read_end(); end the iterator before the read.
 */
struct store_iter {
	struct MDB_cursor *cur;
	int started;
};
int store_iter_begin(struct store *st, struct store_read *rd,
    struct store_iter *it) __attribute__((warn_unused_result));
int store_iter_next(struct store_iter *it, struct store_page *page)
    __attribute__((warn_unused_result));
void store_iter_end(struct store_iter *it);

/*
 * Writing, for host tools: one transaction around many puts.  An error
 * from LMDB (RC_STORE_FULL, RC_IO, ...) is sticky: later puts fail with
 * it, and commit aborts and returns it.  A put refused for its arguments
 * (RC_TOOBIG, RC_INVAL) leaves the transaction usable.  A put replaces
 * a page with the same folded key.  Commit syncs the file, so a committed
 * write is durable.  Every write ends in exactly one commit or abort.
 */
struct store_write {
	struct MDB_txn *txn;
	int err;		/* first error, sticky */
};
int store_write_begin(struct store *st, struct store_write *wr)
    __attribute__((warn_unused_result));
int store_put_page(struct store *st, struct store_write *wr,
    const char *locale, const char *slug, const char *type,
    const void *body, size_t len) __attribute__((warn_unused_result));
int store_write_commit(struct store_write *wr)
    __attribute__((warn_unused_result));
void store_write_abort(struct store_write *wr);

/*
 * The "site" table (site.h): raw keys and values.  Keys are 1 to
 * SITE_MAX_KEY bytes (RC_INVAL, RC_TOOBIG).  A value from store_get
 * points into the map until store_read_end().
 */
int store_get(struct store *st, struct store_read *rd, const void *key,
    size_t key_len, const void **val, size_t *val_len)
    __attribute__((warn_unused_result));
/* Put a value of val_len bytes and return where to write it (*val, valid
 * until the next write call): the value is copied once, into the page. */
int store_put_reserve(struct store *st, struct store_write *wr,
    const void *key, size_t key_len, size_t val_len, void **val)
    __attribute__((warn_unused_result));
int store_put(struct store *st, struct store_write *wr, const void *key,
    size_t key_len, const void *val, size_t val_len)
    __attribute__((warn_unused_result));
/* RC_NOTFOUND (the write stays usable) when there is no such key. */
int store_del(struct store *st, struct store_write *wr, const void *key,
    size_t key_len) __attribute__((warn_unused_result));
/*
 * Walk the "site" table in key order from the first key >= from (from_len
 * 0: the first key).  from is used on the first call only.  RC_NOTFOUND
 * after the last.  End with store_iter_end().
 */
int store_scan_begin(struct store *st, struct store_read *rd,
    struct store_iter *it) __attribute__((warn_unused_result));
int store_scan_next(struct store_iter *it, const void *from, size_t from_len,
    const void **key, size_t *key_len, const void **val, size_t *val_len)
    __attribute__((warn_unused_result));

#endif /* STORE_H */
