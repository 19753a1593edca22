#!/bin/bash
# snapshot.sh: build/snapshot end to end on image/sample: keys, a full
# snapshot, inspect and verify, refusals of damaged files (each with its
# reason), a delta against a modified copy, and reproducible ids.  One line
# per check, then "N passed, N failed"; nonzero exit on any failure.  Run
# from the repository root after `make build/snapshot`.
set -u
SNAP=${SNAP:-build/snapshot}
[ -x "$SNAP" ] || { echo "FAIL: $SNAP not built"; echo "0 passed, 1 failed"; exit 1; }
T=$(mktemp -d /tmp/snapshot-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
PASS=0
FAIL=0
ok() { echo "PASS $1"; PASS=$((PASS + 1)); }
bad() { echo "FAIL $1"; FAIL=$((FAIL + 1)); }
# Builds are reproducible only with a fixed build time (sitec honours it).
export SOURCE_DATE_EPOCH=1577836800
field() { "$SNAP" inspect "$1" | sed -n "s/^$2: //p"; }
size() { stat -c %s "$1"; }
# flip FILE OFFSET: invert one byte in place.
flip() {
	local b
	b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
	printf "\\x$(printf %02x $((b ^ 0xff)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}
# refuse NAME FILE PATTERN [PUB]: verify exits nonzero, saying PATTERN.
refuse() {
	local out
	if out=$("$SNAP" verify --pub "${4:-$T/k.pub}" "$2" 2>&1); then
		bad "$1: verify accepted it"
	elif grep -qE -- "$3" <<<"$out"; then
		ok "$1 ($out)"
	else
		bad "$1: /$3/ not in: $out"
	fi
}

# --- keys ------------------------------------------------------------------
if "$SNAP" keygen "$T/k.priv" "$T/k.pub" && "$SNAP" keygen "$T/o.priv" \
    "$T/o.pub" && grep -qE '^04[0-9a-f]{128}$' "$T/k.pub" &&
    grep -qE '^[0-9a-f]{64}$' "$T/k.priv" &&
    [ "$(stat -c %a "$T/k.priv")" = 600 ]; then
	ok "keygen: hex point and scalar, private key 0600"
else
	bad "keygen"
fi
cmp -s "$T/k.pub" "$T/o.pub" && bad "keygen: two keys alike" ||
    ok "keygen: two keys differ"

# --- a full snapshot ---------------------------------------------------------
if "$SNAP" build --key "$T/k.priv" --site-url https://developer.mozilla.org \
    "$T/a.snap" image/sample >/dev/null; then
	ok "build image/sample"
else
	bad "build image/sample"
fi
INS=$("$SNAP" inspect --pub "$T/k.pub" "$T/a.snap")
if grep -q '^check: ok$' <<<"$INS" && grep -q '^signature: ok$' <<<"$INS" &&
    grep -q '(full)$' <<<"$INS" && grep -q '^deletes: 0$' <<<"$INS" &&
    [ "$(sed -n 's/^puts: //p' <<<"$INS")" = \
    "$(sed -n 's/^records: //p' <<<"$INS")" ]; then
	ok "inspect: full, every record a put, signature ok"
else
	bad "inspect: $INS"
fi
ID_A=$(sed -n 's/^snapshot: //p' <<<"$INS")
ls "$T"/a.snap.* >/dev/null 2>&1 && bad "build left temporary files" ||
    ok "build leaves no temporary store"
# The snapshot id is the content id of the meta record sitec wrote.
build/sitec --quiet --site-url https://developer.mozilla.org "$T/a.img" \
    image/sample >/dev/null 2>&1
if [ -x build/sitec ] && build/sitec --get "$T/a.img" M |
    grep -q "content_id=$ID_A"; then
	ok "snapshot id is sitec's content id"
else
	bad "snapshot id $ID_A is not the store's content id"
fi
N_STORE=$(build/sitec --list "$T/a.img" 2>/dev/null | wc -l)
[ "$N_STORE" = "$(sed -n 's/^records: //p' <<<"$INS")" ] &&
    ok "one record per store key ($N_STORE)" ||
    bad "store has $N_STORE keys, snapshot $(sed -n 's/^records: //p' <<<"$INS")"
if out=$("$SNAP" verify --pub "$T/k.pub" "$T/a.snap" 2>&1); then
	ok "verify ($out)"
else
	bad "verify: $out"
fi

# --- refusals ----------------------------------------------------------------
SZ=$(size "$T/a.snap")
BYTES=$(field "$T/a.snap" bytes)
TR=$((128 + BYTES))		# the trailer
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" $((TR - 100))
refuse "flipped byte in a record value" "$T/b.snap" "bad hash"
# The first record is "M" (the lowest key): op, u16 length, key at 131.
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" 131
refuse "flipped key byte" "$T/b.snap" "unknown key at offset 128"
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" 136
refuse "flipped record magic" "$T/b.snap" "bad record at offset 128"
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" $((TR + 10))
refuse "flipped byte in the hash" "$T/b.snap" "bad hash"
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" $((SZ - 5))
refuse "flipped byte in the signature" "$T/b.snap" "bad signature"
head -c $((SZ - 1)) "$T/a.snap" >"$T/b.snap"
refuse "truncated by one byte" "$T/b.snap" "truncated"
head -c 1000 "$T/a.snap" >"$T/b.snap"
refuse "truncated in the records" "$T/b.snap" "truncated"
head -c 100 "$T/a.snap" >"$T/b.snap"
refuse "truncated in the header" "$T/b.snap" "truncated"
cp "$T/a.snap" "$T/b.snap"; flip "$T/b.snap" 0
refuse "bad magic" "$T/b.snap" "bad magic"
refuse "wrong public key" "$T/a.snap" "bad signature" "$T/o.pub"
"$SNAP" inspect "$T/a.snap" | grep -q '^signature: not checked$' &&
    ok "inspect without --pub checks the hash only" ||
    bad "inspect without --pub"

# --- reproducible ------------------------------------------------------------
"$SNAP" build --key "$T/k.priv" --site-url https://developer.mozilla.org \
    "$T/a2.snap" image/sample >/dev/null
[ "$(field "$T/a2.snap" snapshot)" = "$ID_A" ] &&
    ok "two builds: the same snapshot id" || bad "two builds: ids differ"
cmp -s "$T/a.snap" "$T/a2.snap" && ok "two builds: the same bytes" ||
    bad "two builds: files differ"

# --- a delta -----------------------------------------------------------------
cp -a image/sample "$T/mod"
CHG=files/en-us/appliance/booting/index.html
printf '\n<p>One more paragraph for the delta test.</p>\n' >>"$T/mod/$CHG"
rm -r "$T/mod/files/en-us/appliance/benchmark_page"
if "$SNAP" build --key "$T/k.priv" --site-url https://developer.mozilla.org \
    "$T/n.snap" "$T/mod" >/dev/null &&
    "$SNAP" diff "$T/a.snap" "$T/n.snap" "$T/d.snap" --key "$T/k.priv"; then
	ok "diff built"
else
	bad "diff"
fi
if out=$("$SNAP" verify --pub "$T/k.pub" "$T/d.snap" 2>&1); then
	ok "verify delta ($out)"
else
	bad "verify delta: $out"
fi
[ "$(field "$T/d.snap" parent)" = "$ID_A (delta)" ] &&
    ok "delta parent is the first snapshot's id" || bad "delta parent"
[ "$(field "$T/d.snap" snapshot)" = "$(field "$T/n.snap" snapshot)" ] &&
    [ "$(field "$T/n.snap" snapshot)" != "$ID_A" ] &&
    ok "delta id is the new content id" || bad "delta id"
# Expected, from the two full listings: puts where the value is new or
# changed, deletes where the key is gone.
"$SNAP" inspect --keys "$T/a.snap" | sed -n 's/^put //p' | sort >"$T/a.l"
"$SNAP" inspect --keys "$T/n.snap" | sed -n 's/^put //p' | sort >"$T/n.l"
comm -13 "$T/a.l" "$T/n.l" | sed 's/^/put /' >"$T/exp"
comm -23 <(cut -d' ' -f2- "$T/a.l" | sort) <(cut -d' ' -f2- "$T/n.l" | sort) |
    sed 's/^/delete - /' >>"$T/exp"
"$SNAP" inspect --keys "$T/d.snap" | grep -E '^(put|delete) ' >"$T/got"
if diff <(sort "$T/exp") <(sort "$T/got") >"$T/dd"; then
	ok "delta: exactly the expected puts and deletes" \
	    "($(grep -c '^put' "$T/got") puts, $(grep -c '^delete' "$T/got") deletes)"
else
	bad "delta differs from the listings: $(head -5 "$T/dd")"
fi
grep -qx 'delete - den-us\\0appliance/benchmark_page' "$T/got" &&
    ok "delta deletes the removed page" || bad "removed page not deleted"
grep -qE '^put [0-9a-f]{16} den-us\\0appliance/booting$' "$T/got" &&
    ok "delta puts the changed page" || bad "changed page not put"
grep -q 'den-us\\0web/http$' "$T/got" &&
    bad "delta carries an unchanged page" ||
    ok "delta leaves an unchanged page out"
"$SNAP" build --parent "$T/a.snap" --key "$T/k.priv" \
    --site-url https://developer.mozilla.org "$T/p.snap" "$T/mod" >/dev/null
cmp -s "$T/p.snap" "$T/d.snap" && ok "build --parent equals diff" ||
    bad "build --parent differs from diff"
"$SNAP" diff "$T/a.snap" "$T/d.snap" "$T/x.snap" --key "$T/k.priv" \
    2>/dev/null && bad "diff accepted a delta as NEW" ||
    ok "diff refuses a delta as NEW"
[ ! -e "$T/x.snap" ] && ok "a refused diff writes nothing" ||
    bad "a refused diff left a file"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
