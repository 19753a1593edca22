#!/bin/sh
# Install the host packages the build, the tests and the bench need, if any
# are missing, and say which.  Runs as root (CI and a fresh Debian 12 box);
# as another user it uses sudo when it has to.
set -eu

# command-or-file  package
NEED="
musl-gcc musl-tools
/usr/include/x86_64-linux-musl/stdio.h musl-dev
qemu-system-x86_64 qemu-system-x86
apt-get apt
dpkg-source dpkg-dev
xz xz-utils
curl curl
openssl openssl
nginx nginx-light
wrk wrk
ethtool ethtool
valgrind valgrind
ip iproute2
unshare util-linux
nsenter util-linux
clang clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a libclang-rt-14-dev
python3 python3
chromium chromium
ld binutils
gcc gcc
/usr/include/zlib.h zlib1g-dev
/usr/include/brotli/encode.h libbrotli-dev
make make
/usr/share/OVMF/OVMF_CODE_4M.fd ovmf
mformat mtools
"

missing=$(echo "$NEED" | while read -r what pkg; do
	[ -n "$what" ] || continue
	case $what in
	/*) [ -e "$what" ] || echo "$pkg" ;;
	*) command -v "$what" >/dev/null 2>&1 || [ -x "/usr/sbin/$what" ] || echo "$pkg" ;;
	esac
done | sort -u | tr '\n' ' ')

[ -n "$missing" ] || exit 0
echo "bootstrap: installing host packages: $missing" >&2
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update -q >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >&2
