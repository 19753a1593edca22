#!/bin/bash
# corpus-sweep.sh: compile ../shared/corpus with build/sitec, one source
# per store (the corpus README's advice), serve each store from
# build/hosted (host=developer.mozilla.org
# attachments_host=mdn.mozillademos.org) on a TAP device in a network
# namespace of its own, and check it with app/tests/corpus-sweep.py:
# every page answers, every redirect rule answers 301 to its target, every
# attachment comes back byte-identical on the untrusted host, every
# sitemap lists exactly its locale's pages, every live sample is served on
# the untrusted domain only.
#
#   app/tests/corpus-sweep.sh [--slice N] [--jobs N] [SOURCE...]
#
# --slice N checks every Nth redirect rule (make test: --slice 20).
# Exit 77 (skip) without the corpus, root, /dev/net/tun, build/sitec.
set -u
self=$(realpath "$0")
cd "$(dirname "$self")/../.."

CORPUS=
for d in ../shared/corpus /work/shared/corpus; do
	[ -f "$d/pages/pages.tsv" ] && { CORPUS=$(realpath "$d"); break; }
done
if [ -z "$CORPUS" ]; then
	echo "SKIP corpus-sweep: ../shared/corpus not present"
	exit 77
fi
if [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ] ||
    ! command -v unshare >/dev/null || ! command -v python3 >/dev/null; then
	echo "SKIP corpus-sweep: needs root, /dev/net/tun, unshare, python3"
	exit 77
fi
if [ ! -x build/sitec ] || [ ! -x build/hosted ]; then
	echo "SKIP corpus-sweep: no build/sitec or build/hosted (make all)"
	exit 77
fi
here=$(readlink /proc/self/ns/net)
if [ -z "${SWEEP_OUTER_NETNS:-}" ]; then
	SWEEP_OUTER_NETNS=$here exec unshare -n -- "$self" "$@"
fi
[ "$here" != "$SWEEP_OUTER_NETNS" ] ||
    { echo "FAIL: unshare -n left us in the machine's network namespace"; exit 1; }
ip link set lo up

SLICE=1 JOBS=8
SOURCES=()
while [ $# -gt 0 ]; do
	case $1 in
	--slice) SLICE=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	*) SOURCES+=("$1"); shift ;;
	esac
done
[ ${#SOURCES[@]} = 0 ] && SOURCES=(archived-content translated-content-rendered
    content-2020 kuma-dump-2020 content translated-content-2023
    translated-content-de)

TAP=tapsweep$$
TAP=${TAP:0:15}
DIR=$(mktemp -d /tmp/corpus-sweep.XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
ip tuntap add dev "$TAP" mode tap && ip addr add 10.79.0.1/24 dev "$TAP" &&
    ip link set "$TAP" up || { echo "FAIL: tap setup"; exit 1; }

P=0 F=0
for src in "${SOURCES[@]}"; do
	# The ROOTs of this store: each tree of the source that exists.
	roots=() pyargs=()
	for t in pages redirects metadata attachments; do
		[ -d "$CORPUS/$t/$src" ] && roots+=("$CORPUS/$t/$src")
	done
	[ -d "$CORPUS/pages/$src" ] && pyargs+=(--pages)
	if [ -d "$CORPUS/attachments/$src" ]; then
		pyargs+=(--attachments "$CORPUS/attachments/$src")
		# Kuma's attachment maps go with the store that has attachments.
		mkdir -p "$DIR/kuma-$src"
		ln -s "$CORPUS/redirects/kuma/kuma/attachments" "$DIR/kuma-$src/attachments"
		roots+=("$DIR/kuma-$src")
	fi
	mapfile -t rfiles < <(find "$CORPUS/redirects/$src" -name _redirects.txt 2>/dev/null | sort)
	# A partial copy of the corpus says in its README which sources it
	# left out (translated-content-rendered, here): nothing to sweep.
	[ ${#roots[@]} = 0 ] && { echo "NOTE $src: not in this copy of the corpus"; continue; }
	t0=$(date +%s)
	if ! build/sitec --quiet --site-url https://developer.mozilla.org \
	    --attachments-url https://mdn.mozillademos.org "$DIR/$src.img" \
	    "${roots[@]}" >"$DIR/sitec.log" 2>&1; then
		echo "FAIL $src: sitec refused the source"; tail -5 "$DIR/sitec.log"
		F=$((F + 1)); continue
	fi
	[ -n "$PID" ] && { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; }
	build/hosted tap="$TAP" ip=10.79.0.2/24 gw=10.79.0.1 disk="$DIR/$src.img" \
	    host=developer.mozilla.org attachments_host=mdn.mozillademos.org \
	    log=off >"$DIR/log" 2>&1 &
	PID=$!
	for _ in $(seq 100); do grep -q "serving http://10.79.0.2/" "$DIR/log" &&
		break; sleep 0.1; done
	grep -q "serving http://10.79.0.2/" "$DIR/log" ||
	    { echo "FAIL $src: node did not start"; tail -5 "$DIR/log"; F=$((F + 1)); continue; }
	python3 app/tests/corpus-sweep.py --addr 10.79.0.2:80 --corpus "$CORPUS" \
	    --source "$src" --img "$DIR/$src.img" --slice "$SLICE" --jobs "$JOBS" \
	    "${pyargs[@]}" ${rfiles[@]:+--redirects "${rfiles[@]}"} >"$DIR/out" 2>&1
	grep -v '^TOTAL \|passed, .* failed$' "$DIR/out" | grep -v '^  ' 
	grep '^  ' "$DIR/out"
	read -r _ p f < <(grep '^TOTAL ' "$DIR/out" || echo "TOTAL 0 1")
	P=$((P + p)) F=$((F + f))
	echo "  $src: $(($(date +%s) - t0)) s"
	kill -0 "$PID" 2>/dev/null || { echo "FAIL $src: the node died"; tail -5 "$DIR/log"; F=$((F + 1)); }
	rm -f "$DIR/$src.img"
done
echo "$P passed, $F failed"
[ "$F" = 0 ]
