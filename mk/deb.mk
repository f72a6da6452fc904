# The Debian package (debian/), included by the Makefile.
#
#   make deb        build/deb/ffcert_<version>_<arch>.deb (+ .changes, .buildinfo, -dbgsym)
#   make deb-lint   lintian on that .deb and .changes; fails on any error or warning
#
# dpkg-buildpackage writes its results into the parent folder of the tree it builds.
# So `make deb` copies the tree's files (what git tracks plus new, not ignored files,
# i.e. the work tree as it is) into build/deb/src/ffcert-<version>/, builds there, and
# moves the results up into build/deb/. Nothing is written outside build/, and the
# copy is clean by construction (no build/, no earlier debian/ffcert/).
#
# The .deb is a real file target: it is rebuilt only when a file that goes into the
# package changed, so tests/integration/package.sh and fleet.sh build it once per
# `make check` and reuse it after that.

BUILD ?= build
DEB_DIR := $(BUILD)/deb
DEB_VERSION := $(shell dpkg-parsechangelog -l debian/changelog -S Version 2>/dev/null)
DEB_ARCH := $(shell dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null)
DEB_FILE := $(DEB_DIR)/ffcert_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_CHANGES := $(DEB_DIR)/ffcert_$(DEB_VERSION)_$(DEB_ARCH).changes
# What goes into the package: the sources (src/LAYER/*.c with their headers beside
# them), the translations, the catalogue, the man pages and docs, the completion,
# debian/.
DEB_INPUTS := $(wildcard Makefile mk/deb.mk src/*/*.c src/*/*.h po/*.po \
    share/ffcert/catalog.ini share/ffcert/certs/*.pem doc/ffcert.1 doc/ja/ffcert.1 \
    README.md doc/*.md \
    completions/* debian/* debian/source/*)

.PHONY: deb deb-lint deb-clean
deb: $(DEB_FILE)

# scripts/deps.sh installs what is missing: the build's own packages and debhelper,
# dpkg-dev, fakeroot and lintian.
$(DEB_FILE): $(DEB_INPUTS)
	@scripts/deps.sh
	@test "$(DEB_VERSION)" = "$(VERSION)" || { echo "deb: debian/changelog says \
	$(DEB_VERSION), the Makefile's VERSION is $(VERSION): add a changelog entry \
	(dch -v $(VERSION))" >&2; exit 1; }
	@rm -rf $(DEB_DIR)/src && mkdir -p $(DEB_DIR)/src/ffcert-$(DEB_VERSION)
	@echo "  COPY    tree -> $(DEB_DIR)/src/ffcert-$(DEB_VERSION)"
	$(Q)if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	    git ls-files -z -c -o --exclude-standard -- . ':!$(BUILD)' ':!debian/ffcert' | \
	        xargs -0 sh -c 'for f; do [ -e "$$f" ] && printf "%s\0" "$$f"; done' sh | \
	        tar --null -T - -cf - ; \
	else \
	    tar --exclude=./$(BUILD) --exclude=./.git --exclude=./debian/ffcert -cf - . ; \
	fi | tar -xf - -C $(DEB_DIR)/src/ffcert-$(DEB_VERSION)
	@echo "  DPKG    dpkg-buildpackage -us -uc -b (log: $(DEB_DIR)/build.log)"
	$(Q)cd $(DEB_DIR)/src/ffcert-$(DEB_VERSION) && \
	    dpkg-buildpackage -us -uc -b >../../build.log 2>&1 || \
	    { tail -30 ../../build.log >&2; echo "deb: dpkg-buildpackage failed, see \
	    $(DEB_DIR)/build.log" >&2; exit 1; }
	$(Q)rm -f $(DEB_DIR)/*.deb $(DEB_DIR)/*.ddeb $(DEB_DIR)/*.changes $(DEB_DIR)/*.buildinfo
	$(Q)mv $(DEB_DIR)/src/*.deb $(DEB_DIR)/src/*.changes $(DEB_DIR)/src/*.buildinfo $(DEB_DIR)/
	$(Q)for f in $(DEB_DIR)/src/*.ddeb; do [ ! -e "$$f" ] || mv "$$f" $(DEB_DIR)/; done
	$(Q)rm -rf $(DEB_DIR)/src
	@echo "  DEB     $@"

# lintian's verdict on the binary package and the .changes (no override is needed today;
# one would go, with its reason, in debian/ffcert.lintian-overrides).
deb-lint: $(DEB_FILE)
	lintian --fail-on error,warning --display-info --show-overrides $(DEB_CHANGES)

deb-clean:
	rm -rf $(DEB_DIR)
