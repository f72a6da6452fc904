# ffcert: see README.md. `make` builds build/ffcert; `make check` runs every test;
# `make demo` imports a test CA into a scratch copy of a bundled test profile.
# `check` and `demo` first install missing Debian packages (scripts/deps.sh).

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS    := nss nspr libcurl jansson sqlite3
WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS))
ALL_CFLAGS = $(WARN) -D_GNU_SOURCE -Isrc $(PKG_CFLAGS) $(CFLAGS) $(SANITIZE)
ALL_LDFLAGS = $(LDFLAGS) $(SANITIZE)

VERSION := 0.1.0
BUILD   := build
# `make install` puts everything under $(DESTDIR)$(PREFIX); the binary looks for its
# catalogue in $(PREFIX)/share/ffcert (or ../share/ffcert beside itself).
PREFIX  ?= /usr/local
DESTDIR ?=
# Quiet by default, like git and the kernel; `make V=1` shows the commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

# src/LAYER/*.c: each folder is a layer (src/*/README says what it may use).
HEADERS := $(wildcard src/*/*.h)
LIB_SRC := $(filter-out src/cli/main.c,$(wildcard src/*/*.c))
LIB_OBJ := $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/cli/main.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LINGUAS  := $(basename $(notdir $(wildcard po/*.po)))
MO_FILES := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/ffcert.mo)

.PHONY: all deps check demo bench test-build clean install uninstall pot FORCE
all: $(BUILD)/ffcert $(MO_FILES)

# Translations: po/LANG.po -> build/locale/LANG/LC_MESSAGES/ffcert.mo, where the
# binary finds them in a build tree (and $(PREFIX)/share/locale once installed).
$(BUILD)/locale/%/LC_MESSAGES/ffcert.mo: po/%.po
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MSGFMT  $<")
	$(Q)msgfmt --check -o $@ $<

# The message template, from every _(), N_() and ngettext() in the sources.
pot:
	xgettext --from-code=UTF-8 --language=C -k_ -kN_ -kngettext:1,2 -knss_error -kread_error:2 --add-comments=TRANSLATORS \
	    --package-name=ffcert --package-version=$(VERSION) --msgid-bugs-address=ffcert \
	    -o po/ffcert.pot $(sort $(wildcard src/*/*.c))

$(BUILD)/obj/%.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -DFFCERT_VERSION='"$(VERSION)"' $(OBJ_DEFS) -c -o $@ $<

# The catalogue's installed place is compiled in; the stamp changes with PREFIX, so
# `make install PREFIX=...` rebuilds catalog.o when needed.
$(BUILD)/obj/core/catalog.o: OBJ_DEFS = -DFFCERT_DATADIR='"$(PREFIX)/share/ffcert"'
$(BUILD)/obj/core/catalog.o: $(BUILD)/prefix.stamp
$(BUILD)/obj/util/i18n.o: OBJ_DEFS = -DFFCERT_LOCALEDIR='"$(PREFIX)/share/locale"'
$(BUILD)/obj/util/i18n.o: $(BUILD)/prefix.stamp
$(BUILD)/prefix.stamp: FORCE | $(BUILD)/obj
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
FORCE:

# Made anew: `ar r` would keep the objects of files since removed or moved.
$(BUILD)/libffcert.a: $(LIB_OBJ)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/ffcert: $(MAIN_OBJ) $(BUILD)/libffcert.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# The same program with the test-only hooks compiled in, for the integration tests;
# build/ffcert never has them: FFCERT_TEST_FAULT (src/nss/), FFCERT_TEST_NOW
# (src/util/util.c), FFCERT_PASSWD_FILE (--all-users' accounts from a passwd-format
# file, src/disc/users.c), FFCERT_TEST_TIME_LIMIT and FFCERT_TEST_WORKER_PAUSE (the
# worker time limit, a slow database; src/sys/worker.c). Linked before the library, these objects replace
# their plain twins.
TEST_HOOK_SRC := src/nss/store.c src/util/util.c src/disc/users.c src/sys/worker.c
TEST_HOOK_OBJ := $(TEST_HOOK_SRC:src/%.c=$(BUILD)/obj/%-faults.o)
$(BUILD)/obj/%-faults.o: src/%.c $(HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -DFFCERT_TEST_FAULTS -c -o $@ $<

$(BUILD)/tests/ffcert-faults: $(MAIN_OBJ) $(TEST_HOOK_OBJ) $(BUILD)/libffcert.a | $(BUILD)/tests
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libffcert.a $(HEADERS) | $(BUILD)/tests
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(shell pkg-config --cflags cmocka) -o $@ $< \
	    $(BUILD)/libffcert.a $(ALL_LDFLAGS) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

$(BUILD)/obj $(BUILD)/tests:
	mkdir -p $@

deps:
	@scripts/deps.sh

test-build: all $(UNIT_BIN) $(BUILD)/tests/ffcert-faults

# Sub-makes so that pkg-config runs after deps has installed the -dev packages.
check: deps
	@$(MAKE) --no-print-directory test-build
	@tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh

# Not a test: prints medians and ratios against certutil (N=1000, J=CPUs, R=3).
bench:
	@scripts/deps.sh time
	@$(MAKE) --no-print-directory all
	@bench/run.sh

# Installed files: exactly these, and `make uninstall` removes exactly these.
INST_BIN   := $(DESTDIR)$(PREFIX)/bin
INST_DATA  := $(DESTDIR)$(PREFIX)/share/ffcert
INST_MAN   := $(DESTDIR)$(PREFIX)/share/man/man1
INST_COMPL := $(DESTDIR)$(PREFIX)/share/bash-completion/completions
INST_LOCALE := $(DESTDIR)$(PREFIX)/share/locale
INST_MAN_JA := $(DESTDIR)$(PREFIX)/share/man/ja/man1
CATALOG_CERTS := $(notdir $(wildcard share/ffcert/certs/*.pem))

install: all
	install -d $(INST_BIN) $(INST_DATA)/certs $(INST_MAN) $(INST_COMPL)
	install -m 0755 $(BUILD)/ffcert $(INST_BIN)/ffcert
	install -m 0644 share/ffcert/catalog.ini $(INST_DATA)/catalog.ini
	install -m 0644 $(addprefix share/ffcert/certs/,$(CATALOG_CERTS)) $(INST_DATA)/certs/
	install -m 0644 doc/ffcert.1 $(INST_MAN)/ffcert.1
	install -m 0644 completions/ffcert.bash $(INST_COMPL)/ffcert
	for l in $(LINGUAS); do \
	    install -d $(INST_LOCALE)/$$l/LC_MESSAGES && \
	    install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/ffcert.mo $(INST_LOCALE)/$$l/LC_MESSAGES/ffcert.mo; \
	done
	if [ -f doc/ja/ffcert.1 ]; then install -d $(INST_MAN_JA) && \
	    install -m 0644 doc/ja/ffcert.1 $(INST_MAN_JA)/ffcert.1; fi

uninstall:
	rm -f $(INST_BIN)/ffcert $(INST_DATA)/catalog.ini $(INST_MAN)/ffcert.1 \
	    $(INST_COMPL)/ffcert $(addprefix $(INST_DATA)/certs/,$(CATALOG_CERTS)) \
	    $(INST_MAN_JA)/ffcert.1 $(LINGUAS:%=$(INST_LOCALE)/%/LC_MESSAGES/ffcert.mo)
	rmdir $(INST_DATA)/certs $(INST_DATA) 2>/dev/null || true

clean:
	rm -rf $(BUILD)

# The Debian package: `make deb`, `make deb-lint` (mk/deb.mk).
include mk/deb.mk

# libFuzzer targets: `make fuzz`, `make fuzz-regress` (mk/fuzz.mk, tests/fuzz/README.md).
include mk/fuzz.mk
