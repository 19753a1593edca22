/*
 * sitec_int.h: the compiler's model of the site, shared by sitec_doc.c
 * (which builds it) and sitec_site.c (which writes the site-wide records
 * from it).  Private to image/sitec*.c.
 */
#ifndef SITEC_INT_H
#define SITEC_INT_H

#include "sitec.h"

/* One document: a page file with its metadata. */
/* The ETag of an empty body (redirects): md5 of nothing. */
#define SITEC_EMPTY_ETAG	"\"d41d8cd98f00b204e9800998ecf8427e\""

struct sitec_page {
	const char *locale;	/* canonical, from sitec_locales */
	char *slug;		/* as published (front matter) */
	char *title;
	uint8_t *key;		/* its doc key (site_key_doc) */
	size_t key_len;
	char *file;		/* index.html or index.yaml, for messages */
	char *rel_dir;		/* the folder relative to its ROOT */
	char *text;		/* the file */
	const char *body;	/* the HTML fragment (in text or raw) */
	size_t body_len;
	char *raw;		/* raw.html, or NULL */
	size_t raw_len;
	char *translation_of;	/* the en-US slug, or NULL */
	char *tags;		/* "a\0b\0" */
	size_t tags_len, ntags;
	int64_t modified;	/* unix seconds; 0: unknown */
	char *contributors;	/* "a\0b\0", most recent first */
	size_t contrib_len, ncontrib;
	uint32_t id;		/* stable: from the key */
	uint32_t rev;		/* stable: from the body */
	bool noindex;		/* Experiment: or a legacy namespace */
	char *redirect;		/* a redirect document's target path, or
				 * NULL (spec 4.3) */
	struct sitec_page *parent;	/* nearest ancestor that is a page */
	struct sitec_page **kids;
	size_t nkids, kids_cap;
	struct sitec_page *en;	/* a translation's en-US page */
	struct sitec_page **trans;	/* an en-US page's translations */
	size_t ntrans, trans_cap;
};

/* A table from byte keys to pointers (sitec_doc.c). */
struct sitec_map {
	struct sitec_map_ent {
		const uint8_t *key;
		size_t len;
		void *val;
	} *e;
	size_t n, cap;
};
/* One document redirect (a _redirects.txt rule). */
struct sitec_redir {
	const char *locale;	/* FROM's, canonical */
	char *slug;		/* FROM's slug, decoded */
	uint8_t *key;
	size_t key_len;
	char *to;		/* TO, as written */
	const char *file;	/* the _redirects.txt, for messages */
	unsigned int line;
	struct sitec_redir *next;	/* the redirect TO names, or NULL */
	int state;		/* loop check: 0 new, 1 on the path, 2 done */
};

/* The redirects as read. */
struct sitec_site_redirs {
	struct sitec_redir **v;
	size_t n, cap;
};

/* The whole site as read. */
struct sitec_site {
	struct sitec_page **pages;	/* sorted by key */
	size_t npages, pages_cap;
	int64_t newest;		/* the newest modified date, or 0 */
	size_t per_locale[SITEC_NLOCALES];
	struct sitec_map by_key;	/* doc key -> page */
	struct sitec_site_redirs redirs;
	struct sitec_map redir_by_key;	/* doc key -> redirect */
	size_t page_wins;	/* redirect FROMs that are also pages */
};

/* The index of locale in sitec_locales (a canonical pointer or name). */
int sitec_locale_index(const char *locale);

/* The value under key, or NULL. */
void *sitec_map_get(const struct sitec_map *m, const void *key, size_t len);
/* Put val under key (kept, not copied) unless there is one: returns
 * the value already there, or NULL when val went in. */
void *sitec_map_put(struct sitec_map *m, const void *key, size_t len,
    void *val);

/* The page at (locale, slug), or NULL (sitec_doc.c). */
struct sitec_page *sitec_page_find(struct sitec *sc, const char *locale,
    const char *slug, size_t slug_len);
/* Is slug of a page kept out of search engines (Experiment:, User:, ...)? */
bool sitec_slug_noindex(const char *slug);
/* Is s[0..n) valid UTF-8 (no overlong forms, no surrogates)? */
bool sitec_utf8_ok(const char *s, size_t n);

/* sitec_redir.c: read all _redirects.txt (after the pages), write them. */
void sitec_redirs_add(struct sitec *sc, const char *file, const char *locale);
void sitec_redirs_check(struct sitec *sc);
void sitec_redirs_write(struct sitec *sc);

/* sitec_md.c: an index.md body (after its front matter) as the HTML
 * fragment of an index.html page, appended to out (NUL-terminated even
 * when empty).  md need not be NUL-terminated; any bytes are accepted. */
void sitec_md_html(struct sitec_buf *out, const char *md, size_t len);

/* sitec_view.c: one page and its views. */
void sitec_page_write(struct sitec *sc, struct sitec_page *p);
/* The page's URL path, "/en-US/docs/Web/HTTP", encoded, appended. */
void sitec_page_path(struct sitec_buf *b, const struct sitec_page *p);
/* Our layout around a body: the start, up to <main>, and the end. */
void sitec_layout_start(struct sitec *sc, struct sitec_buf *b,
    const char *locale, const char *title, size_t title_len, bool noindex,
    const struct sitec_buf *head_extra);
void sitec_layout_end(struct sitec *sc, struct sitec_buf *b,
    const char *locale);

/* Cache-Control lines (spec 11.1). */
#define SITEC_CC_SHARED(n) \
	"Cache-Control: public, max-age=0, s-maxage=" #n "\r\n"
#define SITEC_CC_NEVER \
	"Cache-Control: max-age=0, no-cache, no-store, must-revalidate\r\n"
#define SITEC_TYPE_HTML	"Content-Type: text/html; charset=utf-8\r\n"
#define SITEC_XFO_DENY	"X-Frame-Options: DENY\r\n"
#define SITEC_ACAO	"Access-Control-Allow-Origin: *\r\n"
#define SITEC_NOINDEX	"X-Robots-Tag: noindex\r\n"

/* A span over a buffer, a string or bytes. */
static inline struct site_bytes
sitec_bytes(const void *p, size_t n)
{
	return (struct site_bytes){ (const uint8_t *)p, n };
}

#endif /* SITEC_INT_H */
