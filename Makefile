# salesutils — one non-recursive GNU Makefile.
#
#   make            build every command into build/bin/ (stops first, naming
#                   them, when build packages are missing: run make deps)
#   make demo       install missing packages, build, run the main reports on examples/demo
#   make check      install missing packages, make lint, build, run the whole TAP suite with prove
#   make lint       mandoc -T lint over the pages; lib/'s includes against its layer table
#   make SANITIZE=1 check   the same under ASan + UBSan (objects go to build/san/)
#   make faultcheck the full fault-injection sweep over every writer
#   make bench      generate 1,000,000 deals / 5,000,000 activities and time the reports
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall
#   make deps       install missing Debian packages (apt-get, as root or through sudo)

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC         ?= cc
CFLAGS     ?= -O2 -g
PROVE_JOBS ?= 2

ifeq ($(SANITIZE),1)
BUILD      := build/san
SANFLAGS   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD      := build
SANFLAGS   :=
endif
# BUILD may be given, relative to the tree or absolute: make check BUILD=/tmp/b
ABS_BUILD   = $(abspath $(BUILD))

# Flags from pkg-config are worked out when a recipe first uses them, not when
# this file is read: make demo/check/bench read it before deps has installed
# pkg-config and the libraries. $(call pkg,VAR,ARGS,FALLBACK) sets VAR on
# first use, so pkg-config still runs once per make, not once per command.
pkg = $(eval $1 := $$(shell $$(PKG_CONFIG) $2 2>/dev/null || echo $3))$($1)
JANSSON_CFLAGS = $(call pkg,JANSSON_CFLAGS,--cflags jansson)
JANSSON_LIBS   = $(call pkg,JANSSON_LIBS,--libs jansson,-ljansson)
# libxlsxwriter: sales-export --xlsx (lib/export.c is its only user)
XLSX_CFLAGS    = $(call pkg,XLSX_CFLAGS,--cflags xlsxwriter)
XLSX_LIBS      = $(call pkg,XLSX_LIBS,--libs xlsxwriter,-lxlsxwriter -lz)
# minizip and expat: sales-import reads .xlsx and .ods (lib/sheet.c is their only user)
SHEET_CFLAGS   = $(call pkg,SHEET_CFLAGS,--cflags minizip expat,-I/usr/include/minizip)
SHEET_LIBS     = $(call pkg,SHEET_LIBS,--libs minizip expat,-lminizip -lexpat)

ALL_CFLAGS  = -std=c11 -D_GNU_SOURCE -pthread -Wall -Wextra -Wshadow -Wno-sign-compare \
              $(LIB_DIRS:%=-I%) $(JANSSON_CFLAGS) $(XLSX_CFLAGS) $(SHEET_CFLAGS) \
              $(SANFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)
LDLIBS      = -lcsv $(JANSSON_LIBS) $(XLSX_LIBS) $(SHEET_LIBS) -lutf8proc -lm

CMDS      := $(sort $(basename $(notdir $(wildcard cmd/*.c))))
# libsales: lib/*.c and the folders of lib/ one level down (lib/forecast/,
# lib/import/). Headers are included by name ("series.h"), not by folder:
# every folder is on the include path.
LIB_SRC   := $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_DIRS  := lib $(sort $(patsubst %/,%,$(dir $(wildcard lib/*/*.c lib/*/*.h))))
LIB_OBJ   := $(LIB_SRC:lib/%.c=$(BUILD)/obj/lib/%.o)
LIB       := $(BUILD)/lib/libsales.a
BINS      := $(CMDS:%=$(BUILD)/bin/%)
UNIT_SRC  := $(sort $(wildcard tests/unit/*.c))
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%.t)
CLI_TESTS := $(sort $(wildcard tests/cli/*.t))
TOOL_SRC  := $(sort $(wildcard tools/*.c))
TOOLS     := $(TOOL_SRC:tools/%.c=$(BUILD)/tools/%)
MAN1      := $(sort $(wildcard man/man1/*.1))
MAN5      := $(sort $(wildcard man/man5/*.5))
MAN7      := $(sort $(wildcard man/man7/*.7))

.PHONY: all check demo deps depcheck install uninstall clean bench lint format faultcheck
.DEFAULT_GOAL := all
# Objects are made on the way to a program, so make would call them
# intermediate, delete them after the link, and relink every command on the
# next make. Keep them.
.SECONDARY:

all: $(BINS) $(TOOLS)

$(BUILD)/obj/%.o: %.c | depcheck
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/bin/%: $(BUILD)/obj/cmd/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tests/%.t: $(BUILD)/obj/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

$(BUILD)/tools/%: $(BUILD)/obj/tools/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

deps:
	@sh tools/deps.sh

# Plain make installs nothing: when a build package is missing it stops here,
# before the compiler, and says to run make deps. Every object waits for it
# (order-only, so it never makes anything out of date). NO_DEPS_CHECK=1 skips
# it: after deps (demo, check, bench) or with libraries installed by hand.
depcheck:
	@$(if $(NO_DEPS_CHECK),:,sh tools/deps.sh --check)

# The whole suite: C unit tests and shell CLI tests, one prove run.
# Tests find the binaries through SALES_BIN; SALES_SRC is the source tree.
check: deps
	@$(MAKE) --no-print-directory NO_DEPS_CHECK=1 lint all $(UNIT_BINS)
	SALES_BIN=$(ABS_BUILD)/bin SALES_TOOLS=$(ABS_BUILD)/tools SALES_SRC=$(CURDIR) \
	    prove -j$(PROVE_JOBS) --exec '' $(abspath $(UNIT_BINS)) $(addprefix ./,$(CLI_TESTS))

# The full fault-injection sweep: every writer failed (EIO, ENOSPC) and
# killed at each write, sync, rename and truncation, bigger inputs too
# (make check runs the fast one: EIO and kill, small inputs).
faultcheck: deps
	@$(MAKE) --no-print-directory NO_DEPS_CHECK=1 all
	SALES_BIN=$(ABS_BUILD)/bin SALES_TOOLS=$(ABS_BUILD)/tools SALES_SRC=$(CURDIR) \
	    FAULT_FULL=1 prove --exec '' ./tests/cli/0060-fault-sweep.t

demo: deps
	@$(MAKE) --no-print-directory NO_DEPS_CHECK=1 all
	@SALES_BIN=$(ABS_BUILD)/bin sh examples/demo.sh

bench: deps
	@$(MAKE) --no-print-directory NO_DEPS_CHECK=1 all
	@SALES_BIN=$(ABS_BUILD)/bin SALES_TOOLS=$(ABS_BUILD)/tools sh bench/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	install -m 0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	install -m 0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7/

uninstall:
	rm -f $(CMDS:%=$(DESTDIR)$(BINDIR)/%)
	rm -f $(MAN1:man/%=$(DESTDIR)$(MANDIR)/%) $(MAN5:man/%=$(DESTDIR)$(MANDIR)/%) \
	      $(MAN7:man/%=$(DESTDIR)$(MANDIR)/%)

# mandoc -T lint over every page (mandoc is installed by deps), and the
# includes of lib/ against the layer table in lib/README.md.
lint:
	mandoc -T lint -W warning $(MAN1) $(MAN5) $(MAN7)
	sh tools/check-layers.sh

format:
	clang-format -i $(wildcard lib/*.c lib/*.h lib/*/*.c lib/*/*.h) cmd/*.c tests/unit/*.c tools/*.c

# build/ (build/san/ too); with a BUILD elsewhere, what make made there
# (never BUILD itself: it may be a directory that holds other things).
clean:
	rm -rf $(if $(filter build build/san,$(BUILD)),build,$(addprefix $(BUILD)/,obj lib bin tests tools))

# The compiler's header dependencies, one .d beside each object.
ALL_OBJ := $(LIB_OBJ) $(CMDS:%=$(BUILD)/obj/cmd/%.o) \
           $(UNIT_SRC:%.c=$(BUILD)/obj/%.o) $(TOOL_SRC:%.c=$(BUILD)/obj/%.o)
-include $(wildcard $(ALL_OBJ:.o=.d))
