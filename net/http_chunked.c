/*
 * http_chunked.c: the chunked transfer coding of request bodies (RFC 9112
 * 7.1), decoded as a stream.  Pure: no allocation, no I/O; the state is
 * a few words in the caller's struct, so input may arrive a byte at a
 * time.
 *
 * It is strict about framing (a smuggled request hides in lenient chunk
 * framing): a size is 1*HEXDIG, the size line ends in CRLF or LF, data is
 * followed by exactly CRLF or LF.  Extensions are skipped, within
 * HTTP_MAX_CHUNK_LINE; trailer fields are skipped, within
 * HTTP_MAX_TRAILERS.  The sum of chunk sizes is checked against the
 * caller's limit before any data of a chunk is passed on.
 *
 * Interface: http_chunked_init, http_chunked.
 */
#include <string.h>

#include "err.h"
#include "http.h"
#include "text.h"

enum {
	CK_SIZE0 = 0,		/* first hex digit of a size */
	CK_SIZE,		/* more hex digits */
	CK_EXT,			/* skipping a chunk extension */
	CK_LF,			/* CR seen, LF must follow */
	CK_DATA,		/* chunk data */
	CK_DATA_CR,		/* CRLF after the data */
	CK_DATA_LF,
	CK_TRAILER0,		/* start of a trailer line, or the end */
	CK_TRAILER,		/* inside a trailer line */
	CK_END_LF,		/* CR of the last line seen */
	CK_DONE,
};


/* see http.h */
void
http_chunked_init(struct http_chunked *ck, uint64_t limit)
{
	memset(ck, 0, sizeof *ck);
	ck->limit = limit;
}

/* The size line ended: data next, or the trailer section for size 0. */
static int
ck_size_done(struct http_chunked *ck)
{
	ck->line = 0;
	if (ck->left == 0) {
		ck->state = CK_TRAILER0;
		return RC_OK;
	}
	if (ck->left > ck->limit - ck->total)
		return RC_TOOBIG;
	ck->state = CK_DATA;
	return RC_OK;
}

/* Advance by one framing byte c. */
static int
ck_byte(struct http_chunked *ck, unsigned char c)
{
	int h;

	if (ck->state <= CK_LF && ++ck->line > HTTP_MAX_CHUNK_LINE)
		return RC_PROTO;
	switch (ck->state) {
	case CK_SIZE0:
	case CK_SIZE:
		h = hex_digit(c);
		if (h >= 0) {
			/* Beyond the limit is 413 however it goes on, and
			 * this keeps the shift from overflowing. */
			if (ck->left > ck->limit)
				return RC_TOOBIG;
			ck->left = ck->left << 4 | (uint64_t)h;
			ck->state = CK_SIZE;
			return RC_OK;
		}
		if (ck->state == CK_SIZE0)
			return RC_PROTO;
		if (c == ';' || c == ' ' || c == '\t') {
			ck->state = CK_EXT;
			return RC_OK;
		}
		if (c == '\r') {
			ck->state = CK_LF;
			return RC_OK;
		}
		return c == '\n' ? ck_size_done(ck) : RC_PROTO;
	case CK_EXT:
		if (c == '\r')
			ck->state = CK_LF;
		else if (c == '\n')
			return ck_size_done(ck);
		else if ((c < 0x20 && c != '\t') || c == 0x7f)
			return RC_PROTO;
		return RC_OK;
	case CK_LF:
		return c == '\n' ? ck_size_done(ck) : RC_PROTO;
	case CK_DATA_CR:
		if (c == '\r')
			ck->state = CK_DATA_LF;
		else if (c == '\n')
			ck->state = CK_SIZE0;
		else
			return RC_PROTO;
		return RC_OK;
	case CK_DATA_LF:
		ck->state = CK_SIZE0;
		return c == '\n' ? RC_OK : RC_PROTO;
	case CK_TRAILER0:
		if (c == '\r')
			ck->state = CK_END_LF;
		else if (c == '\n')
			ck->state = CK_DONE;
		else
			ck->state = CK_TRAILER;
		break;
	case CK_TRAILER:
		if (c == '\n')
			ck->state = CK_TRAILER0;
		break;
	case CK_END_LF:
		if (c != '\n')
			return RC_PROTO;
		ck->state = CK_DONE;
		return RC_OK;
	}
	/* Trailer bytes, whose total is limited. */
	if (++ck->line > HTTP_MAX_TRAILERS)
		return RC_PROTO;
	return RC_OK;
}

/* see http.h */
int
http_chunked(struct http_chunked *ck, const char *in, size_t n, size_t *used,
    const char **data, size_t *data_len)
{
	size_t i, k;
	int rc;

	*data = NULL;
	*data_len = 0;
	for (i = 0; i < n && ck->state != CK_DONE; i++) {
		if (ck->state == CK_DATA) {
			k = n - i;
			if (k > ck->left)
				k = (size_t)ck->left;
			ck->left -= k;
			ck->total += k;
			if (ck->left == 0)
				ck->state = CK_DATA_CR;
			*data = in + i;
			*data_len = k;
			*used = i + k;
			return ck->state == CK_DONE ? RC_OK : RC_AGAIN;
		}
		rc = ck_byte(ck, (unsigned char)in[i]);
		if (rc != RC_OK) {
			*used = i;
			return rc;
		}
	}
	*used = i;
	return ck->state == CK_DONE ? RC_OK : RC_AGAIN;
}
