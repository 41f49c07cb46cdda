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

# ---- cross builds (issue 17) -------------------------------------------------
# `make CROSS=aarch64-linux-gnu` (or ARCH=arm64, Debian's name) builds with
# that triplet's gcc, ar and pkg-config (crossbuild-essential-arm64 and the
# :arm64 -dev packages) into a build tree of its own, build/TRIPLET, so the
# native one is left alone.  Programs the build itself runs (none yet; a
# generator of build/gen/ files would be one) are run as
# $(RUN_BUILD_TOOL) PROGRAM ...: nothing natively, qemu-user when cross, so
# that whatever they produce is produced for the target.  `make check-cross`
# runs the tests under the same qemu (tests/cross/test_arch.sh).
ARCH_arm64   := aarch64-linux-gnu
ARCH_armhf   := arm-linux-gnueabihf
ARCH_ppc64el := powerpc64le-linux-gnu
ARCH_riscv64 := riscv64-linux-gnu
ARCH_s390x   := s390x-linux-gnu
ifneq ($(and $(filter command line,$(origin ARCH)),$(ARCH)),)
ifeq ($(ARCH_$(ARCH)),)
$(error ARCH=$(ARCH): not one of arm64 armhf ppc64el riscv64 s390x; or give CROSS=TRIPLET)
endif
CROSS ?= $(ARCH_$(ARCH))
endif
# qemu-user's name for the CPU of each triplet.
QEMU_aarch64-linux-gnu     := aarch64
QEMU_arm-linux-gnueabihf   := arm
QEMU_powerpc64le-linux-gnu := ppc64le
QEMU_riscv64-linux-gnu     := riscv64
QEMU_s390x-linux-gnu       := s390x
ifneq ($(CROSS),)
CC          := $(CROSS)-gcc
AR          := $(CROSS)-ar
PKG_CONFIG  := $(CROSS)-pkg-config
QEMU_CPU    := $(or $(QEMU_$(CROSS)),$(firstword $(subst -, ,$(CROSS))))
# qemu-user's binary, else qemu-user-static's.
QEMU        ?= $(or $(shell command -v qemu-$(QEMU_CPU) 2>/dev/null),qemu-$(QEMU_CPU)-static)
# The target's loader and libraries are the :ARCH packages' (libc6:arm64
# comes with libseccomp-dev:arm64), found where the target looks for them.
# Only without those is qemu pointed at the cross toolchain's libc6 with
# -L /usr/TRIPLET: qemu 7.2's -L path lookup hangs a dynamic program's
# fork(), so most tests could not run that way.
RUN_BUILD_TOOL ?= $(QEMU)$(if $(wildcard /usr/lib/$(CROSS)/libc.so.6),, -L /usr/$(CROSS))
else
RUN_BUILD_TOOL ?=
endif
# The build tree: B=DIR on the command line, else build/ (build/TRIPLET
# when cross).  Never taken from the environment.
ifneq ($(origin B),command line)
B := build$(if $(CROSS),/$(CROSS))
endif

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
            -Iconf -Ipreload -I$(B)/gen $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDFLAGS  += $(SAN_FLAGS)
LIBS     := $(shell $(PKG_CONFIG) --libs $(PKGS))

# conf/gen_builtin.c is a build-time program, not part of the library.
GEN_BUILTIN_SRC := conf/gen_builtin.c
CONF_SRC     := $(filter-out $(GEN_BUILTIN_SRC),$(sort $(wildcard conf/*.c)))
LAUNCHER_SRC := $(sort $(wildcard launcher/*.c))
PRELOAD_SRC  := $(sort $(wildcard preload/*.c))
TEST_SRC     := $(sort $(wildcard tests/test_*.c))
TESTLIB_SRC  := $(sort $(wildcard tests/lib/*.c))

# The compile time limit is glue of the launcher and the preload, which a
# library must not be (it borrows SIGALRM): it lives with the preload and
# the launcher links it too, never libseccap.a.
WATCHDOG_OBJ := $(B)/preload/watchdog.o

CONF_OBJ     := $(CONF_SRC:%.c=$(B)/%.o)
LAUNCHER_OBJ := $(LAUNCHER_SRC:%.c=$(B)/%.o) $(WATCHDOG_OBJ)
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

# The built-in default's programs (conf/builtin.h): the generator links
# conf/'s objects and holds the empty table itself; libseccap.a gets them
# plus the generated table.  It runs the self-check on every program and
# fails the build on a difference.
GEN_BUILTIN := $(B)/gen/gen_builtin
BUILTIN_C   := $(B)/gen/builtin_default.c
BUILTIN_OBJ := $(B)/gen/builtin_default.o

$(GEN_BUILTIN): $(B)/conf/gen_builtin.o $(CONF_OBJ)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILTIN_C): $(GEN_BUILTIN)
	$(RUN_BUILD_TOOL) $(GEN_BUILTIN) $@

$(BUILTIN_OBJ): $(BUILTIN_C) conf/builtin.h
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIBSECCAP): $(CONF_OBJ) $(BUILTIN_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# The launcher links the .a files of its libraries too (libc stays shared):
# `seccap apply` starts in front of every program it confines, and loading
# four shared libraries was a third of its warm start (issue 13).
LAUNCHER_LIBS := -Wl,-Bstatic $(LIBS) -Wl,-Bdynamic
# $(call missing_a,NAME...): each libNAME.a the linker cannot find (it
# prints the bare name for those).
missing_a = $(shell for l in $(1); do \
              case $$($(CC) -print-file-name=lib$$l.a) in (/*) ;; \
              (*) echo lib$$l.a ;; esac; done)
$(SECCAP): $(LAUNCHER_OBJ) $(LIBSECCAP)
	@if [ -n '$(call missing_a,seccomp inih cap json-c)' ]; then \
	    echo 'make: no static library $(call missing_a,seccomp inih cap json-c) to link into $@; install libseccomp-dev libinih-dev libcap-dev libjson-c-dev' >&2; \
	    exit 1; fi
	$(CC) $(LDFLAGS) -Wl,--gc-sections -Wl,--as-needed -o $@ $(LAUNCHER_OBJ) \
		$(LIBSECCAP) $(LAUNCHER_LIBS)

# Criterion: the system's, or when cross the target's, unpacked from its
# .debs into $(B)/sysroot and found there by rpath (libcriterion3:arm64
# cannot be installed beside the native one: it is not Multi-Arch: same).
# An old-style DT_RPATH, as libcriterion's own libnanomsg is looked up
# through it too (a DT_RUNPATH serves the program's direct needs only).
ifneq ($(CROSS),)
CRIT_SYSROOT  := $(B)/sysroot
CRIT_LIBDIR   := $(abspath $(CRIT_SYSROOT))/usr/lib/$(CROSS)
CRIT_DEBS     := libcriterion3 libcriterion-dev libnanomsg5
CRIT_DEB_ARCH := $(or $(ARCH),$(shell dpkg-architecture -t$(CROSS) -qDEB_HOST_ARCH 2>/dev/null))
CRITERION_CFLAGS := -isystem $(CRIT_SYSROOT)/usr/include
CRITERION_LIBS   := -L$(CRIT_LIBDIR) -Wl,--disable-new-dtags,-rpath,$(CRIT_LIBDIR) \
                    -Wl,-rpath-link,$(CRIT_LIBDIR) -lcriterion
CRITERION_DEP    := $(CRIT_SYSROOT)/unpacked
# apt-get download fetches without installing; its dependencies
# (libgit2-1.5, libffi8) are Multi-Arch: same and installed as :ARCH
# packages (INSTALL, "Cross builds").
$(CRITERION_DEP):
	rm -rf $(CRIT_SYSROOT) && mkdir -p $(CRIT_SYSROOT)/debs
	cd $(CRIT_SYSROOT)/debs && apt-get download -q $(CRIT_DEBS:%=%:$(CRIT_DEB_ARCH))
	for d in $(CRIT_SYSROOT)/debs/*.deb; do dpkg-deb -x "$$d" $(CRIT_SYSROOT) || exit 1; done
	touch $@
else
CRITERION_CFLAGS :=
CRITERION_LIBS   := $(shell $(PKG_CONFIG) --libs criterion)
CRITERION_DEP    :=
endif

$(B)/tests/%: tests/%.c $(TESTLIB_OBJ) $(LIBSECCAP) | $(CRITERION_DEP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CRITERION_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(TESTLIB_OBJ) $(LIBSECCAP) $(LIBS) $(CRITERION_LIBS)

# check-extra (sanitizers, fuzzing, valgrind, linters) joins `make check` in
# CI (CI=true) or with SECCAP_CHECK_EXTRA=1; on a developer's machine it would
# add a quarter of an hour to every run.
check: all $(TEST_BIN)
	@rc=0; bash tests/run-tests.sh $(B) || rc=1; \
	if [ -n "$(CI)$(SECCAP_CHECK_EXTRA)" ] && [ -z "$(SECCAP_NO_EXTRA)" ]; then \
		$(MAKE) --no-print-directory check-extra || rc=1; fi; exit $$rc

clean:
	rm -rf $(B)

# ---- libcapfilter: embedded default profile, public API, LD_PRELOAD --------
# The default profile is pulled in by .incbin (conf/default_profile.c): the
# INI form when the tree has it, else the JSON.  The stamp records which one,
# so switching between them rebuilds the object too.
DEFAULT_PROFILE := $(firstword $(wildcard contrib/profiles/docker-default.ini) \
                               contrib/profiles/docker-default.json)

$(B)/gen/default_profile.path: FORCE
	@mkdir -p $(@D)
	@echo '$(DEFAULT_PROFILE)' | cmp -s - $@ || echo '$(DEFAULT_PROFILE)' >$@

# Its SHA-256 too, as C bytes, so no start under the default hashes it.
DEFAULT_PROFILE_DIGEST := $(shell sha256sum $(DEFAULT_PROFILE) | cut -c1-64 | \
                            sed 's/../0x&,/g')
DEFAULT_PROFILE_DEFS := -DSC_DEFAULT_PROFILE_FILE=\"$(DEFAULT_PROFILE)\" \
                        -DSC_DEFAULT_PROFILE_SHA256='$(DEFAULT_PROFILE_DIGEST)'

$(B)/conf/default_profile.o: $(DEFAULT_PROFILE) $(B)/gen/default_profile.path
$(B)/conf/default_profile.o: CPPFLAGS += $(DEFAULT_PROFILE_DEFS)

# The cache key names the compiler: a hash of conf/'s sources, the default
# profile, the C compiler and the flags (conf/cache.c).  The launcher and the
# library built from one tree share it, so `seccap cache add` fills the
# preload's entries; any change makes new keys.  SYSTEM_CACHE_DIR is root's
# cache that every user reads (seccap(1), "The filter cache").
SYSTEM_CACHE_DIR ?= /var/cache/seccap
COMPILER_ID := $(shell { cat $(sort $(wildcard conf/*.c conf/*.h)) \
                 $(DEFAULT_PROFILE); $(CC) --version 2>&1 | head -n 1; \
                 echo '$(CC) $(CPPFLAGS) $(CFLAGS)'; } | sha256sum | cut -c1-64)
CACHE_DEFS := -DSC_COMPILER_ID=\"$(COMPILER_ID)\" \
              -DSC_SYSTEM_CACHE_DIR=\"$(SYSTEM_CACHE_DIR)\"

$(B)/gen/cache_defs: FORCE
	@mkdir -p $(@D)
	@echo '$(CACHE_DEFS)' | cmp -s - $@ || echo '$(CACHE_DEFS)' >$@

$(B)/conf/cache.o $(B)/conf/pipeline.o: $(B)/gen/cache_defs
$(B)/conf/cache.o $(B)/conf/pipeline.o: CPPFLAGS += $(CACHE_DEFS)

CAPFILTER_SONAME := libcapfilter.so.$(SOVERSION)
CAPFILTER_REAL   := $(B)/libcapfilter.so.$(VERSION)
CAPFILTER        := $(B)/libcapfilter.so
CAPFILTER_PC     := $(B)/libcapfilter.pc $(B)/libcapfilter-uninstalled.pc

# conf/ and the .a files of libseccomp, inih and json-c go in statically, and
# every symbol but seccap_* stays local, so our names can never interpose on
# the confined program's and a program started with LD_PRELOAD loads no
# library but ours (DT_NEEDED: libc, and ld.so for json-c's TLS): that is
# most of the preload's cost when SECCAP_PROFILE is unset (issue 13).
# conf/ reads capabilities with capget(2) itself, so libcap is not linked.
# Lazy binding: the PLT is libc's functions only, and binding all ~110 of
# them at start-up costs every program; RELRO still covers everything but
# .got.plt, whose entries a memory-corruption bug in the program could
# redirect -- the same exposure as any lazily bound library in the process.
CAPFILTER_LIBS := -Wl,-Bstatic $(shell $(PKG_CONFIG) --libs libseccomp inih json-c) \
                  -Wl,-Bdynamic
$(CAPFILTER_REAL): $(PRELOAD_OBJ) $(LIBSECCAP) preload/libcapfilter.map
	@if [ -n '$(call missing_a,seccomp inih json-c)' ]; then \
	    echo 'make: no static library $(call missing_a,seccomp inih json-c) to link into $@; install libseccomp-dev libinih-dev libjson-c-dev' >&2; \
	    exit 1; fi
	$(CC) $(LDFLAGS) -shared -Wl,-soname,$(CAPFILTER_SONAME) \
		-Wl,--version-script=preload/libcapfilter.map \
		-Wl,--exclude-libs,ALL -Wl,--gc-sections -Wl,--as-needed \
		-Wl,-z,defs -Wl,-z,relro -Wl,-z,lazy \
		-o $@ $(PRELOAD_OBJ) $(LIBSECCAP) $(CAPFILTER_LIBS)

$(B)/$(CAPFILTER_SONAME): $(CAPFILTER_REAL)
	ln -sfn $(notdir $<) $@

$(CAPFILTER): $(B)/$(CAPFILTER_SONAME)
	ln -sfn $(CAPFILTER_SONAME) $@

# Installed form (prefix substituted here, install copies it) and the
# build-tree form pkg-config picks up as "libcapfilter" when
# PKG_CONFIG_PATH=$(B) (its -uninstalled lookup).  The stamp changes with
# the directories, so `make install PREFIX=/usr` after `make` rewrites it.
PC_DIRS := $(PREFIX)|$(LIBDIR)|$(INCLUDEDIR)|$(VERSION)
$(B)/gen/libcapfilter.pc.dirs: FORCE
	@mkdir -p $(@D)
	@echo '$(PC_DIRS)' | cmp -s - $@ || echo '$(PC_DIRS)' >$@

$(B)/libcapfilter.pc: preload/libcapfilter.pc.in $(B)/gen/libcapfilter.pc.dirs
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    $< >$@

$(B)/libcapfilter-uninstalled.pc: preload/libcapfilter.pc.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(CURDIR)|g' -e 's|@LIBDIR@|$(abspath $(B))|g' \
	    -e 's|@INCLUDEDIR@|$(CURDIR)/preload|g' -e 's|@VERSION@|$(VERSION)|g' \
	    $< >$@

# The API test links the shared library, as an embedding program would.
$(B)/tests/test_api: tests/test_api.c $(TESTLIB_OBJ) $(CAPFILTER) | $(CRITERION_DEP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CRITERION_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(TESTLIB_OBJ) -L$(B) -lcapfilter -Wl,-rpath,$(abspath $(B)) \
		$(CRITERION_LIBS)

# Small programs the preload tests run.  libthreadctor.so starts a thread
# from its constructor, before the preload's constructor runs.
HELPER_SRC := $(filter-out tests/helpers/lib%.c,$(sort $(wildcard tests/helpers/*.c)))
HELPER_LIB := $(patsubst tests/helpers/%.c,$(B)/tests/helpers/%.so,\
                $(sort $(wildcard tests/helpers/lib*.c)))
HELPER_BIN := $(HELPER_SRC:tests/helpers/%.c=$(B)/tests/helpers/%) $(HELPER_LIB)

$(B)/tests/helpers/lib%.so: tests/helpers/lib%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -shared -pthread -o $@ $<

$(B)/tests/helpers/threads: tests/helpers/threads.c $(B)/tests/helpers/libthreadctor.so
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $< \
		-L$(B)/tests/helpers -Wl,--no-as-needed -lthreadctor \
		-Wl,-rpath,'$$ORIGIN'

# The shell tests' door to the suite's kernel probes (tests/lib/kernel.c).
$(B)/tests/helpers/kernel_has: tests/helpers/kernel_has.c $(TESTLIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS) $(LDFLAGS) -o $@ $< $(TESTLIB_OBJ)

# The forger of tests/cli/test_cache_trust.sh writes entries with the
# cache's own format code, so it links the library.
$(B)/tests/helpers/cache_forge: tests/helpers/cache_forge.c $(LIBSECCAP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBSECCAP) $(LIBS)

$(B)/tests/helpers/%: tests/helpers/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

all: $(CAPFILTER) $(CAPFILTER_PC)
check: $(HELPER_BIN)

# ---- show/apply tests: a static build of tests/helpers/apply_try.c ---------
# (the dynamic one comes from the helper rule above).  It shows that the
# filter `seccap apply` loads confines static binaries, which a preload
# cannot.  Only where the C library has a static form (libc6-dev's libc.a);
# the apply test skips it otherwise.
APPLY_STATIC_OK := $(shell printf 'int main(void){return 0;}\n' | \
                     $(CC) -static -x c -o /dev/null - 2>/dev/null && echo yes)
$(B)/tests/helpers/apply_try_static: tests/helpers/apply_try.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -O2 -g -Wall -Wextra $(WERROR_FLAG) -static -o $@ $<
ifeq ($(APPLY_STATIC_OK),yes)
check: $(B)/tests/helpers/apply_try_static
endif

# ---- install, static (issue 7) ----------------------------------------------
# `make static`: build/static/seccap for minimal images and empty roots, the
# launcher linked fully statically against glibc's libc.a and Debian's .a
# files of libseccomp, libcap, inih and json-c.  --fatal-warnings turns
# glibc's "requires at runtime the shared libraries" warnings (getpwnam, NSS,
# dlopen, iconv) into errors: the binary must never reach for a libc.so.
STATIC_SECCAP := $(B)/static/seccap
STATIC_LDLIBS := $(shell $(PKG_CONFIG) --static --libs $(PKGS))
STATIC_MISSING := $(call missing_a,c seccomp cap inih json-c)

static: $(STATIC_SECCAP)

$(STATIC_SECCAP): $(LAUNCHER_OBJ) $(LIBSECCAP)
	@if [ -n '$(SANITIZE)' ]; then \
	    echo 'make static: sanitizer builds cannot be linked statically; build without SANITIZE' >&2; \
	    exit 1; fi
	@if [ -n '$(STATIC_MISSING)' ]; then \
	    echo 'make static: no static library $(STATIC_MISSING); install libc6-dev libseccomp-dev libcap-dev libinih-dev libjson-c-dev' >&2; \
	    exit 1; fi
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -static -Wl,--fatal-warnings -o $@ $(LAUNCHER_OBJ) \
		$(LIBSECCAP) $(STATIC_LDLIBS)

# tests/cli/test_static.sh runs it in a chroot; it skips without the .a files.
ifeq ($(STATIC_MISSING)$(SANITIZE),)
check: $(STATIC_SECCAP)
endif

# `make install` / `make uninstall` (DESTDIR for staging, as packagers use
# it).  Applet links are relative, so the tree can be moved; nothing is
# setuid; each applet link has a manual page link to seccap.1 beside it.
# The .pc is written here from its template with this PREFIX, so
# `make install PREFIX=/usr` after a plain `make` cannot carry /usr/local.
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
PROFILEDIR   ?= $(DATADIR)/seccap/profiles
BASHCOMPDIR  ?= $(DATADIR)/bash-completion/completions
INSTALL_PROG ?= install

APPLETS       := $(shell sed -n 's/^[[:space:]]*APPLET.\([a-z0-9_]*\),.*/\1/p' \
                   launcher/applets.h)
MANPAGES      := launcher/seccap.1 conf/seccap-profile.5 preload/libcapfilter.8
PROFILES      := $(sort $(wildcard contrib/profiles/*.ini))
BASHCOMP      := contrib/bash-completion/seccap

install: $(SECCAP) $(CAPFILTER_REAL) preload/seccap.h preload/libcapfilter.pc.in \
         $(MANPAGES) $(PROFILES) $(BASHCOMP)
	$(INSTALL_PROG) -d '$(DESTDIR)$(BINDIR)' '$(DESTDIR)$(LIBDIR)' \
		'$(DESTDIR)$(PKGCONFIGDIR)' '$(DESTDIR)$(INCLUDEDIR)' \
		'$(DESTDIR)$(MANDIR)/man1' '$(DESTDIR)$(MANDIR)/man5' \
		'$(DESTDIR)$(MANDIR)/man8' '$(DESTDIR)$(PROFILEDIR)' \
		'$(DESTDIR)$(BASHCOMPDIR)'
	$(INSTALL_PROG) -m 755 $(SECCAP) '$(DESTDIR)$(BINDIR)/seccap'
	for a in $(APPLETS); do \
	    ln -sfn seccap '$(DESTDIR)$(BINDIR)'/seccap-$$a || exit 1; done
	$(INSTALL_PROG) -m 755 $(CAPFILTER_REAL) '$(DESTDIR)$(LIBDIR)/'
	ln -sfn $(notdir $(CAPFILTER_REAL)) '$(DESTDIR)$(LIBDIR)/$(CAPFILTER_SONAME)'
	ln -sfn $(CAPFILTER_SONAME) '$(DESTDIR)$(LIBDIR)/libcapfilter.so'
	$(INSTALL_PROG) -m 644 preload/seccap.h '$(DESTDIR)$(INCLUDEDIR)/seccap.h'
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	    -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
	    preload/libcapfilter.pc.in >'$(DESTDIR)$(PKGCONFIGDIR)/libcapfilter.pc'
	chmod 644 '$(DESTDIR)$(PKGCONFIGDIR)/libcapfilter.pc'
	$(INSTALL_PROG) -m 644 launcher/seccap.1 '$(DESTDIR)$(MANDIR)/man1/'
	for a in $(APPLETS); do \
	    ln -sfn seccap.1 '$(DESTDIR)$(MANDIR)/man1'/seccap-$$a.1 || exit 1; done
	$(INSTALL_PROG) -m 644 conf/seccap-profile.5 '$(DESTDIR)$(MANDIR)/man5/'
	$(INSTALL_PROG) -m 644 preload/libcapfilter.8 '$(DESTDIR)$(MANDIR)/man8/'
	$(if $(PROFILES),$(INSTALL_PROG) -m 644 $(PROFILES) '$(DESTDIR)$(PROFILEDIR)/')
	$(INSTALL_PROG) -m 644 $(BASHCOMP) '$(DESTDIR)$(BASHCOMPDIR)/seccap'
	for a in $(APPLETS); do \
	    ln -sfn seccap '$(DESTDIR)$(BASHCOMPDIR)'/seccap-$$a || exit 1; done
	@if [ -z '$(DESTDIR)' ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
	    echo ldconfig; ldconfig || echo 'make install: ldconfig failed; run it before linking -lcapfilter' >&2; fi

# Exactly what install wrote; of the directories only seccap's own, and
# only when they are empty.
uninstall:
	rm -f '$(DESTDIR)$(BINDIR)/seccap' \
	    $(foreach a,$(APPLETS),'$(DESTDIR)$(BINDIR)/seccap-$(a)') \
	    '$(DESTDIR)$(LIBDIR)/$(notdir $(CAPFILTER_REAL))' \
	    '$(DESTDIR)$(LIBDIR)/$(CAPFILTER_SONAME)' \
	    '$(DESTDIR)$(LIBDIR)/libcapfilter.so' \
	    '$(DESTDIR)$(INCLUDEDIR)/seccap.h' \
	    '$(DESTDIR)$(PKGCONFIGDIR)/libcapfilter.pc' \
	    '$(DESTDIR)$(MANDIR)/man1/seccap.1' \
	    $(foreach a,$(APPLETS),'$(DESTDIR)$(MANDIR)/man1/seccap-$(a).1') \
	    '$(DESTDIR)$(MANDIR)/man5/seccap-profile.5' \
	    '$(DESTDIR)$(MANDIR)/man8/libcapfilter.8' \
	    $(foreach p,$(notdir $(PROFILES)),'$(DESTDIR)$(PROFILEDIR)/$(p)') \
	    '$(DESTDIR)$(BASHCOMPDIR)/seccap' \
	    $(foreach a,$(APPLETS),'$(DESTDIR)$(BASHCOMPDIR)/seccap-$(a)')
	@for d in '$(DESTDIR)$(PROFILEDIR)' '$(DESTDIR)$(DATADIR)/seccap'; do \
	    if [ -d "$$d" ] && rmdir "$$d" 2>/dev/null; then echo "rmdir $$d"; fi; done

# `make deb`: the Debian packages seccap, libcapfilter0 and libcapfilter-dev
# in $(B)/deb, built by dpkg-buildpackage from a staged copy of the tree
# with contrib/debian as its debian/ (contrib/debian/README.source), then
# checked by lintian.  DEB_FLAGS go to dpkg-buildpackage (-a arm64).
deb:
	sh contrib/build-deb.sh $(B)/deb $(VERSION) $(DEB_FLAGS)

# `make profiles`: regenerate contrib/profiles/*.ini from their sources with
# the seccap just built (tests/cli/test_contrib.sh checks they are current).
profiles: $(SECCAP)
	sh contrib/gen-profiles.sh $(SECCAP) contrib/profiles

.PHONY: static profiles deb

# ---- the self-check's planted defect (tests/cli/test_verify.sh) -------------
# seccap with conf/pipeline.c built with SECCAP_TEST_HOOKS: under
# SECCAP_TEST_BREAK_ALLOW it breaks every program it compiles, so the tests
# can watch show --verify, check and apply refuse it.  Never installed.
HOOKED_SECCAP := $(B)/tests/seccap-hooked
$(B)/tests/hooked/pipeline.o: conf/pipeline.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DSECCAP_TEST_HOOKS $(CFLAGS) -MMD -MP -c -o $@ $<
$(HOOKED_SECCAP): $(LAUNCHER_OBJ) $(B)/tests/hooked/pipeline.o $(LIBSECCAP)
	$(CC) $(LDFLAGS) -o $@ $(LAUNCHER_OBJ) $(B)/tests/hooked/pipeline.o \
		$(LIBSECCAP) $(LIBS)
check: $(HOOKED_SECCAP)

# ---- bench (issues 6, 13) ---------------------------------------------------
# `make bench`: filter path, per-syscall cost, startup and scale, each
# configuration timed beside its reference in one interleaved run, printed as
# one table and written to tests/bench/RESULTS.md.  Not part of `make check`:
# speed targets live in benchmarks, never in timed tests.  `make check` runs
# the same programs with SECCAP_BENCH_RUNS=1 (tests/cli/test_bench.sh): every
# row printed, no speed asserted.
BENCH_DIR  := tests/bench
BENCH_SRC  := $(filter-out $(BENCH_DIR)/common.c $(BENCH_DIR)/minimal_loader.c,\
                $(sort $(wildcard $(BENCH_DIR)/*.c)))
BENCH_BIN  := $(BENCH_SRC:$(BENCH_DIR)/%.c=$(B)/$(BENCH_DIR)/%)
BENCH_LIBS := $(LIBSECCAP) $(LIBS)
# The same preload linked with its libraries' .a files, an empty preload (how
# much of the start-up cost is loading shared libraries at all) and the
# smallest loader of a raw program (what `seccap apply` is measured against).
BENCH_AUX  := $(B)/$(BENCH_DIR)/empty.so $(B)/$(BENCH_DIR)/minimal_loader
BENCH_STATIC := $(B)/$(BENCH_DIR)/libcapfilter-static.so

$(B)/$(BENCH_DIR)/%: $(BENCH_DIR)/%.c $(BENCH_DIR)/common.c $(BENCH_DIR)/common.h \
                     $(TESTLIB_OBJ) $(LIBSECCAP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests -I$(BENCH_DIR) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(BENCH_DIR)/common.c $(BENCH_LIBS)

# libc only: the reference must not carry seccap's libraries.
$(B)/$(BENCH_DIR)/minimal_loader: $(BENCH_DIR)/minimal_loader.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $<

$(B)/$(BENCH_DIR)/libcapfilter-static.so: $(PRELOAD_OBJ) $(LIBSECCAP) preload/libcapfilter.map
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -shared -Wl,--version-script=preload/libcapfilter.map \
		-Wl,-z,defs -Wl,-z,relro -Wl,-z,now -o $@ $(PRELOAD_OBJ) \
		$(LIBSECCAP) -Wl,-Bstatic -lseccomp -linih -ljson-c -lcap \
		-Wl,-Bdynamic
$(B)/$(BENCH_DIR)/empty.so:
	@mkdir -p $(@D)
	printf '' | $(CC) -shared -x c -o $@ -

bench: $(SECCAP) $(CAPFILTER) $(BENCH_BIN) $(BENCH_AUX) $(BENCH_STATIC)
	bash $(BENCH_DIR)/run.sh $(B)
check: $(BENCH_BIN) $(BENCH_AUX)
# Without the .a files the smoke test prints that row as not built.
ifeq ($(STATIC_MISSING)$(SANITIZE),)
check: $(BENCH_STATIC)
endif

.PHONY: bench

# ---- check-cross (issue 17) ---------------------------------------------------
# `make check-cross ARCH=arm64`: the cross build (B=build/TRIPLET) and the
# native one, then tests/cross/test_arch.sh runs the cross-built seccap
# under $(RUN_BUILD_TOOL) and compares it with the native one, and the
# cross-built Criterion binaries run under the same qemu, through
# binfmt_misc (tests/cross/binfmt.sh: Criterion re-executes itself for
# each test).  Needs the cross toolchain, the :ARCH -dev packages and
# qemu-user-static (INSTALL, "Cross builds").
# The unit tests that run there: those that load no filter and hold on
# any native arch.  Left out: those that load filters in children
# (CROSS_UNITS_FILTERS; test_cache and test_capset also chown to and
# switch to other users, whom the private user namespace of
# tests/cross/binfmt.sh does not map) and test_compile, whose cases also
# run x86_64 calls against programs compiled for the native arch.
CROSS_UNITS := test_audit test_builtin test_decide test_differential \
               test_fuzz_regress test_ini test_io test_json test_names \
               test_record test_resolve test_text test_validate test_verify
CROSS_UNITS_FILTERS := test_api test_apply test_livefilter
check-cross:
	@if [ -z '$(CROSS)' ]; then \
	    echo 'make check-cross: give ARCH=arm64 (or CROSS=TRIPLET)' >&2; exit 2; fi
	@why=$$(sh tests/cross/missing.sh '$(CROSS)' '$(QEMU)'); \
	if [ -n "$$why" ]; then echo "make check-cross: $$why" >&2; exit 1; fi
	$(MAKE) --no-print-directory all $(CROSS_UNITS:%=$(B)/tests/%) \
	    $(B)/tests/helpers/kernel_has
	env -u MAKEFLAGS $(MAKE) --no-print-directory B=build CROSS= all
	@rc=0; SECCAP_BUILD=$(B) SECCAP_NATIVE=build SECCAP_QEMU='$(RUN_BUILD_TOOL)' \
	    SECCAP_ARCH=$(or $(ARCH),$(firstword $(subst -, ,$(CROSS)))) \
	    bash tests/cross/test_arch.sh || rc=1; \
	echo '== the Criterion unit tests under $(QEMU) (binfmt_misc)'; \
	for t in $(CROSS_UNITS_FILTERS); do \
	    echo "skip $$t: it loads filters, which qemu-user does not emulate"; done; \
	echo 'skip test_cache and test_capset: they load filters, and chown to or switch to users the namespace of tests/cross/binfmt.sh does not map'; \
	echo 'skip test_compile: it loads filters, and runs x86_64 calls against programs compiled for the native arch'; \
	sh tests/cross/binfmt.sh '$(QEMU)' $(SECCAP) \
	    bash tests/run-tests.sh $(B) --units $(CROSS_UNITS); s=$$?; \
	if [ $$s -eq 77 ]; then echo 'skip the Criterion unit tests under qemu (see above)'; \
	elif [ $$s -ne 0 ]; then rc=1; fi; exit $$rc

# check-extra's step: check-cross where its packages are installed (CI:
# contrib/install-deps.sh), else a skip that names what is missing.  Not on
# an arm64 machine, where `make check` runs the suite itself.
check-cross-if-installed:
	@if [ "$$(uname -m)" = '$(firstword $(subst -, ,$(CROSS)))' ]; then \
	    echo 'skip check-cross ARCH=$(ARCH): this machine is $(ARCH); make check runs the suite here'; \
	elif why=$$(sh tests/cross/missing.sh '$(CROSS)' '$(QEMU)') && [ -n "$$why" ]; then \
	    echo "skip check-cross ARCH=$(ARCH): $$why"; \
	else $(MAKE) --no-print-directory check-cross; fi

.PHONY: check-cross check-cross-if-installed

# ---- fuzz, sanitizers, analysis (issue 5) ----------------------------------
# The differential checker's oracle (tests/oracle.c) and the fuzz targets as
# plain functions (tests/fuzz/targets.c) link into the tests that use them.
ORACLE_OBJ   := $(B)/tests/oracle.o $(B)/tests/fuzz/targets.o
ORACLE_TESTS := $(B)/tests/test_differential $(B)/tests/test_livefilter \
                $(B)/tests/test_fuzz_regress $(B)/tests/test_apply \
                $(B)/tests/test_record
$(ORACLE_OBJ): CPPFLAGS += -Itests
$(ORACLE_TESTS): $(B)/tests/%: tests/%.c $(ORACLE_OBJ) $(TESTLIB_OBJ) $(LIBSECCAP) | $(CRITERION_DEP)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Itests $(CRITERION_CFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< \
		$(ORACLE_OBJ) $(TESTLIB_OBJ) $(LIBSECCAP) $(LIBS) $(CRITERION_LIBS)

# `make fuzz`: libFuzzer targets for the INI reader, the JSON reader,
# read -> validate -> resolve -> compile, and rule sets of the shapes
# libseccomp 2.5.4 gets wrong (rules), and the audit log reader of `seccap
# why --audit` (audit), built with clang, ASan and UBSan
# (objects of their own under build/fuzz), each run for FUZZ_SECONDS from
# the seed corpora; any finding fails.  tests/fuzz/run.sh says what to do
# with a crasher (keep it in tests/fuzz/regress/).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_B       := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_CFLAGS  := -O1 -g -std=gnu11 $(FUZZ_SAN) -fsanitize=fuzzer-no-link
FUZZ_NAMES   := ini json compile rules audit
FUZZ_BIN     := $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz_%)
FUZZ_OBJ     := $(CONF_SRC:%.c=$(FUZZ_B)/%.o) $(FUZZ_B)/tests/oracle.o \
                $(FUZZ_B)/tests/fuzz/targets.o $(FUZZ_B)/builtin_default.o

$(FUZZ_B)/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(CPPFLAGS) -Itests $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZ_B)/conf/default_profile.o: $(DEFAULT_PROFILE) $(B)/gen/default_profile.path
$(FUZZ_B)/conf/default_profile.o: CPPFLAGS += $(DEFAULT_PROFILE_DEFS)
$(FUZZ_B)/conf/cache.o $(FUZZ_B)/conf/pipeline.o: $(B)/gen/cache_defs
$(FUZZ_B)/conf/cache.o $(FUZZ_B)/conf/pipeline.o: CPPFLAGS += $(CACHE_DEFS)
$(FUZZ_B)/builtin_default.o: $(BUILTIN_C)
	$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<
$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ)
	$(FUZZ_CC) $(CPPFLAGS) -Itests/fuzz $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< $(FUZZ_OBJ) $(LIBS)

# Kept between runs (make would delete them as intermediates).
.SECONDARY: $(FUZZ_OBJ)

fuzz-build: $(FUZZ_BIN)
fuzz: $(FUZZ_BIN)
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_B) $(FUZZ_NAMES)

.PHONY: fuzz fuzz-build

# `make check-extra` (joins `make check` in CI or with SECCAP_CHECK_EXTRA=1): the whole
# suite built with ASan and UBSan in a build tree of its own
# (SAN_B, so the plain build is left alone), the fuzzers for FUZZ_SECONDS
# each, seccap under valgrind, the linters, the Debian packages (built
# and checked by lintian, tests/cli/test_deb.sh) and the arm64 cross build
# under qemu-user (check-cross; about 3 minutes, run beside valgrind, the
# linters and the packages, which leave a CPU free, to keep CI within its
# 30 minutes; its output is printed after them).  Every step runs; it fails
# if any did.  SECCAP_NO_EXTRA=1 keeps the inner `make check` from recursing.
SAN_B ?= $(B)/san
# The sanitizer build uses every CPU unless make was given -j already.
EXTRA_J := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 2))
check-extra: all
	@rc=0; \
	echo '== check-extra: the suite with ASan and UBSan ($(SAN_B))'; \
	$(MAKE) --no-print-directory $(EXTRA_J) check \
		SANITIZE=address,undefined B=$(SAN_B) SECCAP_NO_EXTRA=1 || rc=1; \
	echo '== check-extra: fuzzing, $(FUZZ_SECONDS)s per target'; \
	$(MAKE) --no-print-directory fuzz SECCAP_NO_EXTRA=1 || rc=1; \
	echo '== check-extra: arm64 under qemu-user, beside the next three steps'; \
	{ $(MAKE) --no-print-directory check-cross-if-installed ARCH=arm64 \
		SECCAP_NO_EXTRA=1 >$(B)/check-cross.log 2>&1; } & cross=$$!; \
	echo '== check-extra: valgrind'; \
	SECCAP_EXTRA=1 SECCAP_BUILD=$(B) bash tests/cli/test_valgrind.sh || rc=1; \
	echo '== check-extra: cppcheck, clang-tidy'; \
	SECCAP_EXTRA=1 SECCAP_BUILD=$(B) bash tests/cli/test_analysis.sh || rc=1; \
	echo '== check-extra: the Debian packages (make deb, lintian)'; \
	SECCAP_EXTRA=1 SECCAP_BUILD=$(B) bash tests/cli/test_deb.sh || rc=1; \
	echo '== check-extra: arm64 under qemu-user (make check-cross ARCH=arm64)'; \
	wait $$cross || rc=1; cat $(B)/check-cross.log; \
	if [ $$rc -ne 0 ]; then echo 'check-extra: FAILED (see above)'; exit 1; fi; \
	echo 'check-extra: all passed'

.PHONY: check-extra

.PHONY: FORCE
FORCE:

# (Not those of the build trees inside it: the package build's under
# $(B)/deb, the cross builds' under $(B)/TRIPLET.)
-include $(shell find $(B) \( -path '$(B)/deb' -o -path '$(B)/*-linux-*' \) -prune \
                   -o -name '*.d' -print 2>/dev/null)
