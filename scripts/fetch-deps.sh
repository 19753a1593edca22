#!/bin/sh
# Fetch the pinned upstream sources of lwIP, BearSSL and LMDB as Debian
# source packages into build/deps, check them, and unpack them.
#
# Why this way: no third-party code lives in the repo (ARCHITECTURE.md,
# "Dependencies and the build"): the sources arrive from Debian by name.
# apt-get source needs deb-src entries; we derive them from the machine's own
# apt sources (every "deb" becomes a "deb-src") and keep them, with the lists
# and the downloads, in a build-local apt state, so the system's apt setup is
# never changed.  The versions and the SHA-256 of each upstream tarball are
# pinned below; a mismatch stops the build.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
deps=$top/build/deps
state=$deps/apt

# package  version  sha256-of-orig-tarball
PINS="
lwip 2.1.3+dfsg1-2 0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24
bearssl 0.6+dfsg.1-3 102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004
lmdb 0.9.24-1 8e7200fdc9bb09b0cfad1d4eee8b20d539e43fe05c7ef9406247d64659c4a480
"

[ -f "$deps/.done" ] && exit 0
mkdir -p "$state/lists/partial" "$state/cache/archives/partial" "$state/etc" "$deps/src"

# Turn the machine's binary sources into source entries.
: > "$state/etc/sources.list"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^[[:space:]]*deb[[:space:]]\+/deb-src /p' "$f" >> "$state/etc/sources.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	# deb822: keep stanzas whose Types has "deb"; rewrite to deb-src.
	awk 'BEGIN{RS="";FS="\n"} /(^|\n)Types:[^\n]*deb([ \n]|$)/ {
		for(i=1;i<=NF;i++){ if($i ~ /^Types:/) $i="Types: deb-src"; print $i } print "" }' \
		"$f" > "$state/etc/$(basename "$f")"
done

APT="apt-get -q -o Dir::Etc::SourceList=$state/etc/sources.list
	-o Dir::Etc::SourceParts=$state/etc -o Dir::State::Lists=$state/lists
	-o Dir::Cache=$state/cache -o Dir::State::status=/var/lib/dpkg/status
	-o APT::Sandbox::User=root"
echo "fetch-deps: updating the build-local source index" >&2
$APT update >&2

echo "$PINS" | while read -r pkg ver sum; do
	[ -n "$pkg" ] || continue
	echo "fetch-deps: $pkg $ver" >&2
	(cd "$deps/src" && $APT source --download-only "$pkg=$ver" >&2)
	orig=$(ls "$deps/src/${pkg}_"*.orig.tar.* | head -1)
	got=$(sha256sum "$orig" | cut -d' ' -f1)
	if [ "$got" != "$sum" ]; then
		echo "fetch-deps: $orig: sha256 $got, expected $sum" >&2
		exit 1
	fi
	rm -rf "$deps/$pkg"
	mkdir -p "$deps/$pkg"
	tar -xf "$orig" -C "$deps/$pkg" --strip-components=1
done
touch "$deps/.done"
