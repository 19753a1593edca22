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
 *
 * Memory: sitec is a host tool that runs once; it allocates freely and
 * treats running out of memory as a refusal (sitec_fail).
 */
#ifndef SITEC_H
#define SITEC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"
#include "store.h"

struct sitec_site;

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
	/* The rest is the driver's (sitec.c, sitec_doc.c, sitec_site.c). */
	const char *const *roots;	/* the ROOT folders, in order */
	size_t nroots;
	int64_t built;		/* build time: SOURCE_DATE_EPOCH or now */
	size_t records;		/* records written */
	struct sitec_site *site;	/* the pages (sitec_doc.c) */
};

/* Refuse the site: print "sitec: FILE:LINE: reason" and exit(1), leaving
 * no output.  line 0 prints "FILE: reason". */
void sitec_fail(struct sitec *sc, const char *file, unsigned int line,
    const char *fmt, ...) __attribute__((noreturn, format(printf, 4, 5)));

/*
 * Write one record under key.  v->body[SITE_ENC_ID] is the identity body;
 * when compress is true and the type is text (the caller says so), the
 * gzip and brotli variants are made here and kept only when smaller, and
 * "Accept-Encoding" is then added to the Vary line of head and head304
 * (merged into one that is there).  With SITE_F_ETAG and an empty
 * v->etag, the ETag is made here: the quoted md5 hex of the identity
 * body.  A NULL v->head304 is made from head: its Cache-Control and Vary
 * lines.  v's spans may be pointed at buffers of sitec_put's own that are
 * freed before it returns: v is spent after the call.  A second put under
 * one key replaces the first.
 */
void sitec_put(struct sitec *sc, const uint8_t *key, size_t key_len,
    struct site_view *v, bool compress);

/*
 * sitec's command line (the usage at the top of sitec.c), as a function:
 * build/snapshot (image/snapshot.c) compiles a site tree by calling it, so
 * that a snapshot carries exactly the records a data disk would.  Returns
 * the exit status; a refusal exits (sitec_fail).
 */
int sitec_main(int argc, char **argv);

/* Read a whole file (malloc'd, NUL-terminated; *len without the NUL).
 * Refuses a file over SITEC_MAX_FILE (config.h). */
char *sitec_read(struct sitec *sc, const char *path, size_t *len);

/* --- growing buffers (sitec_buf.c) ---------------------------------- */

struct sitec_buf {
	char *p;		/* NUL-terminated while len < cap */
	size_t len, cap;
};

void sitec_buf_add(struct sitec_buf *b, const void *s, size_t n);
void sitec_buf_str(struct sitec_buf *b, const char *s);
void sitec_buf_printf(struct sitec_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Escaped for HTML and XML text and attribute values alike. */
void sitec_buf_html(struct sitec_buf *b, const char *s, size_t n);
/* A quoted JSON string ("..."), escaping what JSON requires and '<', so
 * that it can sit inside HTML too. */
void sitec_buf_json(struct sitec_buf *b, const char *s, size_t n);
/* A URL path or Location value: bytes over 0x7f, controls, space and
 * "\"<>\\^`{|}" percent-encoded; existing "%XX", '?' and '#' kept. */
void sitec_buf_url(struct sitec_buf *b, const char *s, size_t n);
void sitec_buf_free(struct sitec_buf *b);

/* Quoted md5 hex of s: "\"" 32 hex "\"" and NUL, in out[35]. */
void sitec_etag(char out[35], const void *s, size_t n);
/* Dates: unix seconds from ISO-8601 "2019-03-18T21:45:35.195Z" (0 when
 * it is not one); formats as ISO ("...Z"), RFC 822 and "YYYY-MM-DD". */
int64_t sitec_time_iso(const char *s, size_t n);
void sitec_fmt_iso(char out[32], int64_t t);
void sitec_fmt_rfc822(char out[40], int64_t t);
/* An HTTP date (IMF-fixdate, RFC 9110 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT". */
void sitec_fmt_http(char out[32], int64_t t);
void sitec_fmt_day(char out[16], int64_t t);

/* --- JSON input (sitec_json.c), for the corpus' JSON files ------------ */

struct sitec_json {
	const char *p, *end;	/* what is left */
	const char *start;	/* the text, for line numbers */
};

/* Skip blanks; true (and consume it) if the next byte is c. */
bool sitec_json_eat(struct sitec_json *j, char c);
/* A string, decoded (UTF-8) and appended to out (NULL: skipped). */
bool sitec_json_string(struct sitec_json *j, struct sitec_buf *out);
/* Any one value, skipped. */
bool sitec_json_skip(struct sitec_json *j);
/* The 1-based line of the next unread byte, for messages. */
unsigned int sitec_json_line(const struct sitec_json *j);

/* --- HTML fragments (sitec_html.c) ---------------------------------- */

/* The text of html: tags and comments dropped, the five named entities
 * and numeric references decoded, white space collapsed. */
void sitec_html_text(struct sitec_buf *out, const char *html, size_t n);
/* The first non-empty paragraph's text (outside the Quick_links
 * sidebar), at most about max bytes: the SEO summary. */
void sitec_html_summary(struct sitec_buf *out, const char *html, size_t n,
    size_t max);
/* "<ol>" of the h2 (and nested h3) headings that have ids; empty when
 * there are none.  With sections, also the JSON array of {id, title}. */
void sitec_html_toc(struct sitec_buf *out, struct sitec_buf *sections,
    const char *html, size_t n);

/* --- locales (sitec.c) ------------------------------------------------ */

#define SITEC_NLOCALES	63
/* The locales of spec 3.1, in its order. */
extern const char *const sitec_locales[SITEC_NLOCALES];
/* The canonical locale for a folder name or URL part (case-insensitive),
 * or NULL. */
const char *sitec_locale(const char *s, size_t n);
/* Its name in its own language ("Français"). */
const char *sitec_locale_name(const char *locale);

/* --- the parts other engineers write ---------------------------------- */

/*
 * Attachments, Kuma maps, static files and legacy files of one ROOT
 * (image/sitec_files.c); called once per ROOT, before the pages.
 */
void sitec_files(struct sitec *sc, const char *root);
/* The live samples of one page; html is the rendered body fragment. */
void sitec_samples(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *html, size_t len);
/*
 * The absolute untrusted URL of the file name (as an <img src> gives it,
 * relative) next to a page, or NULL.  page_dir is the page's folder
 * relative to its ROOT ("files/en-us/web/api/blob"): roots are merged, so
 * the file may lie in another ROOT's folder of that name.
 */
const char *sitec_attachment_url(struct sitec *sc, const char *page_dir,
    const char *name);
/*
 * The search index (image/sitec_search.c): one call per page, text being
 * the body's text (sitec_html_text), then sitec_search_finish once after
 * the last page, inside the same write.
 */
void sitec_search_add(struct sitec *sc, const char *locale, const char *slug,
    const char *title, const char *text, size_t len);
void sitec_search_finish(struct sitec *sc);

/* --- the compiler's own passes ------------------------------------------ */

/* sitec_doc.c: read the pages, history and redirects of all roots. */
void sitec_docs_load(struct sitec *sc);
/* sitec_doc.c: write every page, its views and the redirects. */
void sitec_docs_write(struct sitec *sc);
/* sitec_site.c: sitemaps, robots, humans, contribute, favicon, home
 * pages, OpenSearch, feeds and error pages. */
void sitec_site_write(struct sitec *sc);

#endif /* SITEC_H */
