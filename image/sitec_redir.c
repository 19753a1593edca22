/*
 * sitec_redir.c: document redirects (spec 4.3) from each locale's
 * _redirects.txt ("FROM<TAB>TO" lines, '#' comments).
 *
 * Design: every rule becomes a redirect document under FROM's doc key:
 * a 301 to TO as written (the request path merges the query, as Django
 * did), or with ?redirect=no the canonical redirect document itself.
 * Refused, naming the rule's file and line: a malformed line, a FROM
 * that is not /<locale>/docs/<slug>, a slug that is not UTF-8, ".." in
 * TO, two rules for one (folded) FROM, a FROM that is also a page (no
 * source of the corpus has one: each compiles into its own store, as
 * its README advises), a rule to itself, and a loop of rules, followed
 * through the folded keys exactly as requests would follow them.
 *
 * Interface: sitec_redirs_add, sitec_redirs_check, sitec_redirs_write.
 */
#include <stdlib.h>
#include <string.h>

#include "sitec_int.h"
#include "text.h"



/* Percent-decode s[0..n) into a new string (bad escapes kept as they
 * are): requests are looked up decoded. */
static char *
decode(const char *s, size_t n, size_t *out_len)
{
	char *o = malloc(n + 1);
	size_t i, k = 0;

	if (o == NULL)
		sitec_fail(NULL, "sitec", 0, "out of memory");
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 0 && hex_digit(s[i + 1]) >= 0 &&
		    hex_digit(s[i + 2]) >= 0 && (s[i + 1] != '0' || s[i + 2] != '0')) {
			o[k++] = (char)(hex_digit(s[i + 1]) << 4 | hex_digit(s[i + 2]));
			i += 2;
		} else {
			o[k++] = s[i];
		}
	}
	o[k] = '\0';
	*out_len = k;
	return o;
}

/*
 * The doc key of a local document URL "/<locale>/docs/<slug>" into key;
 * its length, or 0 when url is not one.  A target's query and fragment
 * are dropped; a FROM (is_from) has none: it is a slug as the wiki
 * stored it, and '?' and '#' are part of it ("What_is_XPCOM?").
 */
static size_t
url_key(const char *url, size_t n, bool is_from, uint8_t *key, size_t cap,
    const char **locale, char **slug)
{
	const char *l, *s;
	size_t ln, sl, k;
	char *d;

	if (!is_from && strcspn(url, "?#") < n)
		n = strcspn(url, "?#");
	if (n < 2 || url[0] != '/')
		return 0;
	l = url + 1;
	ln = strcspn(l, "/");
	if (ln >= n - 1 || (*locale = sitec_locale(l, ln)) == NULL ||
	    n - 1 - ln < 7 || strncmp(l + ln, "/docs/", 6) != 0)
		return 0;
	s = l + ln + 6;
	sl = (size_t)(url + n - s);
	if (sl == 0)
		return 0;
	d = decode(s, sl, &sl);
	k = site_key_doc(key, cap, *locale, strlen(*locale), d, sl, NULL);
	if (slug != NULL)
		*slug = d;
	else
		free(d);
	return k;
}

/* Is there a ".." segment in the path of url? */
static bool
dotdot(const char *url)
{
	size_t n = strcspn(url, "?#");
	const char *s;

	for (s = url; (s = strstr(s, "..")) != NULL && (size_t)(s - url) < n;
	    s += 2)
		if ((s == url || s[-1] == '/') && (s[2] == '/' || s[2] == '\0' ||
		    s[2] == '?' || s[2] == '#'))
			return true;
	return false;
}

static void
redir_line(struct sitec *sc, const char *file, unsigned int line,
    const char *s, size_t n)
{
	struct sitec_site *site = sc->site;
	const char *tab = memchr(s, '\t', n), *loc;
	struct sitec_redir *r, *had;
	uint8_t key[SITE_MAX_KEY];
	size_t kl;
	char *slug;

	if (tab == NULL || memchr(tab + 1, '\t', n - (size_t)(tab - s) - 1) ||
	    tab == s || tab + 1 == s + n)
		sitec_fail(sc, file, line, "not FROM<TAB>TO");
	kl = url_key(s, (size_t)(tab - s), true, key, sizeof key, &loc, &slug);
	if (kl == 0)
		sitec_fail(sc, file, line, "FROM is not /<locale>/docs/<slug>");
	if (!sitec_utf8_ok(slug, strlen(slug)))
		sitec_fail(sc, file, line, "slug is not valid UTF-8");
	if ((r = calloc(1, sizeof *r)) == NULL ||
	    (r->key = malloc(kl)) == NULL ||
	    (r->to = strndup(tab + 1, (size_t)(s + n - tab - 1))) == NULL)
		sitec_fail(sc, file, line, "out of memory");
	if (dotdot(r->to))
		sitec_fail(sc, file, line, "\"..\" in the target %s", r->to);
	memcpy(r->key, key, kl);
	r->key_len = kl;
	r->locale = loc;
	r->slug = slug;
	r->file = file;
	r->line = line;
	if (sitec_map_get(&site->by_key, key, kl) != NULL)
		sitec_fail(sc, file, line, "FROM %.*s is also a page",
		    (int)(tab - s), s);
	if ((had = sitec_map_put(&site->redir_by_key, r->key, kl, r)) != NULL)
		sitec_fail(sc, file, line, "a second rule for %.*s (first at "
		    "%s:%u)", (int)(tab - s), s, had->file, had->line);
	if (site->redirs.n == site->redirs.cap) {
		site->redirs.cap = site->redirs.cap ? site->redirs.cap * 2 : 1024;
		site->redirs.v = realloc(site->redirs.v,
		    site->redirs.cap * sizeof *site->redirs.v);
		if (site->redirs.v == NULL)
			sitec_fail(sc, file, line, "out of memory");
	}
	site->redirs.v[site->redirs.n++] = r;
}

/* see sitec_int.h */
void
sitec_redirs_add(struct sitec *sc, const char *file, const char *locale)
{
	size_t len, n;
	unsigned int line = 0;
	char *text = sitec_read(sc, file, &len), *s, *e;

	(void)locale;	/* FROM names its own locale */
	for (s = text; s < text + len; s = e + 1) {
		line++;
		e = memchr(s, '\n', (size_t)(text + len - s));
		if (e == NULL)
			e = text + len;
		n = (size_t)(e - s);
		if (n > 0 && s[n - 1] == '\r')
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		redir_line(sc, file, line, s, n);
	}
	/* The rules keep pointers to file names only; text may go. */
	free(text);
}

/* see sitec_int.h */
void
sitec_redirs_check(struct sitec *sc)
{
	struct sitec_site_redirs *rs = &sc->site->redirs;
	struct sitec_redir *r, *q;
	uint8_t key[SITE_MAX_KEY];
	const char *loc;
	size_t i, kl;

	for (i = 0; i < rs->n; i++) {
		r = rs->v[i];
		kl = url_key(r->to, strlen(r->to), false, key, sizeof key, &loc,
		    NULL);
		if (kl == r->key_len && memcmp(key, r->key, kl) == 0)
			sitec_fail(sc, r->file, r->line, "a redirect to itself");
		if (kl > 0)
			r->next = sitec_map_get(&sc->site->redir_by_key, key,
			    kl);
	}
	/* Each chain is walked once: state 1 marks the chain being walked,
	 * so meeting a 1 again is a loop; 2 marks chains known to end. */
	for (i = 0; i < rs->n; i++) {
		for (r = rs->v[i]; r != NULL && r->state == 0; r = r->next)
			r->state = 1;
		if (r != NULL && r->state == 1)
			sitec_fail(sc, r->file, r->line, "a redirect loop "
			    "through %s (from %s:%u)", r->to, rs->v[i]->file,
			    rs->v[i]->line);
		for (q = rs->v[i]; q != NULL && q->state == 1; q = q->next)
			q->state = 2;
	}
}

/* One rule's record. */
static void
redir_write(struct sitec *sc, const struct sitec_redir *r)
{
	struct sitec_buf body = { 0 }, loc = { 0 }, name = { 0 };
	static const char head[] = SITEC_TYPE_HTML SITEC_CC_SHARED(300)
	    SITEC_XFO_DENY;
	struct site_view v = { .kind = SITE_R_DOC_REDIRECT, .status = 301,
	    .flags = SITE_F_QUERY_MERGE | SITE_F_ETAG,
	    .methods = SITE_M_DOC };

	sitec_buf_url(&loc, r->to, strlen(r->to));
	sitec_buf_str(&body, "REDIRECT <a class=\"redirect\" href=\"");
	sitec_buf_html(&body, r->to, strlen(r->to));
	sitec_buf_str(&body, "\">");
	sitec_buf_html(&body, r->to, strlen(r->to));
	sitec_buf_str(&body, "</a>");
	sitec_buf_printf(&name, "%s/%s", r->locale, r->slug);
	v.head = sitec_bytes(head, sizeof head - 1);
	v.etag = sitec_bytes(SITEC_EMPTY_ETAG, strlen(SITEC_EMPTY_ETAG));
	v.location = sitec_bytes(loc.p, loc.len);
	v.lang = sitec_bytes(r->locale, strlen(r->locale));
	v.name = sitec_bytes(name.p, name.len);
	v.body[SITE_ENC_ID] = sitec_bytes(body.p, body.len);
	sitec_put(sc, r->key, r->key_len, &v, false);
	sitec_buf_free(&body);
	sitec_buf_free(&loc);
	sitec_buf_free(&name);
}

/* see sitec_int.h */
void
sitec_redirs_write(struct sitec *sc)
{
	struct sitec_site_redirs *rs = &sc->site->redirs;
	size_t i;

	for (i = 0; i < rs->n; i++) {
		redir_write(sc, rs->v[i]);
		sc->redirects++;
	}
}
