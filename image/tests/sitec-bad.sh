#!/bin/bash
# sitec-bad.sh: the content compiler refuses bad trees.  Each case makes
# a small tree in a temp dir, runs build/sitec on it, and checks the exit
# status (1), the message ("sitec: FILE[:LINE]: reason") and that no
# output file, and no temporary one, is left.  One line per case, then
# "N passed, N failed"; nonzero exit on any failure.  Run from the
# repository root after `make build/sitec`.
set -u
SITEC=${SITEC:-build/sitec}
[ -x "$SITEC" ] || { echo "FAIL: $SITEC not built"; exit 1; }
T=$(mktemp -d /tmp/sitec-bad.XXXXXX)
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0

# page DIR LOCALE_FOLDER FOLDER SLUG: a valid page.
page() {
	mkdir -p "$1/files/$2/$3"
	printf -- '---\ntitle: A page\nslug: %s\n---\n<p>Hello.</p>\n' "$4" \
		>"$1/files/$2/$3/index.html"
}

# expect NAME PATTERN ROOT...: sitec must fail with PATTERN in its message.
expect() {
	local name=$1 pat=$2 out
	shift 2
	rm -rf "$T/out"
	mkdir -p "$T/out"
	out=$("$SITEC" --quiet "$T/out/site.img" "$@" 2>&1)
	local rc=$?
	if [ $rc -ne 1 ]; then
		echo "FAIL $name: exit $rc, wanted 1 ($out)"
		FAIL=$((FAIL + 1))
	elif ! grep -qE -- "$pat" <<<"$out"; then
		echo "FAIL $name: message \"$out\" lacks /$pat/"
		FAIL=$((FAIL + 1))
	elif [ -n "$(ls -A "$T/out")" ]; then
		echo "FAIL $name: left $(ls -A "$T/out")"
		FAIL=$((FAIL + 1))
	else
		echo "PASS $name: $out"
		PASS=$((PASS + 1))
	fi
}

R=$T/frontmatter
page "$R" en-us a A
printf -- '---\ntitle: Broken\nslug: B\n<p>no end\n' >"$R/files/en-us/a/index.html"
expect "broken front matter" "^sitec: $R/files/en-us/a/index.html:[0-9]+: front matter" "$R"

R=$T/badkey
page "$R" en-us a A
printf -- '---\ntitle: T\nslug: A\nbogus line\n---\n<p>x</p>\n' >"$R/files/en-us/a/index.html"
expect "bad front matter line" "index.html:4: front matter" "$R"

R=$T/loop
page "$R" en-us a A
printf '# FROM-URL\tTO-URL\n/en-US/docs/X\t/en-US/docs/Y\n/en-US/docs/Y\t/en-US/docs/z\n/en-US/docs/Z\t/en-US/docs/x#top\n' \
	>"$R/files/en-us/_redirects.txt"
expect "redirect loop" "_redirects.txt:[0-9]+: a redirect loop" "$R"

R=$T/self
page "$R" en-us a A
printf '/en-US/docs/Old\t/en-US/docs/old?x=1\n' >"$R/files/en-us/_redirects.txt"
expect "redirect to itself" "_redirects.txt:1: a redirect to itself" "$R"

R=$T/frompage
page "$R" en-us a A
printf '/en-US/docs/a\t/en-US/docs/B\n' >"$R/files/en-us/_redirects.txt"
expect "redirect FROM is a page" "_redirects.txt:1: FROM /en-US/docs/a is also a page" "$R"

R=$T/twice
page "$R" en-us a A
printf '/en-US/docs/Q\t/en-US/docs/A\n/en-US/docs/q\t/en-US/docs/A\n' >"$R/files/en-us/_redirects.txt"
expect "two rules for one FROM" "_redirects.txt:2: a second rule" "$R"

R=$T/tab
page "$R" en-us a A
printf '/en-US/docs/Q /en-US/docs/A\n' >"$R/files/en-us/_redirects.txt"
expect "rule without a tab" "_redirects.txt:1: not FROM<TAB>TO" "$R"

R=$T/dotdot
page "$R" en-us a A
printf '/en-US/docs/Q\t/en-US/docs/../../etc/passwd\n' >"$R/files/en-us/_redirects.txt"
expect "dot-dot in a target" '_redirects.txt:1: ".." in the target' "$R"

R=$T/dup
page "$R" en-us a Web/Thing
page "$R" en-us b web/THING
expect "duplicate slug" "index.html:3: duplicate slug en-US/web/THING" "$R"

R=$T/big
page "$R" en-us a A
truncate -s 17M "$R/files/en-us/a/index.html"
expect "oversized file" "index.html: file of 17825792 bytes is over the limit" "$R"

R=$T/utf8
mkdir -p "$R/files/en-us/a"
printf -- '---\ntitle: T\nslug: Bad\xff\xfeSlug\n---\n<p>x</p>\n' >"$R/files/en-us/a/index.html"
expect "invalid UTF-8 in a slug" "index.html:3: slug is not valid UTF-8" "$R"

R=$T/utf8r
page "$R" en-us a A
printf '/en-US/docs/Bad\xc0\xaf\t/en-US/docs/A\n' >"$R/files/en-us/_redirects.txt"
expect "invalid UTF-8 in a redirect slug" "_redirects.txt:1: slug is not valid UTF-8" "$R"

R=$T/link
page "$R" en-us a A
mkdir -p "$T/outside"
echo secret >"$T/outside/secret.png"
ln -s "$T/outside/secret.png" "$R/files/en-us/a/secret.png"
expect "symlink out of the tree" "secret.png: symlink points outside the tree" "$R"

R=$T/locale
page "$R" xx-yy a A
expect "unknown locale folder" 'files/xx-yy: unknown locale folder "xx-yy"' "$R"

R=$T/history
page "$R" en-us a A
printf '{"A": {"modified": "2019-01-01T00:00:00.000Z",\n "contributors": [1, 2]}}\n' \
	>"$R/files/en-us/_wikihistory.json"
expect "bad _wikihistory.json" "_wikihistory.json:2: not the JSON" "$R"

R=$T/two1
page "$R" en-us a A
mkdir -p "$T/two2/files/en-us/a"
cp "$R/files/en-us/a/index.html" "$T/two2/files/en-us/a/"
expect "one file in two roots" "also in another root" "$R" "$T/two2"

R=$T/noroot
expect "missing root" "noroot: not a folder" "$R"

echo "$PASS passed, $FAIL failed"
[ $FAIL -eq 0 ]
