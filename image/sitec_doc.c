/*
 * sitec_doc.c: reading the documents of a site tree (sitec.h): the walk
 * of each ROOT's files/, the pages (index.html or index.md with front
 * matter, or a Kuma dump's index.yaml with raw.html), _wikihistory.json,
 * and the model the writers use (sitec_int.h): pages by key, the slug
 * tree, the translations.
 *
 * Design: everything is read and checked before the store is opened, so
 * a refusal costs no I/O on the output.  Pages are sorted by key, which
 * makes the build reproducible and the store's puts sequential.  The
 * parent of a page is its nearest ancestor slug that is a page, so the
 * breadcrumbs and $children of a sampled tree hold together.
 *
 * Interface: sitec_docs_load, sitec_docs_write, sitec_map_get,
 * sitec_map_put, sitec_page_find, sitec_slug_noindex, sitec_utf8_ok.
 */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bearssl_hash.h"

#include "content.h"
#include "err.h"
#include "sitec_int.h"

#define SITEC_PROGRESS	2000	/* pages between progress lines */

/* What the walk found, of the files this part reads. */
enum wkind { W_HTML, W_MD, W_YAML, W_RAW, W_REDIRECTS, W_HISTORY };
struct wfile {
	char *path;
	char *rel;		/* relative to its ROOT */
	const char *locale;
	enum wkind kind;
};

/* The walk's state: nftw() passes no user pointer. */
static struct {
	struct sitec *sc;
	const char *root;
	char real[PATH_MAX];	/* the ROOT, resolved */
	struct wfile *v;
	size_t n, cap;
	struct sitec_map rels;	/* relative path -> wfile path */
} w;

static void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		sitec_fail(NULL, "sitec", 0, "out of memory");
	return p;
}

static char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* FNV-1a. */
static size_t
hash(const uint8_t *k, size_t n)
{
	uint64_t h = 1469598103934665603ull;

	while (n-- > 0)
		h = (h ^ *k++) * 1099511628211ull;
	return (size_t)h;
}

/* see sitec_int.h */
void *
sitec_map_get(const struct sitec_map *m, const void *key, size_t len)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = hash(key, len) & (m->cap - 1); m->e[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (m->e[i].len == len && memcmp(m->e[i].key, key, len) == 0)
			return m->e[i].val;
	return NULL;
}

/* see sitec_int.h */
void *
sitec_map_put(struct sitec_map *m, const void *key, size_t len, void *val)
{
	struct sitec_map old = *m;
	size_t i;
	void *had;

	if ((had = sitec_map_get(m, key, len)) != NULL)
		return had;
	if (2 * (m->n + 1) > m->cap) {
		m->cap = m->cap ? m->cap * 2 : 1024;
		m->e = calloc(m->cap, sizeof *m->e);
		if (m->e == NULL)
			sitec_fail(NULL, "sitec", 0, "out of memory");
		m->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.e[i].key != NULL)
				(void)sitec_map_put(m, old.e[i].key,
				    old.e[i].len, old.e[i].val);
		free(old.e);
	}
	for (i = hash(key, len) & (m->cap - 1); m->e[i].key != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	m->e[i] = (struct sitec_map_ent){ key, len, val };
	m->n++;
	return NULL;
}

/* see sitec_int.h */
bool
sitec_utf8_ok(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str, *e = s + n;
	unsigned long c;
	int k, i;

	while (s < e) {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf)
			k = 1, c = *s & 0x1f;
		else if (*s >= 0xe0 && *s <= 0xef)
			k = 2, c = *s & 0x0f;
		else if (*s >= 0xf0 && *s <= 0xf4)
			k = 3, c = *s & 0x07;
		else
			return false;
		if (e - s <= k)
			return false;
		for (i = 1; i <= k; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			c = c << 6 | (s[i] & 0x3f);
		}
		if ((k == 2 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
		    (k == 3 && (c < 0x10000 || c > 0x10ffff)))
			return false;
		s += k + 1;
	}
	return true;
}

/* see sitec_int.h */
bool
sitec_slug_noindex(const char *slug)
{
	static const char *const ns[] = {
		"Experiment:", "User:", "User_talk:", "Talk:", "Template:",
		"Template_talk:", "Help:", "Help_talk:", "Project:",
		"Project_talk:", "Special:", "Special_talk:",
	};
	size_t i;

	for (i = 0; i < sizeof ns / sizeof ns[0]; i++)
		if (strncmp(slug, ns[i], strlen(ns[i])) == 0)
			return true;
	return false;
}

/* --- the walk ------------------------------------------------------------ */

static void
walk_add(const char *path, const char *rel, const char *locale,
    enum wkind kind)
{
	struct wfile *f;
	const char *had;

	if (w.n == w.cap) {
		w.cap = w.cap ? w.cap * 2 : 256;
		if ((w.v = realloc(w.v, w.cap * sizeof *w.v)) == NULL)
			sitec_fail(w.sc, "sitec", 0, "out of memory");
	}
	f = &w.v[w.n];
	f->path = xstrndup(path, strlen(path));
	f->rel = f->path + (rel - path);
	f->locale = locale;
	f->kind = kind;
	had = sitec_map_put(&w.rels, f->rel, strlen(f->rel), f->path);
	if (had != NULL)
		sitec_fail(w.sc, path, 0, "the same file is also in another "
		    "root: %s", had);
	w.n++;
}

/* A symlink is followed only inside its ROOT. */
static int
walk_link(const char *path, struct stat *sb)
{
	char real[PATH_MAX];
	size_t n = strlen(w.real);

	if (realpath(path, real) == NULL)
		sitec_fail(w.sc, path, 0, "broken symlink");
	if (strncmp(real, w.real, n) != 0 || real[n] != '/')
		sitec_fail(w.sc, path, 0, "symlink points outside the tree "
		    "(%s)", real);
	if (stat(path, sb) != 0)
		sitec_fail(w.sc, path, 0, "%s", strerror(errno));
	return S_ISREG(sb->st_mode) ? FTW_F : FTW_D;
}

static int
walk_visit(const char *path, const struct stat *csb, int type,
    struct FTW *ftw)
{
	const char *name = path + ftw->base, *rel, *loc, *l;
	struct stat sb = *csb;

	rel = path + strlen(w.root) + 1;
	if (type == FTW_DNR || type == FTW_NS)
		sitec_fail(w.sc, path, 0, "cannot read");
	if (type == FTW_SL && walk_link(path, &sb) == FTW_D)
		return 0;	/* a folder link inside the tree: not walked */
	if (ftw->level == 0)
		return 0;
	/* rel is "files/<locale>/..." */
	l = rel + 6;
	loc = sitec_locale(l, strcspn(l, "/"));
	if (ftw->level == 1 && (type == FTW_D || type == FTW_DP)) {
		if (loc == NULL)
			sitec_fail(w.sc, path, 0, "unknown locale folder "
			    "\"%s\"", name);
		return 0;
	}
	if (ftw->level == 1 || type == FTW_D || type == FTW_DP)
		return 0;	/* files/popularities.json and the like */
	if (loc == NULL)
		sitec_fail(w.sc, path, 0, "unknown locale folder");
	if ((uint64_t)sb.st_size > SITEC_MAX_FILE &&
	    (strcmp(name, "index.html") == 0 || strcmp(name, "raw.html") == 0 ||
	    strcmp(name, "index.yaml") == 0 || strcmp(name, "index.md") == 0 ||
	    ftw->level == 2))
		sitec_fail(w.sc, path, 0, "file of %lld bytes is over the "
		    "limit of %u (SITEC_MAX_FILE)", (long long)sb.st_size,
		    (unsigned)SITEC_MAX_FILE);
	if (strcmp(name, "index.html") == 0)
		walk_add(path, rel, loc, W_HTML);
	else if (strcmp(name, "index.yaml") == 0)
		walk_add(path, rel, loc, W_YAML);
	else if (strcmp(name, "raw.html") == 0)
		walk_add(path, rel, loc, W_RAW);
	else if (strcmp(name, "index.md") == 0)
		walk_add(path, rel, loc, W_MD);
	else if (ftw->level == 2 && strcmp(name, "_redirects.txt") == 0)
		walk_add(path, rel, loc, W_REDIRECTS);
	else if (ftw->level == 2 && strcmp(name, "_wikihistory.json") == 0)
		walk_add(path, rel, loc, W_HISTORY);
	return 0;
}

static void
walk_root(struct sitec *sc, const char *root)
{
	char files[PATH_MAX];
	struct stat sb;

	w.sc = sc;
	w.root = root;
	if (realpath(root, w.real) == NULL || stat(root, &sb) != 0 ||
	    !S_ISDIR(sb.st_mode))
		sitec_fail(sc, root, 0, "not a folder");
	snprintf(files, sizeof files, "%s/files", root);
	if (stat(files, &sb) != 0)
		return;	/* a root of static or attachment files only */
	if (nftw(files, walk_visit, 32, FTW_PHYS) != 0)
		sitec_fail(sc, files, 0, "%s", strerror(errno));
}

/* --- pages --------------------------------------------------------------- */

/* The 1-based line where "key:" starts a line of text, or 0. */
static unsigned int
key_line(const char *text, const char *key)
{
	size_t n = strlen(key);
	unsigned int line = 1;
	const char *s;

	for (s = text; *s != '\0'; line++) {
		if (strncmp(s, key, n) == 0 && s[n] == ':')
			return line;
		if ((s = strchr(s, '\n')) == NULL)
			break;
		s++;
	}
	return 0;
}

/* A 31-bit number from md5 of s: stable ids and revisions. */
static uint32_t
stable_id(const void *s, size_t n)
{
	unsigned char d[16];
	br_md5_context md;

	br_md5_init(&md);
	br_md5_update(&md, s, n);
	br_md5_out(&md, d);
	return ((uint32_t)d[0] << 24 | (uint32_t)d[1] << 16 |
	    (uint32_t)d[2] << 8 | d[3]) & 0x7fffffff;
}

/* The value of a top-level "key: value" line of a Kuma index.yaml. */
static char *
yaml_line(const char *text, const char *key)
{
	unsigned int line = key_line(text, key);
	const char *s = text, *e;

	if (line == 0)
		return NULL;
	while (--line > 0)
		s = strchr(s, '\n') + 1;
	s += strlen(key) + 1;
	while (*s == ' ')
		s++;
	e = s + strcspn(s, "\r\n");
	return xstrndup(s, (size_t)(e - s));
}

/* Contributors of a Kuma index.yaml: the "  - name" lines after the key. */
static void
yaml_contributors(struct sitec_page *p)
{
	unsigned int line = key_line(p->text, "mdn_contributors");
	struct sitec_buf b = { 0 };
	const char *s = p->text, *e;

	if (line == 0)
		return;
	while (--line > 0)
		s = strchr(s, '\n') + 1;
	while ((s = strchr(s, '\n')) != NULL && strncmp(s + 1, "  - ", 4) == 0) {
		s += 5;
		e = s + strcspn(s, "\r\n");
		sitec_buf_add(&b, s, (size_t)(e - s));
		sitec_buf_add(&b, "", 1);
		p->ncontrib++;
	}
	p->contributors = b.p;
	p->contrib_len = b.len;
}

/* The slug in a block map "parent:\n  slug: X\n  locale: en-US", or
 * NULL. */
static char *
yaml_parent_slug(const char *text)
{
	const char *s = strstr(text, "\nparent:"), *e;

	if (s == NULL)
		return NULL;
	for (s = strchr(s + 1, '\n'); s != NULL && strncmp(s + 1, "  ", 2) == 0;
	    s = strchr(s + 1, '\n')) {
		if (strncmp(s + 3, "slug: ", 6) != 0)
			continue;
		s += 9;
		e = s + strcspn(s, "\r\n");
		return e > s ? xstrndup(s, (size_t)(e - s)) : NULL;
	}
	return NULL;
}

/* The front matter of p->text (or of the yaml wrapped as front matter). */
static void
page_meta(struct sitec *sc, struct sitec_page *p, const char *text,
    size_t len, unsigned int line_off)
{
	static char buf[CONTENT_META_BUFSIZE];
	struct content_meta m;
	unsigned int line;
	int rc;

	rc = content_parse(text, len, buf, sizeof buf, &m);
	if (rc != RC_OK)
		sitec_fail(sc, p->file, m.line > line_off ? m.line - line_off :
		    1, "front matter: %s", rc == RC_TOOBIG ? "over a limit" :
		    "not the YAML we read");
	if (!sitec_utf8_ok(m.slug, m.slug_len) ||
	    memchr(m.slug, '\0', m.slug_len) != NULL) {
		line = key_line(p->text, "slug");
		sitec_fail(sc, p->file, line, "slug is not valid UTF-8");
	}
	p->slug = xstrndup(m.slug, m.slug_len);
	p->title = xstrndup(m.title, m.title_len);
	if (m.translation_of != NULL)
		p->translation_of = xstrndup(m.translation_of,
		    m.translation_of_len);
	if (m.ntags > 0) {
		p->tags = xstrndup(m.tags, m.tags_len);
		p->tags_len = m.tags_len;
		p->ntags = m.ntags;
	}
	p->body = m.body;
	p->body_len = m.body_len;
}

/* A Kuma dump document: index.yaml, with the body in raw.html. */
static void
page_yaml(struct sitec *sc, struct sitec_page *p, size_t len)
{
	struct sitec_buf b = { 0 };
	char *mod;

	sitec_buf_str(&b, "---\n");
	sitec_buf_add(&b, p->text, len);
	sitec_buf_str(&b, "\n---\n");
	page_meta(sc, p, b.p, b.len, 1);
	/* The parent's slug is the en-US slug of a translation. */
	if (p->translation_of == NULL && strcmp(p->locale, "en-US") != 0)
		p->translation_of = yaml_parent_slug(p->text);
	if ((mod = yaml_line(p->text, "modified")) != NULL)
		p->modified = sitec_time_iso(mod, strlen(mod));
	free(mod);
	yaml_contributors(p);
	p->body = "";
	p->body_len = 0;
	/* b holds the body pointers no longer (the body is raw.html). */
	sitec_buf_free(&b);
}

/*
 * A redirect document (spec 4.3): a body with "REDIRECT <a " whose first
 * a.redirect names a target on this site: a path ("/" but not "//"), or
 * an absolute URL on the site's own origin, reduced to its path without
 * query or fragment.  Other targets, and one naming the page itself,
 * leave an ordinary page.  Returns the path (malloc'd) or NULL.
 */
static char *
redirect_target(struct sitec *sc, const struct sitec_page *p)
{
	const char *b = p->body, *e = p->body + p->body_len, *a, *q, *h;
	size_t ul = strlen(sc->site_url), n;
	char *t, self[SITE_MAX_KEY + 16];

	if (b == NULL || memmem(b, p->body_len, "REDIRECT <a ", 12) == NULL)
		return NULL;
	for (a = b; (a = memmem(a, (size_t)(e - a), "<a ", 3)) != NULL;
	    a += 3) {
		q = memchr(a, '>', (size_t)(e - a));
		if (q == NULL)
			return NULL;
		if (memmem(a, (size_t)(q - a), "class=\"redirect\"", 16) ==
		    NULL)
			continue;
		h = memmem(a, (size_t)(q - a), "href=\"", 6);
		if (h == NULL)
			return NULL;
		h += 6;
		q = memchr(h, '"', (size_t)(e - h));
		if (q == NULL)
			return NULL;
		n = (size_t)(q - h);
		if (n > ul && strncmp(h, sc->site_url, ul) == 0 &&
		    h[ul] == '/') {
			h += ul;
			n -= ul;
			n = strcspn(h, "?#") < n ? strcspn(h, "?#") : n;
		}
		if (n < 2 || h[0] != '/' || h[1] == '/')
			return NULL;
		snprintf(self, sizeof self, "/%s/docs/%s", p->locale, p->slug);
		if (strlen(self) == n && strncasecmp(self, h, n) == 0)
			return NULL;
		t = xmalloc(n + 1);
		memcpy(t, h, n);
		t[n] = '\0';
		return t;
	}
	return NULL;
}

static struct sitec_page *
page_read(struct sitec *sc, const struct wfile *f)
{
	struct sitec_page *p = xmalloc(sizeof *p);
	const char *slash = strrchr(f->rel, '/');
	size_t len;

	memset(p, 0, sizeof *p);
	p->locale = f->locale;
	p->file = f->path;
	p->rel_dir = xstrndup(f->rel, (size_t)(slash - f->rel));
	p->text = sitec_read(sc, f->path, &len);
	if (f->kind == W_YAML)
		page_yaml(sc, p, len);
	else
		page_meta(sc, p, p->text, len, 0);
	if (f->kind == W_MD) {
		/* From here on the page is its HTML, as if index.html. */
		struct sitec_buf html = { 0 };

		sitec_md_html(&html, p->body, p->body_len);
		p->body = html.p;
		p->body_len = html.len;
	}
	p->key = xmalloc(SITE_MAX_KEY);
	p->key_len = site_key_doc(p->key, SITE_MAX_KEY, p->locale,
	    strlen(p->locale), p->slug, strlen(p->slug), NULL);
	if (p->key_len == 0)
		sitec_fail(sc, f->path, key_line(p->text, "slug"),
		    "slug too long");
	p->id = stable_id(p->key, p->key_len);
	p->noindex = sitec_slug_noindex(p->slug);
	p->redirect = redirect_target(sc, p);
	return p;
}

static int
page_cmp(const void *a, const void *b)
{
	const struct sitec_page *x = *(struct sitec_page *const *)a;
	const struct sitec_page *y = *(struct sitec_page *const *)b;
	size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
	int c = memcmp(x->key, y->key, n);

	return c != 0 ? c : (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* see sitec_int.h */
struct sitec_page *
sitec_page_find(struct sitec *sc, const char *locale, const char *slug,
    size_t slug_len)
{
	uint8_t key[SITE_MAX_KEY];
	size_t n;

	n = site_key_doc(key, sizeof key, locale, strlen(locale), slug,
	    slug_len, NULL);
	return n == 0 ? NULL : sitec_map_get(&sc->site->by_key, key, n);
}

static void
push(struct sitec_page ***v, size_t *n, size_t *cap, struct sitec_page *p)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		if ((*v = realloc(*v, *cap * sizeof **v)) == NULL)
			sitec_fail(NULL, "sitec", 0, "out of memory");
	}
	(*v)[(*n)++] = p;
}

/* Parents, children and translations, once all pages are known. */
static void
link_pages(struct sitec *sc)
{
	struct sitec_site *s = sc->site;
	struct sitec_page *p, *q;
	size_t i, n;

	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		for (n = strlen(p->slug); n > 0 && p->parent == NULL;) {
			while (n > 0 && p->slug[n - 1] != '/')
				n--;
			if (n == 0)
				break;
			n--;	/* the slash */
			p->parent = sitec_page_find(sc, p->locale, p->slug, n);
		}
		if (p->parent != NULL)
			push(&p->parent->kids, &p->parent->nkids,
			    &p->parent->kids_cap, p);
		if (p->translation_of != NULL &&
		    strcmp(p->locale, "en-US") != 0 &&
		    (q = sitec_page_find(sc, "en-US", p->translation_of,
		    strlen(p->translation_of))) != NULL) {
			p->en = q;
			push(&q->trans, &q->ntrans, &q->trans_cap, p);
		}
	}
}

/* --- _wikihistory.json --------------------------------------------------- */

/* One entry's object: {"modified": "...", "contributors": [...]}. */
static bool
history_entry(struct sitec_json *j, struct sitec_page *p)
{
	struct sitec_buf k = { 0 }, v = { 0 }, c = { 0 };
	size_t nc = 0;
	bool ok = sitec_json_eat(j, '{');

	if (ok && sitec_json_eat(j, '}'))
		return true;
	while (ok) {
		k.len = 0;
		if (!sitec_json_string(j, &k) || !sitec_json_eat(j, ':'))
			return false;
		if (strcmp(k.p, "modified") == 0) {
			v.len = 0;
			ok = sitec_json_string(j, &v);
			if (ok && p != NULL)
				p->modified = sitec_time_iso(v.p, v.len);
		} else if (strcmp(k.p, "contributors") == 0 &&
		    sitec_json_eat(j, '[')) {
			if (!sitec_json_eat(j, ']'))
				do {
					ok = sitec_json_string(j, &c);
					sitec_buf_add(&c, "", 1);
					nc++;
				} while (ok && sitec_json_eat(j, ','));
			ok = ok && (c.len == 0 || sitec_json_eat(j, ']'));
		} else {
			ok = sitec_json_skip(j);
		}
		if (!ok || !sitec_json_eat(j, ','))
			break;
	}
	if (ok && p != NULL && nc > 0) {
		free(p->contributors);
		p->contributors = c.p;
		p->contrib_len = c.len;
		p->ncontrib = nc;
		c.p = NULL;
	}
	sitec_buf_free(&k);
	sitec_buf_free(&v);
	sitec_buf_free(&c);
	return ok && sitec_json_eat(j, '}');
}

static void
history_read(struct sitec *sc, const struct wfile *f)
{
	struct sitec_buf slug = { 0 };
	struct sitec_json j;
	size_t len;
	char *text = sitec_read(sc, f->path, &len);
	bool ok;

	j = (struct sitec_json){ text, text + len, text };
	ok = sitec_json_eat(&j, '{');
	if (ok && !sitec_json_eat(&j, '}'))
		do {
			slug.len = 0;
			ok = sitec_json_string(&j, &slug) &&
			    sitec_json_eat(&j, ':') && history_entry(&j,
			    sitec_page_find(sc, f->locale, slug.p, slug.len));
		} while (ok && sitec_json_eat(&j, ','));
	if (!ok || (!sitec_json_eat(&j, '}') && slug.len > 0))
		sitec_fail(sc, f->path, sitec_json_line(&j), "not the JSON "
		    "object of slugs we read");
	sitec_buf_free(&slug);
	free(text);
}

/* --- the pass ------------------------------------------------------------ */

static int
wfile_cmp(const void *a, const void *b)
{
	return strcmp(((const struct wfile *)a)->rel,
	    ((const struct wfile *)b)->rel);
}

/* see sitec.h */
void
sitec_docs_load(struct sitec *sc)
{
	struct sitec_site *s = calloc(1, sizeof *s);
	struct sitec_map raws = { 0 }, dirs = { 0 };
	struct sitec_page *p, *had;
	size_t i, n;
	char *dir;

	if ((sc->site = s) == NULL)
		sitec_fail(sc, "sitec", 0, "out of memory");
	for (i = 0; i < sc->nroots; i++)
		walk_root(sc, sc->roots[i]);
	qsort(w.v, w.n, sizeof *w.v, wfile_cmp);
	for (i = 0; i < w.n; i++) {
		if (w.v[i].kind == W_RAW) {
			n = (size_t)(strrchr(w.v[i].rel, '/') - w.v[i].rel);
			(void)sitec_map_put(&raws, w.v[i].rel, n, w.v[i].path);
		}
		if (w.v[i].kind != W_HTML && w.v[i].kind != W_MD &&
		    w.v[i].kind != W_YAML)
			continue;
		n = (size_t)(strrchr(w.v[i].rel, '/') - w.v[i].rel);
		if ((dir = sitec_map_put(&dirs, w.v[i].rel, n,
		    w.v[i].path)) != NULL)
			sitec_fail(sc, w.v[i].path, 0, "a duplicate page: "
			    "%s is the same page", dir);
		p = page_read(sc, &w.v[i]);
		if ((had = sitec_map_put(&s->by_key, p->key, p->key_len, p)))
			sitec_fail(sc, p->file, key_line(p->text, "slug"),
			    "duplicate slug %s/%s (also %s)", p->locale,
			    p->slug, had->file);
		push(&s->pages, &s->npages, &s->pages_cap, p);
		if (!sc->quiet && s->npages % SITEC_PROGRESS == 0)
			fprintf(stderr, "sitec: %zu pages read\n", s->npages);
	}
	qsort(s->pages, s->npages, sizeof *s->pages, page_cmp);
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		if ((dir = sitec_map_get(&raws, p->rel_dir,
		    strlen(p->rel_dir))) != NULL)
			p->raw = sitec_read(sc, dir, &p->raw_len);
		if (p->raw != NULL && p->body_len == 0 && strstr(p->file,
		    "index.yaml") != NULL) {
			p->body = p->raw;
			p->body_len = p->raw_len;
		}
		p->rev = stable_id(p->body, p->body_len) % 1000000000u;
		s->per_locale[sitec_locale_index(p->locale)]++;
	}
	link_pages(sc);
	for (i = 0; i < w.n; i++)
		if (w.v[i].kind == W_HISTORY)
			history_read(sc, &w.v[i]);
	for (i = 0; i < s->npages; i++)
		if (s->pages[i]->modified > s->newest)
			s->newest = s->pages[i]->modified;
	for (i = 0; i < w.n; i++)
		if (w.v[i].kind == W_REDIRECTS)
			sitec_redirs_add(sc, w.v[i].path, w.v[i].locale);
	sitec_redirs_check(sc);
	free(raws.e);
	free(dirs.e);
}

/* see sitec.h */
void
sitec_docs_write(struct sitec *sc)
{
	struct sitec_site *s = sc->site;
	size_t i;

	for (i = 0; i < s->npages; i++) {
		sitec_page_write(sc, s->pages[i]);
		sc->pages++;
		if (!sc->quiet && sc->pages % SITEC_PROGRESS == 0)
			fprintf(stderr, "sitec: %zu pages written\n",
			    sc->pages);
	}
	sitec_redirs_write(sc);
}
