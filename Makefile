# The appliance's one Makefile.  `make` builds everything, `make run` boots
# the image under QEMU with the sample site, `make test` runs the whole
# suite, `make bench` measures against nginx.  See README.md.
#
# Layout of build/ (ignored by git):
#   deps/      Debian source packages of lwIP, BearSSL, LMDB (fetch-deps.sh)
#   k/         kernel objects          u/  upper layers and libraries
#   h/         hosted platform         t/  unit test programs
#   kernel.elf the bootable image (PVH ELF)
#   hosted     the same upper layers as a Linux process
#   hc/        the content compiler's objects (host gcc, glibc)
#   sitec      content tree -> site store;  sample.img the sample site disk

.DEFAULT_GOAL := all
# Build on every core.  Only at the top: a make started from a recipe (the
# fuzz build from make test) shares the jobs of the one that started it.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(shell nproc)
endif
SHELL := /bin/bash
B := build
DEPS := $(B)/deps
MUSL := /usr/lib/x86_64-linux-musl
CC := musl-gcc
LD := ld

LWIP := $(DEPS)/lwip/src
LMDB := $(DEPS)/lmdb/libraries/liblmdb
BEARSSL := $(DEPS)/bearssl

# Everything in the image and the host tools is built against musl, static,
# position-dependent.  Frame pointers stay so the panic backtrace works.
BASE_CFLAGS := -std=gnu11 -O2 -g -fno-pie -fno-omit-frame-pointer \
	-fstack-protector-strong -ffunction-sections -fdata-sections \
	-Iinclude -Inet -I$(LWIP)/include -I$(LMDB) -I$(BEARSSL)/inc
OUR_CFLAGS := $(BASE_CFLAGS) -Wall -Wextra -Werror -Wno-unused-parameter
DEP_CFLAGS := $(BASE_CFLAGS) -w
# Kernel code may run inside a syscall or a fault taken from any code, so it
# keeps to general registers and never uses the red zone.
K_CFLAGS := $(OUR_CFLAGS) -mno-red-zone -mgeneral-regs-only -Ikernel
HOST_LDFLAGS := -static -no-pie -Wl,--gc-sections

# --- sources -------------------------------------------------------------
K_SRCS := $(sort $(wildcard kernel/*.c kernel/*.S kernel/drivers/*.c))
H_SRCS := $(sort $(wildcard hosted/*.c))
U_SRCS := $(sort $(filter-out app/main.c,$(wildcard app/*.c net/*.c storage/*.c lib/*.c)))
LWIP_SRCS := $(wildcard $(LWIP)/core/*.c $(LWIP)/core/ipv4/*.c) $(LWIP)/netif/ethernet.c
LMDB_SRCS := $(LMDB)/mdb.c $(LMDB)/midl.c
BEARSSL_SRCS := $(sort $(wildcard $(BEARSSL)/src/*/*.c))
TOOL_SRCS := $(sort $(filter-out image/sitec% image/snapshot%,$(wildcard image/*.c)))
TEST_SRCS := $(sort $(wildcard */tests/test_*.c))

obj = $(patsubst %,$(B)/$(1)/%.o,$(basename $(2)))
K_OBJS := $(call obj,k,$(K_SRCS))
H_OBJS := $(call obj,h,$(H_SRCS))
U_OBJS := $(call obj,u,$(U_SRCS))
D_OBJS := $(call obj,d,$(patsubst $(DEPS)/%,%,$(LWIP_SRCS) $(LMDB_SRCS) $(BEARSSL_SRCS)))
MAIN_OBJ := $(B)/u/app/main.o
TOOLS := $(patsubst image/%.c,$(B)/%,$(TOOL_SRCS))
TESTS := $(patsubst %.c,$(B)/t/%,$(notdir $(TEST_SRCS)))

# --- setup -----------------------------------------------------------------
# The dependency sources are fetched before make reads the rest: deps.mk is
# an included makefile, so make builds it first and then starts over, and the
# wildcards above see the fetched files.  (clean goals skip it.)
$(DEPS)/deps.mk: scripts/fetch-deps.sh scripts/bootstrap.sh
	@scripts/bootstrap.sh
	scripts/fetch-deps.sh
	@echo '# made by scripts/fetch-deps.sh' > $@
ifeq ($(filter-out clean distclean,$(or $(MAKECMDGOALS),all)),)
else
include $(DEPS)/deps.mk
endif

# --- compile ---------------------------------------------------------------
$(B)/k/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) -MMD -c $< -o $@
$(B)/k/%.o: %.S
	@mkdir -p $(@D)
	$(CC) $(K_CFLAGS) -MMD -c $< -o $@
$(B)/h/%.o $(B)/u/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(OUR_CFLAGS) -MMD -c $< -o $@
$(B)/d/%.o: $(DEPS)/%.c
	@mkdir -p $(@D)
	$(CC) $(DEP_CFLAGS) -MMD -c $< -o $@
# Store keys reach SITE_MAX_KEY (config.h), beyond LMDB's default limit of
# 511 bytes; 0 lets LMDB derive it from the page size (1982 for 4 KiB).
$(B)/d/lmdb/%.o: DEP_CFLAGS += -DMDB_MAXKEYSIZE=0
# BearSSL's sources include their private inner.h from src/.
# BearSSL is seeded only by us (plat_entropy): never its own RDRAND or
# /dev/urandom seeder, which the image does not have.
$(B)/d/bearssl/%.o: DEP_CFLAGS += -I$(BEARSSL)/src -DBR_RDRAND=0 -DBR_USE_URANDOM=0

# The unknown-syscall panic names the call: the names come from musl.
MUSL_SYSCALL_H := /usr/include/x86_64-linux-musl/bits/syscall.h
$(B)/k/syscall_names.h: kernel/gen_syscall_names.sh $(MUSL_SYSCALL_H)
	@mkdir -p $(@D)
	kernel/gen_syscall_names.sh $(MUSL_SYSCALL_H) > $@
$(B)/k/kernel/syscall.o: $(B)/k/syscall_names.h
$(B)/k/kernel/syscall.o: K_CFLAGS += -I$(B)/k

$(B)/libupper.a: $(U_OBJS) $(D_OBJS)
	@rm -f $@
	ar rcs $@ $^

# --- link ------------------------------------------------------------------
LIBGCC := $(shell gcc -print-libgcc-file-name)
$(B)/kernel.elf: kernel/kernel.ld $(K_OBJS) $(MAIN_OBJ) $(B)/libupper.a
	$(LD) -nostdlib -static -z noexecstack --gc-sections -T kernel/kernel.ld \
		-o $@ $(MUSL)/crt1.o $(MUSL)/crti.o $(K_OBJS) $(MAIN_OBJ) \
		$(B)/libupper.a $(MUSL)/libc.a $(LIBGCC) $(MUSL)/crtn.o
	@size $@

$(B)/hosted: $(H_OBJS) $(MAIN_OBJ) $(B)/libupper.a
	$(CC) $(HOST_LDFLAGS) -o $@ $(H_OBJS) $(MAIN_OBJ) $(B)/libupper.a

$(B)/%: $(B)/h/image/%.o $(B)/libupper.a
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(B)/libupper.a

$(B)/h/image/%.o: image/%.c
	@mkdir -p $(@D)
	$(CC) $(OUR_CFLAGS) -MMD -c $< -o $@

# Unit tests run the upper layers on the hosted platform.
$(B)/t/%: $(B)/h/tests/%.o $(H_OBJS) $(B)/libupper.a
	@mkdir -p $(@D)
	$(CC) $(HOST_LDFLAGS) -o $@ $< $(H_OBJS) $(B)/libupper.a
# One rule per test source, so that changing one test rebuilds only it.
define TEST_OBJ
$(B)/h/tests/$(notdir $(basename $(1))).o: $(1)
	@mkdir -p $$(@D)
	$$(CC) $$(OUR_CFLAGS) -MMD -c $$< -o $$@
endef
$(foreach t,$(TEST_SRCS),$(eval $(call TEST_OBJ,$(t))))
# test_httpd runs the server on fake time (net/tests/fake_plat.c) instead
# of the hosted platform, whose plat_* it replaces, over in-process TCP
# (net/tests/tcp_pair.c).
$(B)/t/test_httpd: $(B)/h/tests/test_httpd.o $(B)/h/tests/fake_plat.o \
    $(B)/h/tests/tcp_pair.o $(B)/libupper.a
	@mkdir -p $(@D)
	$(CC) $(HOST_LDFLAGS) -o $@ $(filter %.o,$^) $(B)/libupper.a
$(B)/h/tests/fake_plat.o $(B)/h/tests/tcp_pair.o: $(B)/h/tests/%.o: \
    net/tests/%.c
	@mkdir -p $(@D)
	$(CC) $(OUR_CFLAGS) -MMD -c $< -o $@
# test_log (the log ring) and test_syslog (its UDP sink) run on the same
# fake time and capture the fake console.
FAKE_TESTS := $(B)/t/test_log $(B)/t/test_syslog
$(FAKE_TESTS): $(B)/t/%: $(B)/h/tests/%.o $(B)/h/tests/fake_plat.o \
    $(B)/libupper.a
	@mkdir -p $(@D)
	$(CC) $(HOST_LDFLAGS) -o $@ $(filter %.o,$^) $(B)/libupper.a
$(B)/h/tests/test_log.o: OUR_CFLAGS += -Inet/tests

# The content compiler (image/sitec*.c) is a host program: built with gcc
# against glibc, so that it links zlib and brotli for the compressed
# bodies, with the store code it shares with the image (and the search
# index, once storage/search.c is there) compiled again in build/hc/.
HC := $(B)/hc
HC_SRCS := $(sort $(wildcard image/sitec*.c)) storage/site.c storage/store.c \
	storage/frontmatter.c lib/err.c lib/text.c $(wildcard storage/search.c)
HC_DEP_SRCS := $(LMDB_SRCS) $(addprefix $(BEARSSL)/src/,hash/md5.c \
	hash/sha2small.c codec/dec32le.c codec/enc32le.c codec/dec32be.c \
	codec/enc32be.c)
HC_CFLAGS := -std=gnu11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Iinclude -Iimage -I$(LMDB) -I$(BEARSSL)/inc
HC_OBJS := $(call obj,hc,$(HC_SRCS)) \
	$(call obj,hc/d,$(patsubst $(DEPS)/%,%,$(HC_DEP_SRCS)))
$(HC)/%.o: %.c
	@mkdir -p $(@D)
	gcc $(HC_CFLAGS) -MMD -c $< -o $@
$(HC)/d/%.o: $(DEPS)/%.c
	@mkdir -p $(@D)
	gcc -std=gnu11 -O2 -g -w -DMDB_MAXKEYSIZE=0 -I$(LMDB) \
		-I$(BEARSSL)/inc -I$(BEARSSL)/src -MMD -c $< -o $@
$(B)/sitec: $(HC_OBJS)
	gcc -o $@ $^ -lbrotlienc -lz
TOOLS += $(B)/sitec

# The snapshot tool (image/snapshot.c) links the compiler's objects as they
# are (sitec's main is weak) and BearSSL's ECDSA P-256, HMAC-DRBG and i31
# arithmetic, unmodified, for signing on the host.
SNAP_DEP_SRCS := $(addprefix $(BEARSSL)/src/,ec/ec_p256_m31.c \
	ec/ec_keygen.c ec/ec_pubkey.c ec/ecdsa_i31_bits.c \
	ec/ecdsa_i31_sign_raw.c ec/ecdsa_i31_sign_asn1.c \
	ec/ecdsa_i31_vrfy_raw.c ec/ecdsa_i31_vrfy_asn1.c ec/ecdsa_rta.c \
	ec/ecdsa_atr.c ec/ec_secp256r1.c ec/ec_secp384r1.c \
	ec/ec_secp521r1.c rand/hmac_drbg.c mac/hmac.c codec/ccopy.c) \
	$(wildcard $(BEARSSL)/src/int/i31_*.c) $(BEARSSL)/src/int/i32_div32.c
SNAP_OBJS := $(HC)/image/snapshot.o $(HC_OBJS) \
	$(call obj,hc/d,$(patsubst $(DEPS)/%,%,$(SNAP_DEP_SRCS)))
$(B)/snapshot: $(SNAP_OBJS)
	gcc -o $@ $^ -lbrotlienc -lz
TOOLS += $(B)/snapshot

# The sample site's data disk.
SAMPLE_FILES := $(shell find image/sample -type f 2>/dev/null)
$(B)/sample.img: $(B)/sitec $(SAMPLE_FILES)
	SOURCE_DATE_EPOCH=1577836800 $(B)/sitec --quiet --size 64M $@ image/sample

# --- the bootable disk (make image) -------------------------------------------
# build/disk.img: GPT with an EFI system partition (\EFI\BOOT\BOOTX64.EFI)
# and the store partition (build/sample.img, or CONTENT=tree compiled by
# sitec).  BOOTX64.EFI is kernel/efi/pe.S, a PE32+ wrapper around a second
# link of the kernel at EFI_BASE, above OVMF's reserved ranges below 16 MiB
# (it copies the image there and enters kern_efi_entry).  The FAT file
# system is made with mtools.
EFI_BASE := 0x2000000
ESP_MIB := 16
$(B)/kernel-efi.ld: kernel/kernel.ld
	sed 's/^\t__image_start = 0x100000;/\t__image_start = $(EFI_BASE);/' $< > $@
	grep -q '__image_start = $(EFI_BASE);' $@
$(B)/kernel-efi.elf: $(B)/kernel-efi.ld $(K_OBJS) $(MAIN_OBJ) $(B)/libupper.a
	$(LD) -nostdlib -static -z noexecstack --gc-sections -T $< \
		-o $@ $(MUSL)/crt1.o $(MUSL)/crti.o $(K_OBJS) $(MAIN_OBJ) \
		$(B)/libupper.a $(MUSL)/libc.a $(LIBGCC) $(MUSL)/crtn.o
# The image's bytes: the file's first __bss_start - base bytes, provided
# every PT_LOAD sits at file offset = address - base (checked).  The UEFI
# stub carries kernel-efi.bin; the BIOS boot sectors hold kernel.bin.
$(B)/kernel-efi.bin: LOAD_BASE := $(EFI_BASE)
$(B)/kernel.bin: LOAD_BASE := 0x100000
$(B)/kernel.bin $(B)/kernel-efi.bin: $(B)/%.bin: $(B)/%.elf
	readelf -lW $< | awk '$$1 == "LOAD" { print $$2, $$3 }' | \
	while read off va; do [ $$(( va - off )) = $$(( $(LOAD_BASE) )) ] || \
		{ echo "$<: a segment at offset $$off, address $$va"; exit 1; }; done
	head -c $$(( 0x$$(nm $< | awk '$$3 == "__bss_start" { print $$1 }') - $(LOAD_BASE) )) $< > $@
# The legacy BIOS boot code for sector 0 (kernel/bios/mbr.S), run at 0x7c00.
$(B)/mbr.bin: kernel/bios/mbr.S
	@mkdir -p $(B)/k
	$(CC) -c -o $(B)/k/mbr.o $<
	$(LD) -Ttext=0x7c00 -e mbr_start -o $(B)/k/mbr.elf $(B)/k/mbr.o
	objcopy -O binary -j .text $(B)/k/mbr.elf $@
$(B)/BOOTX64.EFI: kernel/efi/pe.S $(B)/kernel-efi.bin
	sym() { nm $(B)/kernel-efi.elf | awk -v s=$$1 '$$3 == s { print "0x" $$1 }'; }; \
	end=$$(sym __image_end); \
	$(CC) -c -o $(B)/k/efi-pe.o -DKERN_BASE=$(EFI_BASE) \
		-DKERN_PAGES=$$(( (end - $(EFI_BASE) + 4095) / 4096 )) \
		-DKERN_ENTRY=$$(sym kern_efi_entry) \
		-DPAYLOAD_FILE='"$(B)/kernel-efi.bin"' $<
	objcopy -O binary -j .text $(B)/k/efi-pe.o $@
$(B)/esp.img: $(B)/BOOTX64.EFI
	rm -f $@
	truncate -s $(ESP_MIB)M $@
	mformat -i $@ -T $$(( $(ESP_MIB) * 2048 )) -h 64 -s 32 -v APPLIANCE ::
	mmd -i $@ ::/EFI ::/EFI/BOOT
	mcopy -i $@ $< ::/EFI/BOOT/BOOTX64.EFI
ifneq ($(CONTENT),)
STORE_IMG := $(B)/content.img
$(B)/content.img: $(B)/sitec $(shell find $(CONTENT) -type f 2>/dev/null)
	rm -f $@
	$(B)/sitec --quiet $@ $(CONTENT)
else
STORE_IMG := $(B)/sample.img
endif
# The store's source, remembered, so that changing CONTENT remakes the disk
# (every target here is .SECONDARY: a missing content.img alone would not).
ifeq ($(filter clean distclean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(B); echo '$(CONTENT)' | cmp -s - $(B)/store-source || \
	echo '$(CONTENT)' > $(B)/store-source)
endif
$(B)/disk.img: $(B)/mkdisk $(B)/esp.img $(STORE_IMG) $(B)/mbr.bin $(B)/kernel.bin \
    $(B)/store-source
	$(B)/mkdisk $@ $(B)/esp.img $(STORE_IMG) $(B)/mbr.bin $(B)/kernel.bin
.PHONY: image
image: $(B)/disk.img

# --- certificates -----------------------------------------------------------
# A local CA and server certificates for the sample site's two domains
# (scripts/mkcerts.sh): build/certs/ca.crt for clients, and the ecdsa/,
# rsa/ and san/ sets, each a configuration directory (hosted config_dir=,
# QEMU -fw_cfg opt/appliance/<name>).  Made at build time, never committed.
CERT_STAMP := $(B)/certs/.done
$(CERT_STAMP): scripts/mkcerts.sh
	scripts/mkcerts.sh $(B)/certs
all: $(CERT_STAMP)
.PHONY: certs
certs: $(CERT_STAMP)

# --- goals -----------------------------------------------------------------
.SECONDARY:
.PHONY: all deps run test bench fuzz clean distclean
all: $(B)/kernel.elf $(B)/hosted $(TOOLS) $(TESTS) $(B)/sample.img
deps: $(DEPS)/deps.mk

run: all
	DISK="$(DISK)" ACCEL="$(ACCEL)" CERTS="$(CERTS)" APPEND="$(APPEND)" scripts/run.sh

test: all $(B)/disk.img
	scripts/run-tests.sh

bench: all
	scripts/bench.sh

clean:
	rm -rf $(B)/k $(B)/h $(B)/u $(B)/d $(B)/t $(B)/hc $(B)/sitec $(B)/snapshot \
		$(B)/*.elf \
		$(B)/*.a $(B)/*.img $(B)/*.bin $(B)/*.EFI $(B)/kernel-efi.ld

distclean:
	rm -rf $(B)

# --- fuzzing (fuzz/README) -------------------------------------------------
# libFuzzer targets, built with clang against glibc with AddressSanitizer
# and UBSan; BearSSL is rebuilt here with coverage.  `make fuzz` runs each
# target FUZZ_TIME seconds, new inputs into build/fuzz/corpus-*/; make test
# runs them briefly through fuzz/run.sh.
FZ := $(B)/fuzz
FUZZ_TIME ?= 60
FUZZ_FLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-Iinclude -Inet -Ifuzz -I$(BEARSSL)/inc
FUZZ_OBJ = $(patsubst %.c,$(FZ)/o/%.o,$(1))
FZ_BEARSSL := $(patsubst $(BEARSSL)/src/%.c,$(FZ)/bearssl/%.o,$(BEARSSL_SRCS))
FZ_TLS_SRCS := $(wildcard net/tls*.c)
FZ_COMMON := $(call FUZZ_OBJ,fuzz/fuzz_plat.c lib/err.c lib/log.c lib/text.c \
	lib/config_words.c app/config.c) \
	$(FZ)/o/fuzz_keys.o
# Runs must be repeatable: no RDRAND or OS seeding inside BearSSL.  Its
# x86 build reads unaligned words on purpose (BR_LE_UNALIGNED), as the
# image does: UBSan's alignment check is off for it alone.
FZ_BR_DEFS := -DBR_RDRAND=0 -DBR_USE_URANDOM=0 -fno-sanitize=alignment
FUZZ_TARGETS := $(FZ)/fuzz_http $(FZ)/fuzz_tls
FUZZ_TARGETS += $(FZ)/fuzz_ec

# BearSSL's parsers (ssl, x509, codec) are instrumented; its arithmetic
# is built plain and optimised, since each input costs a handshake.
FZ_BR_PLAIN := ec rsa int hash symcipher aead mac kdf rand
$(FZ)/bearssl/%.o: $(BEARSSL)/src/%.c
	@mkdir -p $(@D)
	@if echo " $(FZ_BR_PLAIN) " | grep -q " $(firstword $(subst /, ,$*)) "; \
	then clang -std=gnu11 -g -O2 $(FZ_BR_DEFS) -w -I$(BEARSSL)/inc \
		-I$(BEARSSL)/src -c $< -o $@; \
	else clang $(FUZZ_FLAGS) $(FZ_BR_DEFS) -fsanitize=fuzzer-no-link -w \
		-I$(BEARSSL)/src -c $< -o $@; fi
$(FZ)/libbearssl.a: $(FZ_BEARSSL)
	@rm -f $@
	ar rcs $@ $^
$(FZ)/o/%.o: %.c
	@mkdir -p $(@D)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -Wall -Wextra -Werror \
		-Wno-unused-parameter -MMD -c $< -o $@
$(FZ)/fuzz_keys.c: fuzz/mkkeys.sh
	fuzz/mkkeys.sh $(FZ)/keys
	cp $(FZ)/keys/fuzz_keys.c $@
$(FZ)/o/fuzz_keys.o: $(FZ)/fuzz_keys.c
	clang $(FUZZ_FLAGS) -c $< -o $@
FZ_HTTP_SRCS := net/http.c net/http_chunked.c
$(FZ)/fuzz_http: $(call FUZZ_OBJ,fuzz/fuzz_http.c $(FZ_HTTP_SRCS)) $(FZ_COMMON)
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^
# An archive, so that only the tls objects the target needs are linked.
$(FZ)/libtls.a: $(call FUZZ_OBJ,$(FZ_TLS_SRCS))
	@rm -f $@
	ar rcs $@ $^
$(FZ)/fuzz_tls: $(call FUZZ_OBJ,fuzz/fuzz_tls.c $(FZ_HTTP_SRCS)) \
    $(FZ_COMMON) $(FZ)/libtls.a $(FZ)/libbearssl.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^
# tls.c configures our P-256 (net/ec_p256.c), which is not a tls*.c.
$(FZ)/fuzz_tls: $(call FUZZ_OBJ,net/ec_p256.c)
# Our P-256 against BearSSL's on the same inputs (fuzz/fuzz_ec.c).
$(FZ)/fuzz_ec: $(call FUZZ_OBJ,fuzz/fuzz_ec.c net/ec_p256.c) \
    $(FZ)/libbearssl.a
	clang $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $^
# Seeds that replay whole handshakes need this build's keys.
$(FZ)/seed-tls/.done: $(FZ)/fuzz_tls
	@mkdir -p $(@D)
	FUZZ_TLS_SEED=$(@D)/main $<
	FUZZ_TLS_SEED=$(@D)/attachments FUZZ_TLS_SNI=attachments.localhost $<
	@touch $@

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_TARGETS) $(FZ)/seed-tls/.done
fuzz: fuzz-build
	FUZZ_TIME=$(FUZZ_TIME) fuzz/run.sh long http
	FUZZ_TIME=$(FUZZ_TIME) fuzz/run.sh long tls
	FUZZ_TIME=$(FUZZ_TIME) fuzz/run.sh long ec

-include $(shell find $(B) -name '*.d' 2>/dev/null)
