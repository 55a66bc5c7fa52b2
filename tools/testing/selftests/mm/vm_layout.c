// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for /proc/vmsplit and /sys/kernel/mm/layout/, which describe the
 * split between user and kernel virtual address space and the layout of
 * the kernel virtual address space (Documentation/ABI/testing/procfs-vmsplit).
 *
 * Every check compares the two interfaces with each other or with an
 * independent source: /proc/kallsyms, /proc/self/maps, mmap(),
 * /proc/vmallocinfo, /proc/modules, /proc/cmdline and, if the environment
 * variable VM_LAYOUT_SYSTEM_MAP names one, the System.map of the running
 * kernel.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/elf.h>

#include "kselftest_harness.h"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE	0x100000
#endif

#define PROC_VMSPLIT	"/proc/vmsplit"
#define LAYOUT_DIR	"/sys/kernel/mm/layout"
#define KPTR_RESTRICT	"/proc/sys/kernel/kptr_restrict"
#define SYSTEM_MAP_ENV	"VM_LAYOUT_SYSTEM_MAP"
#define NOBODY		65534

#define TEXT_MAX	65536
#define LINE_MAX_LEN	256
#define NAME_LEN	32
#define VAL_LEN		64
#define REL_LEN		96
#define MAX_KEYS	64
#define MAX_REGIONS	64
#define MAX_FILES	(MAX_KEYS + 3 * MAX_REGIONS)
#define GUARD		64
#define UNIT_WIDTH	3	/* <unit> is left-aligned in this many columns */
#define SZ_2M		0x200000ULL

#define HEX_CHARS	"0123456789abcdefABCDEF"
#define DEC_CHARS	"0123456789"
#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789_"

/* One "key: value" line of the header. */
struct key_val {
	char key[NAME_LEN];
	char val[VAL_LEN];
};

/* One region line: "<start>-<end> <size> <unit> <indent><name>". */
struct region {
	char name[NAME_LEN];
	char start_txt[VAL_LEN];
	char end_txt[VAL_LEN];
	unsigned long long start;
	unsigned long long end;
	unsigned long long size;	/* <size> <unit> in bytes, maybe rounded */
	unsigned long long size_num;	/* <size>, in hundredths if approx */
	unsigned int size_shift;	/* log2 of <unit> */
	bool approx;			/* <size> is "~<whole>.<hundredths>" */
	int depth;			/* <indent> / 2 */
};

struct layout {
	size_t len;
	char text[TEXT_MAX];
	int nkeys;
	struct key_val keys[MAX_KEYS];
	int nregions;
	struct region regions[MAX_REGIONS];
};

/* A file under LAYOUT_DIR and the text /proc/vmsplit says it must hold. */
struct lfile {
	char rel[REL_LEN];
	char want[VAL_LEN];
	bool addr;		/* hidden from readers who may not see kallsyms */
};

/* What one reader sees: /proc/vmsplit and the files of a struct lfile list. */
struct view {
	int err;
	char failed[PATH_MAX];
	size_t proc_len;
	char proc[TEXT_MAX];
	char val[MAX_FILES][VAL_LEN];
};

/* VAL_ADDR: hidden from readers who may not see kallsyms; VAL_HEX: not. */
enum val_type { VAL_WORD, VAL_DEC, VAL_ADDR, VAL_HEX };

/* The header keys of the ABI, in the documented order. */
static const struct {
	const char *key;
	enum val_type type;
} header_keys[] = {
	{ "arch",		VAL_WORD },
	{ "page_offset",	VAL_ADDR },
	{ "task_size",		VAL_HEX },
	{ "kernel_vas_start",	VAL_HEX },
	{ "user_vas_size",	VAL_DEC },
	{ "kernel_vas_size",	VAL_DEC },
	{ "split",		VAL_WORD },
	{ "va_bits",		VAL_DEC },
	{ "va_bits_max",	VAL_DEC },
	{ "pgtable_levels",	VAL_DEC },
	{ "pgtable_levels_max",	VAL_DEC },
	{ "paging_chosen_at",	VAL_WORD },
	{ "page_size",		VAL_DEC },
	{ "memory_model",	VAL_WORD },
	{ "kaslr_state",	VAL_WORD },
	{ "kaslr_offset",	VAL_ADDR },
	{ "kaslr_memory",	VAL_WORD },
};

static const char * const kaslr_words[] = {
	"enabled", "disabled", "not-configured", "unsupported", NULL
};

static const char * const model_words[] = {
	"flatmem", "sparsemem", "sparsemem-vmemmap", NULL
};

static const char * const paging_words[] = { "boot", "build", NULL };

static const char * const units[] = {
	"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
};

/*
 * Regions bounded by linker symbols.  Their bounds must equal the symbols
 * in /proc/kallsyms exactly; they need not be page aligned (_etext and
 * _edata are not on x86_64).
 */
static const struct image_part {
	const char *region;
	const char *start;
	const char *end;
} image_parts[] = {
	{ "kernel",		"_text",		"_end" },
	{ "kernel_text",	"_text",		"_etext" },
	{ "kernel_rodata",	"__start_rodata",	"__end_rodata" },
	{ "kernel_data",	"_sdata",		"_edata" },
	{ "kernel_init",	"__init_begin",		"__init_end" },
	{ "kernel_bss",		"__bss_start",		"__bss_stop" },
};

/* Symbols that lie inside an image region wherever they exist. */
static const struct {
	const char *sym;
	const char *region;
} image_syms[] = {
	{ "_stext",		"kernel_text" },
	{ "schedule",		"kernel_text" },
	{ "linux_banner",	"kernel_rodata" },
	{ "init_task",		"kernel_data" },
	{ "start_kernel",	"kernel_init" },
};

/* @child may lie inside @parent; if @required it must when both exist. */
struct nesting {
	const char *child;
	const char *parent;
	bool required;
};

/*
 * A /proc/self/maps entry that lies outside the user region, in @region;
 * @exact: the entry is the whole region.
 */
struct maps_exception {
	const char *maps_name;
	const char *region;
	bool exact;
};

/*
 * How a marker of the architecture's page-table dumper (PTDUMP_DEBUGFS)
 * bounds a region: its value is the bound (the dumper computes its
 * markers itself, from the arch's macros and variables, at boot), and/or
 * the mapped ranges the dump prints meet the bound, the first after the
 * marker at a start, the last before it at an end (a region mapped from
 * its first to its last page).  "walk start" is where the dumper starts
 * its walk of the kernel half (arm64: the linear map of the VA size in
 * use).
 */
enum ptdump_how { PT_VALUE = 1, PT_EDGE = 2, PT_BOTH = 3 };

struct ptdump_truth {
	const char *marker;
	const char *region;
	bool end;
	enum ptdump_how how;
};

/*
 * Where the dumper keeps its markers: @sym, an array of @stride words per
 * marker (address, name, ...), ending with a NULL name, or a struct that
 * points to it at word @markers_at and has the walk start at word
 * @base_at (-1: none).  Read through /proc/kcore; without it (@sym NULL)
 * only the dump brackets each marker.
 */
struct ptdump_info {
	const char *file;
	const char *kconfig;
	const char *sym;
	int markers_at;
	int base_at;
	int stride;
	const struct ptdump_truth *truth;
};

#define S	false
#define E	true
static const struct ptdump_truth x86_64_truth[] = {
	{ "LDT remap",			"ldt_remap",		S, PT_VALUE },
	{ "Low Kernel Mapping",		"direct_map",		S, PT_VALUE },
	{ "vmalloc() Area",		"vmalloc",		S, PT_VALUE },
	{ "Vmemmap",			"vmemmap",		S, PT_VALUE },
	{ "KASAN shadow",		"kasan_shadow",		S, PT_VALUE },
	{ "KASAN shadow end",		"kasan_shadow",		E, PT_VALUE },
	{ "CPU entry Area",		"cpu_entry_area",	S, PT_VALUE },
	{ "ESPfix Area",		"espfix",		S, PT_VALUE },
	{ "EFI Runtime Services",	"efi",			S, PT_VALUE },
	{ "High Kernel Mapping",	"kernel_mapping",	S, PT_VALUE },
	/* MODULES_VADDR is where the kernel mapping ends */
	{ "Modules",			"kernel_mapping",	E, PT_VALUE },
	{ "Modules",			"modules",		S, PT_VALUE },
	{ "End Modules",		"modules",		E, PT_VALUE },
	{ "Fixmap Area",		"fixmap",		S, PT_VALUE },
	{ }
};

static const struct ptdump_truth i386_truth[] = {
	{ "Kernel Mapping",		"direct_map",		S, PT_BOTH },
	{ "vmalloc() Area",		"direct_map",		E, PT_EDGE },
	{ "vmalloc() Area",		"vmalloc",		S, PT_VALUE },
	{ "vmalloc() End",		"vmalloc",		E, PT_VALUE },
	{ "Persistent kmap() Area",	"pkmap",		S, PT_VALUE },
	{ "LDT remap",			"ldt_remap",		S, PT_VALUE },
	{ "CPU entry area",		"cpu_entry_area",	S, PT_VALUE },
	{ "Fixmap area",		"fixmap",		S, PT_VALUE },
	{ }
};

/* "Linear Mapping start" is PAGE_OFFSET, the 52-bit one on any CPU. */
static const struct ptdump_truth arm64_truth[] = {
	{ "walk start",			"direct_map",		S, PT_VALUE },
	{ "Linear Mapping end",		"direct_map",		E, PT_VALUE },
	{ "Kasan shadow start",		"kasan_shadow",		S, PT_VALUE },
	{ "Kasan shadow end",		"kasan_shadow",		E, PT_VALUE },
	{ "vmalloc() area",		"vmalloc",		S, PT_VALUE },
	{ "vmalloc() end",		"vmalloc",		E, PT_VALUE },
	{ "vmemmap start",		"vmemmap",		S, PT_VALUE },
	{ "vmemmap end",		"vmemmap",		E, PT_VALUE },
	{ "PCI I/O start",		"pci_io",		S, PT_VALUE },
	{ "PCI I/O end",		"pci_io",		E, PT_VALUE },
	{ "Modules start",		"modules_area",		S, PT_VALUE },
	{ "Modules end",		"modules_area",		E, PT_VALUE },
	{ "Fixmap end",			"fixmap",		E, PT_VALUE },
	{ }
};

static const struct ptdump_truth riscv64_truth[] = {
	{ "Fixmap start",		"fixmap",		S, PT_VALUE },
	{ "Fixmap end",			"fixmap",		E, PT_VALUE },
	{ "PCI I/O start",		"pci_io",		S, PT_VALUE },
	{ "PCI I/O end",		"pci_io",		E, PT_VALUE },
	{ "vmemmap start",		"vmemmap",		S, PT_VALUE },
	{ "vmemmap end",		"vmemmap",		E, PT_VALUE },
	{ "vmalloc() area",		"vmalloc",		S, PT_VALUE },
	{ "vmalloc() end",		"vmalloc",		E, PT_VALUE },
	{ "Linear mapping",		"direct_map",		S, PT_VALUE },
	{ "Kasan shadow start",		"kasan_shadow",		S, PT_VALUE },
	{ "Kasan shadow end",		"kasan_shadow",		E, PT_VALUE },
	{ "Modules/BPF mapping",	"modules",		S, PT_VALUE },
	{ "Kernel mapping",		"kernel_mapping",	S, PT_BOTH },
	{ }
};

static const struct ptdump_truth arm_truth[] = {
	{ "Kasan shadow start",		"kasan_shadow",		S, PT_VALUE },
	{ "Kasan shadow end",		"kasan_shadow",		E, PT_VALUE },
	{ "Modules",			"modules",		S, PT_VALUE },
	{ "Kernel Mapping",		"direct_map",		S, PT_BOTH },
	{ "vmalloc() Area",		"direct_map",		E, PT_EDGE },
	{ "vmalloc() Area",		"vmalloc",		S, PT_VALUE },
	{ "FDT Area",			"vmalloc",		E, PT_VALUE },
	{ "FDT Area",			"fdt",			S, PT_BOTH },
	{ "Fixmap Area",		"fdt",			E, PT_EDGE },
	{ "Fixmap Area",		"fixmap",		S, PT_VALUE },
	{ "Vectors",			"vectors",		S, PT_BOTH },
	{ "Vectors End",		"vectors",		E, PT_BOTH },
	{ }
};

#undef S
#undef E

#define DEBUGFS		"/sys/kernel/debug"

#define PTDUMP_X86	DEBUGFS "/page_tables/kernel"
#define PTDUMP_FILE	DEBUGFS "/kernel_page_tables"

static const struct ptdump_info x86_64_ptdump = {
	.file = PTDUMP_X86, .kconfig = "CONFIG_PTDUMP_DEBUGFS",
	.sym = "address_markers", .markers_at = -1, .base_at = -1,
	.stride = 3, .truth = x86_64_truth,
};

static const struct ptdump_info i386_ptdump = {
	.file = PTDUMP_X86, .kconfig = "CONFIG_PTDUMP_DEBUGFS",
	.sym = "address_markers", .markers_at = -1, .base_at = -1,
	.stride = 3, .truth = i386_truth,
};

static const struct ptdump_info arm64_ptdump = {
	.file = PTDUMP_FILE, .kconfig = "CONFIG_PTDUMP_DEBUGFS",
	.sym = "kernel_ptdump_info", .markers_at = 1, .base_at = 2,
	.stride = 2, .truth = arm64_truth,
};

static const struct ptdump_info riscv64_ptdump = {
	.file = PTDUMP_FILE, .kconfig = "CONFIG_PTDUMP_DEBUGFS",
	.sym = "address_markers", .markers_at = -1, .base_at = -1,
	.stride = 2, .truth = riscv64_truth,
};

static const struct ptdump_info arm_ptdump = {
	.file = PTDUMP_FILE, .kconfig = "CONFIG_ARM_PTDUMP_DEBUGFS",
	.markers_at = -1, .base_at = -1, .truth = arm_truth,
};

enum arch_kaslr { KASLR_UNKNOWN, KASLR_NO, KASLR_YES };

struct arch_info {
	const char *machine;		/* fnmatch() pattern for uname -m */
	unsigned int addr_bits;
	const struct nesting *nesting;
	const struct maps_exception *maps;
	const char * const *regions;	/* every possible name, or NULL */
	const char * const *required;	/* names on top of generic_required */
	enum arch_kaslr kaslr;
	bool kaslr_never_zero;		/* an enabled KASLR never picks 0 */
	unsigned long long kaslr_align;		/* the image offset is a multiple */
	const char *link_region;	/* holds the link address of _text */
	const struct ptdump_info *ptdump;
	bool linear_from_0;		/* the direct map starts at physical 0 */
};

static const char * const generic_required[] = {
	"user", "direct_map", "vmalloc", "kernel", "kernel_text",
	"kernel_rodata", "kernel_data", "kernel_init", "kernel_bss", NULL
};

static const struct nesting generic_nesting[] = {
	{ "kernel_text",	"kernel",	true },
	{ "kernel_rodata",	"kernel",	true },
	{ "kernel_data",	"kernel",	true },
	{ "kernel_init",	"kernel",	true },
	{ "kernel_bss",		"kernel",	true },
	{ }
};

static const struct nesting x86_64_nesting[] = {
	{ "kernel",	"kernel_mapping",	true },
	{ "vsyscall",	"fixmap",		false },
	{ }
};

static const struct maps_exception x86_64_maps[] = {
	{ "[vsyscall]",	"vsyscall",	true },
	{ }
};

static const char * const x86_64_regions[] = {
	"user", "ldt_remap", "direct_map", "vmalloc", "vmemmap",
	"kasan_shadow", "cpu_entry_area", "espfix", "efi", "kernel_mapping",
	"kernel", "kernel_text", "kernel_rodata", "kernel_data", "kernel_init",
	"kernel_bss", "modules", "fixmap", "vsyscall", NULL
};

static const char * const x86_64_required[] = {
	"vmemmap", "cpu_entry_area", "kernel_mapping", "modules", "fixmap",
	NULL
};

/* With KASLR the module windows are boxes around the image in vmalloc. */
static const struct nesting arm64_nesting[] = {
	{ "modules",	"modules_area",	false },
	{ "modules_plt", "modules_area", false },
	{ "kernel",	"vmalloc",	false },
	{ "kernel",	"modules",	false },
	{ "modules",	"modules_plt",	true },
	{ "modules",	"vmalloc",	false },
	{ "modules_plt", "vmalloc",	false },
	{ }
};

/* riscv links .rodata between _sdata and _edata. */
static const struct nesting riscv64_nesting[] = {
	{ "kernel",		"kernel_mapping",	true },
	{ "kernel_rodata",	"kernel_data",		true },
	{ "bpf_jit",		"modules",		true },
	{ }
};

static const struct nesting lowmem_image_nesting[] = {
	{ "kernel",	"direct_map",	false },
	{ }
};

/* arm reserves the PCI I/O window inside the vmalloc area. */
static const struct nesting arm_nesting[] = {
	{ "kernel",	"direct_map",	false },
	{ "pci_io",	"vmalloc",	true },
	{ }
};

static const struct maps_exception arm_maps[] = {
	{ "[vectors]",	"vectors",	false },
	{ }
};

static const struct arch_info arches[] = {
	{
		/* x86_64 and riscv64 KASLR pick offset 0 once in ~500 boots */
		.machine = "x86_64",
		.addr_bits = 64,
		.nesting = x86_64_nesting,
		.maps = x86_64_maps,
		.regions = x86_64_regions,
		.required = x86_64_required,
		.kaslr = KASLR_YES,
		.kaslr_align = SZ_2M,
		.link_region = "kernel_mapping",
		.ptdump = &x86_64_ptdump,
		.linear_from_0 = true,
	}, {
		.machine = "aarch64",
		.addr_bits = 64,
		.nesting = arm64_nesting,
		.kaslr = KASLR_YES,
		.kaslr_never_zero = true,
		.ptdump = &arm64_ptdump,
	}, {
		.machine = "riscv64",
		.addr_bits = 64,
		.nesting = riscv64_nesting,
		.kaslr = KASLR_YES,
		.kaslr_align = SZ_2M,
		.ptdump = &riscv64_ptdump,
	}, {
		/* randomised although kaslr_enabled() says no, may pick 0 */
		.machine = "i[3-6]86",
		.addr_bits = 32,
		.nesting = lowmem_image_nesting,
		.kaslr = KASLR_YES,
		.ptdump = &i386_ptdump,
		.linear_from_0 = true,
	}, {
		.machine = "armv*",
		.addr_bits = 32,
		.nesting = arm_nesting,
		.maps = arm_maps,
		.kaslr = KASLR_NO,
		.ptdump = &arm_ptdump,
	},
};

static const struct arch_info unknown_arch = {
	.addr_bits = 8 * sizeof(long),
	.kaslr = KASLR_UNKNOWN,
};

static const struct arch_info *arch = &unknown_arch;
static struct utsname uts;
static unsigned long long page_size;

static unsigned int addr_digits(void)
{
	return arch->addr_bits / 4;
}

/* All ones in the low addr_bits bits: arithmetic modulo the address space. */
static unsigned long long addr_mask(void)
{
	return arch->addr_bits == 64 ? ULLONG_MAX : (1ULL << arch->addr_bits) - 1;
}

static unsigned long long gcd(unsigned long long a, unsigned long long b)
{
	while (b) {
		unsigned long long t = a % b;

		a = b;
		b = t;
	}
	return a;
}

static bool in_list(const char * const *list, const char *s)
{
	for (; list && *list; list++)
		if (!strcmp(*list, s))
			return true;
	return false;
}

static enum val_type key_type(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(header_keys); i++)
		if (!strcmp(header_keys[i].key, key))
			return header_keys[i].type;
	return VAL_WORD;
}

/*
 * Read @fd to EOF with read() calls of at most @chunk bytes into @buf of
 * @size bytes, NUL-terminated.  Return the length or -errno.
 */
static ssize_t read_fd(int fd, char *buf, size_t size, size_t chunk)
{
	size_t len = 0;
	ssize_t n;

	for (;;) {
		size_t want = size - 1 - len;

		if (!want)
			return -EFBIG;
		if (want > chunk)
			want = chunk;
		n = read(fd, buf + len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			break;
		len += n;
	}
	buf[len] = '\0';
	return len;
}

static ssize_t read_path(const char *path, char *buf, size_t size,
			 size_t chunk)
{
	ssize_t len;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	len = read_fd(fd, buf, size, chunk);
	close(fd);
	return len;
}

static void layout_path(char *path, const char *rel)
{
	snprintf(path, PATH_MAX, "%s/%s", LAYOUT_DIR, rel);
}

/* Read one sysfs value, without its trailing newline. */
static ssize_t read_sysfs(const char *rel, char *buf, size_t size)
{
	char path[PATH_MAX];
	ssize_t len;

	layout_path(path, rel);
	len = read_path(path, buf, size, size);
	if (len > 0 && buf[len - 1] == '\n')
		buf[--len] = '\0';
	return len;
}

static int write_kptr_restrict(int val)
{
	char buf[16];
	int fd, len, ret = 0;

	fd = open(KPTR_RESTRICT, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%d\n", val);
	if (write(fd, buf, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

static bool is_hex(const char *s, size_t len)
{
	return len == addr_digits() && strspn(s, HEX_CHARS) >= len;
}

static bool is_zero_addr(const char *s)
{
	return strlen(s) == addr_digits() && strspn(s, "0") == addr_digits();
}

static __printf(3, 4)
int parse_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_key_line(struct layout *l, const char *s)
{
	size_t klen, vlen;
	const char *v;
	struct key_val *kv;

	klen = strspn(s, NAME_CHARS);
	if (!klen || klen >= NAME_LEN || s[klen] != ':' || s[klen + 1] != ' ')
		return -1;
	v = s + klen + 1;
	v += strspn(v, " ");
	vlen = strcspn(v, " \t");
	if (!vlen || vlen >= VAL_LEN || v[vlen] || l->nkeys == MAX_KEYS)
		return -1;

	kv = &l->keys[l->nkeys++];
	memcpy(kv->key, s, klen);
	memcpy(kv->val, v, vlen);
	switch (key_type(kv->key)) {
	case VAL_ADDR:
	case VAL_HEX:
		return is_hex(v, vlen) ? 0 : -1;
	case VAL_DEC:
		return strspn(v, DEC_CHARS) == vlen ? 0 : -1;
	default:
		return 0;
	}
}

static int parse_region_line(struct layout *l, const char *s)
{
	size_t n, pad, indent;
	struct region *r;
	unsigned int u;
	const char *p;

	if (l->nregions == MAX_REGIONS)
		return -1;
	r = &l->regions[l->nregions];

	n = strspn(s, HEX_CHARS);
	if (!is_hex(s, n) || s[n] != '-')
		return -1;
	memcpy(r->start_txt, s, n);
	p = s + n + 1;
	n = strspn(p, HEX_CHARS);
	if (!is_hex(p, n) || p[n] != ' ')
		return -1;
	memcpy(r->end_txt, p, n);
	r->start = strtoull(r->start_txt, NULL, 16);
	r->end = strtoull(r->end_txt, NULL, 16);

	p += n;
	p += strspn(p, " ");
	r->approx = *p == '~';
	if (r->approx) {
		/* "~<whole>.<two digits>", kept in hundredths */
		p++;
		n = strspn(p, DEC_CHARS);
		if (!n || n > 4 || p[n] != '.' ||
		    strspn(p + n + 1, DEC_CHARS) != 2 || p[n + 3] != ' ')
			return -1;
		r->size_num = strtoull(p, NULL, 10) * 100 +
			      strtoull(p + n + 1, NULL, 10);
		n += 3;
	} else {
		n = strspn(p, DEC_CHARS);
		if (!n || n > 20 || p[n] != ' ')
			return -1;
		errno = 0;
		r->size_num = strtoull(p, NULL, 10);
		if (errno)
			return -1;
	}

	p += n + 1;
	n = strcspn(p, " ");
	for (u = 0; u < ARRAY_SIZE(units); u++)
		if (strlen(units[u]) == n && !strncmp(units[u], p, n))
			break;
	pad = n < UNIT_WIDTH ? UNIT_WIDTH - n : 0;
	if (u == ARRAY_SIZE(units) || strspn(p + n, " ") < pad + 1)
		return -1;
	r->size_shift = 10 * u;
	if (r->size_num > ULLONG_MAX >> r->size_shift)
		return -1;
	r->size = r->size_num << r->size_shift;
	if (r->approx)
		r->size /= 100;

	p += n + pad + 1;
	indent = strspn(p, " ");
	if (indent % 2)
		return -1;
	r->depth = indent / 2;
	p += indent;
	n = strspn(p, NAME_CHARS);
	if (!n || n >= NAME_LEN || p[n])
		return -1;
	memcpy(r->name, p, n);
	l->nregions++;
	return 0;
}

/* Parse the text of /proc/vmsplit into @l; on error describe it in @err. */
static int parse_layout(struct layout *l, const char *text, size_t len,
			char *err, size_t errlen)
{
	bool in_regions = false;
	const char *p, *nl;
	char line[LINE_MAX_LEN];
	int lineno = 0;

	memset(l, 0, sizeof(*l));
	if (!len || len >= sizeof(l->text))
		return parse_error(err, errlen, "length %zu", len);
	if (memchr(text, '\0', len))
		return parse_error(err, errlen, "contains a NUL byte");
	if (text[len - 1] != '\n')
		return parse_error(err, errlen, "no newline at the end");
	memcpy(l->text, text, len);
	l->len = len;

	for (p = text; p < text + len; p = nl + 1) {
		nl = memchr(p, '\n', text + len - p);
		lineno++;
		if (nl - p >= LINE_MAX_LEN)
			return parse_error(err, errlen, "line %d too long", lineno);
		memcpy(line, p, nl - p);
		line[nl - p] = '\0';

		if (!in_regions && !line[0]) {
			in_regions = true;
			continue;
		}
		if (in_regions ? parse_region_line(l, line) :
				 parse_key_line(l, line))
			return parse_error(err, errlen, "bad %s line %d: '%s'",
					   in_regions ? "region" : "header",
					   lineno, line);
	}
	if (!l->nkeys || !in_regions || !l->nregions)
		return parse_error(err, errlen,
				   "%d header lines, %s, %d regions", l->nkeys,
				   in_regions ? "empty line" : "no empty line",
				   l->nregions);
	return 0;
}

static const char *find_key(const struct layout *l, const char *key)
{
	int i;

	for (i = 0; i < l->nkeys; i++)
		if (!strcmp(l->keys[i].key, key))
			return l->keys[i].val;
	return NULL;
}

/* A header value; "" if the key is absent (proc_format fails then). */
static const char *key_str(const struct layout *l, const char *key)
{
	const char *v = find_key(l, key);

	return v ? v : "";
}

static unsigned long long key_num(const struct layout *l, const char *key)
{
	return strtoull(key_str(l, key), NULL,
			key_type(key) == VAL_ADDR || key_type(key) == VAL_HEX ?
			16 : 10);
}

static const struct region *find_region(const struct layout *l,
					const char *name)
{
	int i;

	for (i = 0; i < l->nregions; i++)
		if (!strcmp(l->regions[i].name, name))
			return &l->regions[i];
	return NULL;
}

/*
 * The last byte of @r.  A region that ends at the top of a 32-bit address
 * space has end 0.
 */
static unsigned long long last(const struct region *r)
{
	return (r->end - 1) & addr_mask();
}

/* The exact size, from the bounds (zero where they are hidden). */
static unsigned long long exact_size(const struct region *r)
{
	return (r->end - r->start) & addr_mask();
}

/* Does @r hold the range [@start, @end)? */
static bool in_region(const struct region *r, unsigned long long start,
		      unsigned long long end)
{
	return r && start < end && r->start <= start && end - 1 <= last(r);
}

/* Does @r hold the byte at @addr? */
static bool addr_in(const struct region *r, unsigned long long addr)
{
	return r && r->start <= addr && addr <= last(r);
}

static bool contains(const struct region *outer, const struct region *inner)
{
	return outer->start <= inner->start && last(inner) <= last(outer);
}

static bool overlap(const struct region *a, const struct region *b)
{
	return (a->start > b->start ? a->start : b->start) <=
	       (last(a) < last(b) ? last(a) : last(b));
}

/* Can @addr be used as a pointer in this process? */
static bool fits_ptr(unsigned long long addr)
{
	return (unsigned long long)(uintptr_t)addr == addr;
}

static bool is_image_part(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(image_parts); i++)
		if (!strcmp(image_parts[i].region, name))
			return true;
	return false;
}

static bool nesting_allowed_in(const struct nesting *table, const char *child,
			       const char *parent, int depth);

/* May region @child lie inside region @parent, directly or transitively? */
static bool nesting_allowed(const char *child, const char *parent, int depth)
{
	if (depth > 8)
		return false;
	return nesting_allowed_in(generic_nesting, child, parent, depth) ||
	       nesting_allowed_in(arch->nesting, child, parent, depth);
}

static bool nesting_allowed_in(const struct nesting *table, const char *child,
			       const char *parent, int depth)
{
	for (; table && table->child; table++) {
		if (strcmp(table->child, child))
			continue;
		if (!strcmp(table->parent, parent) ||
		    nesting_allowed(table->parent, parent, depth + 1))
			return true;
	}
	return false;
}

/* The sysfs files of @l and the /proc text each must hold. */
static int layout_files(const struct layout *l, struct lfile *f)
{
	static const char * const parts[] = { "start", "end", "size" };
	const struct region *r;
	int i, j, n = 0;

	for (i = 0; i < l->nkeys; i++, n++) {
		const char *key = l->keys[i].key;

		if (!strncmp(key, "kaslr_", 6))
			snprintf(f[n].rel, REL_LEN, "kaslr/%s", key + 6);
		else
			snprintf(f[n].rel, REL_LEN, "%s", key);
		snprintf(f[n].want, VAL_LEN, "%s", l->keys[i].val);
		f[n].addr = key_type(key) == VAL_ADDR;
	}
	for (i = 0; i < l->nregions; i++) {
		r = &l->regions[i];
		for (j = 0; j < 3; j++, n++) {
			snprintf(f[n].rel, REL_LEN, "regions/%s/%s", r->name,
				 parts[j]);
			f[n].addr = j < 2;
		}
		snprintf(f[n - 3].want, VAL_LEN, "%s", r->start_txt);
		snprintf(f[n - 2].want, VAL_LEN, "%s", r->end_txt);
		snprintf(f[n - 1].want, VAL_LEN, "%llu", exact_size(r));
	}
	return n;
}

/* Fill @v with what the caller sees; record the first failure in v->err. */
static void collect_view(struct view *v, const struct lfile *f, int n)
{
	ssize_t len;
	int i;

	len = read_path(PROC_VMSPLIT, v->proc, sizeof(v->proc), TEXT_MAX);
	if (len < 0) {
		v->err = -len;
		snprintf(v->failed, sizeof(v->failed), "%s", PROC_VMSPLIT);
		return;
	}
	v->proc_len = len;
	for (i = 0; i < n; i++) {
		len = read_sysfs(f[i].rel, v->val[i], VAL_LEN);
		if (len < 0) {
			v->err = -len;
			layout_path(v->failed, f[i].rel);
			return;
		}
	}
}

static int drop_to_nobody(void)
{
	if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	    setresuid(NOBODY, NOBODY, NOBODY))
		return -errno;
	return 0;
}

static void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Wait for @pid; return its exit code, or 128 + the signal that killed it. */
static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Run collect_view() in a child as uid/gid 65534 without groups. */
static int collect_as_nobody(struct view *v, const struct lfile *f, int n)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (!pid) {
		if (drop_to_nobody())
			_exit(2);
		collect_view(v, f, n);
		_exit(0);
	}
	return wait_child(pid);
}

/*
 * A copy of process @pid's open file @fd, as SCM_RIGHTS would pass it, but
 * with pidfd_getfd(2), which needs no AF_UNIX socket (CONFIG_NET); -errno
 * on failure.
 */
static int take_fd(pid_t pid, int fd)
{
	int pidfd, ret;

	pidfd = syscall(__NR_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -errno;
	ret = syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	if (ret < 0)
		ret = -errno;
	close(pidfd);
	return ret;
}

struct sym {
	const char *name;
	unsigned long long addr;
	bool found;
};

/* Look up @syms in a kallsyms or System.map format file; skip modules. */
static int read_symbols(const char *path, struct sym *syms, int n)
{
	char line[512], name[256], type;
	unsigned long long addr;
	FILE *f;
	int i;

	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '['))
			continue;
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		for (i = 0; i < n; i++) {
			if (syms[i].found || strcmp(syms[i].name, name))
				continue;
			syms[i].addr = addr;
			syms[i].found = true;
		}
	}
	fclose(f);
	return 0;
}

/* Does the blank-separated word @word occur in @s? */
static bool has_word(const char *s, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = strstr(s, word); p; p = strstr(p + 1, word))
		if ((p == s || p[-1] == ' ') &&
		    (!p[len] || p[len] == ' ' || p[len] == '\n'))
			return true;
	return false;
}

/*
 * Try to write to @path.  Nobody must be refused at open() with EACCES;
 * root either at open() with EACCES or at write() with EIO.
 */
static bool write_refused(const char *path, bool root, char *msg, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_WRONLY);
	if (fd < 0) {
		err = errno;
		snprintf(msg, len, "%s: open(O_WRONLY): %s", path,
			 strerror(err));
		return err == EACCES;
	}
	if (!root) {
		close(fd);
		snprintf(msg, len, "%s: uid %d opened it for writing", path,
			 getuid());
		return false;
	}
	n = write(fd, "0\n", 2);
	err = errno;
	close(fd);
	snprintf(msg, len, "%s: write() returned %zd: %s", path, n,
		 n < 0 ? strerror(err) : "no error");
	return n < 0 && err == EIO;
}

/*
 * /proc/kcore: the kernel's memory as an ELF core file (root with
 * CAP_SYS_RAWIO).  Its PT_LOAD headers name what the kernel maps: the
 * image (text), vmalloc, modules where they are separate, each chunk of
 * System RAM through the direct map (p_paddr set) and, with
 * SPARSEMEM_VMEMMAP, the struct pages of each chunk.
 */
#define KCORE		"/proc/kcore"
#define MAX_SEGS	512

struct kcore_seg {
	unsigned long long vaddr;
	unsigned long long paddr;	/* ~0 where kcore gives none */
	unsigned long long size;
	unsigned long long offset;
};

struct kcore {
	int fd;
	int nsegs;
	struct kcore_seg seg[MAX_SEGS];
};

/* Open /proc/kcore and read its PT_LOAD headers; -errno on failure. */
static int kcore_open(struct kcore *kc)
{
	unsigned char ident[EI_NIDENT];
	unsigned long long phoff;
	unsigned int i, phnum, phentsize;
	bool is64;
	char ph[sizeof(struct elf64_phdr)];

	kc->nsegs = 0;
	kc->fd = open(KCORE, O_RDONLY);
	if (kc->fd < 0)
		return -errno;
	if (pread(kc->fd, ident, sizeof(ident), 0) != sizeof(ident) ||
	    memcmp(ident, ELFMAG, SELFMAG))
		goto bad;
	is64 = ident[EI_CLASS] == ELFCLASS64;
	if (is64) {
		struct elf64_hdr eh;

		if (pread(kc->fd, &eh, sizeof(eh), 0) != sizeof(eh))
			goto bad;
		phoff = eh.e_phoff;
		phnum = eh.e_phnum;
		phentsize = eh.e_phentsize;
	} else {
		struct elf32_hdr eh;

		if (pread(kc->fd, &eh, sizeof(eh), 0) != sizeof(eh))
			goto bad;
		phoff = eh.e_phoff;
		phnum = eh.e_phnum;
		phentsize = eh.e_phentsize;
	}
	if (phentsize > sizeof(ph))
		goto bad;
	for (i = 0; i < phnum && kc->nsegs < MAX_SEGS; i++) {
		struct kcore_seg *g = &kc->seg[kc->nsegs];

		if (pread(kc->fd, ph, phentsize, phoff + i * phentsize) !=
		    phentsize)
			goto bad;
		if (is64) {
			struct elf64_phdr *p = (struct elf64_phdr *)ph;

			if (p->p_type != PT_LOAD)
				continue;
			*g = (struct kcore_seg){ p->p_vaddr, p->p_paddr,
						 p->p_memsz, p->p_offset };
		} else {
			struct elf32_phdr *p = (struct elf32_phdr *)ph;

			if (p->p_type != PT_LOAD)
				continue;
			*g = (struct kcore_seg){ p->p_vaddr, p->p_paddr,
						 p->p_memsz, p->p_offset };
			if (p->p_paddr == ~0U)
				g->paddr = ~0ULL;
		}
		kc->nsegs++;
	}
	return 0;
bad:
	close(kc->fd);
	kc->fd = -1;
	return -EINVAL;
}

/* Read @len bytes of kernel memory at @addr; -errno on failure. */
static int kcore_read(const struct kcore *kc, unsigned long long addr,
		      void *buf, size_t len)
{
	const struct kcore_seg *g;
	int i;

	for (i = 0; i < kc->nsegs; i++) {
		g = &kc->seg[i];
		if (addr < g->vaddr || addr - g->vaddr + len > g->size)
			continue;
		if (pread(kc->fd, buf, len, g->offset + addr - g->vaddr) !=
		    (ssize_t)len)
			return -EIO;
		return 0;
	}
	return -ENOENT;
}

/* A native word of kernel memory. */
static int kcore_word(const struct kcore *kc, unsigned long long addr,
		      unsigned long long *val)
{
	unsigned long w;
	int ret;

	if (arch->addr_bits != 8 * sizeof(long))
		return -EINVAL;
	ret = kcore_read(kc, addr, &w, sizeof(w));
	*val = w;
	return ret;
}

/* A page-table dump: its range lines, and its markers between them. */
#define MAX_MARKERS	48
#define MAX_DUMP_RANGES	65536

struct dump_range {
	unsigned long long start;
	unsigned long long end;
	bool mapped;
};

struct dump_marker {
	char name[48];
	int next;		/* index of the first range line after it */
	bool exact;		/* @value read from the dumper's memory */
	unsigned long long value;
};

struct dump {
	int nranges;
	int nmarkers;
	struct dump_marker marker[MAX_MARKERS];
	struct dump_range range[MAX_DUMP_RANGES];
};

/*
 * Parse the dump at @path.  A range line is "0xSTART-0xEND  SIZE" and
 * then its attributes; x86 prints unmapped ranges too, with nothing but
 * their level after the size.
 */
static int dump_parse(const char *path, struct dump *d)
{
	char line[512], word[64];
	unsigned long long start, end;
	struct dump_range *r;
	const char *p;
	int n, words;
	FILE *f;

	d->nranges = 0;
	d->nmarkers = 0;
	f = fopen(path, "r");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "---[ ", 5)) {
			char *e = strstr(line, " ]---");

			if (!e || d->nmarkers == MAX_MARKERS)
				continue;
			*e = '\0';
			snprintf(d->marker[d->nmarkers].name,
				 sizeof(d->marker[0].name), "%.47s", line + 5);
			d->marker[d->nmarkers].next = d->nranges;
			d->marker[d->nmarkers].exact = false;
			d->nmarkers++;
			continue;
		}
		if (sscanf(line, "0x%llx-0x%llx %63s%n", &start, &end, word,
			   &n) != 3 || d->nranges == MAX_DUMP_RANGES)
			continue;
		for (p = line + n, words = 0; sscanf(p, "%63s%n", word, &n) == 1;
		     p += n)
			words++;
		r = &d->range[d->nranges++];
		*r = (struct dump_range){ start, end, words > 1 };
	}
	fclose(f);
	return 0;
}

static struct dump_marker *dump_marker(struct dump *d, const char *name)
{
	int i;

	for (i = 0; i < d->nmarkers; i++)
		if (!strcmp(d->marker[i].name, name))
			return &d->marker[i];
	return NULL;
}

/*
 * The values of the dumper's markers, from the array it walks with (see
 * struct ptdump_info), into the markers of @d with the same name; a
 * "walk start" marker is added for the start of its walk.  Returns the
 * number of markers read, or -errno.
 */
static int dump_read_markers(struct dump *d, const struct kcore *kc,
			     const struct ptdump_info *pt)
{
	unsigned long long base, arr, addr, name, word = arch->addr_bits / 8;
	struct dump_marker *m;
	struct sym sym = { .name = pt->sym };
	char str[48];
	int i, ret, count = 0;

	ret = read_symbols("/proc/kallsyms", &sym, 1);
	if (ret)
		return ret;
	if (!sym.found || !sym.addr)
		return -ENOENT;
	base = sym.addr;
	arr = base;
	if (pt->markers_at >= 0 &&
	    kcore_word(kc, base + pt->markers_at * word, &arr))
		return -EIO;
	if (pt->base_at >= 0 && d->nmarkers < MAX_MARKERS) {
		m = &d->marker[d->nmarkers++];
		snprintf(m->name, sizeof(m->name), "walk start");
		m->next = 0;
		if (kcore_word(kc, base + pt->base_at * word, &m->value))
			return -EIO;
		m->exact = true;
		count++;
	}
	for (i = 0; i < MAX_MARKERS; i++) {
		unsigned long long entry = arr + i * pt->stride * word;

		if (kcore_word(kc, entry, &addr) ||
		    kcore_word(kc, entry + word, &name))
			return -EIO;
		if (!name)
			break;
		if (kcore_read(kc, name, str, sizeof(str)))
			return -EIO;
		str[sizeof(str) - 1] = '\0';
		m = dump_marker(d, str);
		if (!m)
			continue;
		m->value = addr & addr_mask();
		m->exact = true;
		count++;
	}
	return count;
}

/*
 * Where the dump puts marker @k: no higher than the first range after its
 * line, and above the start of the range before it.  The dumper moves on
 * by one marker per entry it notes, so when that range is the only one
 * after the marker before, both may have been passed at its start: then
 * only the range before that marker bounds it.
 */
static void dump_bracket(const struct dump *d, int k,
			 unsigned long long *lo, unsigned long long *hi)
{
	int next = d->marker[k].next, j = next - 1;

	*hi = next < d->nranges ? d->range[next].start : addr_mask();
	while (k > 0 && j >= 0 && d->marker[k - 1].next == j) {
		k--;
		j = d->marker[k].next - 1;
	}
	*lo = j >= 0 ? d->range[j].start : 0;
}

FIXTURE(vm_layout) {
	int kptr_restrict;	/* value to restore, -1 if untouched */
	bool sysfs;
	struct layout lay;	/* as root with kptr_restrict = 1 */
	int nfiles;
	struct lfile files[MAX_FILES];
};

FIXTURE_SETUP(vm_layout)
{
	char buf[16], err[LINE_MAX_LEN + 64];
	static char text[TEXT_MAX];
	ssize_t len;
	int saved;

	self->kptr_restrict = -1;
	if (read_path(KPTR_RESTRICT, buf, sizeof(buf), sizeof(buf)) <= 0)
		SKIP(return, "cannot read %s", KPTR_RESTRICT);
	saved = atoi(buf);
	/*
	 * 1, not 0: /proc/vmallocinfo prints %pK, hashed under 0.  Root may
	 * see kallsyms values under either.
	 */
	if (write_kptr_restrict(1))
		SKIP(return, "cannot write %s", KPTR_RESTRICT);
	self->kptr_restrict = saved;

	/* The teardown does not run when the setup fails: restore here. */
	len = read_path(PROC_VMSPLIT, text, sizeof(text), TEXT_MAX);
	if (len < 0)
		snprintf(err, sizeof(err), "read: %s", strerror(-len));
	else if (parse_layout(&self->lay, text, len, err, sizeof(err)))
		len = -1;
	if (len < 0)
		write_kptr_restrict(saved);
	ASSERT_LE(0, len) TH_LOG("%s: %s", PROC_VMSPLIT, err);

	/* A layout without regions would make every loop below vacuous. */
	if (!self->lay.nregions)
		write_kptr_restrict(saved);
	ASSERT_LT(0, self->lay.nregions) TH_LOG("%s lists no region",
						PROC_VMSPLIT);

	self->nfiles = layout_files(&self->lay, self->files);
	self->sysfs = !access(LAYOUT_DIR, F_OK);
}

FIXTURE_TEARDOWN_PARENT(vm_layout)
{
	if (self->kptr_restrict >= 0)
		EXPECT_EQ(0, write_kptr_restrict(self->kptr_restrict));
}

/*
 * @text is what a reader who may not see addresses got: every address must
 * be zero, everything else as in @ref, what root sees.  @vals, if not NULL,
 * are the values of @files as that reader read them.
 */
static void expect_hidden(struct __test_metadata *_metadata,
			  const struct layout *ref, const struct lfile *files,
			  int nfiles, const char *text, size_t len,
			  char (*vals)[VAL_LEN], const char *who)
{
	char err[LINE_MAX_LEN + 64];
	const struct key_val *kv;
	const struct region *r;
	struct layout *l;
	int i;

	l = malloc(sizeof(*l));
	ASSERT_TRUE(!!l);
	ASSERT_EQ(0, parse_layout(l, text, len, err, sizeof(err)))
		TH_LOG("%s: %s", who, err);

	ASSERT_EQ(ref->nkeys, l->nkeys) TH_LOG("%s", who);
	for (i = 0; i < l->nkeys; i++) {
		kv = &l->keys[i];
		EXPECT_STREQ(ref->keys[i].key, kv->key) TH_LOG("%s", who);
		if (key_type(kv->key) == VAL_ADDR) {
			EXPECT_TRUE(is_zero_addr(kv->val))
				TH_LOG("%s sees %s: %s", who, kv->key, kv->val);
		} else {
			EXPECT_STREQ(ref->keys[i].val, kv->val)
				TH_LOG("%s: %s", who, kv->key);
		}
	}

	ASSERT_EQ(ref->nregions, l->nregions) TH_LOG("%s", who);
	for (i = 0; i < l->nregions; i++) {
		r = &l->regions[i];
		EXPECT_STREQ(ref->regions[i].name, r->name) TH_LOG("%s", who);
		EXPECT_TRUE(is_zero_addr(r->start_txt) &&
			    is_zero_addr(r->end_txt))
			TH_LOG("%s sees %s at %s-%s", who, r->name,
			       r->start_txt, r->end_txt);
		EXPECT_EQ(ref->regions[i].size, r->size)
			TH_LOG("%s: size of %s", who, r->name);
		EXPECT_NE(0ULL, r->size) TH_LOG("%s: size of %s", who, r->name);
		EXPECT_EQ(ref->regions[i].depth, r->depth)
			TH_LOG("%s: indent of %s", who, r->name);
	}
	free(l);

	for (i = 0; vals && i < nfiles; i++) {
		if (files[i].addr) {
			EXPECT_TRUE(is_zero_addr(vals[i]))
				TH_LOG("%s sees %s: '%s'", who, files[i].rel,
				       vals[i]);
		} else {
			EXPECT_STREQ(files[i].want, vals[i])
				TH_LOG("%s: %s", who, files[i].rel);
		}
	}
}

/* /proc/vmsplit is well formed and has every documented key once. */
TEST_F(vm_layout, proc_format)
{
	const char * const *lists[] = { generic_required, arch->required };
	const struct layout *l = &self->lay;
	const char * const *name;
	size_t k;
	int i, j, count;

	for (k = 0; k < ARRAY_SIZE(header_keys); k++) {
		for (i = 0, count = 0; i < l->nkeys; i++)
			count += !strcmp(l->keys[i].key, header_keys[k].key);
		EXPECT_EQ(1, count) TH_LOG("key %s", header_keys[k].key);
	}

	for (i = 0; i < l->nregions; i++) {
		for (j = i + 1; j < l->nregions; j++) {
			EXPECT_STRNE(l->regions[i].name, l->regions[j].name)
				TH_LOG("lines %d and %d", i, j);
		}
		if (arch->regions)
			EXPECT_TRUE(in_list(arch->regions, l->regions[i].name))
				TH_LOG("unknown region %s on %s",
				       l->regions[i].name, uts.machine);
	}
	for (k = 0; k < ARRAY_SIZE(lists); k++) {
		for (name = lists[k]; name && *name; name++) {
			EXPECT_TRUE(!!find_region(l, *name))
				TH_LOG("no region %s", *name);
		}
	}
}

/* The header values that are not addresses, against the running system. */
TEST_F(vm_layout, header_values)
{
	const struct layout *l = &self->lay;
	unsigned long long user = key_num(l, "user_vas_size");
	unsigned long long kernel = key_num(l, "kernel_vas_size");
	const char *split = key_str(l, "split");
	unsigned int a, b;
	int fields, n = 0;

	EXPECT_STREQ(uts.machine, key_str(l, "arch"));
	EXPECT_EQ(page_size, key_num(l, "page_size"));

	EXPECT_TRUE(in_list(kaslr_words, key_str(l, "kaslr_state")));
	EXPECT_TRUE(in_list(kaslr_words, key_str(l, "kaslr_memory")));
	if (strcmp(uts.machine, "x86_64"))
		EXPECT_STREQ("unsupported", key_str(l, "kaslr_memory"));
	EXPECT_TRUE(in_list(model_words, key_str(l, "memory_model")));
	if (find_region(l, "vmemmap"))
		EXPECT_STREQ("sparsemem-vmemmap", key_str(l, "memory_model"));

	EXPECT_TRUE(in_list(paging_words, key_str(l, "paging_chosen_at")));
	EXPECT_LE(2ULL, key_num(l, "pgtable_levels"));
	EXPECT_LE(key_num(l, "pgtable_levels"),
		  key_num(l, "pgtable_levels_max"));
	EXPECT_GE(5ULL, key_num(l, "pgtable_levels_max"));
	EXPECT_LE(12ULL, key_num(l, "va_bits"));
	EXPECT_LE(key_num(l, "va_bits"), key_num(l, "va_bits_max"));
	EXPECT_GE(arch->addr_bits, key_num(l, "va_bits_max"));
	if (!strcmp(key_str(l, "paging_chosen_at"), "build")) {
		EXPECT_EQ(key_num(l, "pgtable_levels_max"),
			  key_num(l, "pgtable_levels"));
		EXPECT_EQ(key_num(l, "va_bits_max"), key_num(l, "va_bits"));
	}

	EXPECT_NE(0ULL, user);
	EXPECT_NE(0ULL, kernel);
	if (arch->addr_bits == 64) {
		EXPECT_STREQ("-", split);
	} else {
		fields = sscanf(split, "%u:%u%n", &a, &b, &n);
		ASSERT_EQ(2, fields) TH_LOG("split %s", split);
		EXPECT_EQ(strlen(split), (size_t)n) TH_LOG("split %s", split);
		EXPECT_EQ(1U, gcd(a, b)) TH_LOG("split %s", split);
	}
}

/* The header addresses, as root sees them, against each other. */
TEST_F(vm_layout, geometry)
{
	const struct layout *l = &self->lay;
	unsigned long long page_offset = key_num(l, "page_offset");
	unsigned long long task_size = key_num(l, "task_size");
	unsigned long long kernel_vas_start = key_num(l, "kernel_vas_start");
	const struct region *user = find_region(l, "user");
	const struct region *direct_map = find_region(l, "direct_map");
	unsigned int a, b;

	ASSERT_NE(0ULL, page_offset);
	ASSERT_NE(0ULL, task_size);
	ASSERT_NE(0ULL, kernel_vas_start);
	ASSERT_TRUE(!!user);
	ASSERT_TRUE(!!direct_map);

	EXPECT_LE(task_size, kernel_vas_start);
	EXPECT_LE(kernel_vas_start, page_offset);
	EXPECT_EQ(page_offset, direct_map->start);
	EXPECT_EQ(0ULL, user->start);
	EXPECT_EQ(task_size, user->end);
	EXPECT_EQ(task_size, key_num(l, "user_vas_size"));
	EXPECT_EQ(0ULL, (kernel_vas_start + key_num(l, "kernel_vas_size")) &
		     addr_mask())
		TH_LOG("the kernel VAS does not reach the top");

	/* 32-bit: split is PAGE_OFFSET : (4 GiB - PAGE_OFFSET), reduced */
	if (arch->addr_bits == 32 &&
	    sscanf(key_str(l, "split"), "%u:%u", &a, &b) == 2)
		EXPECT_EQ(a * ((1ULL << 32) - page_offset), b * page_offset)
			TH_LOG("split %s", key_str(l, "split"));
}

/* Every /proc/vmsplit value has its sysfs file with the same text. */
TEST_F(vm_layout, proc_sysfs_agree)
{
	char val[VAL_LEN];
	ssize_t len;
	int i;

	if (!self->sysfs)
		SKIP(return, "%s not present (needs CONFIG_SYSFS)", LAYOUT_DIR);
	for (i = 0; i < self->nfiles; i++) {
		len = read_sysfs(self->files[i].rel, val, sizeof(val));
		EXPECT_LE(0, len) TH_LOG("%s: %s", self->files[i].rel,
					 strerror(-len));
		if (len >= 0)
			EXPECT_STREQ(self->files[i].want, val)
				TH_LOG("%s", self->files[i].rel);
	}
}

/* Every entry under /sys/kernel/mm/layout stands for a /proc value. */
TEST_F(vm_layout, sysfs_entries)
{
	char path[PATH_MAX], key[NAME_MAX + 8];
	const char *name;
	struct dirent *d, *e;
	DIR *dir, *sub;
	int regions = 0;

	if (!self->sysfs)
		SKIP(return, "%s not present (needs CONFIG_SYSFS)", LAYOUT_DIR);

	dir = opendir(LAYOUT_DIR);
	ASSERT_TRUE(!!dir);
	while ((d = readdir(dir))) {
		name = d->d_name;
		if (name[0] == '.' || !strcmp(name, "kaslr") ||
		    !strcmp(name, "regions"))
			continue;
		EXPECT_TRUE(!!find_key(&self->lay, name))
			TH_LOG("%s/%s is not a key", LAYOUT_DIR, name);
	}
	closedir(dir);

	dir = opendir(LAYOUT_DIR "/kaslr");
	ASSERT_TRUE(!!dir);
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(key, sizeof(key), "kaslr_%s", d->d_name);
		EXPECT_TRUE(!!find_key(&self->lay, key))
			TH_LOG("kaslr/%s is not a key", d->d_name);
	}
	closedir(dir);

	dir = opendir(LAYOUT_DIR "/regions");
	ASSERT_TRUE(!!dir);
	while ((d = readdir(dir))) {
		name = d->d_name;
		if (name[0] == '.')
			continue;
		regions++;
		EXPECT_TRUE(!!find_region(&self->lay, name))
			TH_LOG("regions/%s is not in %s", name, PROC_VMSPLIT);
		layout_path(path, "regions");
		snprintf(path + strlen(path), sizeof(path) - strlen(path),
			 "/%s", name);
		sub = opendir(path);
		EXPECT_TRUE(!!sub) TH_LOG("%s", path);
		while (sub && (e = readdir(sub))) {
			if (e->d_name[0] == '.')
				continue;
			EXPECT_TRUE(!strcmp(e->d_name, "start") ||
				    !strcmp(e->d_name, "end") ||
				    !strcmp(e->d_name, "size"))
				TH_LOG("%s/%s", path, e->d_name);
		}
		if (sub)
			closedir(sub);
	}
	closedir(dir);
	EXPECT_EQ(self->lay.nregions, regions);
}

/* Regions are listed by end, highest first, the larger first on ties. */
TEST_F(vm_layout, region_order)
{
	const struct region *a, *b;
	int i;

	for (i = 1; i < self->lay.nregions; i++) {
		a = &self->lay.regions[i - 1];
		b = &self->lay.regions[i];
		EXPECT_TRUE(last(a) > last(b) ||
			    (last(a) == last(b) && exact_size(a) >= exact_size(b)))
			TH_LOG("%s %s-%s listed before %s %s-%s", a->name,
			       a->start_txt, a->end_txt, b->name, b->start_txt,
			       b->end_txt);
	}
}

/*
 * Regions overlap only where one lies wholly inside the other as the
 * nesting tables allow; a region's indent is the number of regions it lies
 * in, and it follows the smallest of them.
 */
TEST_F(vm_layout, region_nesting)
{
	const struct layout *l = &self->lay;
	const struct nesting *tables[] = { generic_nesting, arch->nesting };
	const struct region *ri, *rj, *in, *out;
	const struct nesting *t;
	bool nested, equal;
	int i, j, k, parent, depth;
	size_t n;

	for (i = 0; i < l->nregions; i++) {
		ri = &l->regions[i];
		parent = -1;
		depth = 0;
		for (j = 0; j < l->nregions; j++) {
			rj = &l->regions[j];
			if (j == i || !overlap(ri, rj))
				continue;
			nested = contains(rj, ri) || contains(ri, rj);
			if (i < j)
				EXPECT_TRUE(nested)
					TH_LOG("%s %s-%s overlaps %s %s-%s",
					       ri->name, ri->start_txt,
					       ri->end_txt, rj->name,
					       rj->start_txt, rj->end_txt);
			if (!nested)
				continue;
			/* of two equal regions the first is the outer one */
			equal = contains(rj, ri) && contains(ri, rj);
			if (!contains(rj, ri) || (equal && j > i))
				continue;
			EXPECT_TRUE(nesting_allowed(ri->name, rj->name, 0))
				TH_LOG("%s lies inside %s", ri->name, rj->name);
			depth++;
			if (parent < 0 ||
			    exact_size(rj) <= exact_size(&l->regions[parent]))
				parent = j;
		}
		EXPECT_EQ(depth, ri->depth) TH_LOG("indent of %s", ri->name);
		if (parent < 0 || !ri->depth)
			continue;
		for (k = i - 1; k >= 0 && l->regions[k].depth >= ri->depth; k--)
			;
		EXPECT_EQ(parent, k) TH_LOG("%s does not follow %s", ri->name,
					    l->regions[parent].name);
	}

	for (n = 0; n < ARRAY_SIZE(tables); n++) {
		for (t = tables[n]; t && t->child; t++) {
			in = find_region(l, t->child);
			out = find_region(l, t->parent);
			if (t->required && in && out)
				EXPECT_TRUE(contains(out, in))
					TH_LOG("%s not inside %s", in->name,
					       out->name);
		}
	}
}

/* User addresses lie below the kernel VAS, everything else inside it. */
TEST_F(vm_layout, region_bounds)
{
	const struct layout *l = &self->lay;
	unsigned long long kernel_vas_start = key_num(l, "kernel_vas_start");
	const struct region *r;
	int i;

	ASSERT_NE(0ULL, kernel_vas_start);
	ASSERT_TRUE(!!find_region(l, "user"));
	for (i = 0; i < l->nregions; i++) {
		r = &l->regions[i];
		if (!strcmp(r->name, "user")) {
			EXPECT_GE(kernel_vas_start, r->end);
		} else {
			EXPECT_LE(kernel_vas_start, r->start)
				TH_LOG("%s starts at %s", r->name, r->start_txt);
		}
	}
}

/*
 * <size> <unit> tells end - start: exactly, in the largest unit that
 * divides it, when that is a whole number below 10000; otherwise rounded
 * to hundredths of the largest unit the size reaches, marked with '~'.
 * Bounds are page aligned except for the image sections.
 */
TEST_F(vm_layout, region_sizes)
{
	const struct region *r;
	unsigned long long exact, unit;
	unsigned int shift;
	int i;

	for (i = 0; i < self->lay.nregions; i++) {
		r = &self->lay.regions[i];
		exact = exact_size(r);
		unit = 1ULL << r->size_shift;
		EXPECT_NE(0ULL, exact) TH_LOG("%s is empty", r->name);
		if (!r->approx) {
			EXPECT_EQ(exact, r->size) TH_LOG("size of %s", r->name);
			EXPECT_GT(10000ULL, r->size_num)
				TH_LOG("size of %s", r->name);
			/* no larger unit divides it */
			for (shift = r->size_shift + 10; shift < 64; shift += 10) {
				EXPECT_FALSE(exact >= (1ULL << shift) &&
					     !(exact % (1ULL << shift)))
					TH_LOG("%s: %llu in %s", r->name,
					       r->size_num, units[r->size_shift / 10]);
			}
		} else {
			/* within a hundredth of the unit */
			EXPECT_GE(unit / 100 + 1,
				  exact > r->size ? exact - r->size : r->size - exact)
				TH_LOG("%s: ~%llu.%02llu %s for %llu bytes", r->name,
				       r->size_num / 100, r->size_num % 100,
				       units[r->size_shift / 10], exact);
			/* the largest unit it reaches (1024 may round up) */
			EXPECT_LE(unit - unit / 100, exact) TH_LOG("unit of %s", r->name);
			if (r->size_shift < 60)
				EXPECT_GT(unit << 10, exact) TH_LOG("unit of %s", r->name);
			/* and no short exact form exists */
			for (shift = 0; shift < 64; shift += 10) {
				EXPECT_FALSE(!(exact % (1ULL << shift)) &&
					     (exact >> shift) < 10000)
					TH_LOG("%s could be exact in unit 2^%u", r->name, shift);
			}
		}
		if (is_image_part(r->name))
			continue;
		EXPECT_EQ(0ULL, r->start % page_size)
			TH_LOG("%s starts at %s", r->name, r->start_txt);
		EXPECT_EQ(0ULL, r->end % page_size)
			TH_LOG("%s ends at %s", r->name, r->end_txt);
	}
}

/* The image and its sections are where /proc/kallsyms puts them. */
TEST_F_TIMEOUT(vm_layout, kallsyms_image, 120)
{
	const size_t nparts = ARRAY_SIZE(image_parts);
	struct sym syms[2 * ARRAY_SIZE(image_parts) + ARRAY_SIZE(image_syms)];
	const struct region *r;
	int i, found = 0;
	size_t k;

	memset(syms, 0, sizeof(syms));
	for (k = 0; k < nparts; k++) {
		syms[2 * k].name = image_parts[k].start;
		syms[2 * k + 1].name = image_parts[k].end;
	}
	for (k = 0; k < ARRAY_SIZE(image_syms); k++)
		syms[2 * nparts + k].name = image_syms[k].sym;
	ASSERT_EQ(0, read_symbols("/proc/kallsyms", syms, ARRAY_SIZE(syms)));

	for (k = 0; k < nparts; k++) {
		r = find_region(&self->lay, image_parts[k].region);
		for (i = 0; i < 2; i++) {
			const struct sym *s = &syms[2 * k + i];

			if (!s->found)
				continue;
			found++;
			ASSERT_NE(0ULL, s->addr)
				TH_LOG("kallsyms hides %s", s->name);
			ASSERT_TRUE(!!r)
				TH_LOG("no region %s", image_parts[k].region);
			EXPECT_EQ(s->addr, i ? r->end : r->start)
				TH_LOG("%s of %s is not %s",
				       i ? "end" : "start", r->name, s->name);
		}
	}
	for (k = 0; k < ARRAY_SIZE(image_syms); k++) {
		const struct sym *s = &syms[2 * nparts + k];

		if (!s->found)
			continue;
		found++;
		r = find_region(&self->lay, image_syms[k].region);
		EXPECT_TRUE(addr_in(r, s->addr))
			TH_LOG("%s %llx not in %s", s->name, s->addr,
			       image_syms[k].region);
	}
	ASSERT_LT(0, found) TH_LOG("no image symbol in /proc/kallsyms");
}

/* What this process maps lies in the user region. */
TEST_F(vm_layout, user_addresses)
{
	const struct region *user = find_region(&self->lay, "user");
	const struct maps_exception *ex;
	const struct region *home;
	char line[512], *p;
	bool exact;
	unsigned long long start, end, a;
	int count = 0, err;
	void *map, *want;
	size_t len;
	FILE *f;

	ASSERT_TRUE(!!user);
	f = fopen("/proc/self/maps", "r");
	ASSERT_TRUE(!!f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx", &start, &end) != 2)
			continue;
		count++;
		line[strcspn(line, "\n")] = '\0';
		len = strlen(line);
		home = user;
		exact = false;
		for (ex = arch->maps; ex && ex->maps_name; ex++) {
			if (len >= strlen(ex->maps_name) &&
			    !strcmp(line + len - strlen(ex->maps_name),
				    ex->maps_name)) {
				home = find_region(&self->lay, ex->region);
				exact = ex->exact;
			}
		}
		EXPECT_TRUE(in_region(home, start, end))
			TH_LOG("'%s' not in its region", line);
		if (exact && home)
			EXPECT_TRUE(home->start == start && home->end == end)
				TH_LOG("'%s' is not all of %s", line,
				       home->name);
	}
	fclose(f);
	ASSERT_LT(0, count);

	map = mmap(NULL, page_size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	a = (uintptr_t)map;
	EXPECT_TRUE(in_region(user, a, a + page_size)) TH_LOG("mmap %p", map);
	munmap(map, page_size);

	a = (uintptr_t)&count;
	EXPECT_TRUE(addr_in(user, a)) TH_LOG("stack %p", &count);
	p = sbrk(0);
	a = (uintptr_t)p;
	EXPECT_TRUE(addr_in(user, a)) TH_LOG("break %p", p);

	/* The last user page can be mapped, the page above it cannot. */
	if (!fits_ptr(user->end + page_size - 1) || user->end < page_size)
		return;
	want = (void *)(uintptr_t)(user->end - page_size);
	map = mmap(want, page_size, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	err = errno;
	EXPECT_TRUE(map == want || (map == MAP_FAILED && err == EEXIST))
		TH_LOG("mmap at %p: %p, %s", want, map, strerror(err));
	if (map != MAP_FAILED)
		munmap(map, page_size);

	want = (void *)(uintptr_t)user->end;
	map = mmap(want, page_size, PROT_NONE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	EXPECT_TRUE(map == MAP_FAILED) TH_LOG("mapped %p above user", want);
	if (map != MAP_FAILED)
		munmap(map, page_size);
}

/*
 * Every vmalloc area lies in vmalloc or a modules window; arm's PCI I/O
 * window is the area pci_reserve_io() reserved (no guard page follows an
 * area reserved at boot).
 */
TEST_F(vm_layout, vmallocinfo)
{
	const struct region *vmalloc = find_region(&self->lay, "vmalloc");
	const struct region *modules = find_region(&self->lay, "modules");
	const struct region *plt = find_region(&self->lay, "modules_plt");
	const struct region *pci_io = find_region(&self->lay, "pci_io");
	unsigned long long start, end;
	char line[512];
	int count = 0;
	FILE *f;

	ASSERT_TRUE(!!vmalloc);
	f = fopen("/proc/vmallocinfo", "r");
	if (!f)
		SKIP(return, "/proc/vmallocinfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%llx-0x%llx", &start, &end) != 2)
			continue;
		count++;
		EXPECT_TRUE(in_region(vmalloc, start, end) ||
			    in_region(modules, start, end) ||
			    in_region(plt, start, end))
			TH_LOG("%s", line);
		if (strstr(line, " pci_reserve_io+"))
			EXPECT_TRUE(pci_io && pci_io->start == start &&
				    pci_io->end == end)
				TH_LOG("%s", line);
	}
	fclose(f);
	ASSERT_LT(0, count);
}

/*
 * A kernel with HIGHMEM has the "HighTotal:" line in /proc/meminfo and a
 * pkmap area; one without has neither.  With high memory present, the
 * direct map (lowmem) holds at least the low memory meminfo counts.
 */
TEST_F(vm_layout, highmem)
{
	const struct region *pkmap = find_region(&self->lay, "pkmap");
	const struct region *direct = find_region(&self->lay, "direct_map");
	unsigned long long kib, high = 0, total = 0;
	bool has_high = false;
	char line[256];
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		SKIP(return, "/proc/meminfo: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "MemTotal: %llu kB", &kib) == 1)
			total = kib << 10;
		if (sscanf(line, "HighTotal: %llu kB", &kib) == 1) {
			high = kib << 10;
			has_high = true;
		}
	}
	fclose(f);
	ASSERT_NE(0ULL, total);
	ASSERT_TRUE(!!direct);

	EXPECT_EQ(has_high, !!pkmap)
		TH_LOG("meminfo %s HighTotal, /proc/vmsplit %s pkmap",
		       has_high ? "has" : "has no", pkmap ? "has" : "has no");
	if (!high)
		return;
	EXPECT_LE(total - high, exact_size(direct))
		TH_LOG("LowTotal %llu bytes, direct_map %llu bytes",
		       total - high, exact_size(direct));
	if (pkmap)
		EXPECT_TRUE(last(pkmap) < direct->start ||
			    pkmap->start > last(direct))
			TH_LOG("pkmap %s-%s in the direct map", pkmap->start_txt,
			       pkmap->end_txt);
}

/*
 * Every loaded module lies in modules or its fallback window modules_plt
 * (in vmalloc where there is neither).
 */
TEST_F(vm_layout, modules)
{
	const struct region *home = find_region(&self->lay, "modules");
	const struct region *plt = find_region(&self->lay, "modules_plt");
	char line[512], name[64];
	unsigned long long addr;
	int count = 0, placed = 0;
	FILE *f;

	if (!home)
		home = find_region(&self->lay, "vmalloc");
	ASSERT_TRUE(!!home);
	f = fopen("/proc/modules", "r");
	if (!f)
		SKIP(return, "/proc/modules: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		/*
		 * name size refs users state address: refs and users
		 * are "-" without CONFIG_MODULE_UNLOAD.
		 */
		if (sscanf(line, "%63s %*s %*s %*s %*s 0x%llx", name, &addr) != 2)
			continue;
		count++;
		/* A module whose code is all __init has no text left. */
		if (!addr) {
			ksft_print_msg("%s: address 0 (no core text?)\n", name);
			continue;
		}
		placed++;
		EXPECT_TRUE(addr_in(home, addr) || addr_in(plt, addr))
			TH_LOG("%s at %llx not in %s", name, addr,
			       home->name);
	}
	fclose(f);
	if (!count)
		SKIP(return, "no modules loaded");
	/* root reads real addresses: all zeros means they are hidden */
	EXPECT_LT(0, placed) TH_LOG("/proc/modules shows no module address");
}

/*
 * Every region bound the architecture's page-table dumper has a marker
 * for is that marker: its value, read from the dumper's own array
 * through /proc/kcore, and where the dump puts it between the ranges it
 * walked; a region mapped from its first page (or to its last) also
 * meets the mapped ranges the dump prints.
 */
TEST_F_TIMEOUT(vm_layout, ptdump, 300)
{
	const struct ptdump_info *pt = arch->ptdump;
	const struct ptdump_truth *t;
	const struct dump_range *dr;
	const struct dump_marker *m;
	const struct region *r;
	unsigned long long lo, hi, bound;
	struct kcore kc = { .fd = -1 };
	int i, ret, count = 0;
	struct dump *d;

	if (!pt)
		SKIP(return, "no page-table dumper known for %s", uts.machine);
	if (access(pt->file, R_OK))
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	if (access(pt->file, R_OK))
		SKIP(return, "%s: %s (needs %s)", pt->file, strerror(errno),
		     pt->kconfig);
	d = malloc(sizeof(*d));
	ASSERT_TRUE(!!d);
	ASSERT_EQ(0, dump_parse(pt->file, d)) TH_LOG("%s", pt->file);
	ASSERT_LT(0, d->nmarkers) TH_LOG("%s has no markers", pt->file);
	ASSERT_LT(0, d->nranges) TH_LOG("%s has no ranges", pt->file);

	if (pt->sym) {
		ret = kcore_open(&kc);
		if (ret)
			SKIP(free(d); return, "%s: %s (needs CONFIG_PROC_KCORE)",
			     KCORE, strerror(-ret));
		ret = dump_read_markers(d, &kc, pt);
		close(kc.fd);
		ASSERT_LT(0, ret) TH_LOG("the markers at %s: %s", pt->sym,
					 strerror(-ret));
	}

	/* What was read from memory is where the dump crossed it. */
	for (i = 0; i < d->nmarkers; i++) {
		m = &d->marker[i];
		if (!m->exact || !strcmp(m->name, "walk start"))
			continue;
		dump_bracket(d, i, &lo, &hi);
		EXPECT_TRUE((m->value > lo || !lo) && m->value <= hi)
			TH_LOG("marker %s at %llx, dump %llx..%llx", m->name,
			       m->value, lo, hi);
	}

	for (t = pt->truth; t->marker; t++) {
		m = dump_marker(d, t->marker);
		r = find_region(&self->lay, t->region);
		if (!m && !r)
			continue;
		EXPECT_TRUE(!!m) TH_LOG("region %s, but no marker %s",
					t->region, t->marker);
		EXPECT_TRUE(!!r) TH_LOG("marker %s, but no region %s",
					t->marker, t->region);
		if (!m || !r)
			continue;
		count++;
		bound = t->end ? r->end : r->start;
		if ((t->how & PT_VALUE) && m->exact) {
			EXPECT_EQ(m->value, bound)
				TH_LOG("%s of %s: marker %s", t->end ? "end" :
				       "start", t->region, t->marker);
		} else if (t->how & PT_VALUE) {
			dump_bracket(d, m - d->marker, &lo, &hi);
			EXPECT_TRUE((bound > lo || !lo) && bound <= hi)
				TH_LOG("%s of %s %llx: marker %s is after %llx, at or below %llx",
				       t->end ? "end" : "start", t->region,
				       bound, t->marker, lo, hi);
		}
		if (!(t->how & PT_EDGE))
			continue;
		dr = NULL;
		if (t->end) {
			for (i = m->next - 1; i >= 0 && !dr; i--)
				if (d->range[i].mapped)
					dr = &d->range[i];
		} else {
			for (i = m->next; i < d->nranges && !dr; i++)
				if (d->range[i].mapped)
					dr = &d->range[i];
		}
		EXPECT_TRUE(!!dr) TH_LOG("no mapped range %s marker %s",
					 t->end ? "before" : "after", t->marker);
		if (dr)
			EXPECT_EQ(t->end ? dr->end : dr->start, bound)
				TH_LOG("%s of %s: the mapped range %s marker %s",
				       t->end ? "end" : "start", t->region,
				       t->end ? "before" : "after", t->marker);
	}
	ASSERT_LT(0, count) TH_LOG("no region has a marker in %s", pt->file);
	free(d);
}

/*
 * /proc/kcore's headers: the image is the kernel region, vmalloc starts
 * where the vmalloc region does (kcore takes VMALLOC_END as the end,
 * which x86_64 makes the last byte), modules are the modules region
 * where kcore has them, every chunk of RAM lies in the direct map, and
 * every header lies in some region of the kernel.
 */
TEST_F_TIMEOUT(vm_layout, kcore, 120)
{
	const struct region *kernel = find_region(&self->lay, "kernel");
	const struct region *vmalloc = find_region(&self->lay, "vmalloc");
	const struct region *modules = find_region(&self->lay, "modules");
	const struct region *direct = find_region(&self->lay, "direct_map");
	const struct region *area = find_region(&self->lay, "modules_area");
	struct sym syms[] = { { .name = "_text" }, { .name = "_end" } };
	unsigned long long end, vsize;
	struct kcore *kc;
	bool text = false, vm = false, home;
	int i, j, ret, ram = 0;

	ASSERT_TRUE(kernel && vmalloc && direct);
	kc = malloc(sizeof(*kc));
	ASSERT_TRUE(!!kc);
	ret = kcore_open(kc);
	if (ret)
		SKIP(free(kc); return, "%s: %s (needs CONFIG_PROC_KCORE)",
		     KCORE, strerror(-ret));
	close(kc->fd);
	ASSERT_EQ(0, read_symbols("/proc/kallsyms", syms, 2));
	ASSERT_TRUE(syms[0].found && syms[1].found);
	ASSERT_LT(0, kc->nsegs);

	for (i = 0; i < kc->nsegs; i++) {
		const struct kcore_seg *g = &kc->seg[i];

		end = g->vaddr + g->size;
		for (j = 0, home = false; j < self->lay.nregions && !home; j++)
			home = strcmp(self->lay.regions[j].name, "user") &&
			       in_region(&self->lay.regions[j], g->vaddr, end);
		EXPECT_TRUE(home) TH_LOG("kcore %llx-%llx in no region",
					 g->vaddr, end);
		/* Text and RAM have a physical address, the rest none. */
		if (g->vaddr == syms[0].addr && g->paddr != ~0ULL) {
			text = true;
			EXPECT_EQ(syms[1].addr, end) TH_LOG("kcore's text");
			EXPECT_EQ(kernel->start, g->vaddr);
			EXPECT_EQ(kernel->end, end);
		} else if (g->paddr != ~0ULL) {
			ram++;
			EXPECT_TRUE(in_region(direct, g->vaddr, end))
				TH_LOG("RAM %llx at %llx-%llx", g->paddr,
				       g->vaddr, end);
			if (arch->linear_from_0)
				EXPECT_EQ(direct->start, g->vaddr - g->paddr)
					TH_LOG("RAM %llx at %llx", g->paddr,
					       g->vaddr);
		}
		if (g->vaddr == vmalloc->start && g->paddr == ~0ULL) {
			vm = true;
			vsize = exact_size(vmalloc);
			EXPECT_TRUE(g->size == vsize || g->size == vsize - 1)
				TH_LOG("kcore's vmalloc is %llu bytes, %llu here",
				       g->size, vsize);
		}
		/* MODULES_VADDR..MODULES_END, where kcore has it apart */
		if (modules && g->paddr == ~0ULL &&
		    g->vaddr == modules->start &&
		    modules->start != vmalloc->start)
			EXPECT_EQ(exact_size(modules), g->size)
				TH_LOG("kcore's modules");
		if (area && g->paddr == ~0ULL && g->vaddr == area->start)
			EXPECT_EQ(exact_size(area), g->size)
				TH_LOG("kcore's modules");
	}
	EXPECT_TRUE(vm) TH_LOG("no kcore header at the vmalloc start");
	EXPECT_LT(0, ram) TH_LOG("kcore has no RAM");
	/* The image has its own header where the arch keeps it apart. */
	if (!text)
		EXPECT_TRUE(in_region(direct, kernel->start, kernel->end));
	free(kc);
}

/* Bytes of slab memory: the whole system's, after folding the per-CPU counts. */
static long long slab_unreclaimable_kernel(void)
{
	unsigned long long kib;
	char line[256];
	int fd;
	FILE *f;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1\n", 2) < 0)
			kib = 0;
		close(fd);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "SUnreclaim: %llu kB", &kib) == 1) {
			fclose(f);
			return kib << 10;
		}
	}
	fclose(f);
	return -1;
}

/* ... and the bytes charged to cgroup @dir. */
static long long slab_unreclaimable_memcg(const char *dir)
{
	char path[PATH_MAX], line[256];
	unsigned long long bytes;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.stat", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "slab_unreclaimable %llu", &bytes) == 1) {
			fclose(f);
			return bytes;
		}
	}
	fclose(f);
	return -1;
}

static int write_file(const char *path, const char *text)
{
	ssize_t len = strlen(text);
	int fd, ret = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len)
		ret = -errno;
	close(fd);
	return ret;
}

#define CGROUP_ROOT	"/sys/fs/cgroup"
#define CGROUP_TEST	CGROUP_ROOT "/vm_layout_test"
#define CHARGE_OPENS	2000

/*
 * What an open of /proc/vmsplit allocates stays as long as the file is
 * open, so whoever holds descriptors must be charged for it: the slab
 * memory the system gains while a task in a memory cgroup holds
 * CHARGE_OPENS of them is charged to that cgroup, but for page rounding.
 */
TEST_F_TIMEOUT(vm_layout, open_is_charged, 120)
{
	struct rlimit rl = { CHARGE_OPENS + 64, CHARGE_OPENS + 64 };
	long long sys0, sys1, cg0, cg1, uncharged;
	int go[2], done[2], i;
	char buf[4096], c;
	pid_t pid;

	if (access(CGROUP_ROOT "/cgroup.controllers", R_OK))
		mount("cgroup2", CGROUP_ROOT, "cgroup2", 0, NULL);
	if (read_path(CGROUP_ROOT "/cgroup.controllers", buf, sizeof(buf),
		      sizeof(buf)) < 0 || !has_word(buf, "memory"))
		SKIP(return, "no memory controller in %s (needs CONFIG_MEMCG)",
		     CGROUP_ROOT);
	ASSERT_EQ(0, write_file(CGROUP_ROOT "/cgroup.subtree_control",
				"+memory"));
	rmdir(CGROUP_TEST);
	ASSERT_EQ(0, mkdir(CGROUP_TEST, 0755)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(go[1]);
		close(done[0]);
		/* In the cgroup, then wait for the parent's first count. */
		snprintf(buf, sizeof(buf), "%d\n", getpid());
		if (write_file(CGROUP_TEST "/cgroup.procs", buf) ||
		    setrlimit(RLIMIT_NOFILE, &rl) || write(done[1], "c", 1) != 1 ||
		    read(go[0], &c, 1) != 1)
			_exit(2);
		for (i = 0; i < CHARGE_OPENS; i++)
			if (open(PROC_VMSPLIT, O_RDONLY) < 0)
				_exit(3);
		/* Hold them until the parent has counted again. */
		if (write(done[1], "o", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(4);
		_exit(0);
	}
	close(go[0]);
	close(done[1]);
	ASSERT_EQ(1, read(done[0], &c, 1)) TH_LOG("child did not join the cgroup");
	sys0 = slab_unreclaimable_kernel();
	cg0 = slab_unreclaimable_memcg(CGROUP_TEST);
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(1, read(done[0], &c, 1)) TH_LOG("child did not open");
	/*
	 * memory.stat folds in the per-CPU counts only past
	 * MEMCG_CHARGE_BATCH pages a CPU, or from a work item every 2 s:
	 * with 64K pages or many CPUs the opens stay below that.  Give the
	 * work 10 s to catch up.
	 */
	for (i = 0; i < 100; i++) {
		sys1 = slab_unreclaimable_kernel();
		cg1 = slab_unreclaimable_memcg(CGROUP_TEST);
		uncharged = (sys1 - sys0) - (cg1 - cg0);
		if (sys1 < 0 || cg1 < 0 ||
		    (cg1 > cg0 && uncharged < 256LL * CHARGE_OPENS))
			break;
		usleep(100000);
	}
	ASSERT_EQ(1, write(go[1], "d", 1));
	EXPECT_EQ(0, wait_child(pid));
	close(go[1]);
	close(done[0]);
	rmdir(CGROUP_TEST);

	ASSERT_TRUE(sys0 >= 0 && sys1 >= 0 && cg0 >= 0 && cg1 >= 0);
	ksft_print_msg("%d opens: slab +%lld bytes, charged +%lld\n",
		       CHARGE_OPENS, sys1 - sys0, cg1 - cg0);
	EXPECT_LT(0, cg1 - cg0);
	EXPECT_GT(256LL * CHARGE_OPENS, uncharged)
		TH_LOG("%lld bytes uncharged per open",
		       uncharged / CHARGE_OPENS);
}

/* Link-time addresses plus kaslr_offset are the live ones. */
TEST_F_TIMEOUT(vm_layout, system_map, 120)
{
	static const char * const names[] = {
		"_text", "_stext", "_etext", "__start_rodata", "_sdata",
		"__init_begin", "__bss_start", "_end",
	};
	struct sym link[ARRAY_SIZE(names)], live[ARRAY_SIZE(names)];
	unsigned long long offset = key_num(&self->lay, "kaslr_offset");
	const char *map = getenv(SYSTEM_MAP_ENV);
	int count = 0;
	size_t i;

	if (!map)
		SKIP(return, "%s not set", SYSTEM_MAP_ENV);
	memset(link, 0, sizeof(link));
	memset(live, 0, sizeof(live));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		link[i].name = names[i];
		live[i].name = names[i];
	}
	ASSERT_EQ(0, read_symbols(map, link, ARRAY_SIZE(link)))
		TH_LOG("%s", map);
	ASSERT_EQ(0, read_symbols("/proc/kallsyms", live, ARRAY_SIZE(live)));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!link[i].found || !live[i].found)
			continue;
		count++;
		EXPECT_EQ(live[i].addr, (link[i].addr + offset) & addr_mask())
			TH_LOG("%s: link %llx live %llx", names[i],
			       link[i].addr, live[i].addr);
	}
	ASSERT_LT(0, count) TH_LOG("no common symbol in %s", map);
}

/* Nobody reads zeros for every address and the same for the rest. */
TEST_F(vm_layout, nobody_sees_zeros)
{
	struct view *v = shared_alloc(sizeof(*v));
	int n = self->sysfs ? self->nfiles : 0;

	ASSERT_TRUE(!!v);
	ASSERT_NE(0ULL, key_num(&self->lay, "page_offset"));
	ASSERT_EQ(0, collect_as_nobody(v, self->files, n));
	ASSERT_EQ(0, v->err) TH_LOG("nobody reading %s: %s", v->failed,
				    strerror(v->err));
	expect_hidden(_metadata, &self->lay, self->files, n, v->proc,
		      v->proc_len, v->val, "nobody");
	munmap(v, sizeof(*v));
}

/*
 * With kptr_restrict = 2 root reads zeros too, except from a file it opened
 * before: that was decided at open.
 */
TEST_F(vm_layout, kptr_restrict_2_hides)
{
	struct view *v = shared_alloc(sizeof(*v));
	int n = self->sysfs ? self->nfiles : 0;
	static char text[TEXT_MAX];
	ssize_t len;
	int fd;

	ASSERT_TRUE(!!v);
	ASSERT_NE(0ULL, key_num(&self->lay, "page_offset"));
	fd = open(PROC_VMSPLIT, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, write_kptr_restrict(2));
	collect_view(v, self->files, n);
	len = read_fd(fd, text, sizeof(text), TEXT_MAX);
	close(fd);
	ASSERT_EQ(0, write_kptr_restrict(1));

	ASSERT_EQ(0, v->err) TH_LOG("%s: %s", v->failed, strerror(v->err));
	expect_hidden(_metadata, &self->lay, self->files, n, v->proc,
		      v->proc_len, v->val, "root with kptr_restrict=2");
	ASSERT_EQ((ssize_t)self->lay.len, len);
	EXPECT_EQ(0, memcmp(self->lay.text, text, len))
		TH_LOG("opened before kptr_restrict=2, read after");
	munmap(v, sizeof(*v));
}

/* With kptr_restrict 0 and 1 root reads the addresses kallsyms shows. */
TEST_F_TIMEOUT(vm_layout, kptr_restrict_0_1_show, 120)
{
	struct view *v = shared_alloc(sizeof(*v));
	int n = self->sysfs ? self->nfiles : 0;
	const struct region *text;
	struct layout *l;
	char err[LINE_MAX_LEN + 64];
	struct sym stext;
	int kptr, i;

	l = malloc(sizeof(*l));
	ASSERT_TRUE(!!v);
	ASSERT_TRUE(!!l);
	for (kptr = 0; kptr <= 1; kptr++) {
		memset(v, 0, sizeof(*v));
		ASSERT_EQ(0, write_kptr_restrict(kptr));
		collect_view(v, self->files, n);
		stext = (struct sym){ .name = "_stext" };
		ASSERT_EQ(0, read_symbols("/proc/kallsyms", &stext, 1));
		ASSERT_EQ(0, v->err) TH_LOG("%s: %s", v->failed,
					    strerror(v->err));
		ASSERT_EQ(0, parse_layout(l, v->proc, v->proc_len, err,
					  sizeof(err)))
			TH_LOG("kptr_restrict=%d: %s", kptr, err);

		EXPECT_NE(0ULL, key_num(l, "page_offset"))
			TH_LOG("kptr_restrict=%d", kptr);
		text = find_region(l, "kernel_text");
		ASSERT_TRUE(stext.found);
		ASSERT_NE(0ULL, stext.addr);
		EXPECT_TRUE(addr_in(text, stext.addr))
			TH_LOG("kptr_restrict=%d: _stext %llx", kptr,
			       stext.addr);
		EXPECT_EQ(self->lay.len, l->len);
		EXPECT_EQ(0, memcmp(self->lay.text, l->text, l->len))
			TH_LOG("kptr_restrict=%d", kptr);
		for (i = 0; i < n; i++) {
			EXPECT_STREQ(self->files[i].want, v->val[i])
				TH_LOG("kptr_restrict=%d: %s", kptr,
				       self->files[i].rel);
		}
	}
	free(l);
	munmap(v, sizeof(*v));
}

/* Files opened by root and read after dropping to nobody show addresses. */
TEST_F(vm_layout, open_creds_root_fd)
{
	struct view *v = shared_alloc(sizeof(*v));
	const char *want = key_str(&self->lay, "page_offset");
	int proc, sys = -1;
	ssize_t len;
	pid_t pid;

	ASSERT_TRUE(!!v);
	ASSERT_NE(0ULL, key_num(&self->lay, "page_offset"));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		proc = open(PROC_VMSPLIT, O_RDONLY);
		if (self->sysfs)
			sys = open(LAYOUT_DIR "/page_offset", O_RDONLY);
		if (proc < 0 || (self->sysfs && sys < 0) || drop_to_nobody())
			_exit(2);
		len = read_fd(proc, v->proc, sizeof(v->proc), TEXT_MAX);
		if (len < 0)
			_exit(3);
		v->proc_len = len;
		if (sys >= 0 && read_fd(sys, v->val[0], VAL_LEN, VAL_LEN) < 0)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(0, wait_child(pid));
	ASSERT_EQ(self->lay.len, v->proc_len);
	EXPECT_EQ(0, memcmp(self->lay.text, v->proc, v->proc_len))
		TH_LOG("%s differs when read as nobody", PROC_VMSPLIT);
	if (self->sysfs) {
		v->val[0][strcspn(v->val[0], "\n")] = '\0';
		EXPECT_STREQ(want, v->val[0]);
	}
	munmap(v, sizeof(*v));
}

/* Files opened by nobody and passed to root show zeros. */
TEST_F(vm_layout, open_creds_nobody_fd)
{
	static char text[TEXT_MAX];
	int ready[2], done[2], fds[2] = { -1, -1 }, theirs[2];
	int n = self->sysfs ? 2 : 1;
	char val[VAL_LEN], c;
	ssize_t len, got;
	pid_t pid;

	ASSERT_NE(0ULL, key_num(&self->lay, "page_offset"));
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(ready[0]);
		close(done[1]);
		if (drop_to_nobody())
			_exit(2);
		fds[0] = open(PROC_VMSPLIT, O_RDONLY);
		fds[1] = n > 1 ? open(LAYOUT_DIR "/page_offset", O_RDONLY) : -1;
		if (fds[0] < 0 || (n > 1 && fds[1] < 0))
			_exit(3);
		if (write(ready[1], fds, sizeof(fds)) != sizeof(fds))
			_exit(4);
		/* Keep the files open until root has taken its copies. */
		_exit(read(done[0], &c, 1) < 0 ? 5 : 0);
	}
	close(ready[1]);
	close(done[0]);
	/* The child's exit ends this read too, with 0. */
	got = read(ready[0], theirs, sizeof(theirs));
	if (got == sizeof(theirs)) {
		fds[0] = take_fd(pid, theirs[0]);
		if (n > 1)
			fds[1] = take_fd(pid, theirs[1]);
	}
	close(done[1]);
	close(ready[0]);
	ASSERT_EQ(0, wait_child(pid));
	ASSERT_EQ((ssize_t)sizeof(theirs), got);
	ASSERT_LE(0, fds[0]) TH_LOG("pidfd_getfd: %s", strerror(-fds[0]));
	ASSERT_TRUE(n < 2 || fds[1] >= 0)
		TH_LOG("pidfd_getfd: %s", strerror(-fds[1]));

	len = read_fd(fds[0], text, sizeof(text), TEXT_MAX);
	close(fds[0]);
	ASSERT_LT(0, len);
	expect_hidden(_metadata, &self->lay, NULL, 0, text, len, NULL,
		      "root reading nobody's fd");
	if (n > 1) {
		len = read_fd(fds[1], val, sizeof(val), sizeof(val));
		close(fds[1]);
		ASSERT_LT(0, len);
		val[strcspn(val, "\n")] = '\0';
		EXPECT_TRUE(is_zero_addr(val)) TH_LOG("page_offset %s", val);
	}
}

/* Nobody cannot open the files for writing, root cannot write them. */
TEST_F(vm_layout, writes_fail)
{
	struct nobody_result {
		int bad;
		char msg[PATH_MAX + 64];
	} *res = shared_alloc(sizeof(*res));
	int i, n = self->sysfs ? self->nfiles : 0;
	static char text[TEXT_MAX];
	char path[PATH_MAX], val[VAL_LEN], msg[PATH_MAX + 64];
	ssize_t len;
	pid_t pid;

	ASSERT_TRUE(!!res);
	EXPECT_TRUE(write_refused(PROC_VMSPLIT, true, msg, sizeof(msg)))
		TH_LOG("root: %s", msg);
	for (i = 0; i < n; i++) {
		layout_path(path, self->files[i].rel);
		EXPECT_TRUE(write_refused(path, true, msg, sizeof(msg)))
			TH_LOG("root: %s", msg);
	}

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop_to_nobody())
			_exit(2);
		for (i = -1; i < n; i++) {
			if (i < 0)
				snprintf(path, sizeof(path), "%s", PROC_VMSPLIT);
			else
				layout_path(path, self->files[i].rel);
			if (!write_refused(path, false, msg, sizeof(msg)) &&
			    !res->bad++)
				memcpy(res->msg, msg, sizeof(msg));
		}
		_exit(0);
	}
	ASSERT_EQ(0, wait_child(pid));
	EXPECT_EQ(0, res->bad) TH_LOG("nobody: %s", res->msg);
	munmap(res, sizeof(*res));

	len = read_path(PROC_VMSPLIT, text, sizeof(text), TEXT_MAX);
	ASSERT_EQ((ssize_t)self->lay.len, len);
	EXPECT_EQ(0, memcmp(self->lay.text, text, len));
	for (i = 0; i < n; i++) {
		EXPECT_LE(0, read_sysfs(self->files[i].rel, val, sizeof(val)));
		EXPECT_STREQ(self->files[i].want, val);
	}
}

/* Reading byte by byte gives the same text as one big read. */
TEST_F(vm_layout, read_bytewise)
{
	static char one[TEXT_MAX];
	const size_t big_size = 1 << 20;
	char *big = malloc(big_size);
	ssize_t len1, len2;
	int fd;

	ASSERT_TRUE(!!big);
	len1 = read_path(PROC_VMSPLIT, one, sizeof(one), 1);
	ASSERT_LT(0, len1) TH_LOG("%s", strerror(-len1));

	fd = open(PROC_VMSPLIT, O_RDONLY);
	ASSERT_LE(0, fd);
	len2 = read(fd, big, big_size);
	ASSERT_EQ(len1, len2);
	EXPECT_EQ(0, read(fd, big + len2, big_size - len2));
	close(fd);

	EXPECT_EQ(0, memcmp(one, big, len1));
	ASSERT_EQ((ssize_t)self->lay.len, len1);
	EXPECT_EQ(0, memcmp(self->lay.text, one, len1));
	free(big);
}

/* pread() at odd offsets, in no particular order, agrees with read(). */
TEST_F(vm_layout, read_pread)
{
	static const off_t offsets[] = { 13, 1, 4095, 7, 0, 4096, 8191 };
	static char buf[TEXT_MAX];
	const char *text = self->lay.text;
	size_t len = self->lay.len, want;
	ssize_t n, got;
	size_t i;
	int fd;

	fd = open(PROC_VMSPLIT, O_RDONLY);
	ASSERT_LE(0, fd);
	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		/* an odd count too, to end the reads at odd places */
		for (got = 0; ; got += n) {
			n = pread(fd, buf + got, 97, offsets[i] + got);
			ASSERT_LE(0, n) TH_LOG("pread at %jd: %s",
					       (intmax_t)(offsets[i] + got),
					       strerror(errno));
			if (!n)
				break;
			ASSERT_GE(sizeof(buf) - 97, (size_t)got);
		}
		want = (size_t)offsets[i] < len ? len - offsets[i] : 0;
		EXPECT_EQ(want, (size_t)got) TH_LOG("offset %jd",
						    (intmax_t)offsets[i]);
		if ((size_t)got == want)
			EXPECT_EQ(0, memcmp(text + offsets[i], buf, want))
				TH_LOG("offset %jd", (intmax_t)offsets[i]);
	}
	close(fd);
}

/* A short user buffer is filled up to its end and not beyond. */
TEST_F(vm_layout, read_guard)
{
	static const size_t counts[] = { 1, 100, 4096 };
	char buf[4096 + GUARD];
	ssize_t n;
	size_t i, j;
	int fd;

	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		memset(buf, 0xa5, sizeof(buf));
		fd = open(PROC_VMSPLIT, O_RDONLY);
		ASSERT_LE(0, fd);
		n = read(fd, buf, counts[i]);
		close(fd);
		ASSERT_LT(0, n) TH_LOG("count %zu", counts[i]);
		ASSERT_GE(counts[i], (size_t)n);
		EXPECT_EQ(0, memcmp(self->lay.text, buf, n))
			TH_LOG("count %zu", counts[i]);
		for (j = counts[i]; j < counts[i] + GUARD; j++)
			if (buf[j] != (char)0xa5)
				break;
		EXPECT_EQ(counts[i] + GUARD, j)
			TH_LOG("count %zu: byte %zu overwritten", counts[i], j);
	}
}

/* Each sysfs file reads the same byte by byte as in one read. */
TEST_F(vm_layout, sysfs_read_bytewise)
{
	char path[PATH_MAX], one[VAL_LEN + 1], all[VAL_LEN + 1];
	ssize_t len1, len2;
	int i;

	if (!self->sysfs)
		SKIP(return, "%s not present (needs CONFIG_SYSFS)", LAYOUT_DIR);
	for (i = 0; i < self->nfiles; i++) {
		layout_path(path, self->files[i].rel);
		len1 = read_path(path, one, sizeof(one), 1);
		len2 = read_path(path, all, sizeof(all), sizeof(all));
		EXPECT_LT(0, len1) TH_LOG("%s", path);
		EXPECT_EQ(len2, len1) TH_LOG("%s", path);
		if (len1 > 0 && len1 == len2)
			EXPECT_EQ(0, memcmp(one, all, len1)) TH_LOG("%s", path);
	}
}

/* The KASLR state and offset agree with the command line and kallsyms. */
TEST_F_TIMEOUT(vm_layout, kaslr, 120)
{
	const struct layout *l = &self->lay;
	const char *state = key_str(l, "kaslr_state");
	unsigned long long offset = key_num(l, "kaslr_offset");
	struct sym text = { .name = "_text" }, link_text = { .name = "_text" };
	const char *map = getenv(SYSTEM_MAP_ENV);
	const struct region *kernel = find_region(l, "kernel");
	unsigned long long link;
	char cmdline[4096];
	bool nokaslr;

	ASSERT_TRUE(!!find_key(l, "kaslr_state"));
	ASSERT_TRUE(!!kernel);
	ASSERT_LT(0, read_path("/proc/cmdline", cmdline, sizeof(cmdline),
			       sizeof(cmdline)));
	nokaslr = has_word(cmdline, "nokaslr");
	ASSERT_EQ(0, read_symbols("/proc/kallsyms", &text, 1));
	if (map)
		ASSERT_EQ(0, read_symbols(map, &link_text, 1)) TH_LOG("%s", map);

	if (arch->kaslr == KASLR_NO)
		EXPECT_STREQ("unsupported", state);
	if (!strcmp(state, "unsupported")) {
		EXPECT_EQ(0ULL, offset);
		EXPECT_TRUE(arch->kaslr != KASLR_YES)
			TH_LOG("%s has KASLR", uts.machine);
	}
	if (nokaslr) {
		EXPECT_STRNE("enabled", state);
		EXPECT_STRNE("enabled", key_str(l, "kaslr_memory"));
		if (arch->kaslr == KASLR_YES)
			EXPECT_TRUE(!strcmp(state, "disabled") ||
				    !strcmp(state, "not-configured"))
				TH_LOG("state %s with nokaslr", state);
		EXPECT_EQ(0ULL, offset);
	} else if (!strcmp(state, "enabled") && arch->kaslr_never_zero) {
		EXPECT_NE(0ULL, offset);
	}
	if (arch->kaslr_align)
		EXPECT_EQ(0ULL, offset % arch->kaslr_align);

	if (text.found) {
		EXPECT_EQ(text.addr, kernel->start);
		if (link_text.found)
			EXPECT_EQ(text.addr,
				  (link_text.addr + offset) & addr_mask());
		link = (text.addr - offset) & addr_mask();
		if (arch->link_region)
			EXPECT_TRUE(addr_in(find_region(l, arch->link_region),
					    link))
				TH_LOG("link address %llx", link);
	}
	if (nokaslr && text.found && link_text.found)
		EXPECT_EQ(link_text.addr, text.addr);
}

int main(int argc, char **argv)
{
	size_t i;

	if (access(PROC_VMSPLIT, F_OK)) {
		ksft_print_header();
		ksft_exit_skip("%s not present (CONFIG_VM_LAYOUT=n)\n",
			       PROC_VMSPLIT);
	}
	if (geteuid()) {
		ksft_print_header();
		ksft_exit_skip("must be run as root\n");
	}
	uname(&uts);
	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!fnmatch(arches[i].machine, uts.machine, 0))
			arch = &arches[i];
	page_size = sysconf(_SC_PAGESIZE);
	return test_harness_run(argc, argv);
}
