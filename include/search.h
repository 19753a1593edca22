/*
 * search.h: full-text search of one locale's pages, from an index blob
 * that the content compiler builds (image/sitec_search.c) and stores as
 * the record "q <locale>" (site.h, SITE_R_SEARCH, body[0]).
 *
 * A search is one store lookup, then work inside the mapped blob: no
 * allocation, no copy.  The blob arrives with a snapshot, so the query
 * side treats it as hostile: every offset and length is checked before
 * it is read, and a blob the builder could not have written gives
 * RC_FORMAT, never a read outside [blob, blob + len).
 *
 * Terms.  Text is cut into terms by search_tok_next(), the same on both
 * sides: ASCII letters and digits lower-cased; Latin letters with
 * diacritics (U+00C0..U+017F) and fullwidth ASCII folded to their ASCII
 * base ("é" -> "e", "ß" -> "ss"); Greek and Cyrillic capitals lower-cased;
 * other letters kept as UTF-8.  Anything else (ASCII punctuation, spaces,
 * general punctuation, symbols, invalid UTF-8) separates terms.  Runs of
 * Han and kana have no spaces between words, so their runs are indexed
 * as overlapping bigrams ("全文検索" -> "全文" "文検" "検索"); a run of one
 * character is a unigram.  A term is at most SEARCH_MAX_TERM bytes (cut
 * at a character boundary).
 *
 * Ranking.  A query is at most SEARCH_MAX_TERMS terms (more are ignored),
 * all of which must match (AND).  The last term, when it has two bytes
 * or more and the query does not end in a space, also matches as a
 * prefix ("canv" finds "canvas"), through at most SEARCH_MAX_EXPAND of
 * the first SEARCH_MAX_SCAN dictionary terms that start with it, those
 * in the most documents; a prefix match scores half.  Each
 * matching term adds BM25 (k1 = 1.2, b = 0.75) and, when the term is in
 * the document's title, a bonus of 2.5 * idf, more than any BM25 term
 * frequency factor can give (< k1 + 1), so for one term every title hit
 * ranks above every body-only hit.  Scores are integers (fixed point, no
 * floating point on the node); equal scores rank in slug order.
 *
 * Blob layout (little-endian; offsets from the blob's first byte; no
 * alignment is assumed, LMDB aligns values to 2 bytes only):
 *
 *   header   struct search_hdr (SEARCH_MAGIC)
 *   docs     ndocs x 16: u32 str, u16 slug_len, u16 title_len,
 *            u16 excerpt_len, u16 0, u32 dl (terms in the document)
 *            slug, title, excerpt lie back to back at strings + str;
 *            documents are in slug order
 *   terms    nterms x 16: u32 str, u16 term_len, u16 idf (x 4000),
 *            u32 first posting, u32 df; in byte order of the terms
 *   postings npost x 8: u32 doc, u16 tf (saturated), u16 flags
 *            (SEARCH_P_TITLE); each term's run ascending by doc
 *   strings  the bytes the tables point at
 *
 * Context: the query side is pure (any context, reentrant).  The build
 * side is for host tools only: it allocates with malloc.
 */
#ifndef SEARCH_H
#define SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEARCH_MAX_TERM		64	/* bytes of one term */
#define SEARCH_MAX_TERMS	8	/* terms of a query; more are ignored */
#define SEARCH_MAX_QUERY	512	/* bytes of a query read; more ignored */
#define SEARCH_MAX_EXPAND	32	/* dictionary terms a prefix becomes */
#define SEARCH_MAX_SCAN		4096	/* dictionary entries a prefix scans */
#define SEARCH_MAX_WINDOW	1000	/* offset + count reachable by paging */
#define SEARCH_MAX_DOCS	(1u << 20) /* documents of one locale's index */
#define SEARCH_EXCERPT		200	/* bytes of text kept per document */
#define SEARCH_IDF_SCALE	4000	/* idf in the blob: ln(1+2^21) < 16.4 */

#define SEARCH_MAGIC		0x31787273u	/* "srx1" */
#define SEARCH_P_TITLE		0x0001	/* the term is in the title */

/* The blob's header, as stored (read with memcpy, never cast). */
struct search_hdr {
	uint32_t magic;		/* SEARCH_MAGIC */
	uint32_t ndocs;
	uint32_t nterms;
	uint32_t npost;
	uint64_t total_dl;	/* sum of dl over the documents */
	uint32_t docs;		/* offset of the document table */
	uint32_t terms;		/* offset of the term table */
	uint32_t post;		/* offset of the postings */
	uint32_t strings;	/* offset of the string bytes */
	uint32_t strings_len;
	uint32_t reserved;	/* 0 */
};

/* --- terms (both sides) ------------------------------------------------ */

/* A tokenizer over s[0..len): the caller owns s and the struct. */
struct search_tok {
	const uint8_t *s;
	size_t len, pos;
	bool in_run;		/* the last term was a CJK bigram */
};

void search_tok_init(struct search_tok *t, const char *s, size_t len);

/*
 * The next term of t into out[0..SEARCH_MAX_TERM): its length, or 0 at
 * the end of the text.  *at, when not NULL, gets the term's byte offset
 * in the text.
 */
size_t search_tok_next(struct search_tok *t, char out[SEARCH_MAX_TERM],
    size_t *at);

/*
 * The text of an HTML fragment: tags removed (block-level ones and <br>
 * become a space), the contents of <script>, <style> and comments
 * dropped, character references decoded, runs of white space made one
 * space, no space at either end.  Writes at most cap bytes to out; the
 * text is never longer than the input, so cap >= len always suffices.
 * Returns the text's length (cut at cap, at a character boundary).
 */
size_t search_html_text(char *out, size_t cap, const char *html,
    size_t len);

/* --- query (the node) ---------------------------------------------------- */

/* Private to search.c; in the header so that callers can size scratch. */
struct search_cur {
	uint32_t first, n, pos;	/* a term's postings; cursor in them */
	uint32_t idf;		/* x SEARCH_IDF_SCALE, halved for a prefix */
	uint32_t last;		/* the last doc read, for order checks */
};
struct search_hit {
	uint32_t doc;
	uint32_t score;
};

/* The query's working memory: the caller owns it (about 12 KiB). */
struct search_scratch {
	struct search_cur cur[SEARCH_MAX_TERMS * SEARCH_MAX_EXPAND];
	uint8_t ncur[SEARCH_MAX_TERMS];	/* cursors of each term */
	struct search_hit heap[SEARCH_MAX_WINDOW];
};

/* One result: pointers into the blob, valid while the blob is. */
struct search_result {
	const char *slug, *title, *excerpt;
	size_t slug_len, title_len, excerpt_len;
	uint32_t score;
};

/*
 * Search the index blob[0..len) for q[0..qlen) (UTF-8 text as the user
 * typed it, already percent-decoded; bytes after SEARCH_MAX_QUERY are
 * ignored).  Ranks every match, sets *total to their number and writes
 * results offset .. offset + count - 1 (those that exist and lie inside
 * SEARCH_MAX_WINDOW) to res[0..*nres).  A query with no terms matches
 * nothing: RC_OK, *total 0.  Returns RC_OK; RC_FORMAT for a blob that
 * is truncated, inconsistent or not an index; RC_INVAL for NULL
 * arguments where something is needed.
 */
int search_query(const void *blob, size_t len, const char *q, size_t qlen,
    size_t offset, size_t count, struct search_scratch *scr,
    struct search_result *res, size_t *nres, size_t *total)
    __attribute__((warn_unused_result));

/* Check the header and the tables' bounds of blob: RC_OK or RC_FORMAT. */
int search_check(const void *blob, size_t len)
    __attribute__((warn_unused_result));

/* --- build (host tools only; allocates) ------------------------------- */

struct search_build;

/* A new empty index; RC_NOMEM. */
int search_build_new(struct search_build **bp)
    __attribute__((warn_unused_result));

/*
 * Add a document: slug and title as published, and its plain text
 * (search_html_text() of the body).  Copies everything.  RC_TOOBIG for
 * more than SEARCH_MAX_DOCS documents, a slug or title over 65535 bytes;
 * RC_INVAL after search_build_blob(); RC_NOMEM.
 */
int search_build_add(struct search_build *b, const char *slug,
    size_t slug_len, const char *title, size_t title_len, const char *text,
    size_t text_len) __attribute__((warn_unused_result));

/*
 * Serialize the index: *blob is malloc'd (the caller frees it), *len its
 * size.  Once per builder: adding or serializing again is RC_INVAL.
 * RC_NOMEM, or RC_TOOBIG when the blob would pass 4 GiB.
 */
int search_build_blob(struct search_build *b, void **blob, size_t *len)
    __attribute__((warn_unused_result));

size_t search_build_ndocs(const struct search_build *b);
void search_build_free(struct search_build *b);

#endif /* SEARCH_H */
