#!/usr/bin/env bash
# sitec-files.sh: the file parts of the content compiler (image/sitec_files.c)
# over small site trees made here: attachments by id and next to pages,
# MindTouch redirects, static files with their manifest, legacy files and
# live samples.  One line per case; the last line is "N passed, N failed";
# the exit status is nonzero when a case failed.
#
# It builds image/tests/sitec_files_driver.c (gcc, glibc) with LMDB from
# build/deps, so it runs before build/sitec carries these parts.
#
#   image/tests/sitec-files.sh [--corpus]   --corpus: also time a run over
#                                           ../shared/corpus (archived-content)
set -u
cd "$(dirname "$0")/../.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0

ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1${2:+: $2}"; fail=$((fail + 1)); }
# check NAME COMMAND...: the case passes when the command does.
check() {
	local name=$1
	shift
	if "$@" >"$T/out" 2>&1; then ok "$name"; else bad "$name" "$(head -c 300 "$T/out")"; fi
}

# --- the driver --------------------------------------------------------------
L=build/deps/lmdb/libraries/liblmdb
B=build/sf
D=$B/driver
mkdir -p $B
if ! { gcc -O2 -w -DMDB_MAXKEYSIZE=0 -c $L/mdb.c -o $B/mdb.o &&
	gcc -O2 -w -c $L/midl.c -o $B/midl.o &&
	gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	    -Iinclude -Iimage -I$L image/sitec_files.c \
	    image/tests/sitec_files_driver.c storage/site.c storage/store.c \
	    storage/frontmatter.c lib/err.c lib/text.c $B/mdb.o $B/midl.o -o $D; } \
    >"$T/cc" 2>&1; then
	bad "build the driver" "$(head -c 2000 "$T/cc")"
	echo "$pass passed, $fail failed"
	exit 1
fi
ok "build the driver (-Wall -Wextra -Werror)"

# get KEY: the record's fields, CRs dropped ('|' stands for a NUL byte).
get() { "$D" get "$T/db" "$1" | tr -d '\r'; }
# has KEY LINE...: every LINE is a whole line of the record.
has() {
	local k=$1 l
	shift
	get "$k" >"$T/rec" || return 1
	for l in "$@"; do
		grep -Fxq -- "$l" "$T/rec" || { echo "no line '$l' in:"; cat "$T/rec"; return 1; }
	done
}
# lacks KEY TEXT: the record has no line containing TEXT.
lacks() { get "$1" >"$T/rec" && ! grep -Fq -- "$2" "$T/rec"; }
none() { [ "$("$D" get "$T/db" "$1")" = "no record" ]; }
same_body() { "$D" body "$T/db" "$1" | cmp -s - "$2"; }
lastmod() { TZ=GMT date -d "$1" '+Last-Modified: %a, %d %b %Y %H:%M:%S GMT'; }
traced() { grep -Fxq -- "put $1 compress=$2" "$T/trace"; }

# --- a site tree -------------------------------------------------------------
R=$T/root
WHEN='2019-05-29 17:03:11 UTC'
mkdir -p "$R/attachments/123" "$R/files/en-us/web/foo" "$R/files/en-us/web/bar" \
    "$R/static/css" "$R/static/js" "$R/legacy/diagrams/workflow" \
    "$R/legacy/samples" "$R/legacy/presentations/talk" "$R/legacy/other"
printf '\x89PNG-by-id' >"$R/attachments/123/cat.png"
printf '\x89PNG-pic' >"$R/files/en-us/web/foo/pic.png"
printf '\x89PNG-dup1' >"$R/files/en-us/web/bar/dup.png"
printf '\x89PNG-dup2' >"$R/files/en-us/web/foo/dup.png"
printf '\x89PNG-synth' >"$R/files/en-us/web/foo/my pic.png"
printf '<svg xmlns="http://www.w3.org/2000/svg"/>' >"$R/files/en-us/web/foo/d.svg"
printf 'slug\tdest\n' >"$R/files/en-us/_redirects.txt"
cat >"$R/attachments/redirects.json" <<'EOF'
{
  "555": "/attachments/2012/07/09/555/0123abcd/pic.png",
  "900": "/attachments/2012/07/09/900/0123abcd/dup.png",
  "90": "/attachments/2012/07/09/90/0123abcd/dup.png",
  "123": "/attachments/2012/07/09/123/0123abcd/pic.png"
}
EOF
cat >"$R/attachments/mindtouch_redirects.json" <<'EOF'
{
  "77": "/attachments/2012/07/09/555/0123abcd/Screen%20Shot.png"
}
EOF
printf 'body{color:red}\n' >"$R/static/css/site.css"
cp "$R/static/css/site.css" "$R/static/css/site.0123456789ab.css"
printf 'var x = 1;\n' >"$R/static/js/app.fedcba987654.js"
cat >"$R/static/staticfiles.json" <<'EOF'
{"paths": {"css/site.css": "css/site.0123456789ab.css",
  "js/app.js": "js/app.fedcba987654.js"}, "version": "1.0"}
EOF
printf '<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>' \
    >"$R/legacy/diagrams/workflow/workflow.svg"
printf 'alert(1);\n' | gzip -9n >"$R/legacy/samples/a.js.gz"
printf '<html>talk</html>' >"$R/legacy/presentations/talk/index.html"
printf 'x' >"$R/legacy/other/x.txt"
find "$R" -type f -exec touch -d "$WHEN" {} +

# The page with live samples: a section under a heading, an element by id,
# parts in <pre class="brush: ..."> and by class, references to decode.
cat >"$R/files/en-us/web/foo/index.html" <<'EOF'
---
title: Foo & friends
slug: Web/Foo
---
<p>Intro <img src="pic.png"></p>
<h2 id="Examples">Examples</h2>
<h3 id="Basic">Basic example</h3>
<h4 id="HTML">HTML</h4>
<pre class="brush: html">&lt;p class=&quot;x&quot;&gt;Hi &amp; bye&lt;/p&gt;</pre>
<h4 id="CSS">CSS</h4>
<pre class="brush:css; highlight:[1]">p &gt; b { color: red; }</pre>
<h4 id="JS">JS</h4>
<pre class="brush: js">var s = &quot;&#x41;&#66;&nbsp;&copy;&quot;; if (1 &lt; 2) {}</pre>
<p><iframe class="live-sample-frame sample-code-frame" frameborder="0" id="frame_Basic" src="https://mdn.mozillademos.org/en-US/docs/Web/Foo$samples/Basic?revision=1"></iframe></p>
<h3 id="Next">Next</h3>
<pre class="brush: css">.not-in-basic {}</pre>
<div id="Other"><div class="html"><b>bold</b> <i>it</i></div><pre class="brush: json">{"a": 1}</pre></div>
<p>{{EmbedLiveSample('Other', 300, 200)}} {{ EmbedLiveSample("Missing") }}</p>
<iframe class="live-sample-frame" src="https://mdn.mozillademos.org/en-US/docs/Web/Foo$samples/Nowhere?revision=2"></iframe>
EOF
touch -d "$WHEN" "$R/files/en-us/web/foo/index.html"

# sitec_attachment_url() before sitec_files(): it scans the ROOT itself.
check "attachment url before sitec_files (Kuma id by name)" \
    test "$("$D" url "$R/files/en-us/web/foo" pic.png)" = \
    "https://mdn.mozillademos.org/files/555/pic.png"

SITEC_TRACE=1 "$D" build "$T/db" "$R" >"$T/trace" 2>"$T/err"
rc=$?
check "build a small tree" test $rc -eq 0
check "counts: 6 attachments, 1 MindTouch, 5 statics, 3 legacy, 2 samples" \
    grep -q '^attachments 6 redirects 1 statics 5 files 3 samples 2 pages 1 ' "$T/trace"

# --- attachments (spec 5.2) --------------------------------------------------
check "attachment by id: a123 record" has a123 "kind 1" "status 200" \
    "flags 0x42" "methods 2" "name cat.png" "lang en-US" \
    "Content-Type: image/png" "$(lastmod "$WHEN")" \
    "Cache-Control: public, max-age=900" \
    "X-Frame-Options: ALLOW-FROM developer.mozilla.org" \
    "mtime $(date -d "$WHEN" +%s)"
check "attachment by id: head304 keeps Last-Modified and Cache-Control" \
    bash -c "$(declare -f get); D='$D' T='$T'; get a123 | sed -n '/^head304:/,/^body/p' | grep -c -e '^Last-Modified' -e '^Cache-Control' | grep -qx 2"
check "attachment by id: bytes" same_body a123 "$R/attachments/123/cat.png"
check "attachment by id: its map name does not take id 123 again" \
    test "$("$D" url "$R/files/en-us/web/foo" pic.png)" = \
    "https://mdn.mozillademos.org/files/555/pic.png"
check "attachment next to a page: a555 is its bytes" same_body a555 \
    "$R/files/en-us/web/foo/pic.png"
check "first map match in id order (90 before 900, sorted path order)" \
    same_body a90 "$R/files/en-us/web/bar/dup.png"
check "second file of that name takes the next unused id" \
    same_body a900 "$R/files/en-us/web/foo/dup.png"
check "no map entry: synthetic id 10000000 up, %-encoded url" \
    test "$("$D" url "$R/files/en-us/web/foo/" "my%20pic.png")" = \
    "https://mdn.mozillademos.org/files/10000001/my%20pic.png"
check "synthetic ids in sorted path order" same_body a10000000 \
    "$R/files/en-us/web/foo/d.svg"
check "url of a file that is not there: none" \
    test "$("$D" url "$R/files/en-us/web/foo" nothere.png)" = "-"
check "url of a page file or a path: none" \
    test "$("$D" url "$R/files/en-us/web/foo" index.html)$("$D" url "$R/files/en-us/web" foo/pic.png)" = "--"
check "_redirects.txt is no attachment" \
    bash -c "! '$D' list '$T/db' | grep -q '^a.*redirects'"
check "svg attachment compressed, png not" \
    bash -c "grep -Fxq 'put a10000000 compress=1' '$T/trace' && grep -Fxq 'put a555 compress=0' '$T/trace'"

# --- MindTouch (spec 4.4) ----------------------------------------------------
check "MindTouch id: m77 301 to the Kuma id" has m77 "kind 2" \
    "status 301" "location https://mdn.mozillademos.org/files/555/Screen%20Shot.png" \
    "Cache-Control: public, max-age=0, s-maxage=2592000"

# --- static (spec 6) ---------------------------------------------------------
check "static original name: 7 days, charset, ACAO" has scss/site.css \
    "kind 1" "status 200" "flags 0x2" "methods 3" \
    "Content-Type: text/css; charset=utf-8" "$(lastmod "$WHEN")" \
    "Cache-Control: max-age=604800, public" "Access-Control-Allow-Origin: *"
check "static hashed name: immutable" has scss/site.0123456789ab.css \
    "Cache-Control: max-age=315360000, public, immutable"
check "static: no ETag, no X-Frame-Options" \
    bash -c "$(declare -f get lacks); D='$D' T='$T'; lacks scss/site.css X-Frame && get scss/site.css | grep -qx 'etag '"
check "static 304 keeps Cache-Control only" \
    bash -c "$(declare -f get); D='$D' T='$T'; get scss/site.css | sed -n '/^head304:/,/^body/p' | sed '1d;\$d' | grep -qx 'Cache-Control: max-age=604800, public'; [ \$(get scss/site.css | sed -n '/^head304:/,/^body/p' | wc -l) -eq 3 ]"
check "only the hashed file: the original name from its bytes" \
    bash -c "$(declare -f get has); D='$D' T='$T'; has sjs/app.js 'Content-Type: application/javascript; charset=utf-8' 'Cache-Control: max-age=604800, public'" 
check "only the hashed file: same bytes" same_body sjs/app.js \
    "$R/static/js/app.fedcba987654.js"
check "staticfiles.json itself: application/json, not immutable" \
    has sstaticfiles.json "Content-Type: application/json" \
    "Cache-Control: max-age=604800, public"
check "static text compressed" traced scss/site.css 1

# staticfiles.json refusals: name the file and the line, write nothing.
refuse() { # NAME MANIFEST-TEXT EXPECTED-STDERR-PIECE
	local r2=$T/r$pass$fail
	mkdir -p "$r2/static/css"
	printf 'x' >"$r2/static/css/a.0123456789ab.css"
	printf '%s' "$2" >"$r2/static/staticfiles.json"
	if "$D" build "$T/db2" "$r2" >/dev/null 2>"$T/err2"; then
		bad "$1" "accepted"
	elif grep -Fq -- "$3" "$T/err2"; then
		ok "$1"
	else
		bad "$1" "$(cat "$T/err2")"
	fi
}
refuse "staticfiles.json: hashed name not a file" \
    $'{"paths": {\n "css/a.css": "css/a.0123456789ab.css",\n "css/b.css": "css/b.0123456789ab.css"}}' \
    'static/staticfiles.json:3: hashed name "css/b.0123456789ab.css" is not a file'
refuse "staticfiles.json: trailing comma" \
    $'{"paths": {\n "css/a.css": "css/a.0123456789ab.css",\n}}' \
    'static/staticfiles.json:3: malformed JSON'
refuse "staticfiles.json: not closed" $'{"paths": {\n' \
    'static/staticfiles.json:2: malformed JSON'
refuse "staticfiles.json: a name outside static/" \
    $'{"paths": {"../x": "css/a.0123456789ab.css"}}' 'is not a name under static/'
refuse "staticfiles.json: no paths" $'{"version": "1.0"}' 'no "paths" object'

# --- legacy (spec 8) ---------------------------------------------------------
check "legacy svg" has "fm/diagrams/workflow/workflow.svg" "kind 1" \
    "status 200" "flags 0x2" "methods 2" "Content-Type: image/svg+xml" \
    "$(lastmod "$WHEN")" "Cache-Control: public, max-age=0, s-maxage=2592000"
check "legacy 304 keeps Cache-Control only" \
    bash -c "$(declare -f get); D='$D' T='$T'; [ \"\$(get fm/diagrams/workflow/workflow.svg | sed -n '/^head304:/,/^body/p' | sed '1d;\$d')\" = 'Cache-Control: public, max-age=0, s-maxage=2592000' ]"
check "legacy svg compressed" traced "fm/diagrams/workflow/workflow.svg" 1
check "legacy .gz: inner type, Content-Encoding, stored as is" \
    has "fm/samples/a.js.gz" "Content-Type: application/javascript; charset=utf-8" \
    "Content-Encoding: gzip"
check "legacy .gz not compressed again" traced "fm/samples/a.js.gz" 0
check "legacy .gz bytes" same_body "fm/samples/a.js.gz" "$R/legacy/samples/a.js.gz"
check "legacy html has charset" has "fm/presentations/talk/index.html" \
    "Content-Type: text/html; charset=utf-8"
check "legacy directory and other folders: no record" \
    bash -c "$(declare -f none); D='$D' T='$T'; none 'fm/presentations/talk' && none 'fm/presentations/talk/' && none 'fm/other/x.txt'"

# --- live samples (spec 5.3) -------------------------------------------------
K='xen-us|web/foo|Basic'
printf '%s' '<!DOCTYPE html><html><head><meta charset="utf-8"><link href="https://developer.mozilla.org/static/build/styles/samples.css" rel="stylesheet" type="text/css"><style type="text/css">p > b { color: red; }</style><title>Foo &amp; friends - Basic - code sample</title></head><body><p class="x">Hi & bye</p><script>var s = "AB'$'\xc2\xa0\xc2\xa9''"; if (1 < 2) {}</script></body></html>' >"$T/basic.html"
check "sample from a heading section: the exact document" same_body "$K" "$T/basic.html"
check "sample record: GET only, ETag and Content-Language, no X-Frame-Options" \
    has "$K" "kind 1" "status 200" "flags 0x41" "methods 1" "lang en-US" \
    "Content-Type: text/html; charset=utf-8" "Cache-Control: public, max-age=86400" \
    "Access-Control-Allow-Origin: *" "etag \"$(md5sum <"$T/basic.html" | cut -c1-32)\""
check "sample: no X-Frame-Options, no Last-Modified" \
    bash -c "$(declare -f get lacks); D='$D' T='$T'; lacks '$K' X-Frame-Options && lacks '$K' Last-Modified"
printf '%s' '<!DOCTYPE html><html><head><meta charset="utf-8"><link href="https://developer.mozilla.org/static/build/styles/samples.css" rel="stylesheet" type="text/css"><title>Foo &amp; friends - Other - code sample</title></head><body>bold it</body></html>' >"$T/other.html"
check "sample by element id from a macro call, class=html, parts left out" \
    same_body 'xen-us|web/foo|Other' "$T/other.html"
check "embedded ids the page does not have: no record" \
    bash -c "$(declare -f none); D='$D' T='$T'; none 'xen-us|web/foo|Missing' && none 'xen-us|web/foo|Nowhere'"
check "sample compressed" traced "$K" 1

# --- a second ROOT: ids continue, one id twice is refused ----------------------
R2=$T/root2
mkdir -p "$R2/files/de/web/baz" "$R2/attachments/555"
printf 'p' >"$R2/files/de/web/baz/q.png"
printf 'p' >"$R2/attachments/555/z.png"
if "$D" build "$T/db3" "$R" "$R2" >/dev/null 2>"$T/err3"; then
	bad "one Kuma id in two ROOTs refused" accepted
else
	check "one Kuma id in two ROOTs refused" grep -q 'attachment id 555 is also' "$T/err3"
fi
rm -r "$R2/attachments"
"$D" build "$T/db3" "$R" "$R2" >/dev/null 2>"$T/err3"
check "second ROOT: synthetic ids continue" \
    bash -c "'$D' body '$T/db3' a10000002 | cmp -s - '$R2/files/de/web/baz/q.png'"

# The core's question: page_dir relative to its ROOT, the maps of one ROOT
# naming a file of another, and an src with a character reference.
R3=$T/root3
R4=$T/root4
mkdir -p "$R3/attachments" "$R4/files/en-us/web/x"
printf '{"777": "/attachments/2014/01/01/777/ab/a&b.png"}' >"$R3/attachments/redirects.json"
printf 'p' >"$R4/files/en-us/web/x/a&b.png"
SITEC_ASK="files/en-us/web/x ./a&amp;b.png" "$D" build "$T/db4" "$R3" "$R4" >"$T/out4" 2>&1
check "relative page_dir, maps in another ROOT, &amp; in src" \
    grep -Fxq "url https://mdn.mozillademos.org/files/777/a%26b.png" "$T/out4"
check "that file is a777" bash -c "'$D' body '$T/db4' a777 | cmp -s - '$R4/files/en-us/web/x/a&b.png'"

# --- the real corpus -----------------------------------------------------------
C=../shared/corpus
[ -d "$C" ] || C=/work/shared/corpus
if [ "${1:-}" = --corpus ] && [ -d "$C/pages/archived-content" ]; then
	# One ROOT as a tree of links: the pages, the images next to them,
	# and Kuma's two maps as ROOT/attachments/*.json.
	CR=$T/corpus
	mkdir -p "$CR/attachments"
	cp -rs "$(realpath "$C")/pages/archived-content/files" "$CR/"
	cp -rs "$(realpath "$C")/attachments/archived-content/files" "$CR/"
	ln -s "$(realpath "$C")/redirects/kuma/kuma/attachments/redirects.json" \
	    "$(realpath "$C")/redirects/kuma/kuma/attachments/mindtouch_redirects.json" \
	    "$CR/attachments/"
	"$D" build "$T/dbc" "$CR" >"$T/corpus.out" 2>&1
	echo "     corpus: $(cat "$T/corpus.out")"
	check "corpus: 32 attachments, 368 MindTouch redirects, 7 samples" \
	    grep -q '^attachments 32 redirects 368 statics 0 files 0 samples 7 ' "$T/corpus.out"
	check "corpus: an image url of a real page" test \
	    "$("$D" url "$CR/files/en-us/mozilla/add-ons/webextensions/debugging_(before_firefox_50)" hamburger.png)" \
	    = "https://mdn.mozillademos.org/files/12712/hamburger.png"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
