/*
 * store.c: the content store (store.h) over LMDB.
 *
 * Design: one LMDB environment in one file (MDB_NOSUBDIR) with no lock
 * file (MDB_NOLOCK: one process, one thread, no other reader), holding one
 * named database, "pages".  A page is one key and one value:
 *
 *   key    "<locale>/<slug>", ASCII letters folded to lower case, so that
 *          /en-US/docs/Web/HTTP and /en-us/docs/web/http find one page;
 *   value  struct store_hdr, the content type, NUL, the display name
 *          ("en-US/Web/HTTP"), NUL, then the body.
 *
 * The body is served straight from the map: a lookup copies nothing.  The
 * NULs let the type and name be used as C strings in place.
 *
 * Every MDB_* and errno code is mapped to enum err once, in store_err();
 * nothing here logs, and nothing here calls malloc (LMDB itself does).
 *
 * Interface: store_open, store_close, store_read_begin, store_read_end,
 * store_get_page, store_iter_begin, store_iter_next, store_iter_end,
 * store_write_begin, store_put_page, store_write_commit,
 * store_write_abort.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lmdb.h"

#include "config.h"
#include "err.h"
#include "store.h"

#define STORE_DB_PAGES	"pages"
#define STORE_DB_SITE	"site"	/* site.h records */
#define STORE_VERSION	1	/* layout of a stored value */

/*
 * The fixed head of a stored value, little-endian on disk (x86-64 only,
 * so it is written as a plain struct).  LMDB gives values 2-byte
 * alignment only, so it is read with memcpy.
 */
struct store_hdr {
	uint8_t version;	/* STORE_VERSION */
	uint8_t flags;		/* 0; room for compressed variants */
	uint16_t type_len;	/* bytes of content type, without its NUL */
	uint16_t name_len;	/* bytes of display name, without its NUL */
	uint16_t reserved;	/* 0 */
};
_Static_assert(sizeof(struct store_hdr) == 8, "store_hdr is on disk");
_Static_assert(SITE_MAX_KEY < 65536, "name_len is 16 bits");
_Static_assert(STORE_MAX_TYPE < 65536, "type_len is 16 bits");

/* Map an LMDB return code (MDB_* or errno) to enum err. */
static int
store_err(int rc)
{
	switch (rc) {
	case MDB_SUCCESS:
		return RC_OK;
	case MDB_NOTFOUND:
		return RC_NOTFOUND;
	case MDB_MAP_FULL:
	case ENOSPC:
		return RC_STORE_FULL;
	case MDB_CORRUPTED:
	case MDB_INVALID:
	case MDB_VERSION_MISMATCH:
	case MDB_PAGE_NOTFOUND:	/* "usually indicates corruption" */
		return RC_CORRUPT;
	case MDB_BAD_VALSIZE:
		return RC_TOOBIG;
	case ENOMEM:
		return RC_NOMEM;
	case ENOENT:
		return RC_NOTFOUND;
	case EINVAL:
		return RC_INVAL;
	}
	/* Other errno values are positive; LMDB's own codes are negative. */
	return rc > 0 ? RC_IO : RC_STORE;
}

/*
 * Build the folded key "<locale>/<slug>" into key[SITE_MAX_KEY].  Only
 * ASCII letters are folded: bytes >= 0x80 (UTF-8) are kept as they are,
 * so "Café" and "café" match but "CAFÉ" does not, as on MDN.
 */
static int
store_key(char *key, size_t *key_len, const char *locale, size_t locale_len,
    const char *slug, size_t slug_len)
{
	size_t i, n;

	if (locale_len == 0)
		return RC_INVAL;
	if (locale_len > SITE_MAX_LOCALE || slug_len > SITE_MAX_SLUG)
		return RC_TOOBIG;
	n = locale_len + 1 + slug_len;
	if (n > SITE_MAX_KEY)
		return RC_TOOBIG;
	memcpy(key, locale, locale_len);
	key[locale_len] = '/';
	memcpy(key + locale_len + 1, slug, slug_len);
	for (i = 0; i < n; i++)
		if (key[i] >= 'A' && key[i] <= 'Z')
			key[i] += 'a' - 'A';
	*key_len = n;
	return RC_OK;
}

/* Split a stored value into *page; RC_CORRUPT if it is not ours. */
static int
store_decode(const MDB_val *v, struct store_page *page)
{
	struct store_hdr h;
	const uint8_t *p = v->mv_data;
	size_t head;

	if (v->mv_size < sizeof(h))
		return RC_CORRUPT;
	memcpy(&h, p, sizeof(h));
	if (h.version != STORE_VERSION)
		return RC_CORRUPT;
	head = sizeof(h) + (size_t)h.type_len + 1 + (size_t)h.name_len + 1;
	if (head > v->mv_size)
		return RC_CORRUPT;
	p += sizeof(h);
	if (p[h.type_len] != '\0' || p[h.type_len + 1 + h.name_len] != '\0')
		return RC_CORRUPT;
	page->type = (const char *)p;
	page->name = (const char *)p + h.type_len + 1;
	page->name_len = h.name_len;
	page->body = (const uint8_t *)v->mv_data + head;
	page->len = v->mv_size - head;
	return RC_OK;
}

/* The size of the file at path, for a map that covers all of it. */
static int
store_file_size(const char *path, uint64_t *size)
{
	struct stat sb;
	int fd, rc;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return store_err(errno);
	rc = fstat(fd, &sb) == 0 ? RC_OK : store_err(errno);
	(void)close(fd);	/* read-only: nothing to lose */
	if (rc == RC_OK)
		*size = (uint64_t)sb.st_size;
	return rc;
}

/* Open (or, for writing, create) one named database; a read-only open of
 * one that is not there leaves *dbi at STORE_NO_DB. */
static int
store_open_one(MDB_txn *txn, const char *name, int rdonly, unsigned int *dbi)
{
	MDB_dbi d;
	int rc;

	rc = mdb_dbi_open(txn, name, rdonly ? 0 : MDB_CREATE, &d);
	if (rc == MDB_NOTFOUND && rdonly) {
		*dbi = STORE_NO_DB;
		return RC_OK;
	}
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	*dbi = d;
	return RC_OK;
}

/* Open the "site" and "pages" databases. */
static int
store_open_db(struct store *st, int rdonly)
{
	MDB_txn *txn;
	int rc;

	rc = mdb_txn_begin(st->env, NULL, rdonly ? MDB_RDONLY : 0, &txn);
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	if ((rc = store_open_one(txn, STORE_DB_SITE, rdonly,
	    &st->dbi_site)) != RC_OK ||
	    (rc = store_open_one(txn, STORE_DB_PAGES, rdonly,
	    &st->dbi_pages)) != RC_OK) {
		mdb_txn_abort(txn);
		return rc;
	}
	if (st->dbi_site == STORE_NO_DB && st->dbi_pages == STORE_NO_DB) {
		mdb_txn_abort(txn);
		return RC_NOTFOUND;
	}
	/* Committing makes the handles usable by later transactions. */
	rc = mdb_txn_commit(txn);
	return store_err(rc);
}

/* see store.h */
int
store_open(struct store *st, const char *path, uint64_t map_size, int flags)
{
	unsigned int mflags = MDB_NOSUBDIR | MDB_NOLOCK | MDB_NOTLS |
	    MDB_NORDAHEAD;
	int rdonly = flags & STORE_RDONLY;
	MDB_env *env;
	int rc;

	st->env = NULL;
	if (flags & ~STORE_RDONLY)
		return RC_INVAL;
	if (map_size == 0 && (rc = store_file_size(path, &map_size)) != 0)
		return rc;
	/* An empty new file needs an explicit size to grow into. */
	if (map_size == 0)
		return RC_INVAL;
	if (map_size > STORE_MAX_MAP)
		return RC_TOOBIG;
	if (rdonly)
		mflags |= MDB_RDONLY;
	if ((rc = mdb_env_create(&env)) != MDB_SUCCESS)
		return store_err(rc);
	st->env = env;
	if ((rc = mdb_env_set_maxdbs(env, 2)) != MDB_SUCCESS ||
	    (rc = mdb_env_set_mapsize(env, (size_t)map_size)) != MDB_SUCCESS ||
	    (rc = mdb_env_open(env, path, mflags, 0644)) != MDB_SUCCESS) {
		rc = store_err(rc);
		goto out_close;
	}
	/* Keys up to SITE_MAX_KEY need LMDB built with MDB_MAXKEYSIZE=0
	 * (the Makefile does); the stock 511 would refuse long slugs. */
	if (mdb_env_get_maxkeysize(env) < SITE_MAX_KEY) {
		rc = RC_UNSUPPORTED;
		goto out_close;
	}
	if ((rc = store_open_db(st, rdonly)) != RC_OK)
		goto out_close;
	return RC_OK;

out_close:
	store_close(st);
	return rc;
}

/* see store.h */
void
store_close(struct store *st)
{
	if (st->env != NULL)
		mdb_env_close(st->env);
	st->env = NULL;
}

/* see store.h */
int
store_read_begin(struct store *st, struct store_read *rd)
{
	int rc;

	rd->txn = NULL;
	rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &rd->txn);
	return store_err(rc);
}

/* see store.h */
void
store_read_end(struct store_read *rd)
{
	if (rd->txn != NULL)
		mdb_txn_abort(rd->txn);
	rd->txn = NULL;
}

/* see store.h */
int
store_get_page(struct store *st, struct store_read *rd, const char *locale,
    size_t locale_len, const char *slug, size_t slug_len,
    struct store_page *page)
{
	char key[SITE_MAX_KEY];
	MDB_val k, v;
	size_t key_len;
	int rc;

	if (st->dbi_pages == STORE_NO_DB)
		return RC_NOTFOUND;
	rc = store_key(key, &key_len, locale, locale_len, slug, slug_len);
	if (rc != RC_OK)
		return rc;
	k.mv_data = key;
	k.mv_size = key_len;
	rc = mdb_get(rd->txn, st->dbi_pages, &k, &v);
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	return store_decode(&v, page);
}

/* see store.h */
int
store_iter_begin(struct store *st, struct store_read *rd,
    struct store_iter *it)
{
	int rc;

	it->cur = NULL;
	it->started = 0;
	rc = mdb_cursor_open(rd->txn, st->dbi_pages, &it->cur);
	return store_err(rc);
}

/* see store.h */
int
store_iter_next(struct store_iter *it, struct store_page *page)
{
	MDB_val k, v;
	int rc;

	rc = mdb_cursor_get(it->cur, &k, &v, it->started ? MDB_NEXT : MDB_FIRST);
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	it->started = 1;
	return store_decode(&v, page);
}

/* see store.h */
void
store_iter_end(struct store_iter *it)
{
	if (it->cur != NULL)
		mdb_cursor_close(it->cur);
	it->cur = NULL;
}

/* see store.h */
int
store_write_begin(struct store *st, struct store_write *wr)
{
	int rc;

	wr->txn = NULL;
	rc = mdb_txn_begin(st->env, NULL, 0, &wr->txn);
	wr->err = store_err(rc);
	return wr->err;
}

/* Fill a reserved value: header, type, name, body. */
static void
store_encode(uint8_t *p, const char *type, size_t type_len,
    const char *locale, size_t locale_len, const char *slug, size_t slug_len,
    const void *body, size_t len)
{
	struct store_hdr h = { 0 };

	h.version = STORE_VERSION;
	h.type_len = (uint16_t)type_len;
	h.name_len = (uint16_t)(locale_len + 1 + slug_len);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, type, type_len + 1);
	p += type_len + 1;
	memcpy(p, locale, locale_len);
	p[locale_len] = '/';
	memcpy(p + locale_len + 1, slug, slug_len);
	p += locale_len + 1 + slug_len;
	*p++ = '\0';
	if (len > 0)
		memcpy(p, body, len);
}

/* see store.h */
int
store_put_page(struct store *st, struct store_write *wr, const char *locale,
    const char *slug, const char *type, const void *body, size_t len)
{
	size_t locale_len = strlen(locale), slug_len = strlen(slug);
	size_t type_len = strlen(type), key_len;
	char key[SITE_MAX_KEY];
	MDB_val k, v;
	int rc;

	if (wr->err != RC_OK)
		return wr->err;
	if (type_len > STORE_MAX_TYPE)
		return RC_TOOBIG;
	rc = store_key(key, &key_len, locale, locale_len, slug, slug_len);
	if (rc != RC_OK)
		return rc;
	k.mv_data = key;
	k.mv_size = key_len;
	v.mv_size = sizeof(struct store_hdr) + type_len + 1 + key_len + 1 + len;
	/* MDB_RESERVE: LMDB hands out the space, so the body is copied once,
	 * straight into the page. */
	rc = mdb_put(wr->txn, st->dbi_pages, &k, &v, MDB_RESERVE);
	if (rc != MDB_SUCCESS) {
		wr->err = store_err(rc);
		return wr->err;
	}
	store_encode(v.mv_data, type, type_len, locale, locale_len, slug,
	    slug_len, body, len);
	return RC_OK;
}

/* see store.h */
int
store_write_commit(struct store_write *wr)
{
	int rc;

	if (wr->err != RC_OK) {
		store_write_abort(wr);
		return wr->err;
	}
	rc = mdb_txn_commit(wr->txn);
	wr->txn = NULL;
	wr->err = store_err(rc);
	return wr->err;
}

/* see store.h */
void
store_write_abort(struct store_write *wr)
{
	if (wr->txn != NULL)
		mdb_txn_abort(wr->txn);
	wr->txn = NULL;
}

/* A key for the "site" table: RC_INVAL if empty, RC_TOOBIG if too long. */
static int
store_site_key(const struct store *st, const void *key, size_t key_len,
    MDB_val *k)
{
	if (st->dbi_site == STORE_NO_DB)
		return RC_NOTFOUND;
	if (key_len == 0)
		return RC_INVAL;
	if (key_len > SITE_MAX_KEY)
		return RC_TOOBIG;
	k->mv_data = (void *)key;
	k->mv_size = key_len;
	return RC_OK;
}

/* see store.h */
int
store_get(struct store *st, struct store_read *rd, const void *key,
    size_t key_len, const void **val, size_t *val_len)
{
	MDB_val k, v;
	int rc;

	if ((rc = store_site_key(st, key, key_len, &k)) != RC_OK)
		return rc;
	rc = mdb_get(rd->txn, st->dbi_site, &k, &v);
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	*val = v.mv_data;
	*val_len = v.mv_size;
	return RC_OK;
}

/* see store.h */
int
store_put_reserve(struct store *st, struct store_write *wr, const void *key,
    size_t key_len, size_t val_len, void **val)
{
	MDB_val k, v;
	int rc;

	if (wr->err != RC_OK)
		return wr->err;
	if ((rc = store_site_key(st, key, key_len, &k)) != RC_OK)
		return rc;
	v.mv_size = val_len;
	rc = mdb_put(wr->txn, st->dbi_site, &k, &v, MDB_RESERVE);
	if (rc != MDB_SUCCESS) {
		wr->err = store_err(rc);
		return wr->err;
	}
	*val = v.mv_data;
	return RC_OK;
}

/* see store.h */
int
store_put(struct store *st, struct store_write *wr, const void *key,
    size_t key_len, const void *val, size_t val_len)
{
	void *p = NULL;
	int rc;

	rc = store_put_reserve(st, wr, key, key_len, val_len, &p);
	if (rc == RC_OK && val_len > 0)
		memcpy(p, val, val_len);
	return rc;
}

/* see store.h */
int
store_del(struct store *st, struct store_write *wr, const void *key,
    size_t key_len)
{
	MDB_val k;
	int rc;

	if (wr->err != RC_OK)
		return wr->err;
	if ((rc = store_site_key(st, key, key_len, &k)) != RC_OK)
		return rc;
	rc = mdb_del(wr->txn, st->dbi_site, &k, NULL);
	if (rc == MDB_NOTFOUND)
		return RC_NOTFOUND;	/* the transaction stays usable */
	if (rc != MDB_SUCCESS)
		wr->err = store_err(rc);
	return store_err(rc);
}

/* see store.h */
int
store_scan_begin(struct store *st, struct store_read *rd,
    struct store_iter *it)
{
	int rc;

	it->cur = NULL;
	it->started = 0;
	if (st->dbi_site == STORE_NO_DB)
		return RC_NOTFOUND;
	rc = mdb_cursor_open(rd->txn, st->dbi_site, &it->cur);
	return store_err(rc);
}

/* see store.h */
int
store_scan_next(struct store_iter *it, const void *from, size_t from_len,
    const void **key, size_t *key_len, const void **val, size_t *val_len)
{
	MDB_val k, v;
	int rc;

	if (!it->started && from_len > 0) {
		k.mv_data = (void *)from;
		k.mv_size = from_len;
		rc = mdb_cursor_get(it->cur, &k, &v, MDB_SET_RANGE);
	} else {
		rc = mdb_cursor_get(it->cur, &k, &v,
		    it->started ? MDB_NEXT : MDB_FIRST);
	}
	if (rc != MDB_SUCCESS)
		return store_err(rc);
	it->started = 1;
	*key = k.mv_data;
	*key_len = k.mv_size;
	*val = v.mv_data;
	*val_len = v.mv_size;
	return RC_OK;
}
