/*
 * fuzz_http.c: libFuzzer target for the HTTP/1.1 request parser
 * (net/http.c) and the chunked body decoder (net/http_chunked.c).
 *
 * Each input is parsed whole, then again as a stream would deliver it: a
 * prefix, then the whole.  The prefixes end at a point derived from a
 * hash of the input (so seeds stay plain requests) and just before each
 * of the first few line feeds, where the limits are checked.  The two
 * must agree:
 * a head complete in the prefix is the same head in the whole, and a
 * prefix that is already refused is refused the same way in the whole.
 * On success every pointer the parser hands out must lie inside the head,
 * the limits of config.h must hold, and percent-decoding the path must
 * stay inside its output buffer.
 *
 * The server parses a head as it arrives (http_parse_more): the input is
 * also fed that way, a byte at a time for its first (up to 64) bytes, then
 * in pieces ending at the cuts above, then whole; after each piece the
 * verdict, status and request must be those of http_parse over the same
 * bytes, with no byte searched twice.
 *
 * The body after a chunked head (or, when the input is no request, the
 * whole input) goes through the chunked decoder (http_chunked), once in
 * one piece and once split at the same derived point, with a limit that
 * also comes from the input: both runs must agree on the decoded data,
 * the bytes consumed and the outcome, and every piece of data handed out
 * must lie inside the input just consumed.
 *
 * The input is copied into a buffer of exactly its size, so AddressSanitizer
 * sees any read past the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "http.h"

/* Is [p, p + n) inside [lo, hi)? */
static int
fuzz_inside(const char *p, size_t n, const char *lo, const char *hi)
{
	return p >= lo && p <= hi && n <= (size_t)(hi - p);
}

static int
fuzz_status_ok(int status)
{
	static const int known[] = { 400, 408, 411, 413, 414, 431, 501, 505 };
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (status == known[i])
			return 1;
	return 0;
}

/* The promises of http_parse for one successful parse of buf[0, len). */
static void
fuzz_check_request(const struct http_request *r, const char *buf, size_t len)
{
	const char *end = buf + r->head_len;
	size_t i, start;

	FUZZ_CHECK(r->head_len > 0 && r->head_len <= len);
	FUZZ_CHECK(r->method_len > 0);
	FUZZ_CHECK(fuzz_inside(r->method_str, r->method_len, buf, end));
	FUZZ_CHECK(fuzz_inside(r->target, r->target_len, buf, end));
	start = (size_t)(r->method_str - buf);
	/* Only empty lines may come before the request line. */
	for (i = 0; i < start; i++)
		FUZZ_CHECK(buf[i] == '\r' || buf[i] == '\n');
	FUZZ_CHECK(r->target_len <= HTTP_MAX_REQUEST_LINE);
	FUZZ_CHECK(r->head_len - start <= HTTP_MAX_HEADER_BLOCK);
	FUZZ_CHECK(r->minor == 0 || r->minor == 1);
	/* The path is in the target, or the parser's own constant "/". */
	FUZZ_CHECK(r->path != NULL && r->path_len > 0);
	FUZZ_CHECK(fuzz_inside(r->path, r->path_len, r->target,
	    r->target + r->target_len) ||
	    (r->path_len == 1 && r->path[0] == '/'));
	if (r->query != NULL)
		FUZZ_CHECK(fuzz_inside(r->query, r->query_len, r->target,
		    r->target + r->target_len));
	if (r->host != NULL)
		FUZZ_CHECK(fuzz_inside(r->host, r->host_len, buf, end));
	else
		FUZZ_CHECK(r->minor == 0);
	FUZZ_CHECK(r->nfields <= HTTP_MAX_FIELDS);
	for (i = 0; i < r->nfields; i++) {
		const struct http_field *f = &r->fields[i];

		FUZZ_CHECK(f->name_len > 0);
		FUZZ_CHECK(fuzz_inside(f->name, f->name_len, buf, end));
		FUZZ_CHECK(fuzz_inside(f->value, f->value_len, buf, end));
		FUZZ_CHECK(f->value > f->name);
		/* Values come trimmed. */
		if (f->value_len > 0) {
			FUZZ_CHECK(f->value[0] != ' ' && f->value[0] != '\t');
			FUZZ_CHECK(f->value[f->value_len - 1] != ' ' &&
			    f->value[f->value_len - 1] != '\t');
		}
		FUZZ_CHECK(http_field(r, "") == NULL);
		FUZZ_CHECK(http_eq(f->name, f->name_len, "") == 0);
	}
	if (r->chunked || r->content_length > 0)
		FUZZ_CHECK(r->has_body);
}

/* Percent-decode the path into a buffer of exactly cap bytes. */
static void
fuzz_check_decode(const struct http_request *r, size_t cap)
{
	char *out = malloc(cap > 0 ? cap : 1);
	size_t out_len = (size_t)-1;
	int rc;

	rc = http_decode(r->path, r->path_len, out, cap, &out_len);
	FUZZ_CHECK(rc == RC_OK || rc == RC_PROTO || rc == RC_TOOBIG);
	/* Decoding never grows the text. */
	if (cap >= r->path_len)
		FUZZ_CHECK(rc != RC_TOOBIG);
	if (rc == RC_OK) {
		FUZZ_CHECK(out_len <= cap && out_len <= r->path_len);
		FUZZ_CHECK(memchr(out, '\0', out_len) == NULL);
	}
	free(out);
}

/* Parse buf[0, len) and check what comes back. */
static int
fuzz_parse(struct http_request *r, const char *buf, size_t len)
{
	int rc = http_parse(r, buf, len);

	FUZZ_CHECK(rc == RC_OK || rc == RC_AGAIN || rc == RC_PROTO);
	if (rc == RC_PROTO)
		FUZZ_CHECK(fuzz_status_ok(r->status));
	if (rc == RC_OK)
		fuzz_check_request(r, buf, len);
	return rc;
}

/* What a chunked body decoded to. */
struct fuzz_body {
	char *data;		/* the decoded bytes */
	size_t len;
	size_t used;		/* input bytes consumed */
	int rc;
};

/*
 * Decode in[0, n) as a chunked body arriving in two reads split at cut,
 * with the size limit limit; the caller frees out->data.
 */
static void
fuzz_chunked(struct fuzz_body *out, const char *in, size_t n, size_t cut,
    uint64_t limit)
{
	struct http_chunked ck;
	const char *p = in, *d;
	size_t end = cut, used, dl;

	out->data = malloc(n > 0 ? n : 1);
	out->len = 0;
	out->rc = RC_AGAIN;
	http_chunked_init(&ck, limit);
	for (;;) {
		if (p == in + end) {
			if (end == n)
				break;
			end = n;	/* the second read arrives */
		}
		out->rc = http_chunked(&ck, p, (size_t)(in + end - p), &used,
		    &d, &dl);
		FUZZ_CHECK(used <= (size_t)(in + end - p));
		FUZZ_CHECK(ck.total <= limit);
		if (d != NULL) {
			/* Data is the tail of what was consumed. */
			FUZZ_CHECK(dl > 0 && d >= p && d + dl == p + used);
			memcpy(out->data + out->len, d, dl);
			out->len += dl;
		} else {
			FUZZ_CHECK(dl == 0);
		}
		p += used;
		if (out->rc != RC_AGAIN)
			break;
		/* Without data, AGAIN means all of this read was taken. */
		FUZZ_CHECK(d != NULL || p == in + end);
	}
	FUZZ_CHECK(out->rc == RC_OK || out->rc == RC_AGAIN ||
	    out->rc == RC_PROTO || out->rc == RC_TOOBIG);
	FUZZ_CHECK(out->len == ck.total);
	out->used = (size_t)(p - in);
}

/* A chunked body decoded whole and split must come out the same. */
static void
fuzz_check_chunked(const char *in, size_t n, uint32_t h)
{
	struct fuzz_body whole, split;
	uint64_t limit = (uint64_t)1 << (h % 24);

	fuzz_chunked(&whole, in, n, n, limit);
	fuzz_chunked(&split, in, n, (h >> 8) % (n + 1), limit);
	FUZZ_CHECK(whole.rc == split.rc);
	FUZZ_CHECK(whole.used == split.used);
	FUZZ_CHECK(whole.len == split.len);
	FUZZ_CHECK(memcmp(whole.data, split.data, whole.len) == 0);
	free(whole.data);
	free(split.data);
}

/* The same bytes in two reads: buf[0, cut) alone, then the whole. */
static void
fuzz_split(const char *buf, size_t cut, int rc,
    const struct http_request *whole)
{
	static struct http_request part;
	int rc_part;

	rc_part = fuzz_parse(&part, buf, cut);
	if (rc_part == RC_OK) {
		FUZZ_CHECK(rc == RC_OK);
		FUZZ_CHECK(part.head_len == whole->head_len);
		FUZZ_CHECK(part.nfields == whole->nfields);
		FUZZ_CHECK(part.keep_alive == whole->keep_alive);
		FUZZ_CHECK(part.content_length == whole->content_length);
	} else if (rc_part == RC_PROTO) {
		FUZZ_CHECK(rc == RC_PROTO);
		FUZZ_CHECK(part.status == whole->status);
	}
}

/* Does the resumed parse say what a whole parse of buf[0, len) says? */
static int
fuzz_same(int rc, const struct http_request *a, int rc_whole,
    const struct http_request *b)
{
	if (rc != rc_whole)
		return 0;
	if (rc == RC_PROTO)
		return a->status == b->status;
	if (rc == RC_AGAIN)
		return 1;
	return a->head_len == b->head_len && a->nfields == b->nfields &&
	    a->method == b->method && a->target == b->target &&
	    a->path == b->path && a->path_len == b->path_len &&
	    a->host == b->host && a->keep_alive == b->keep_alive &&
	    a->has_body == b->has_body && a->chunked == b->chunked &&
	    a->content_length == b->content_length &&
	    a->expect_continue == b->expect_continue;
}

/* Feed buf as a stream: a byte at a time to the first cut, then in
 * pieces ending at each further cut, then the rest. */
static void
fuzz_resume(const char *buf, size_t len, const size_t *cuts, size_t ncuts)
{
	static struct http_request part, ref;
	struct http_progress pr;
	size_t at = 0, i = 0, next;
	int rc = RC_AGAIN, rc_ref;

	memset(&pr, 0, sizeof pr);
	while (rc == RC_AGAIN && at < len) {
		if (i == 0 && at < cuts[0])
			next = at + 1;
		else
			next = i < ncuts ? cuts[i++] : len;
		if (next <= at)
			continue;
		at = next;
		rc = http_parse_more(&part, buf, at, &pr);
		FUZZ_CHECK(pr.looked <= at);
		rc_ref = http_parse(&ref, buf, at);
		FUZZ_CHECK(fuzz_same(rc, &part, rc_ref, &ref));
		if (rc == RC_OK)
			fuzz_check_request(&part, buf, at);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static struct http_request whole;
	const char *lf;
	uint32_t h = 2166136261u;
	char *buf;
	size_t i, cut, cuts[10], ncuts = 0;
	int rc;

	buf = malloc(len > 0 ? len : 1);
	memcpy(buf, data, len);
	for (i = 0; i < len; i++)
		h = (h ^ data[i]) * 16777619u;	/* FNV-1a */
	cut = h % (len + 1);

	rc = fuzz_parse(&whole, buf, len);
	if (rc == RC_OK) {
		fuzz_check_decode(&whole, whole.path_len);
		fuzz_check_decode(&whole, cut % (whole.path_len + 1));
	}
	if (rc == RC_OK && whole.chunked)
		fuzz_check_chunked(buf + whole.head_len, len - whole.head_len,
		    h);
	else if (rc != RC_OK)
		fuzz_check_chunked(buf, len, h);
	fuzz_split(buf, cut, rc, &whole);
	cuts[ncuts++] = cut < 64 ? cut : 64;
	lf = buf;
	for (i = 0; i < 8 && lf < buf + len; i++, lf++) {
		lf = memchr(lf, '\n', len - (size_t)(lf - buf));
		if (lf == NULL)
			break;
		fuzz_split(buf, (size_t)(lf - buf), rc, &whole);
		cuts[ncuts++] = (size_t)(lf - buf);
	}
	cuts[ncuts++] = cut;
	fuzz_resume(buf, len, cuts, ncuts);
	free(buf);
	return 0;
}
