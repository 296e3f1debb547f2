# pfwhy: why did this address fault?
# Plain make.  `make`, `make check`, `make check SANITIZE=1`, `make install`,
# `make demo`.  Missing Debian packages are installed by scripts/ensure-packages.sh.

VERSION := 0.1.0
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions

PKGS := libkdumpfile libaddrxlat libdw libelf readline

ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
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
else
BUILD := build/release
SAN_FLAGS :=
OPT := -O2
endif

CC ?= gcc
CFLAGS ?= $(OPT) -g
WARN := -Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes -Wshadow
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS := -std=gnu11 $(WARN) $(CFLAGS) $(SAN_FLAGS) -D_GNU_SOURCE \
	-DPFWHY_VERSION='"$(VERSION)"' -Iinclude -Isrc $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS)

# The core library, in pipeline order.
CORE_SRCS := $(wildcard src/util/*.c) \
	$(wildcard src/target/*.c) \
	$(wildcard src/debuginfo/*.c) \
	$(wildcard src/kernel/*.c) \
	$(wildcard src/arch/x86_64/*.c) \
	$(wildcard src/walker/*.c) \
	$(wildcard src/commands/*.c)
CLI_SRCS := $(wildcard src/cli/*.c)
TEST_SRCS := $(wildcard tests/unit/*.c)

CORE_OBJS := $(CORE_SRCS:%.c=$(BUILD)/%.o)
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/%.o)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)

LIBCORE := $(BUILD)/libpfwhy.a
PFWHY := $(BUILD)/pfwhy

.PHONY: all check check-unit check-fixtures install clean demo bench fixtures completions

all: $(PFWHY) build/pfwhy

build/pfwhy: $(PFWHY)
	@ln -sf $(notdir $(BUILD))/pfwhy $@

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBCORE): $(CORE_OBJS)
	@rm -f $@
	$(AR) rcs $@ $^

$(PFWHY): $(CLI_OBJS) $(LIBCORE)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBCORE) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBCORE)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIBCORE) $(PKG_LIBS) $(ALL_LDFLAGS)

# The whole test suite: unit tests on synthetic images, then the tests
# against the fixture dumps and the kernel's recorded truth.
check: $(PFWHY) $(TEST_BINS)
	@scripts/ensure-packages.sh scripts/packages/test.txt
	@PFWHY=$(abspath $(PFWHY)) BUILD=$(abspath $(BUILD)) tests/run.sh $(TEST_BINS)

# pfwhy's main job on the bundled sample dump.
demo: $(PFWHY)
	@scripts/ensure-packages.sh scripts/packages/test.txt
	@tests/fixtures.sh prepare >/dev/null
	@scripts/demo.sh $(PFWHY)

bench: $(PFWHY)
	@bench/run.sh $(PFWHY)

fixtures:
	$(MAKE) -C testdata fixtures

# completions/ from the command table (tests/fixtures/completion.sh checks they are current)
completions: $(PFWHY)
	scripts/gen-completions.sh $(abspath $(PFWHY)) completions

install: $(PFWHY)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PFWHY) $(DESTDIR)$(BINDIR)/pfwhy
	install -m 644 docs/pfwhy.1 $(DESTDIR)$(MANDIR)/pfwhy.1
	install -m 644 completions/pfwhy.bash $(DESTDIR)$(BASHCOMPDIR)/pfwhy
	install -m 644 completions/_pfwhy $(DESTDIR)$(ZSHCOMPDIR)/_pfwhy

clean:
	rm -rf build

-include $(CORE_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
