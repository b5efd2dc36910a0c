# logsift: one flat, non-recursive Makefile (sub-makes only switch variant).
#
#   make demo    install missing Debian packages, build, run the pipeline on fixtures/
#   make check   install missing Debian packages, build, run unit + e2e tests,
#                then the same under ASan+UBSan, then e2e under valgrind, then
#                the HTML report in headless Chromium
#   make bench   throughput and peak-RSS benchmarks (writes data under bench/data/)
#
# Objects go to build/<variant>/ so the sanitizer build never mixes with the
# normal one; user CFLAGS/LDFLAGS are kept (ALL_CFLAGS adds to them).

VERSION    = 0.1.0
PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/logsift
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/logsift
DATADIR    ?= $(PREFIX)/share/logsift
COMPDIR    ?= $(PREFIX)/share/bash-completion/completions
CFLAGS     ?= -O2 -g

ifeq ($(FUZZ),1)
# libFuzzer's build (make fuzz): clang, coverage for the fuzzer, ASan+UBSan
CC       = clang
BUILD   ?= build/fuzz-clang
BINOUT  ?= $(BUILD)/bin
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
# lib/crs.c checks every text rxneed rules out against PCRE2 (aborts if it matches)
CHECKS   = -DCRS_VERIFY_RXNEED
else ifeq ($(SANITIZE),1)
BUILD   ?= build/asan
BINOUT  ?= $(BUILD)/bin
# float-cast-overflow: gcc leaves it out of "undefined" (clang has it), and a
# double cast to an integer it cannot hold is how forged figures go wrong
SANFLAGS = -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
CHECKS   = -DCRS_VERIFY_RXNEED
else
BUILD   ?= build/release
BINOUT  ?= bin
SANFLAGS =
endif

# libpq: the PostgreSQL store (lib/pgstore.c, docs/postgresql.md), linked
# only into the programs that use it: it brings TLS, Kerberos and LDAP
# libraries, 5 MiB of resident memory that ingest has no use for
PKGS        = libpcre2-8 yajl zlib
PC_CFLAGS  := $(shell $(PKG_CONFIG) --cflags $(PKGS) libpq cmocka 2>/dev/null)
PC_LIBS    := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
PQ_LIBS    := $(shell $(PKG_CONFIG) --libs libpq 2>/dev/null)
LIBS_analyze = $(PQ_LIBS)
LIBS_report  = $(PQ_LIBS)
CMOCKA_LIBS:= $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARN = -std=c11 -Wall -Wextra -Werror -Wshadow -Wconversion -Wvla \
       -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith
DEFS = -D_XOPEN_SOURCE=700 -DPCRE2_CODE_UNIT_WIDTH=8 \
       -DLOGSIFT_VERSION='"$(VERSION)"'
ALL_CFLAGS  = $(WARN) $(DEFS) $(CHECKS) -pthread -Ilib $(PC_CFLAGS) $(SANFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)

LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/default_rules.o
LIBA     = $(BUILD)/liblogsift.a
PROGS    = ingest analyze report
BINS     = $(PROGS:%=$(BINOUT)/%)
TEST_SRC = $(wildcard tests/test_*.c)
TESTS    = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
TESTUTIL = $(BUILD)/tests/testutil.o
BENCHES  = $(BUILD)/bench/linebench
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES = $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
REPLAYS  = $(FUZZ_NAMES:%=$(BUILD)/fuzz/replay_%)
FUZZ_S  ?= 60
JSONPP   = $(BUILD)/tests/jsonpp

.PHONY: all check test unit e2e pg-test crs-corpus fuzz fuzz-replay deb install-test valgrind browser rules-corpus demo deps deps-test bench install uninstall clean asan
.DEFAULT_GOAL := all
.SECONDARY: # keep intermediate objects (tests, benches): no rebuilds, no rm noise

all: $(BINS) $(BENCHES)

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

# Each program is its main.c plus an archive of the rest of its folder;
# the tests link the archives, so every module is testable without main.
objs_of = $(patsubst %.c,$(BUILD)/%.o,$(filter-out $(1)/main.c,$(wildcard $(1)/*.c)))
PROG_LIBS = $(PROGS:%=$(BUILD)/lib%.a)
define prog_rule
$(BUILD)/lib$(1).a: $(call objs_of,$(1))
	@mkdir -p $$(@D)
	rm -f $$@
	$$(AR) rcs $$@ $$^
$(BINOUT)/$(1): $(BUILD)/$(1)/main.o $(BUILD)/lib$(1).a $(LIBA)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_$(1)) $$(PC_LIBS) -lm
endef
$(foreach p,$(PROGS),$(eval $(call prog_rule,$(p))))

# the default rules, compiled into lib from rules/default.rules
$(BUILD)/gen/default_rules.c: rules/default.rules scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh $< default_rules >$@
$(BUILD)/gen/default_rules.o: $(BUILD)/gen/default_rules.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# the report's stylesheet, compiled into report from report/report.css
$(BUILD)/gen/report_css.c: report/report.css scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh $< report_css >$@
$(BUILD)/gen/report_css.o: $(BUILD)/gen/report_css.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
$(BUILD)/libreport.a: $(BUILD)/gen/report_css.o

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(TESTUTIL) $(PROG_LIBS) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CMOCKA_LIBS) $(PQ_LIBS) $(PC_LIBS) -lm

# fuzz targets: under gcc, each linked with replay.c and run over its corpus
# by make check (the build of every variant keeps them from rotting)
$(BUILD)/fuzz/replay_%: $(BUILD)/tests/fuzz/fuzz_%.o $(BUILD)/tests/fuzz/replay.o $(PROG_LIBS) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PC_LIBS) -lm

# under clang with libFuzzer (FUZZ=1)
$(BUILD)/fuzz/fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o $(PROG_LIBS) $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(PC_LIBS) -lm

# the test suite's JSON pretty-printer (goldens of single-line JSON)
$(JSONPP): $(BUILD)/tests/jsonpp.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PC_LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PC_LIBS) -lm

# --- tests ---------------------------------------------------------------

check: deps-test
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory SANITIZE=1 test
	@$(MAKE) --no-print-directory valgrind
	@$(MAKE) --no-print-directory browser
	@$(MAKE) --no-print-directory install-test
	@$(MAKE) --no-print-directory rules-corpus
	@$(MAKE) --no-print-directory crs-corpus
	@$(MAKE) --no-print-directory fuzz FUZZ_S=5

asan:
	@$(MAKE) --no-print-directory SANITIZE=1 test

test: unit e2e fuzz-replay pg-test

# the PostgreSQL store against a throwaway server (tests/pg/server.sh)
pg-test: $(BINS)
	@LC_ALL=C sh tests/pg/store.sh $(BINOUT)

fuzz-replay: $(REPLAYS)
	@set -e; for n in $(FUZZ_NAMES); do $(BUILD)/fuzz/replay_$$n tests/fuzz/corpus/$$n; done

# libFuzzer (clang, ASan+UBSan): every target FUZZ_S seconds (default 60)
# from its corpus; new inputs go to build/fuzz-clang/corpus/NAME, crashes
# to build/fuzz-clang/crash-NAME-*.  FUZZ_S=5 is the short pass make check
# runs.  See tests/fuzz/README.md for long runs.
fuzz:
	@sh tests/fuzz/run.sh "$(FUZZ_S)" $(FUZZ_NAMES)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; LC_ALL=C $$t; done

e2e: $(BINS) $(JSONPP)
	@LC_ALL=C JSONPP=$(JSONPP) sh tests/e2e.sh $(BINOUT)

browser: $(BINS)
	@sh tests/browser.sh $(BINOUT)

install-test: $(BINS)
	@sh tests/install.sh
	@sh tests/readme.sh $(BINOUT)

rules-corpus: $(BINS)
	@sh tests/rules-corpus.sh $(BINOUT)
	@sh tests/auth-corpus.sh $(BINOUT)

# the rules against an independent reference: CRS's regression tests; and
# ingest --crs beside libmodsecurity, the engine the CRS is written for
MODSEC = $(BUILD)/tests/modsec_verdict
crs-corpus: $(BINS) $(MODSEC)
	@sh tests/crs-corpus.sh $(BINOUT)
	@sh tests/crs-reference.sh $(BINOUT) $(MODSEC)

$(MODSEC): tests/modsec_verdict.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags modsecurity 2>/dev/null) -o $@ $< \
		$(ALL_LDFLAGS) $(shell $(PKG_CONFIG) --libs modsecurity 2>/dev/null)

valgrind: $(BINS) $(JSONPP)
	@if command -v valgrind >/dev/null 2>&1; then \
		LC_ALL=C JSONPP=$(JSONPP) VALGRIND=1 sh tests/e2e.sh $(BINOUT) && \
		LC_ALL=C VALGRIND=1 sh tests/pg/store.sh $(BINOUT); \
	else echo "valgrind not installed: skipping the leak check"; fi

# --- set-up, demo, benchmark ----------------------------------------------

deps:
	@sh scripts/deps.sh

deps-test:
	@sh scripts/deps.sh test

demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo.sh $(BINOUT)

bench: all $(JSONPP)
	@sh scripts/bench.sh $(BUILD)

# --- install ---------------------------------------------------------------

# ingest, analyze and report go to their own folder with the front command
# `logsift` on PATH, so they never clash with other programs of those
# names (README: Installing); LINKS=1 also links them into BINDIR.
install: $(BINS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)/examples/systemd \
		$(DESTDIR)$(DATADIR)/examples/logrotate $(DESTDIR)$(DATADIR)/examples/thresholds \
		$(DESTDIR)$(COMPDIR)
	install -m 755 $(BINS) $(DESTDIR)$(LIBEXECDIR)/
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' scripts/logsift.in >$(DESTDIR)$(BINDIR)/logsift
	chmod 755 $(DESTDIR)$(BINDIR)/logsift
	install -m 644 $(wildcard docs/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard docs/*.md) README.md $(DESTDIR)$(DOCDIR)/
	install -m 755 examples/nightly.sh $(DESTDIR)$(DATADIR)/examples/
	install -m 644 examples/README.md $(DESTDIR)$(DATADIR)/examples/
	install -m 644 examples/systemd/* $(DESTDIR)$(DATADIR)/examples/systemd/
	install -m 644 examples/logrotate/* $(DESTDIR)$(DATADIR)/examples/logrotate/
	install -m 644 examples/thresholds/* $(DESTDIR)$(DATADIR)/examples/thresholds/
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' scripts/completion/logsift.bash \
		>$(DESTDIR)$(COMPDIR)/logsift
	for p in $(PROGS); do ln -sf logsift $(DESTDIR)$(COMPDIR)/$$p; done
	if [ "$(LINKS)" = 1 ]; then for p in $(PROGS); do \
		ln -sf $(LIBEXECDIR)/$$p $(DESTDIR)$(BINDIR)/$$p; done; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/logsift $(PROGS:%=$(DESTDIR)$(LIBEXECDIR)/%)
	for p in $(PROGS); do [ -L $(DESTDIR)$(BINDIR)/$$p ] && rm -f $(DESTDIR)$(BINDIR)/$$p; true; done
	rm -f $(patsubst docs/%,$(DESTDIR)$(MANDIR)/man1/%,$(wildcard docs/*.1))
	rm -rf $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(COMPDIR)/logsift $(PROGS:%=$(DESTDIR)$(COMPDIR)/%)
	-rmdir $(DESTDIR)$(LIBEXECDIR)

# a Debian package of the install (PREFIX=/usr): build/logsift_VERSION_ARCH.deb
deb: $(BINS)
	@sh scripts/deb.sh $(VERSION)

clean:
	rm -rf build bin demo

-include $(shell find build -name '*.d' 2>/dev/null)
