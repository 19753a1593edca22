/*
 * sitec.h: the content compiler's parts (image/sitec*.c), host side.
 *
 * `sitec` compiles a site tree into the site store (include/site.h); the
 * data disk is built with it now, and the snapshots of the admin port are
 * built from the same code, so one schema has one writer.
 *
 * A site tree is one or more ROOT folders laid out like ../shared/corpus,
 * merged (the same relative file in two roots is refused):
 *
 *   files/<locale>/<folders>/index.html   a page: YAML front matter (title,
 *                                         slug, tags, translation_of, ...)
 *                                         then the HTML body
 *   files/<locale>/<folders>/raw.html     its unrendered source (?raw)
 *   files/<locale>/<folders>/index.yaml   a Kuma dump document (with raw.html)
 *   files/<locale>/<folders>/<file>.png   a file next to its page: an
 *                                         attachment (untrusted domain)
 *   files/<locale>/_redirects.txt         "FROM<TAB>TO" document redirects
 *   files/<locale>/_wikihistory.json      slug -> modified, contributors
 *   attachments/<id>/<name>               attachments by Kuma id
 *   attachments/redirects.json            Kuma's id -> /attachments/... map
 *   attachments/mindtouch_redirects.json  MindTouch id -> /attachments/...
 *   static/...                            hashed static files and
 *   static/staticfiles.json               their manifest (WhiteNoise)
 *   legacy/{diagrams,presentations,samples}/...
 *   robots.txt, humans.txt, contribute.json   overrides of the built-ins
 *
 * Locale folders are matched case-insensitively against the 63 locales of
 * the spec (3.1) and stored in their canonical case.
 *
 * Errors: every refusal names the file, the line (0 when none) and the
 * reason, and the compile writes nothing (the output is built under a
 * temporary name and renamed only after the commit).
 */
#ifndef SITEC_H
#define SITEC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"
#include "store.h"

/* What the whole compile shares. */
struct sitec {
	struct store st;
	struct store_write wr;
	const char *site_url;	/* "https://developer.mozilla.org" */
	const char *att_url;	/* "https://mdn.mozillademos.org" */
	const char *main_host;	/* site_url's host */
	bool quiet;		/* no progress lines */
	/* Counts for the summary. */
	size_t pages, redirects, attachments, statics, samples, files;
	uint64_t bytes;		/* of records written */
};

/* Refuse the site: print "sitec: FILE:LINE: reason" and exit(1), leaving
 * no output.  line 0 prints "FILE: reason". */
void sitec_fail(struct sitec *sc, const char *file, unsigned int line,
    const char *fmt, ...) __attribute__((noreturn, format(printf, 4, 5)));

/*
 * Write one record under key.  v->body[SITE_ENC_ID] is the identity body;
 * when compress is true and the type is text (the caller says so), the
 * gzip and brotli variants are made here and kept only when smaller.
 */
void sitec_put(struct sitec *sc, const uint8_t *key, size_t key_len,
    struct site_view *v, bool compress);

/* Read a whole file (malloc'd, NUL-terminated; *len without the NUL). */
char *sitec_read(struct sitec *sc, const char *path, size_t *len);

#endif /* SITEC_H */
