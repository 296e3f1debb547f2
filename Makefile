# pfwhy: why did this address fault?
# Plain make.  `make`, `make check`, `make check SANITIZE=1`, `make install`,
# `make demo`, `make check-distro` (Debian's own kernels: downloads about
# 2 GB once into build/distro/).  Missing Debian packages are installed by scripts/ensure-packages.sh.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions

# The core needs these; the CLI adds readline.  The crash extension builds
# against crash's own header (Debian package crash).
CORE_PKGS := libkdumpfile libaddrxlat libdw libelf
PKGS := $(CORE_PKGS) readline
CRASH_DEFS := /usr/include/crash/defs.h
CRASH_EXTDIR = /usr/lib/crash/extensions
GDBDIR = $(PREFIX)/share/pfwhy

ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && test -f $(CRASH_DEFS) && echo ok),ok)
$(info pfwhy: build dependencies missing; installing them)
ENSURE := $(shell scripts/ensure-packages.sh scripts/packages/build.txt 1>&2 && echo ok)
ifneq ($(ENSURE),ok)
$(error could not install the build dependencies listed in scripts/packages/build.txt)
endif
endif
endif

ifeq ($(SANITIZE),1)
BUILD := build/sanitize
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
OPT := -O1
# leaks inside libkdumpfile/libaddrxlat, not pfwhy's (tests/lsan.supp says which)
export LSAN_OPTIONS := suppressions=$(abspath tests/lsan.supp):print_suppressions=0
else
BUILD := build/release
SAN_FLAGS :=
OPT := -O2
endif

CC ?= gcc
CFLAGS ?= $(OPT) -g
# Table rows leave their trailing fields zero (an option without a short
# name): the kernel's W=1 drops -Wmissing-field-initializers for the same reason.
WARN := -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
	-Wmissing-prototypes -Wshadow
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CORE_LIBS := $(shell pkg-config --libs $(CORE_PKGS) 2>/dev/null)
# Every object is position-independent, so that the crash extension
# (a shared object) links the same libpfwhy.a as the CLI and the unit tests:
# the code loaded into crash is the code the tests ran, compiled once.
# Debian's gcc builds PIE executables by default, so the CLI's code is
# position-independent anyway; -fPIC over -fPIE only forgoes the
# assumption that global symbols bind locally, which the static link of
# the CLI restores (bench/run.sh: the same times within its 10 ms
# resolution; the binary's text is even 0.4% smaller).
PIC := -fPIC
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) $(PIC) $(SAN_FLAGS) -D_GNU_SOURCE \
	-DPFWHY_VERSION='"$(VERSION)"' -Iinclude -Isrc $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS)

# The core library, in pipeline order.
CORE_SRCS := $(wildcard src/util/*.c) \
	$(wildcard src/target/*.c) \
	$(wildcard src/debuginfo/*.c) \
	$(wildcard src/kernel/*.c) \
	$(wildcard src/arch/*.c) \
	$(wildcard src/arch/x86_64/*.c) \
	$(wildcard src/arch/arm64/*.c) \
	$(wildcard src/walker/*.c) \
	$(wildcard src/commands/*.c)
CLI_SRCS := $(wildcard src/cli/*.c)
# The crash extension: built with crash's defs.h, which wants the target named.
EXT_SRCS := $(wildcard src/ext/*.c)
TEST_SRCS := $(wildcard tests/unit/*.c)

CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)
EXT_OBJS := $(EXT_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
CRASH_CFLAGS := -DX86_64

LIBCORE := $(BUILD)/libpfwhy.a
PFWHY := $(BUILD)/pfwhy
PFWHY_SO := $(BUILD)/pfwhy.so

.PHONY: all check check-distro install clean demo bench bench-memory fixtures completions gdb \
	fuzz fuzz-run

all: $(PFWHY) build/pfwhy $(PFWHY_SO)

build/pfwhy: $(PFWHY)
	@ln -sf $(notdir $(BUILD))/pfwhy $@

# Objects depend on the flags they were compiled with: a changed flag (say,
# -fPIC added to a tree built before) rebuilds them instead of linking stale ones.
FLAGS_STAMP := $(BUILD)/flags
ifeq ($(filter clean,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD))
$(file >$(FLAGS_STAMP).new,$(CC) $(ALL_CFLAGS) $(CRASH_CFLAGS) $(ALL_LDFLAGS))
$(shell cmp -s $(FLAGS_STAMP).new $(FLAGS_STAMP) && rm -f $(FLAGS_STAMP).new || mv -f $(FLAGS_STAMP).new $(FLAGS_STAMP))
endif

$(BUILD)/%.o: %.c $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(EXT_OBJS): ALL_CFLAGS += $(CRASH_CFLAGS)

$(LIBCORE): $(CORE_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(PFWHY): $(CLI_OBJS) $(LIBCORE)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBCORE) $(PKG_LIBS)

# crash's symbols (readmem, fp, ...) resolve when `extend` loads it; the
# core's stay private to the object (--exclude-libs), crash sees only the
# constructor's register_extension().
$(PFWHY_SO): $(EXT_OBJS) $(LIBCORE)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $(EXT_OBJS) $(LIBCORE) \
		-Wl,--exclude-libs,ALL -Wl,--as-needed $(CORE_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIBCORE) $(PKG_LIBS) $(ALL_LDFLAGS)

# A stand-in vmlinux with 4.19's types and symbols (tests/unit/vmlinux-4.19):
# compiled with -g and linked at the kernel's addresses, it gives
# test_walker_419 4.19's DWARF.  No sanitizer: it is data, never run.
VMLINUX_419 := $(BUILD)/tests/vmlinux-4.19
$(VMLINUX_419): tests/unit/vmlinux-4.19/vmlinux.c tests/unit/vmlinux-4.19/vmlinux.lds
	@mkdir -p $(dir $@)
	$(CC) -g -O0 -c -fno-pic -mcmodel=kernel -ffreestanding -fno-asynchronous-unwind-tables \
		-fno-stack-protector -o $@.o $<
	$(LD) -static -T tests/unit/vmlinux-4.19/vmlinux.lds -o $@ $@.o

$(BUILD)/tests/test_walker_419: $(VMLINUX_419)

# The same declarations compiled for aarch64 (Debian's gcc-aarch64-linux-gnu):
# an arm64 kernel's DWARF for test_arm64_synth, linked at 6.1's KIMAGE_VADDR
# for 48-bit VA (MODULES_END, arch/arm64/include/asm/memory.h :46-48).
ARM64_CC ?= aarch64-linux-gnu-gcc
ARM64_LD ?= aarch64-linux-gnu-ld
VMLINUX_ARM64 := $(BUILD)/tests/vmlinux-arm64
$(VMLINUX_ARM64): tests/unit/vmlinux-4.19/vmlinux.c tests/unit/vmlinux-4.19/vmlinux.lds
	@mkdir -p $(dir $@)
	$(ARM64_CC) -g -O0 -c -fno-pic -ffreestanding -fno-asynchronous-unwind-tables \
		-fno-stack-protector -o $@.o $<
	$(ARM64_LD) -static --no-warn-rwx-segments --defsym KERNEL_BASE=0xffff800008000000 \
		-T tests/unit/vmlinux-4.19/vmlinux.lds -o $@ $@.o

$(BUILD)/tests/test_arm64_synth: $(VMLINUX_ARM64)

# Two units sharing a header (tests/unit/dwz), as gcc writes them (dwz-plain)
# and after dwz (dwz-units: the shared types in a partial unit), for
# test_dwz.  No sanitizer: data, never run.
DWZ_PLAIN := $(BUILD)/tests/dwz-plain
DWZ_UNITS := $(BUILD)/tests/dwz-units
$(DWZ_PLAIN): tests/unit/dwz/a.c tests/unit/dwz/b.c tests/unit/dwz/shared.h
	@mkdir -p $(dir $@)
	$(CC) -g -O2 -c -o $@-a.o tests/unit/dwz/a.c
	$(CC) -g -O2 -c -o $@-b.o tests/unit/dwz/b.c
	$(LD) -static -e 0 -o $@ $@-a.o $@-b.o
$(DWZ_UNITS): $(DWZ_PLAIN)
	@command -v dwz >/dev/null || scripts/ensure-packages.sh dwz
	cp $< $@.tmp && dwz $@.tmp && mv $@.tmp $@

$(BUILD)/tests/test_dwz: $(DWZ_UNITS)

# The extension's commands against a stand-in for crash (tests/unit/test_crash_ext.c).
$(BUILD)/tests/test_crash_ext: tests/unit/test_crash_ext.c $(EXT_OBJS) $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CRASH_CFLAGS) -Itests -o $@ $< $(EXT_OBJS) $(LIBCORE) \
		$(PKG_LIBS) $(ALL_LDFLAGS)

# The prompt's completion on the fixture dump links the CLI's completer.
$(BUILD)/tests/test_complete: tests/unit/test_complete.c $(BUILD)/src/cli/complete.o $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(BUILD)/src/cli/complete.o $(LIBCORE) \
		$(PKG_LIBS) $(ALL_LDFLAGS)

# The whole test suite: unit tests on synthetic images, then the tests
# against the fixture dumps and the kernel's recorded truth.
check: $(PFWHY) $(PFWHY_SO) $(TEST_BINS)
	@scripts/ensure-packages.sh scripts/packages/test.txt
	@PFWHY=$(abspath $(PFWHY)) PFWHY_SO=$(abspath $(PFWHY_SO)) BUILD=$(abspath $(BUILD)) \
		tests/run.sh $(TEST_BINS)

# The era suites on Debian's own cloud kernels (5.10, 6.1, 6.12), its arm64
# kernel (6.1-arm64) and their
# -dbg packages, fetched by package name and cached in build/distro/
# (tests/distro.sh, docs/kernels.md).
check-distro: $(PFWHY)
	@scripts/ensure-packages.sh scripts/packages/test.txt
	@scripts/ensure-packages.sh scripts/packages/distro.txt
	@PFWHY=$(abspath $(PFWHY)) tests/distro.sh

# pfwhy's main job on the bundled sample dump.
demo: $(PFWHY) build/pfwhy
	@scripts/ensure-packages.sh scripts/packages/test.txt
	@tests/fixtures.sh prepare >/dev/null
	@scripts/demo.sh build/pfwhy

bench: $(PFWHY) $(BUILD)/bench/dwarf-replay
	@bench/run.sh $(PFWHY)
	@bench/scan.sh $(PFWHY)

# bench/memory.sh: a command's DWARF look-ups replayed on another vmlinux
$(BUILD)/bench/dwarf-replay: bench/dwarf-replay.c $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIBCORE) $(PKG_LIBS) $(ALL_LDFLAGS)

bench-memory: $(PFWHY) $(BUILD)/bench/dwarf-replay
	@bench/memory.sh $(PFWHY) $(BUILD)/bench/dwarf-replay $(VMLINUX)

fixtures:
	$(MAKE) -C testdata fixtures

# libFuzzer targets (fuzz/, docs/reliability.md), built with Debian's clang
# from the same sources with coverage, ASan and UBSan; `make fuzz-run`
# runs each for FUZZ_SECONDS (or FUZZ_RUNS executions) and fails on a finding.
FUZZ_CC := clang
FUZZ_BUILD := build/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer $(FUZZ_SAN) -D_GNU_SOURCE \
	-DPFWHY_VERSION='"$(VERSION)"' -Iinclude -Isrc -Itests/unit $(PKG_CFLAGS)
FUZZ_TARGETS := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_OBJS := $(CORE_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_SECONDS ?= 20

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_BUILD)/libpfwhy.a: $(FUZZ_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz_synth.h tests/unit/synth.h $(FUZZ_BUILD)/libpfwhy.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libpfwhy.a $(PKG_LIBS)

fuzz:
	@scripts/ensure-packages.sh scripts/packages/fuzz.txt
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

fuzz-run: fuzz
	@scripts/fuzz-run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# completions/ from the command table (tests/fixtures/completion.sh checks they are current)
completions: $(PFWHY)
	scripts/gen-completions.sh $(abspath $(PFWHY)) completions

# gdb/pfwhy.gdb from the command table (tests/fixtures/gdb.sh checks it is current)
gdb: $(PFWHY)
	scripts/gen-gdb.sh $(abspath $(PFWHY)) gdb/pfwhy.gdb

# pfwhy.so goes where crash's `extend` looks for a bare file name, whatever
# PREFIX (/usr/lib/crash/extensions: crash 8.0.2's fourth place, after the
# current directory, $CRASH_EXTENSIONS and /usr/lib64/crash/extensions);
# the installed pfwhy.gdb runs the installed pfwhy.
install: $(PFWHY) $(PFWHY_SO)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DESTDIR)$(CRASH_EXTDIR) $(DESTDIR)$(GDBDIR)
	install -m 755 $(PFWHY) $(DESTDIR)$(BINDIR)/pfwhy
	install -m 644 docs/pfwhy.1 $(DESTDIR)$(MANDIR)/pfwhy.1
	install -m 644 completions/pfwhy.bash $(DESTDIR)$(BASHCOMPDIR)/pfwhy
	install -m 644 completions/_pfwhy $(DESTDIR)$(ZSHCOMPDIR)/_pfwhy
	install -m 644 $(PFWHY_SO) $(DESTDIR)$(CRASH_EXTDIR)/pfwhy.so
	sed 's|^  set \$$pfwhy_program = "pfwhy"$$|  set \$$pfwhy_program = "$(BINDIR)/pfwhy"|' gdb/pfwhy.gdb > $(DESTDIR)$(GDBDIR)/pfwhy.gdb
	chmod 644 $(DESTDIR)$(GDBDIR)/pfwhy.gdb

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(EXT_OBJS:.o=.d)
