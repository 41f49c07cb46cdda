# seccap — plain GNU Makefile.  `make deps` installs the Debian packages,
# `make` builds, `make check` runs every test.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share
DESTDIR    ?=

VERSION    := 0.1.0
SOVERSION  := 0

CC         ?= cc
PKG_CONFIG ?= pkg-config
PKGS       := libseccomp inih libcap json-c

# CI builds with -Werror (CI=true there); so does WERROR=1.
ifneq ($(CI)$(WERROR),)
WERROR_FLAG := -Werror
endif

# make check SANITIZE=address,undefined
ifneq ($(SANITIZE),)
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
endif

CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra $(WERROR_FLAG) -fPIC -fvisibility=hidden \
            -fstack-protector-strong $(SAN_FLAGS)
CPPFLAGS += -D_GNU_SOURCE -D_FORTIFY_SOURCE=2 -DSECCAP_VERSION=\"$(VERSION)\" \
            -Iconf -Ipreload -Ibuild/gen $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDFLAGS  += $(SAN_FLAGS)
LIBS     := $(shell $(PKG_CONFIG) --libs $(PKGS))

B := build

CONF_SRC     := $(sort $(wildcard conf/*.c))
LAUNCHER_SRC := $(sort $(wildcard launcher/*.c))
PRELOAD_SRC  := $(sort $(wildcard preload/*.c))
TEST_SRC     := $(sort $(wildcard tests/test_*.c))
TESTLIB_SRC  := $(sort $(wildcard tests/lib/*.c))

CONF_OBJ     := $(CONF_SRC:%.c=$(B)/%.o)
LAUNCHER_OBJ := $(LAUNCHER_SRC:%.c=$(B)/%.o)
PRELOAD_OBJ  := $(PRELOAD_SRC:%.c=$(B)/%.o)
TESTLIB_OBJ  := $(TESTLIB_SRC:%.c=$(B)/%.o)
TEST_BIN     := $(TEST_SRC:tests/%.c=$(B)/tests/%)

LIBSECCAP := $(B)/libseccap.a
SECCAP    := $(B)/seccap

.PHONY: all deps check test-unit test-cli clean install uninstall
all: $(SECCAP)

deps:
	sh contrib/install-deps.sh

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(LIBSECCAP): $(CONF_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(SECCAP): $(LAUNCHER_OBJ) $(LIBSECCAP)
	$(CC) $(LDFLAGS) -o $@ $(LAUNCHER_OBJ) $(LIBSECCAP) $(LIBS)

$(B)/tests/%: tests/%.c $(TESTLIB_OBJ) $(LIBSECCAP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< $(TESTLIB_OBJ) \
		$(LIBSECCAP) $(LIBS) $(shell $(PKG_CONFIG) --libs criterion)

check: all $(TEST_BIN)
	@bash tests/run-tests.sh $(B)

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)
