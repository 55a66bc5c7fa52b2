# shellcheck shell=bash
# Shared helpers for the scripts/ steps. Source it, do not run it.
#
# Environment:
#   VMSPLIT_ARCH     arch name, one of scripts/arch/*.conf (default x86_64;
#                    ARCH= is accepted too, as `make run ARCH=...` passes it)
#   VMSPLIT_CACHE    cache root (default ~/.cache/vmsplit)
#   VMSPLIT_KCONFIG  extra config fragments, names of scripts/config/*.config
#   KVER             the kernel base: 7.3 (default, patches/), or an LTS base
#                    the series is backported to, 6.12 or 6.1 (patches-KVER/,
#                    from scripts/backport/KVER/)
#   KSRC             use this Linux tree (of version KVER) instead of
#                    Debian's linux-source-KVER
#   MAINLINE_KSRC    a backport base's mainline 7.3 tree instead of Debian's
#   BASE=1           build the unpatched base even if the series is not empty
set -euo pipefail

VMSPLIT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VMSPLIT_CACHE=${VMSPLIT_CACHE:-$HOME/.cache/vmsplit}
VMSPLIT_ARCH=${VMSPLIT_ARCH:-${ARCH:-x86_64}}
VMSPLIT_KCONFIG=${VMSPLIT_KCONFIG:-}
KSRC=${KSRC:-}
BASE=${BASE:-}
KVER=${KVER:-7.3}
export VMSPLIT_CACHE VMSPLIT_ARCH VMSPLIT_KCONFIG KSRC BASE KVER
# The kernel's ARCH is set per call from the arch conf, never inherited.
unset ARCH

# Each base: Debian's suites that have its linux-source (newest first: a
# -security suite is fetched from the security mirror).
# shellcheck disable=SC2034
case $KVER in
7.3) KVER_SUITES="trixie-backports trixie" ;;
6.12) KVER_SUITES="trixie-security trixie" ;;
6.1) KVER_SUITES="bookworm-security bookworm" ;;
*) printf 'vmsplit: error: KVER=%s: unknown base (have 7.3, 6.12 and 6.1)\n' "$KVER" >&2; exit 1 ;;
esac
KVER_MAJOR=${KVER%%.*}
KVER_MINOR=${KVER#*.}
DEBIAN_KSRC_PKG=linux-source-$KVER
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SECURITY_MIRROR=http://deb.debian.org/debian-security
# The series for this base: patches/ for mainline, patches-KVER/ (made by
# scripts/mkpatches --base KVER) for a backport.
if [ "$KVER" = 7.3 ]; then
	SERIES_DIR=patches
else
	SERIES_DIR=patches-$KVER
fi

die() { printf 'vmsplit: error: %s\n' "$*" >&2; exit 1; }
note() { printf '==> %s\n' "$*" >&2; }

# step NAME CMD...: run CMD, then print "==> NAME (Ns)". Fails like CMD.
step() {
	local name=$1 t0=$SECONDS rc=0
	shift
	note "$name ..."
	"$@" || rc=$?
	if [ "$rc" -eq 0 ]; then
		note "$name ($((SECONDS - t0))s)"
	else
		note "$name FAILED ($((SECONDS - t0))s, exit $rc)"
	fi
	return "$rc"
}

# load_arch: the arch's conf, then the directives of the VMSPLIT_KCONFIG
# fragments (see fragment_directives), which the calling scripts use.
# shellcheck disable=SC2034
load_arch() {
	local conf=$VMSPLIT_ROOT/scripts/arch/$VMSPLIT_ARCH.conf m qa
	[ -f "$conf" ] || die "unknown arch '$VMSPLIT_ARCH' (have: $(cd "$VMSPLIT_ROOT/scripts/arch" && echo *.conf | sed 's/\.conf//g'))"
	# shellcheck source=arch/x86_64.conf
	. "$conf"
	m=$(fragment_directive test-module)
	[ -n "$m" ] && TEST_MODULE=$m
	m=$(fragment_directive defconfig)
	[ -n "$m" ] && read -r -a DEFCONFIG <<<"$m"
	m=$(fragment_directive test-boots)
	[ -n "$m" ] && read -r -a TEST_BOOTS <<<"$m"
	m=$(fragment_directive qemu-args)
	[ -n "$m" ] && read -r -a qa <<<"$m" && QEMU_ARGS+=("${qa[@]}")
	m=$(fragment_directives append | tr '\n' ' ')
	[ -n "${m// /}" ] && BOOT_APPEND="${m% }${BOOT_APPEND:+ $BOOT_APPEND}"
	while IFS= read -r m; do
		[[ $m =~ ^(CHECK_[A-Z_]+)=([01])$ ]] || die "bad vmsplit-set directive '$m' in $VMSPLIT_KCONFIG (CHECK_...=0|1)"
		printf -v "${BASH_REMATCH[1]}" '%s' "${BASH_REMATCH[2]}"
	done < <(fragment_directives set)
	# An expectation replaces the arch's for the same boot and key.
	[ -v TEST_EXPECT ] || TEST_EXPECT=()
	local e keep
	while IFS= read -r m; do
		keep=()
		for e in "${TEST_EXPECT[@]}"; do
			[ "${e%|*}" = "${m%|*}" ] || keep+=("$e")
		done
		TEST_EXPECT=("${keep[@]}" "$m")
	done < <(fragment_directives expect)
	# Boots a fragment's test-boots dropped have no expectations.
	if [ -n "$(fragment_directive test-boots)" ]; then
		keep=()
		for e in "${TEST_EXPECT[@]}"; do
			[[ " ${TEST_BOOTS[*]} " == *" ${e%%|*} "* ]] && keep+=("$e")
		done
		TEST_EXPECT=("${keep[@]}")
	fi
	return 0
}

# fragment_directives NAME: the values of the "# vmsplit-NAME: VALUE" lines
# of the VMSPLIT_KCONFIG fragments, one per line, in order. A fragment can
# name its base config targets instead of the arch's DEFCONFIG
# ("base: allnoconfig"), the module the guest loads instead of TEST_MODULE
# ("test-module: drivers/input/evdev.ko"), the boots instead of TEST_BOOTS
# ("test-boots: kaslr nokaslr"), more QEMU arguments ("qemu-args: -m 3G";
# a later -m wins), more kernel command line for every boot ("append:
# vmsplit.soak=60", before BOOT_APPEND, which can override it) and
# TEST_EXPECT entries ("expect: kaslr|va_bits|42", one per line; each
# replaces the arch's entry for the same boot and key)
# and sets the arch's boot-level checks ("set: CHECK_NOKASLR=1"); a base's
# fragment can replace the arch's DEFCONFIG ("defconfig: defconfig", for a
# base that lacks a fragment it names).
# scripts/config-equiv reads one more, "layout-exempt: SYMBOL why".
# On a backport base, its own fragments (what the base lacks or does
# otherwise, see base_fragments) come after them all.
fragment_directives() {
	local k f
	for k in $VMSPLIT_KCONFIG; do
		f=$VMSPLIT_ROOT/scripts/config/$k.config
		[ -f "$f" ] && sed -n "s/^# vmsplit-$1: *//p" "$f"
	done
	while IFS= read -r f; do
		sed -n "s/^# vmsplit-$1: *//p" "$f"
	done < <(base_fragments)
	return 0
}
# base_fragments: on a backport base, scripts/backport/KVER/ARCH.config
# (for every config of the arch) and scripts/backport/KVER/NAME.config for
# each VMSPLIT_KCONFIG fragment NAME, those that exist, one per line.
base_fragments() {
	local d=$VMSPLIT_ROOT/scripts/backport/$KVER k
	[ "$KVER" != 7.3 ] || return 0
	for k in "$VMSPLIT_ARCH" $VMSPLIT_KCONFIG; do
		[ ! -f "$d/$k.config" ] || printf '%s\n' "$d/$k.config"
	done
}
# fragment_directive NAME: the last of them (empty if none).
fragment_directive() { fragment_directives "$1" | tail -n1; }

# all_arches: every scripts/arch/*.conf, x86_64 (the reference) first,
# then the others by name.
all_arches() {
	(cd "$VMSPLIT_ROOT/scripts/arch" && for f in *.conf; do echo "${f%.conf}"; done) |
		awk '$0 == "x86_64" { print; next } { o[++n] = $0 } END { for (i = 1; i <= n; i++) print o[i] }'
}

# base_unported: why the series is not ported to this arch on this base
# (scripts/backport/KVER/ARCH.unported), empty if it is.
base_unported() {
	local f=$VMSPLIT_ROOT/scripts/backport/$KVER/$VMSPLIT_ARCH.unported
	[ "$KVER" = 7.3 ] || [ ! -f "$f" ] || cat "$f"
}

# default_variant: the arch's first BOOT_VARIANTS entry (what `make run` boots).
default_variant() { printf '%s\n' "${BOOT_VARIANTS[0]%%|*}"; }

# apt_retry ARGS...: apt-get with retries (mirrors flake).
apt_retry() {
	local i
	for i in 1 2 3; do
		DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300 "$@" && return 0
		[ "$i" -lt 3 ] || break
		note "apt-get failed (try $i/3), retrying"
		sleep $((i * 5))
	done
	return 1
}

# need_pkgs PKG...: install the Debian packages that are missing.
need_pkgs() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing packages: ${missing[*]} (install them, or run as root)"
	note "installing ${missing[*]}"
	# apt's chatter goes to stderr: callers may capture stdout.
	apt_retry update >&2 || die "apt-get update failed: no network? Install ${missing[*]} by hand"
	apt_retry install -y --no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
}

# need_build_pkgs: what configuring and building a kernel for this arch
# takes (Kconfig alone needs the compiler, flex and bison).
need_build_pkgs() {
	need_pkgs make gcc flex bison bc libelf-dev libssl-dev ccache cpio kmod \
		dwarves rsync xz-utils zstd "${TOOLCHAIN_PKGS[@]}"
}

# apt_private_download DIR DEBARCH "SUITE..." PKG: download PKG's .deb into
# DIR with a private sources list, leaving the system's apt setup alone.
# SUITEs named *-security come from the security mirror.
apt_private_download() {
	local dir=$1 debarch=$2 suites=$3 pkg=$4 suite uri
	mkdir -p "$dir/lists/partial"
	: >"$dir/vmsplit.sources"
	for suite in $suites; do
		uri=$DEBIAN_MIRROR
		[[ $suite == *-security ]] && uri=$DEBIAN_SECURITY_MIRROR
		cat >>"$dir/vmsplit.sources" <<-SRC
			Types: deb
			URIs: $uri
			Suites: $suite
			Components: main
			Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

		SRC
	done
	local opts=(-o Dir::Etc::sourcelist="$dir/vmsplit.sources" -o Dir::Etc::sourceparts=-
		-o Dir::State::Lists="$dir/lists" -o APT::Architecture="$debarch"
		-o APT::Architectures="$debarch" -o APT::Sandbox::User=root)
	apt_retry "${opts[@]}" update || return 1
	(cd "$dir" && apt_retry "${opts[@]}" download "$pkg")
}

# kver_suffix: "" for mainline, "-KVER" for a backport base: for the
# build directories named by arch alone (check-series, config-equiv).
kver_suffix() { [ "$KVER" = 7.3 ] || printf -- '-%s\n' "$KVER"; }
# mainline_src: the pristine 7.3 tree a backport is made from and checked
# with (MAINLINE_KSRC, else Debian's under the cache).
mainline_src() { printf '%s\n' "${MAINLINE_KSRC:-$VMSPLIT_CACHE/src/linux-source-7.3}"; }

# kpath PATH: where the series' file PATH (as in mainline) is in the base
# (scripts/backport/KVER/paths: 6.1's selftests are in selftests/vm/).
kpath() {
	local map=$VMSPLIT_ROOT/scripts/backport/$KVER/paths from to
	if [ -f "$map" ]; then
		while read -r from to; do
			case $from in '' | '#'*) continue ;; esac
			if [[ $1 == "$from"* ]]; then
				printf '%s\n' "$to${1#"$from"}"
				return
			fi
		done <"$map"
	fi
	printf '%s\n' "$1"
}

# Where things live. The default source is Debian's; KSRC gets its own id.
# A backport base's trees and builds are keyed by it ("debian-6.12").
src_id() {
	if [ -n "$KSRC" ]; then
		printf 'ksrc-%s%s\n' "$(realpath "$KSRC" | sha1sum | cut -c1-8)" "$(kver_suffix)"
	else
		printf 'debian%s\n' "$(kver_suffix)"
	fi
}
pristine_dir() {
	if [ -n "$KSRC" ]; then realpath "$KSRC"; else printf '%s\n' "$VMSPLIT_CACHE/src/$DEBIAN_KSRC_PKG"; fi
}
tree_dir() { printf '%s\n' "$VMSPLIT_CACHE/tree/$(src_id)"; }
config_name() {
	local k=${VMSPLIT_KCONFIG// /+}
	printf '%s\n' "${k:-default}"
}
build_dir() { printf '%s\n' "$VMSPLIT_CACHE/build/$(src_id)-$VMSPLIT_ARCH-$(config_name)"; }
log_dir() { printf '%s\n' "$VMSPLIT_CACHE/logs/$(src_id)-$VMSPLIT_ARCH-$(config_name)"; }
# config_has SYMBOL: the build's .config sets SYMBOL (CONFIG_...) to y or m.
config_has() { grep -Eq "^$1=(y|m)$" "$(build_dir)/.config"; }
initramfs_path() { printf '%s\n' "$(build_dir)/vmsplit-initramfs.cpio.gz"; }

# series_patches: the patches/ files in order (none is fine: build the base).
series_patches() {
	[ -n "$BASE" ] && return 0
	find "$VMSPLIT_ROOT/$SERIES_DIR" -maxdepth 1 -name '*.patch' 2>/dev/null | LC_ALL=C sort
}

# is_base_tree: the prepared tree is the unpatched base.
is_base_tree() {
	local t
	t=$(tree_dir)
	[ "$(git -C "$t" rev-parse HEAD)" = "$(git -C "$t" rev-parse 'base^{commit}')" ]
}

# check_version DIR: DIR is a Linux KVER tree.
check_version() {
	local mk=$1/Makefile v p
	[ -f "$mk" ] || die "$1 is not a kernel tree (no Makefile)"
	v=$(sed -n 's/^VERSION = //p' "$mk" | head -n1)
	p=$(sed -n 's/^PATCHLEVEL = //p' "$mk" | head -n1)
	if [ "$v" != "$KVER_MAJOR" ] || [ "$p" != "$KVER_MINOR" ]; then
		die "$1 is Linux $v.$p; this series is for $KVER_MAJOR.$KVER_MINOR (VERSION = $KVER_MAJOR, PATCHLEVEL = $KVER_MINOR)"
	fi
}

# kmake ARGS...: make in the prepared tree with this arch's toolchain, into
# the build dir (or KMAKE_O if set).
kmake() {
	export CCACHE_DIR=$VMSPLIT_CACHE/ccache
	make -C "$(tree_dir)" O="${KMAKE_O:-$(build_dir)}" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE" \
		CC="ccache ${CROSS_COMPILE}gcc" HOSTCC="ccache gcc" "$@"
}

# write_config DIR NAME: DIR/NAME = the arch's defconfig (or the base a
# fragment names, see fragment_directive) with
# scripts/config/common.config, scripts/config/<arch>.config and the
# VMSPLIT_KCONFIG fragments on top (a later fragment wins), through
# olddefconfig. Fails, naming each one, if a fragment line does not hold
# (CONFIG_VM_LAYOUT and CONFIG_VM_LAYOUT_* are excused in the unpatched base).
write_config() {
	local dir=$1 name=$2 k f line sym got base='' bad=0
	local frags=("$VMSPLIT_ROOT/scripts/config/common.config")
	[ -f "$VMSPLIT_ROOT/scripts/config/$VMSPLIT_ARCH.config" ] &&
		frags+=("$VMSPLIT_ROOT/scripts/config/$VMSPLIT_ARCH.config")
	for k in $VMSPLIT_KCONFIG; do
		[ -f "$VMSPLIT_ROOT/scripts/config/$k.config" ] || die "no config fragment scripts/config/$k.config"
		frags+=("$VMSPLIT_ROOT/scripts/config/$k.config")
	done
	mapfile -t -O "${#frags[@]}" frags < <(base_fragments)
	local -A want
	for f in "${frags[@]}"; do
		while read -r line; do
			case $line in
			CONFIG_*=*) want[${line%%=*}]=$line ;;
			"# CONFIG_"*" is not set") sym=${line#\# }; want[${sym%% *}]=$line ;;
			esac
		done <"$f"
	done
	is_base_tree && base=1
	mkdir -p "$dir"
	# DEFCONFIG may list several targets: a defconfig, then kernel fragments.
	local targets=("${DEFCONFIG[@]}")
	[ -n "$(fragment_directive base)" ] && read -r -a targets <<<"$(fragment_directive base)"
	KMAKE_O=$dir kmake -s KCONFIG_CONFIG="$name" "${targets[@]}" || return 1
	# Replace the defconfig's lines for our symbols (no "override" warnings).
	printf '%s\n' "${!want[@]}" >"$dir/$name.syms"
	awk 'NR == FNR { drop[$1]; next }
		{ s = $0; sub(/^# /, "", s); sub(/[= ].*/, "", s) }
		!(s in drop)' "$dir/$name.syms" "$dir/$name" >"$dir/$name.tmp"
	printf '%s\n' "${want[@]}" >>"$dir/$name.tmp"
	mv "$dir/$name.tmp" "$dir/$name"
	rm "$dir/$name.syms"
	KMAKE_O=$dir kmake -s KCONFIG_CONFIG="$name" olddefconfig || return 1
	for sym in "${!want[@]}"; do
		line=${want[$sym]}
		case $line in
		"# "*) ! grep -q "^$sym=" "$dir/$name" && continue ;;
		*) grep -qxF -- "$line" "$dir/$name" && continue ;;
		esac
		if [[ $sym == CONFIG_VM_LAYOUT || $sym == CONFIG_VM_LAYOUT_* ]] && [ -n "$base" ]; then
			note "building the unpatched base: $sym not available"
			continue
		fi
		got=$(grep -E "^(# )?${sym}[= ]" "$dir/$name" || echo "(symbol absent)")
		printf 'vmsplit: config: wanted "%s", got "%s"\n' "$line" "$got" >&2
		bad=1
	done
	[ "$bad" -eq 0 ] || { echo "vmsplit: config fragments did not hold after olddefconfig (missing dependency or unknown symbol): fix scripts/config/" >&2; return 1; }
}

# log_section LOG NAME: the lines between "### NAME BEGIN" and "### NAME END".
log_section() {
	awk -v b="### $2 BEGIN" -v e="### $2 END" '$0 == e { p = 0 } p { print } $0 == b { p = 1 }' "$1"
}

# vmsplit_field LOG KEY: the value of "KEY: value" in the VMSPLIT section.
# "region:NAME" gives the start of region NAME instead, "nodes" the number
# of nodes listed.
vmsplit_field() {
	case $2 in
	nodes) log_section "$1" VMSPLIT | grep -c '^node [0-9]*$' ;;
	region:*)
		log_section "$1" VMSPLIT |
			awk -v n="${2#region:}" '$NF == n { split($1, a, "-"); print a[1]; exit }'
		;;
	*) log_section "$1" VMSPLIT | awk -v k="$2:" '$1 == k { print $2; exit }' ;;
	esac
}

# tap_check LOG [CALLBACK]: judge the TAP section of a test-mode console log.
# Calls "CALLBACK pass|fail|skip DESCRIPTION" per top-level result and sets
# TAP_PASS, TAP_FAIL, TAP_SKIP, TAP_PLAN, TAP_EXIT and TAP_PROBLEM (empty
# when the plan is present and met and the exit code is 0).
tap_check() {
	local log=$1 cb=${2:-:} kind a b
	TAP_PASS=0 TAP_FAIL=0 TAP_SKIP=0 TAP_PLAN='' TAP_EXIT='' TAP_PROBLEM=''
	while IFS=$'\t' read -r kind a b; do
		case $kind in
		plan) TAP_PLAN=$a ;;
		exit) TAP_EXIT=$a ;;
		result)
			case $a in
			pass) TAP_PASS=$((TAP_PASS + 1)) ;;
			fail) TAP_FAIL=$((TAP_FAIL + 1)) ;;
			skip) TAP_SKIP=$((TAP_SKIP + 1)) ;;
			esac
			"$cb" "$a" "$b"
			;;
		esac
	done < <(awk '
		/^### EXIT / { printf "exit\t%s\n", $3 }
		$0 == "### TAP END" { t = 0 }
		t && /^1\.\.[0-9]+/ { sub(/^1\.\./, ""); printf "plan\t%d\n", $0 }
		t && /^(not )?ok / {
			st = /^not / ? "fail" : "pass"
			if (toupper($0) ~ /# *SKIP/) st = "skip"
			d = $0; sub(/^(not )?ok [0-9]* *-? */, "", d)
			printf "result\t%s\t%s\n", st, d
		}
		$0 == "### TAP BEGIN" { t = 1 }' "$log")
	local total=$((TAP_PASS + TAP_FAIL + TAP_SKIP))
	if [ -z "$TAP_PLAN" ]; then
		TAP_PROBLEM="no TAP plan"
	elif [ "$TAP_PLAN" -ne "$total" ]; then
		TAP_PROBLEM="plan 1..$TAP_PLAN but $total results"
	fi
	if [ "${TAP_EXIT:-none}" != 0 ]; then
		TAP_PROBLEM="${TAP_PROBLEM:+$TAP_PROBLEM, }exit code ${TAP_EXIT:-missing}"
	fi
}

# prepare_all: every step up to a bootable kernel + initramfs.
prepare_all() {
	local s=$VMSPLIT_ROOT/scripts
	step fetch-source "$s/fetch-source" &&
		step prepare-tree "$s/prepare-tree" &&
		step "build $VMSPLIT_ARCH $(config_name)" "$s/build" &&
		step initramfs "$s/initramfs"
}

# worktree_at COMMIT: check COMMIT out in a worktree of the prepared tree
# ($VMSPLIT_CACHE/tree/<src>-check, printed), for builds at other commits
# that must not touch the tree the other steps build from.
worktree_at() {
	local tree wt
	tree=$(tree_dir)
	wt=$tree-check
	if [ ! -e "$wt/.git" ]; then
		rm -rf "$wt"
		git -C "$tree" worktree prune
		git -C "$tree" worktree add -q -f --detach "$wt" "$1" >&2
	fi
	git -C "$wt" checkout -q -f "$1"
	printf '%s\n' "$wt"
}

# tiny_vmlinux NAME: where tiny_build NAME keeps its vmlinux.
tiny_vmlinux() { printf '%s\n' "$VMSPLIT_CACHE/build/tiny-$VMSPLIT_ARCH$(kver_suffix)-$1/vmlinux"; }

# tiny_build NAME COMMIT LINE...: a tinyconfig vmlinux of COMMIT, with the
# .config LINEs added ("CONFIG_X=y" must hold after olddefconfig), at
# $(tiny_vmlinux NAME). Every variant has its own O= directory: variants
# differ in options most files see (PROC_FS, SYSFS), so a shared directory
# rebuilt nearly everything at each switch (about 5 minutes per variant
# here), while an own directory rebuilds only what an edit reaches. A fixed
# build version and timestamp keep sizes comparable between variants.
tiny_build() {
	local name=$1 wt out o
	out=$VMSPLIT_CACHE/build/tiny-$VMSPLIT_ARCH$(kver_suffix)-$1
	wt=$(worktree_at "$2") || return 1
	shift 2
	mkdir -p "$out"
	rm -f "$out/vmlinux"	# a failed build leaves no stale one behind
	local mk=(make -C "$wt" O="$out" ARCH="$KARCH" CROSS_COMPILE="$CROSS_COMPILE"
		CC="ccache ${CROSS_COMPILE}gcc" HOSTCC="ccache gcc"
		KBUILD_BUILD_VERSION=1 KBUILD_BUILD_TIMESTAMP=2026-01-01
		KBUILD_BUILD_USER=vmsplit KBUILD_BUILD_HOST=vmsplit)
	"${mk[@]}" -s tinyconfig || return 1
	printf '%s\n' "$@" >>"$out/.config"
	"${mk[@]}" -s olddefconfig || return 1
	for o in "$@"; do
		case $o in
		*=y) grep -qx -- "$o" "$out/.config" || { echo "$o did not hold"; return 1; } ;;
		esac
	done
	CCACHE_DIR=$VMSPLIT_CACHE/ccache "${mk[@]}" -j"$(nproc)" vmlinux
}
