/*
 * site.c: records and keys of the site store (site.h).
 *
 * A record is struct site_rec followed by the bytes its spans name, in
 * field order.  Decoding checks each span against the record's length,
 * so a value the compiler did not write is refused, never read past.
 *
 * Interface: site_rec_decode, site_rec_encode, site_fold, site_key_doc,
 * site_key_sample, site_key.
 */
#include <string.h>

#include "err.h"
#include "site.h"

_Static_assert(sizeof(struct site_rec) == 24 + 10 * 8, "site_rec is on disk");

/* The spans of a record and the parts of a view, in the same order. */
#define SITE_NPARTS	(7 + SITE_ENC_N)

static void
site_spans(struct site_rec *r, struct site_span *s[SITE_NPARTS])
{
	int i;

	s[0] = &r->head;
	s[1] = &r->head304;
	s[2] = &r->etag;
	s[3] = &r->location;
	s[4] = &r->lang;
	s[5] = &r->name;
	s[6] = &r->aux;
	for (i = 0; i < SITE_ENC_N; i++)
		s[7 + i] = &r->body[i];
}

static void
site_parts(const struct site_view *cv, struct site_bytes *b[SITE_NPARTS])
{
	struct site_view *v = (struct site_view *)cv;
	int i;

	b[0] = &v->head;
	b[1] = &v->head304;
	b[2] = &v->etag;
	b[3] = &v->location;
	b[4] = &v->lang;
	b[5] = &v->name;
	b[6] = &v->aux;
	for (i = 0; i < SITE_ENC_N; i++)
		b[7 + i] = &v->body[i];
}

/* see site.h */
int
site_rec_decode(const void *val, size_t len, struct site_view *v)
{
	struct site_span *s[SITE_NPARTS];
	struct site_bytes *b[SITE_NPARTS];
	struct site_rec r;
	int i;

	if (len < sizeof r)
		return RC_FORMAT;
	memcpy(&r, val, sizeof r);	/* LMDB aligns values to 2 bytes */
	if (r.magic != SITE_REC_MAGIC || r.kind < SITE_R_BODY ||
	    r.kind > SITE_R_META || r.methods > SITE_M_DOC ||
	    r.status < 100 || r.status > 599)
		return RC_FORMAT;
	memset(v, 0, sizeof *v);
	v->kind = (enum site_kind)r.kind;
	v->status = r.status;
	v->flags = r.flags;
	v->methods = (enum site_methods)r.methods;
	v->mtime = r.mtime;
	site_spans(&r, s);
	site_parts(v, b);
	for (i = 0; i < SITE_NPARTS; i++) {
		if (s[i]->off > len || s[i]->len > len - s[i]->off)
			return RC_FORMAT;
		b[i]->p = (const uint8_t *)val + s[i]->off;
		b[i]->len = s[i]->len;
	}
	return RC_OK;
}

/* see site.h */
int
site_rec_encode(const struct site_view *v, void *out, size_t cap,
    size_t *need)
{
	struct site_span *s[SITE_NPARTS];
	struct site_bytes *b[SITE_NPARTS];
	struct site_rec r;
	size_t n = sizeof r;
	int i;

	site_parts(v, b);
	for (i = 0; i < SITE_NPARTS; i++) {
		if (b[i]->len > UINT32_MAX - n)
			return RC_TOOBIG;
		n += b[i]->len;
	}
	*need = n;
	if (n > cap)
		return RC_TOOBIG;
	memset(&r, 0, sizeof r);
	r.magic = SITE_REC_MAGIC;
	r.kind = (uint16_t)v->kind;
	r.status = (uint16_t)v->status;
	r.flags = v->flags;
	r.methods = (uint16_t)v->methods;
	r.mtime = v->mtime;
	site_spans(&r, s);
	n = sizeof r;
	for (i = 0; i < SITE_NPARTS; i++) {
		s[i]->off = (uint32_t)n;
		s[i]->len = (uint32_t)b[i]->len;
		if (b[i]->len > 0)
			memcpy((uint8_t *)out + n, b[i]->p, b[i]->len);
		n += b[i]->len;
	}
	memcpy(out, &r, sizeof r);
	return RC_OK;
}

/* see site.h */
void
site_fold(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 'a' - 'A') :
		    s[i];
}

/* Append n bytes of s, folded or not, at *at; false when out is full. */
static bool
site_put(uint8_t *out, size_t cap, size_t *at, const char *s, size_t n,
    bool fold)
{
	if (n > cap || *at > cap - n)
		return false;
	if (fold)
		site_fold((char *)out + *at, s, n);
	else if (n > 0)
		memcpy(out + *at, s, n);
	*at += n;
	return true;
}

/* see site.h */
size_t
site_key_doc(uint8_t *out, size_t cap, const char *locale, size_t locale_len,
    const char *slug, size_t slug_len, const char *view)
{
	size_t at = 0, vl = view == NULL ? 0 : strlen(view);

	if (!site_put(out, cap, &at, "d", 1, false) ||
	    !site_put(out, cap, &at, locale, locale_len, true) ||
	    !site_put(out, cap, &at, "", 1, false) ||
	    !site_put(out, cap, &at, slug, slug_len, true))
		return 0;
	if (vl > 0 && (!site_put(out, cap, &at, "", 1, false) ||
	    !site_put(out, cap, &at, view, vl, false)))
		return 0;
	return at <= SITE_MAX_KEY ? at : 0;
}

/* see site.h */
size_t
site_key_sample(uint8_t *out, size_t cap, const char *locale,
    size_t locale_len, const char *slug, size_t slug_len, const char *sample,
    size_t sample_len)
{
	size_t at = 0;

	if (!site_put(out, cap, &at, "x", 1, false) ||
	    !site_put(out, cap, &at, locale, locale_len, true) ||
	    !site_put(out, cap, &at, "", 1, false) ||
	    !site_put(out, cap, &at, slug, slug_len, true) ||
	    !site_put(out, cap, &at, "", 1, false) ||
	    !site_put(out, cap, &at, sample, sample_len, false))
		return 0;
	return at <= SITE_MAX_KEY ? at : 0;
}

/* see site.h */
size_t
site_key(uint8_t *out, size_t cap, char ns, char host, const char *s,
    size_t n)
{
	size_t at = 0;

	if (!site_put(out, cap, &at, &ns, 1, false) ||
	    (host != 0 && !site_put(out, cap, &at, &host, 1, false)) ||
	    !site_put(out, cap, &at, s, n, false))
		return 0;
	return at <= SITE_MAX_KEY ? at : 0;
}
