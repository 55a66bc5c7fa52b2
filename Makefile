# Host-side harness: build Linux 7.3 with the series and boot it under QEMU.
# See README.md "Harness". ARCH selects scripts/arch/$(ARCH).conf; KVER=6.12
# or KVER=6.1 the LTS backport (patches-KVER/) instead of 7.3.
ARCH ?= x86_64
KCONFIG ?=
KVER ?= 7.3
export KVER
# ARCHES="x86_64 i386 ...": `make test` runs each arch's test in turn.
ARCHES ?=
export VMSPLIT_ARCH := $(ARCH)
export VMSPLIT_KCONFIG := $(KCONFIG)

.PHONY: run shell ci test test-all test-draw record-fixtures lava matrix check-patches build initramfs config-equiv shellcheck help

help:
	@echo "make run [ARCH=x86_64]   build, then boot and show /proc/vmsplit and /sys/kernel/mm/layout"
	@echo "make shell               build, then boot to an interactive guest shell"
	@echo "make ci                  everything CI runs: every arch, trimmed configs; ends with 'vmsplit: N passed, N failed, N skipped'"
	@echo "make test [ARCH=x86_64]  one arch with its true defconfig (KCONFIG=... adds fragments)"
	@echo "make test ARCHES='x86_64 i386'   make test for each arch in turn, one verdict for all"
	@echo "make test-all            make test for every scripts/arch/*.conf in turn"
	@echo "make build | initramfs   single steps; make check-patches; make shellcheck"
	@echo "KVER=6.12 | KVER=6.1     run, shell, test, build, initramfs on an LTS base, with its backport (patches-KVER/)"
	@echo "make matrix              true defconfigs of every arch: build, boot, test; writes MATRIX.md"
	@echo "make test-draw           host-side tests of tools/mm/vas-draw from the recorded fixtures"
	@echo "make record-fixtures     record the fixtures of tools/mm/vas-draw in every arch's guest"
	@echo "make lava [ARCHES=...]   the trimmed builds as LAVA jobs, run by lava-run, with the planted failure and panic"
	@echo "make config-equiv        prove the arch's trimmed config keeps the defconfig's layout symbols"

run:
	scripts/run show

shell:
	scripts/run shell

ci:
	scripts/test-all --trimmed $(ARCHES)

test:
ifeq ($(strip $(ARCHES)),)
	scripts/test
else
	scripts/test-all $(ARCHES)
endif

test-all:
	scripts/test-all $(ARCHES)

matrix:
	scripts/matrix $(ARCHES)

test-draw:
	scripts/test-draw

record-fixtures:
	scripts/record-fixtures $(ARCHES)

lava:
	scripts/lava --prove $(ARCHES)

build:
	scripts/fetch-source && scripts/prepare-tree && scripts/build

initramfs:
	scripts/initramfs

config-equiv:
	scripts/config-equiv

check-patches:
	scripts/mkpatches --check
	KSRC= scripts/mkpatches --check --base 6.12
	KSRC= scripts/mkpatches --check --base 6.1

shellcheck:
	shellcheck scripts/lib.sh scripts/fetch-source scripts/prepare-tree scripts/build \
		scripts/initramfs scripts/boot scripts/tap scripts/test scripts/test-all scripts/run \
		scripts/check-series scripts/benchmark scripts/config-equiv scripts/mkpatches scripts/matrix \
		scripts/test-draw scripts/record-fixtures scripts/lava scripts/randconfig .ci/run scripts/arch/*.conf
	shellcheck -s sh scripts/guest/init scripts/guest/vmsplit-show scripts/guest/vmsplit-view \
		scripts/guest/vmsplit-draw scripts/guest/vmsplit-dump
