/*
 * render.c: a page's complete HTML document (content.h), built when the
 * image is made so that serving is a copy from the map.
 *
 * Design: one pass through a bounded writer that counts what it cannot
 * store, so a caller learns the size it needs from a first call with no
 * buffer.  The body fragment goes in as it is; the title and the locale
 * are escaped, since front matter is publisher input like any other.
 *
 * Interface: content_render.
 */
#include <string.h>

#include "content.h"
#include "err.h"

struct rbuf {
	char *p;
	size_t cap;
	size_t len;	/* bytes wanted so far; may exceed cap */
};

static void
r_put(struct rbuf *r, const char *s, size_t n)
{
	if (r->len < r->cap)
		memcpy(r->p + r->len, s, r->cap - r->len < n ? r->cap - r->len : n);
	r->len += n;
}

static void
r_str(struct rbuf *r, const char *s)
{
	r_put(r, s, strlen(s));
}

/* Text as HTML text and attribute values both accept it. */
static void
r_esc(struct rbuf *r, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		r_put(r, s + from, i - from);
		r_str(r, rep);
		from = i + 1;
	}
	r_put(r, s + from, n - from);
}

/* A small stylesheet inline: one request per page, nothing to fetch. */
static const char r_style[] =
    "body{margin:0 auto;max-width:52rem;padding:0 1rem;"
    "font:16px/1.55 system-ui,sans-serif;color:#1b1b1b}"
    "header,footer{padding:.6rem 0;border:0 solid #ccc}"
    "header{border-bottom-width:1px}"
    "footer{border-top-width:1px;font-size:.85rem;color:#555}"
    "pre,code{background:#f2f2f2;font-family:ui-monospace,monospace}"
    "pre{padding:.6rem;overflow:auto}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;"
    "padding:.2rem .5rem}";

/* see content.h */
int
content_render(const struct content_meta *m, const char *lang, char *out,
    size_t cap, size_t *need)
{
	struct rbuf r = { .p = out, .cap = out != NULL ? cap : 0 };

	r_str(&r, "<!DOCTYPE html>\n<html lang=\"");
	r_esc(&r, lang, strlen(lang));
	r_str(&r, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	r_esc(&r, m->title, m->title_len);
	r_str(&r, "</title>\n<style>");
	r_str(&r, r_style);
	r_str(&r, "</style>\n</head>\n<body>\n"
	    "<header><a href=\"/\">MDN appliance</a></header>\n<main>\n<h1>");
	r_esc(&r, m->title, m->title_len);
	r_str(&r, "</h1>\n");
	r_put(&r, m->body, m->body_len);
	if (m->body_len > 0 && m->body[m->body_len - 1] != '\n')
		r_str(&r, "\n");
	r_str(&r, "</main>\n<footer>Served from LMDB by the appliance.</footer>"
	    "\n</body>\n</html>\n");
	*need = r.len;
	return r.len <= r.cap ? RC_OK : RC_TOOBIG;
}
