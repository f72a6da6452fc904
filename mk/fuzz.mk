# libFuzzer targets for every parser of untrusted bytes (tests/fuzz/README.md),
# included by the Makefile.
#
#   make fuzz            build every target (clang, -fsanitize=fuzzer,address,undefined)
#                        and run each for FUZZ_SECONDS seconds (default 20: about 4
#                        minutes for the 10 targets, loading included), nice'd, one
#                        process at a time.
#                        New inputs: build/fuzz/corpus/NAME; crashes:
#                        build/fuzz/artifacts/NAME/. Fails if any target crashed.
#   make fuzz-build      only build them: build/fuzz/bin/fuzz_*
#   make fuzz-regress    each target once over its corpus in tests/fuzz/corpus/NAME (no
#                        mutation), one TAP line per target; fails on any crash, leak or
#                        sanitizer report. Without clang or libFuzzer it prints
#                        "SKIPPED: clang/libFuzzer missing" and a TAP "# SKIP" line, and
#                        exits 0 (tests/integration/fuzz_corpus.sh is the same for
#                        `make check`).
#   make fuzz-clean      remove build/fuzz
#   FUZZ_ONLY="fuzz_wire fuzz_pem" limits fuzz and fuzz-regress to those targets.
#
# The library sources are compiled here with clang and the sanitizers into build/fuzz/obj
# (build/obj is gcc's, without instrumentation). Testable before the Makefile includes
# it: make -f Makefile -f mk/fuzz.mk fuzz

ifndef FFCERT_FUZZ_MK
FFCERT_FUZZ_MK := 1

BUILD ?= build
VERSION ?= 0
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 20
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_PKGS := nss nspr libcurl jansson sqlite3
# Deferred: pkg-config runs only when a fuzz rule is used.
FUZZ_PKG_CFLAGS = $(shell pkg-config --cflags $(FUZZ_PKGS))
FUZZ_PKG_LIBS = $(shell pkg-config --libs $(FUZZ_PKGS))
# The project's warnings, but not -Werror for the library: clang may warn where gcc,
# which the build enforces, does not; the targets themselves build with -Werror.
FUZZ_WARN := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
             -Wformat=2 -Wno-format-nonliteral
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS = $(FUZZ_WARN) -D_GNU_SOURCE -Isrc $(FUZZ_PKG_CFLAGS) -g -O1 $(FUZZ_SAN)

# The layers the parsers live in (src/*/README: none of them may use report or cli),
# and the one cli file with a parser: the password file.
FUZZ_LAYERS := util cert disc nss net core sys
FUZZ_LIB_SRC := $(foreach l,$(FUZZ_LAYERS),$(wildcard src/$(l)/*.c)) src/cli/password.c
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:src/%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_HEADERS := $(wildcard src/*/*.h)
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BINS := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/bin/%)

ifeq ($(V),1)
FUZZ_Q :=
else
FUZZ_Q := @
endif

.PHONY: fuzz fuzz-build fuzz-regress fuzz-clean fuzz-toolchain

# Refuses at once, with the packages to install, when clang cannot build a fuzzer.
fuzz-toolchain:
	@tests/fuzz/fuzz.sh toolchain >/dev/null || { echo "fuzz: $$(tests/fuzz/fuzz.sh toolchain)" >&2; exit 1; }

fuzz-build: fuzz-toolchain
	@$(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) -f mk/fuzz.mk $(FUZZ_BINS)

# Coverage instrumentation (fuzzer-no-link) for the library, libFuzzer's main at link.
$(FUZZ_DIR)/obj/%.o: src/%.c $(FUZZ_HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(FUZZ_Q),echo "  FUZZCC  $<")
	$(FUZZ_Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -DFFCERT_VERSION='"$(VERSION)"' -c -o $@ $<

$(FUZZ_DIR)/libffcert.a: $(FUZZ_LIB_OBJ)
	$(FUZZ_Q)rm -f $@ && $(AR) rcs $@ $^

$(FUZZ_DIR)/bin/%: tests/fuzz/%.c tests/fuzz/common.c tests/fuzz/fuzz.h $(FUZZ_DIR)/libffcert.a
	@mkdir -p $(dir $@)
	@$(if $(FUZZ_Q),echo "  FUZZLD  $@")
	$(FUZZ_Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -Werror -fsanitize=fuzzer -o $@ $< tests/fuzz/common.c \
	    $(FUZZ_DIR)/libffcert.a $(FUZZ_PKG_LIBS)

fuzz: fuzz-build
	@FUZZ_ONLY="$(FUZZ_ONLY)" tests/fuzz/fuzz.sh fuzz $(FUZZ_DIR)/bin $(FUZZ_SECONDS)

fuzz-regress:
	@if why=$$(tests/fuzz/fuzz.sh toolchain); then \
	    $(MAKE) --no-print-directory -f $(firstword $(MAKEFILE_LIST)) -f mk/fuzz.mk $(FUZZ_BINS) && \
	    FUZZ_ONLY="$(FUZZ_ONLY)" tests/fuzz/fuzz.sh regress $(FUZZ_DIR)/bin; \
	else \
	    echo "SKIPPED: clang/libFuzzer missing: $$why"; \
	    echo "ok 1 - fuzz corpus regression # SKIP clang/libFuzzer missing: $$why"; \
	    echo "1..1"; \
	fi

fuzz-clean:
	rm -rf $(FUZZ_DIR)

endif
