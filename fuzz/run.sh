#!/bin/bash
# Run one libFuzzer target.  Usage: fuzz/run.sh check|long http|tls|ec
#   check  make test's short run: FUZZ_RUNS executions (default 100000 for
#          http, 10000 for tls: a few seconds each; a TLS input costs a
#          handshake; 1000 for ec: each input costs four scalar
#          multiplications), fixed seed, over the seeds; fails on any
#          crash.
#   long   make fuzz: FUZZ_TIME seconds (default 60), keeping new inputs
#          in build/fuzz/corpus-NAME/ (never in the repository).
# Crash inputs land in build/fuzz/crash-NAME-*.  Exit 77 (skip) when clang
# cannot build libFuzzer programs here; scripts/bootstrap.sh installs it.
set -eu
cd "$(dirname "$0")/.."
mode=$1
name=$2
fz=build/fuzz
bin=$fz/fuzz_$name

probe=$(mktemp -d /tmp/fuzz-probe.XXXXXX)
trap 'rm -rf "$probe"' EXIT
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)
{ return 0; }' > "$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" \
    -o "$probe/p" >/dev/null 2>&1; then
	echo "clang with libFuzzer not available (scripts/bootstrap.sh)"
	exit 77
fi

make -s -j"$(nproc)" "$bin"
[ "$name" = tls ] && make -s -j"$(nproc)" $fz/seed-tls/.done
seeds=(fuzz/corpus/$name)
[ -d $fz/seed-$name ] && seeds+=($fz/seed-$name)
opts=(-artifact_prefix=$fz/crash-$name- -print_final_stats=1)
[ -f fuzz/$name.dict ] && opts+=(-dict=fuzz/$name.dict)
# Long enough for the 8 KiB request line and 16 KiB head limits.
runs=10000
if [ "$name" = http ]; then
	opts+=(-max_len=20000)
	runs=100000
elif [ "$name" = ec ]; then
	# op, two scalars, a point: a few bytes over 65 + 65.
	opts+=(-max_len=200)
	runs=1000
else
	opts+=(-max_len=16384)
fi

case $mode in
check)
	out=$probe/corpus
	mkdir -p "$out"
	"$bin" "${opts[@]}" -seed=1 -runs="${FUZZ_RUNS:-$runs}" \
	    "$out" "${seeds[@]}"
	;;
long)
	out=$fz/corpus-$name
	mkdir -p "$out"
	"$bin" "${opts[@]}" -max_total_time="${FUZZ_TIME:-60}" \
	    "$out" "${seeds[@]}"
	;;
*)
	echo "usage: fuzz/run.sh check|long http|tls" >&2
	exit 2
	;;
esac
