#!/bin/bash
# sitec-good.sh: the content compiler on a tiny tree, read back with
# `build/sitec --get/--body/--list`.  One line per check, then
# "N passed, N failed"; nonzero exit on any failure.  Run from the
# repository root after `make build/sitec`.
set -u
SITEC=${SITEC:-build/sitec}
[ -x "$SITEC" ] || { echo "FAIL: $SITEC not built"; exit 1; }
T=$(mktemp -d /tmp/sitec-good.XXXXXX)
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0
ok() { echo "PASS $1"; PASS=$((PASS + 1)); }
bad() { echo "FAIL $1"; FAIL=$((FAIL + 1)); }
# has NAME KEY PATTERN...: --get KEY's output matches every PATTERN.
has() {
	local name=$1 key=$2 out p
	shift 2
	out=$("$SITEC" --get "$IMG" "$key" 2>&1) || { bad "$name: no $key"; return; }
	for p in "$@"; do
		grep -qE -- "$p" <<<"$out" || { bad "$name: /$p/ not in $key"; return; }
	done
	ok "$name"
}
# lacks NAME KEY PATTERN: --get KEY's output does not match PATTERN.
lacks() {
	if "$SITEC" --get "$IMG" "$2" 2>&1 | grep -qE -- "$3"; then
		bad "$1: /$3/ in $2"
	else
		ok "$1"
	fi
}

R=$T/site
mkdir -p "$R/files/en-us/web/api/blob" "$R/files/en-us/experiment_x" "$R/files/fr/web/api/blob"
cat >"$R/files/en-us/web/index.html" <<'P'
---
title: The Web
slug: Web
tags:
  - Landing
---
<p>All about the <em>web</em> &amp; more.</p>
P
mkdir -p "$R/files/en-us/web/api"
cat >"$R/files/en-us/web/api/blob/index.html" <<'P'
---
title: 'Blob: the ''binary'' object'
slug: Web/API/Blob
tags: [API, 'Web API']
---
<p></p><section class="Quick_links" id="Quick_Links"><p>Side</p></section>
<p>A <code>Blob</code> is data.</p>
<h2 id="Constructor">Constructor</h2>
<h3 id="Syntax">Syntax</h3>
<h2 id="Methods">Methods</h2>
P
echo '<p>{{APIRef}} raw source</p>' >"$R/files/en-us/web/api/blob/raw.html"
cat >"$R/files/fr/web/api/blob/index.html" <<'P'
---
title: Blob
slug: Web/API/Blob
translation_of: Web/API/Blob
---
<p>Un Blob.</p>
P
cat >"$R/files/en-us/experiment_x/index.html" <<'P'
---
title: An experiment
slug: 'Experiment:X'
---
<p>x</p>
P
printf '# FROM-URL\tTO-URL\n/en-US/docs/Old_Blob\t/en-US/docs/Web/API/Blob\n/en-US/docs/Older\t/en-US/docs/Old_Blob#x\n' \
	>"$R/files/en-us/_redirects.txt"
printf '{"Web/API/Blob": {"modified": "2019-03-18T21:45:35.195Z", "contributors": ["alice", "bob"]},\n "Web": {"modified": "2018-01-02T03:04:05.000Z", "contributors": []}}\n' \
	>"$R/files/en-us/_wikihistory.json"
mkdir -p "$R/static/img"
printf '\x89PNG\r\n\x1a\n' >"$R/static/img/favicon32.0123abcd.png"
echo '{"paths": {"img/favicon32.png": "img/favicon32.0123abcd.png"}, "version": "1.0"}' \
	>"$R/static/staticfiles.json"

IMG=$T/site.img
if out=$(SOURCE_DATE_EPOCH=1600000000 "$SITEC" --site-url https://mdn.example \
    "$IMG" "$R" 2>&1); then
	ok "compile: $out"
else
	bad "compile: $out"
	echo "$PASS passed, $FAIL failed"
	exit 1
fi
grep -q "4 pages, 2 redirects" <<<"$out" && ok "summary counts" || bad "summary counts: $out"

has "page record" 'den-us\0web/api/blob' '^kind: 1$' '^status: 200$' \
	'^flags: 0x0041$' '^methods: 4$' '^name: en-US/Web/API/Blob$' \
	'^lang: en-US$' '^aux: fr\\0Web/API/Blob\\0$' \
	'^Content-Type: text/html; charset=utf-8' \
	'^Cache-Control: public, max-age=0, s-maxage=300' \
	'^Vary: Cookie, Accept-Encoding' '^X-Frame-Options: DENY' \
	'^Access-Control-Allow-Origin: \*' '^X-kuma-revision: [0-9]+' \
	'^etag: "[0-9a-f]{32}"$' 'content="index, follow"' \
	'<li><a href="/en-US/docs/Web">The Web</a></li>' \
	'hreflang="fr"' '<h1>Blob: the &#39;binary&#39; object</h1>'
lacks "page head has no Date/ETag lines" 'den-us\0web/api/blob' '^(Date|ETag|Content-Length|Server):'
etag=$("$SITEC" --get "$IMG" 'den-us\0web/api/blob' | sed -n 's/^etag: "\(.*\)"$/\1/p')
[ "$("$SITEC" --body "$IMG" 'den-us\0web/api/blob' | md5sum | cut -c1-32)" = "$etag" ] &&
	ok "etag is md5 of the identity body" || bad "etag is md5 of the identity body"
has "translation lists en-US" 'dfr\0web/api/blob' '^aux: en-US\\0Web/API/Blob\\0$' '^lang: fr$'
has "experiment page noindex" 'den-us\0experiment:x' 'content="noindex, nofollow"'
has "raw view" 'den-us\0web/api/blob\0raw' 'raw source' 'X-Frame-Options: Allow' 'X-Robots-Tag: noindex'
has "json view" 'den-us\0web/api/blob\0json' '^methods: 1$' 'application/json' \
	'"tags": \["API", "Web API"\]' '"summary": "A Blob is data."' \
	'"sections": \[\{"id":"Constructor"' '"modified": "2019-03-18T21:45:35Z"' \
	'"translations": \[\{"title": "Blob"'
has "children view" 'den-us\0web\0children' '"subpages": \[\{"title": "Blob: the' '^methods: 1$'
has "toc view" 'den-us\0web/api/blob\0toc' \
	'<ol><li><a href="#Constructor">Constructor</a><ol><li><a href="#Syntax">Syntax</a></li></ol></li><li><a href="#Methods">Methods</a></li></ol>'
has "history view" 'den-us\0web/api/blob\0history' '<li>alice</li>' '2019-03-18T21:45:35Z'
has "api view" 'den-us\0web/api/blob\0api' 'no-cache, no-store, must-revalidate' \
	'^flags: 0x0044$' '"documentData": \{"locale": "en-US"' '"lastModifiedBy": "alice"' \
	'"parents": \[\{"url": "/en-US/docs/Web"'
has "doc redirect" 'den-us\0old_blob' '^kind: 3$' '^status: 301$' '^flags: 0x0021$' \
	'^location: /en-US/docs/Web/API/Blob$' '^etag: "d41d8cd98f00b204e9800998ecf8427e"$' \
	'REDIRECT <a class="redirect" href="/en-US/docs/Web/API/Blob">' '^name: en-US/Old_Blob$'
has "sitemap index" 'fm/sitemap.xml' '<loc>https://mdn.example/sitemaps/en-US/sitemap.xml</loc>' \
	'sitemaps/fr/sitemap_other.xml' '^flags: 0x0002$' 'application/xml'
has "sitemap" 'fm/sitemaps/en-US/sitemap.xml' '<loc>https://mdn.example/en-US/docs/Web/API/Blob</loc>' \
	'<lastmod>2019-03-18</lastmod>' '^mtime: 1552945535$'
lacks "sitemap leaves out Experiment:" 'fm/sitemaps/en-US/sitemap.xml' 'Experiment'
lacks "sitemap leaves out redirects" 'fm/sitemaps/en-US/sitemap.xml' 'Old_Blob'
has "robots main" 'fm/robots.txt' 'Sitemap: https://mdn.example/sitemap.xml' '^Disallow: /zh-TW/search$'
[ "$("$SITEC" --body "$IMG" fm/robots.txt | tail -c 20)" = "Disallow: /zu/search" ] &&
	ok "robots ends without a newline" || bad "robots ends without a newline"
[ "$("$SITEC" --body "$IMG" fm/robots.txt | wc -l)" = 112 ] && ok "robots has 113 lines" || bad "robots has 113 lines"
has "robots other" 'fo/robots.txt' '^Disallow: /$'
has "robots untrusted" 'fu/robots.txt' '^etag: "d41d8cd98f00b204e9800998ecf8427e"$' '^sizes: 0 0 0$'
lacks "robots untrusted uncached" 'fu/robots.txt' 'Cache-Control'
has "favicon" 'fm/favicon.ico' '^kind: 2$' '^status: 302$' \
	'^location: https://mdn.example/static/img/favicon32.0123abcd.png$' 's-maxage=2592000'
has "humans" 'fm/humans.txt' '^flags: 0x0002$' '^mtime: 1552945535$'
has "contribute" 'fm/contribute.json' 'application/json'
has "home page" 'fm/en-US/' '<a href="/en-US/docs/Web">The Web</a>' 'Vary: Cookie' '^flags: 0x0041$'
has "opensearch" 'fm/fr/search/xml' 's-maxage=604800' 'opensearchdescription' \
	'template="https://mdn.example/fr/search\?q=\{searchTerms\}&amp;w=3&amp;qs=plugin"'
has "rss feed" 'fm/en-US/docs/feeds/rss/all' 'application/rss\+xml; charset=utf-8' \
	'utm_campaign=feed&amp;utm_medium=rss&amp;utm_source=mdn.example'
has "atom feed, slash" 'fm/en-US/docs/feeds/atom/all/' 'application/atom\+xml'
has "json feed" 'fm/en-US/docs/feeds/json/all' '^\[\{"title": "Blob: the'
# The wiki's list pages (spec 3.5): whole answers, tag keys folded.
has "tags page" 'fm/en-US/docs/tags' '^flags: 0x0041$' '^methods: 0$' \
	'^Content-Type: text/html; charset=utf-8' 's-maxage=300' 'X-Frame-Options: DENY' \
	'<a href="/en-US/docs/tag/Web%20API">Web API</a> \(1\)' \
	'<a href="/en-US/docs/tag/Landing">Landing</a> \(1\)'
has "tag page, folded key" 'fm/en-US/docs/tag/web api' \
	'<a href="/en-US/docs/Web/API/Blob">Blob: the &#39;binary&#39; object</a>'
lacks "tag page lists its pages only" 'fm/en-US/docs/tag/web api' 'href="/en-US/docs/Web"'
has "all page" 'fm/en-US/docs/all' '/en-US/docs/Experiment:X"' '/en-US/docs/Web/API/Blob"' \
	'3 documents\.'
lacks "all page leaves out redirects" 'fm/en-US/docs/all' 'Old_Blob'
has "top-level page" 'fm/en-US/docs/top-level' '<a href="/en-US/docs/Web">The Web</a>'
lacks "top-level page leaves out children" 'fm/en-US/docs/top-level' 'Web/API/Blob'
has "without-parent page" 'fm/fr/docs/without-parent' ' 0 documents\.'
has "with-errors page" 'fm/en-US/docs/with-errors' 'KumaScript'
has "needs-review pages" 'fm/en-US/docs/needs-review/technical' 'NeedsTechnicalReview'
has "localization-tag pages" 'fm/fr/docs/localization-tag/inprogress' 'NeedsTranslation'
has "body view" 'den-us\0web/api/blob\0body' '<h2 id="Constructor">' \
	'X-Frame-Options: Allow' 'X-Robots-Tag: noindex'
lacks "body view is rendered" 'den-us\0web/api/blob\0body' 'raw source'
has "summary view" 'den-us\0web/api/blob\0summary' '^<p>A Blob is data.</p>$' \
	'X-Frame-Options: Allow'
has "summary page view" 'den-us\0web/api/blob\0spage' '<!DOCTYPE html>' \
	'<p>A Blob is data.</p>' 'X-Frame-Options: DENY'
lacks "summary page has no sections" 'den-us\0web/api/blob\0spage' 'id="Constructor"'
has "404 page" 'em404' '^status: 404$' '^flags: 0x0044$' 'no-cache, no-store' 'X-Frame-Options: DENY'
has "untrusted 404" 'eu404' '^status: 404$'
has "meta" 'M' '^kind: 5$' 'content_id=[0-9a-f]{64}' 'built=1600000000' 'pages=4' \
	'redirects=2' 'locales=en-US,fr' 'site_url=https://mdn.example'
n=$("$SITEC" --list "$IMG" | wc -l)
[ "$n" -gt 50 ] && ok "list: $n records" || bad "list: $n records"

# The same tree builds the same store (content_id), whatever the time.
id1=$("$SITEC" --get "$IMG" M | grep -o 'content_id=[0-9a-f]*')
SOURCE_DATE_EPOCH=1700000000 "$SITEC" --quiet --site-url https://mdn.example "$T/again.img" "$R" >/dev/null
id2=$("$SITEC" --get "$T/again.img" M | grep -o 'content_id=[0-9a-f]*')
[ "$id1" = "$id2" ] && ok "reproducible content_id" || bad "reproducible content_id ($id1 $id2)"

# --size makes a disk of that size; the old OUT is replaced whole.
"$SITEC" --quiet --size 2M "$IMG" "$R" >/dev/null && [ "$(stat -c %s "$IMG")" = 2097152 ] &&
	ok "--size 2M" || bad "--size 2M"

# index.md pages: front matter as in index.html, the Markdown body
# converted (image/sitec_md.c), then the page is like any other.
M=$T/md
mkdir -p "$M/files/en-us/web/md_page" "$M/files/en-us/web/both"
cat >"$M/files/en-us/web/md_page/index.md" <<'P'
---
title: A Markdown page
slug: Web/MD_page
tags:
  - Guide
---
{{AddonSidebar}}

Some *emphasis*, **strong** and `a < b` with a [link](/en-US/docs/Web "t").

## Getting started

- one item
- two _items_

```js
if (a < b && c) {}
```

> **Note:** a note.
P
IMG=$T/md.img
if out=$("$SITEC" --quiet "$IMG" "$M" 2>&1); then
	ok "md: compile"
	body=$("$SITEC" --body "$IMG" 'den-us\0web/md_page')
	for p in '<h2 id="Getting_started">Getting started</h2>' \
	    '<ul><li>one item</li><li>two <em>items</em></li></ul>' \
	    '<pre class="brush: js notranslate">if \(a &lt; b &amp;&amp; c\) \{\}</pre>' \
	    '<a href="/en-US/docs/Web">link</a>' '<em>emphasis</em>' \
	    '<strong>strong</strong>' '<code>a &lt; b</code>' \
	    '<div class="notecard note">' '\{\{AddonSidebar\}\}' \
	    '<h1>A Markdown page</h1>'; do
		grep -qE -- "$p" <<<"$body" && ok "md body: $p" || bad "md body: /$p/ not in the page"
	done
	has "md toc view" 'den-us\0web/md_page\0toc' '<a href="#Getting_started">Getting started</a>'
	has "md json view" 'den-us\0web/md_page\0json' '"tags": \["Guide"\]' '"title": "A Markdown page"'
	has "md sitemap" 'fm/sitemaps/en-US/sitemap.xml' '<loc>.*/en-US/docs/Web/MD_page</loc>'
else
	bad "md: compile: $out"
fi

# Adversarial Markdown (unclosed spans, lone markers, long lines, random
# mixes) compiles: the converter takes any bytes.
A=$M/files/en-us/web/md_page/index.md
head -6 "$A" >"$T/fm"
adv() {
	{ cat "$T/fm"; printf '%s' "$1"; } >"$A"
	"$SITEC" --quiet "$T/adv.img" "$M" >/dev/null 2>&1
}
n=0
for s in '```js' '*' '**' '_' '`' '[' '![' '[a](' '[a](b' '<' '<http:' '&' '\' \
    '> > > - 1. #' '#######' '- ' '1.' '    ' "$(printf '[*`_<%.0s' {1..20000})" \
    "$(printf 'a%.0s' {1..200000})"; do
	adv "$s" || { bad "md adversarial: $(head -c 40 <<<"$s")"; n=1; }
done
toks=('*' '**' '_' '`' '```' '[' ']' '(' ')' '!' '<' '>' '> ' '- ' '1. ' '## ' '\' '&' 'a ' $'\n' $'\n\n' '    ' '<b>' '<http://x>')
for i in $(seq 1 30); do
	s=
	for j in $(seq 1 $((RANDOM % 60))); do s+=${toks[RANDOM % ${#toks[@]}]}; done
	adv "$s" || { bad "md random: $(printf %q "$s")"; n=1; }
done
[ $n -eq 0 ] && ok "md adversarial and random bodies compile"
rm -f "$T/adv.img"

# A folder with index.html and index.md is one page twice: refused.
printf -- '---\ntitle: B\nslug: Web/Both\n---\n<p>b</p>\n' >"$M/files/en-us/web/both/index.html"
printf -- '---\ntitle: B\nslug: Web/Both\n---\nb\n' >"$M/files/en-us/web/both/index.md"
if out=$("$SITEC" --quiet "$T/dup.img" "$M" 2>&1); then
	bad "md: index.html with index.md accepted"
elif grep -q "both/index.md: a duplicate page: .*both/index.html" <<<"$out" &&
    [ ! -e "$T/dup.img" ]; then
	ok "md: index.html with index.md refused: $out"
else
	bad "md: index.html with index.md: $out"
fi
echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
