// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tests for /proc/vmsplit and /sys/kernel/mm/layout/ (see
 * Documentation/ABI/testing/procfs-vmsplit): the values against what the
 * kernel computes elsewhere (the page-table dumper's markers, /proc/kcore,
 * /proc/kallsyms, the System.map named by $VM_LAYOUT_SYSTEM_MAP,
 * /proc/self/maps and mmap(), /proc/vmallocinfo, /proc/modules and
 * /proc/meminfo), and what readers with other credentials see.  The text
 * formatting and the invariants of the table are tested by the KUnit
 * suite vm_layout (mm/tests/vm_layout_kunit.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <fnmatch.h>
#include <ftw.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
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
#define KALLSYMS	"/proc/kallsyms"
#define KCORE		"/proc/kcore"
#define DEBUGFS		"/sys/kernel/debug"
#define MEMORY_DIR	"/sys/devices/system/memory"
#define NOBODY		65534
#define TEXT_MAX	65536
#define VAL_LEN		64
#define MAX_KEYS	32
#define MAX_REGIONS	64
#define MAX_SPANS	256	/* nodes and zones listed */
#define MAX_NODES	1024	/* node ids */
#define PHYS_DIGITS	16	/* of a physical address, on every arch */
#define VALUE_COL	21	/* where a physical section value starts */
#define MAX_FILES	(MAX_KEYS + 3 * MAX_REGIONS + 16 * MAX_SPANS)
#define HEX		"0123456789abcdef"
#define NAME_CHARS	"abcdefghijklmnopqrstuvwxyz0123456789_"
#define SZ_2M		0x200000ULL

/* VAL_ADDR: an address KASLR can move, hidden from who may not see it. */
enum val_type { VAL_WORD, VAL_DEC, VAL_HEX, VAL_ADDR };

#define KASLR_WORDS	"enabled disabled not-configured unsupported"

/* The header keys of the ABI, in order; @words: what a word may be. */
static const struct {
	const char *key;
	enum val_type type;
	const char *words;
} header_keys[] = {
	{ "arch", VAL_WORD }, { "page_offset", VAL_ADDR },
	{ "task_size", VAL_HEX }, { "kernel_vas_start", VAL_HEX },
	{ "user_vas_size", VAL_DEC }, { "kernel_vas_size", VAL_DEC },
	{ "split", VAL_WORD }, { "va_bits", VAL_DEC },
	{ "va_bits_max", VAL_DEC }, { "pgtable_levels", VAL_DEC },
	{ "pgtable_levels_max", VAL_DEC },
	{ "paging_chosen_at", VAL_WORD, "boot build" },
	{ "page_size", VAL_DEC },
	{ "memory_model", VAL_WORD, "flatmem sparsemem sparsemem-vmemmap" },
	{ "kaslr_state", VAL_WORD, KASLR_WORDS },
	{ "kaslr_offset", VAL_ADDR },
	{ "kaslr_memory", VAL_WORD, KASLR_WORDS },
};

static const char * const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
				      "PiB", "EiB" };

/* Regions bounded by linker symbols: exactly those of /proc/kallsyms. */
static const struct {
	const char *region, *start, *end;
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
	const char *sym, *region;
} image_syms[] = {
	{ "_stext", "kernel_text" }, { "schedule", "kernel_text" },
	{ "linux_banner", "kernel_rodata" }, { "init_task", "kernel_data" },
	{ "start_kernel", "kernel_init" },
};

/*
 * Per-architecture knowledge, all of it here.  A page-table dumper
 * (PTDUMP_DEBUGFS) marker is a region bound: by its value (PT_VALUE),
 * read from the dumper's own array through /proc/kcore, or where the dump
 * puts it without kcore; and/or (PT_EDGE) the first mapped range after it
 * starts the region, the last before it ends it.  "walk start": where
 * the dumper starts its walk (arm64: the linear map of the VA size in use).
 */
enum { PT_VALUE = 1, PT_EDGE = 2, PT_BOTH = 3 };

struct ptdump_truth {
	const char *marker, *region;
	bool end;
	int how;
};

#define S(m, r, how)	{ m, r, false, how }
#define E(m, r, how)	{ m, r, true, how }
static const struct ptdump_truth x86_64_truth[] = {
	S("LDT remap", "ldt_remap", PT_VALUE),
	S("Low Kernel Mapping", "direct_map", PT_VALUE),
	S("vmalloc() Area", "vmalloc", PT_VALUE),
	S("Vmemmap", "vmemmap", PT_VALUE),
	S("KASAN shadow", "kasan_shadow", PT_VALUE),
	E("KASAN shadow end", "kasan_shadow", PT_VALUE),
	S("CPU entry Area", "cpu_entry_area", PT_VALUE),
	S("ESPfix Area", "espfix", PT_VALUE),
	S("EFI Runtime Services", "efi", PT_VALUE),
	S("High Kernel Mapping", "kernel_mapping", PT_VALUE),
	E("Modules", "kernel_mapping", PT_VALUE),	/* MODULES_VADDR */
	S("Modules", "modules", PT_VALUE),
	E("End Modules", "modules", PT_VALUE),
	S("Fixmap Area", "fixmap", PT_VALUE),
	{ }
}, i386_truth[] = {
	S("Kernel Mapping", "direct_map", PT_BOTH),
	E("vmalloc() Area", "direct_map", PT_EDGE),
	S("vmalloc() Area", "vmalloc", PT_VALUE),
	E("vmalloc() End", "vmalloc", PT_VALUE),
	S("Persistent kmap() Area", "pkmap", PT_VALUE),
	S("LDT remap", "ldt_remap", PT_VALUE),
	S("CPU entry area", "cpu_entry_area", PT_VALUE),
	S("Fixmap area", "fixmap", PT_VALUE),
	{ }
}, arm64_truth[] = {
	/* "Linear Mapping start" is the 52-bit PAGE_OFFSET on any CPU */
	S("walk start", "direct_map", PT_VALUE),
	E("Linear Mapping end", "direct_map", PT_VALUE),
	S("Kasan shadow start", "kasan_shadow", PT_VALUE),
	E("Kasan shadow end", "kasan_shadow", PT_VALUE),
	S("vmalloc() area", "vmalloc", PT_VALUE),
	E("vmalloc() end", "vmalloc", PT_VALUE),
	S("vmemmap start", "vmemmap", PT_VALUE),
	E("vmemmap end", "vmemmap", PT_VALUE),
	S("PCI I/O start", "pci_io", PT_VALUE),
	E("PCI I/O end", "pci_io", PT_VALUE),
	S("Modules start", "modules_area", PT_VALUE),
	E("Modules end", "modules_area", PT_VALUE),
	E("Fixmap end", "fixmap", PT_VALUE),
	{ }
}, riscv64_truth[] = {
	S("Fixmap start", "fixmap", PT_VALUE),
	E("Fixmap end", "fixmap", PT_VALUE),
	S("PCI I/O start", "pci_io", PT_VALUE),
	E("PCI I/O end", "pci_io", PT_VALUE),
	S("vmemmap start", "vmemmap", PT_VALUE),
	E("vmemmap end", "vmemmap", PT_VALUE),
	S("vmalloc() area", "vmalloc", PT_VALUE),
	E("vmalloc() end", "vmalloc", PT_VALUE),
	S("Linear mapping", "direct_map", PT_VALUE),
	S("Kasan shadow start", "kasan_shadow", PT_VALUE),
	E("Kasan shadow end", "kasan_shadow", PT_VALUE),
	S("Modules/BPF mapping", "modules", PT_VALUE),
	S("Kernel mapping", "kernel_mapping", PT_BOTH),
	{ }
}, arm_truth[] = {
	S("Kasan shadow start", "kasan_shadow", PT_VALUE),
	E("Kasan shadow end", "kasan_shadow", PT_VALUE),
	S("Modules", "modules", PT_VALUE),
	S("Kernel Mapping", "direct_map", PT_BOTH),
	E("vmalloc() Area", "direct_map", PT_EDGE),
	S("vmalloc() Area", "vmalloc", PT_VALUE),
	E("FDT Area", "vmalloc", PT_VALUE),
	S("FDT Area", "fdt", PT_BOTH),
	E("Fixmap Area", "fdt", PT_EDGE),
	S("Fixmap Area", "fixmap", PT_VALUE),
	S("Vectors", "vectors", PT_BOTH),
	E("Vectors End", "vectors", PT_BOTH),
	{ }
};

#undef S
#undef E

/* Pairs of regions; the first must lie in the second when both exist. */
static const char * const x86_64_nested[] = {
	"kernel", "kernel_mapping", NULL
};

static const char * const arm64_nested[] = { "modules", "modules_plt", NULL };
/* riscv links .rodata between _sdata and _edata */
static const char * const riscv64_nested[] = {
	"kernel", "kernel_mapping", "kernel_rodata", "kernel_data",
	"bpf_jit", "modules", NULL
};

/* pci_reserve_io() takes the PCI I/O window from vmalloc */
static const char * const arm_nested[] = { "pci_io", "vmalloc", NULL };

struct arch_info {
	const char *machine;		/* fnmatch() pattern for uname -m */
	unsigned int bits;
	const char * const *nested;
	const char *maps, *maps_region;	/* a /proc/self/maps entry outside */
	bool maps_exact;		/* "user", in region: all of it? */
	bool kaslr, kaslr_never_zero, linear_from_0;
	unsigned long long kaslr_align;
	const char *link_region;	/* holds the link address of _text */
	const char *pt_file, *pt_config;
	const char *pt_vmemmap;	/* the dumper's marker of vmemmap's start */
	const char *pt_sym;	/* @pt_stride words a marker: addr, name */
	int pt_markers_at;	/* or a struct with a pointer to them here */
	int pt_base_at, pt_stride;	/* and the walk start here (-1: no) */
	const struct ptdump_truth *truth;
};

#define PT_X86	.pt_file = DEBUGFS "/page_tables/kernel", \
		.pt_config = "CONFIG_PTDUMP_DEBUGFS"
#define PT_GEN	.pt_file = DEBUGFS "/kernel_page_tables", \
		.pt_config = "CONFIG_PTDUMP_DEBUGFS"

static const struct arch_info arches[] = {
	{
		.machine = "x86_64", .bits = 64,
		.nested = x86_64_nested,
		.maps = "[vsyscall]", .maps_region = "vsyscall",
		.maps_exact = true,
		/* x86_64 and riscv64 KASLR pick offset 0 once in ~500 boots */
		.kaslr = true, .kaslr_align = SZ_2M, .linear_from_0 = true,
		.link_region = "kernel_mapping",
		PT_X86, .pt_sym = "address_markers", .pt_markers_at = -1,
		.pt_base_at = -1, .pt_stride = 3, .truth = x86_64_truth,
		.pt_vmemmap = "Vmemmap",
	}, {
		.machine = "aarch64", .bits = 64, .nested = arm64_nested,
		.kaslr = true, .kaslr_never_zero = true,
		PT_GEN, .pt_sym = "kernel_ptdump_info", .pt_markers_at = 1,
		.pt_base_at = 2, .pt_stride = 2, .truth = arm64_truth,
		.pt_vmemmap = "vmemmap start",
	}, {
		.machine = "riscv64", .bits = 64, .nested = riscv64_nested,
		.kaslr = true, .kaslr_align = SZ_2M,
		PT_GEN, .pt_sym = "address_markers", .pt_markers_at = -1,
		.pt_base_at = -1, .pt_stride = 2, .truth = riscv64_truth,
		.pt_vmemmap = "vmemmap start",
	}, {
		/* randomised although kaslr_enabled() says no, may pick 0 */
		.machine = "i[3-6]86", .bits = 32,
		.kaslr = true, .linear_from_0 = true,
		PT_X86, .pt_sym = "address_markers", .pt_markers_at = -1,
		.pt_base_at = -1, .pt_stride = 3, .truth = i386_truth,
	}, {
		.machine = "armv*", .bits = 32, .nested = arm_nested,
		.maps = "[vectors]", .maps_region = "vectors",
		.pt_file = DEBUGFS "/kernel_page_tables",
		.pt_config = "CONFIG_ARM_PTDUMP_DEBUGFS",
		.pt_markers_at = -1, .pt_base_at = -1, .truth = arm_truth,
	},
};

static struct arch_info arch = { .bits = 8 * sizeof(long) };
static struct utsname uts;
static unsigned long long page_size;

struct region {
	char name[32];
	unsigned long long start, end;
	unsigned long long size, unit;		/* the size column */
	bool approx;				/* it is "~x.yy" */
	int depth;
};

/*
 * The physical memory section (sysfs-kernel-mm-layout-physical): the
 * memory model's constants, the memmap, and the online nodes, each
 * followed by its zones.  A span is a node, a zone or the memmap.
 */
enum { PR_PFN, PR_PHYS, PR_DIRECT_MAP, PR_STRUCT_PAGES, PR_MEMMAP, NR_PR };
enum { PC_SPANNED, PC_PRESENT, PC_MANAGED, NR_PC };
enum {
	PG_STRUCT_PAGE_SIZE, PG_SECTION_SIZE_BITS, PG_SECTION_SIZE,
	PG_PAGES_PER_SECTION, PG_MAX_PHYSMEM_BITS, PG_PRESENT_SECTIONS, NR_PG
};

static const char * const prange_names[NR_PR] = {
	"pfn", "phys", "direct_map", "struct_pages", "memmap"
};

static const char * const pcount_names[NR_PC] = {
	"spanned_pages", "present_pages", "managed_pages"
};

static const char * const pgeo_names[NR_PG] = {
	"struct_page_size", "section_size_bits", "section_size",
	"pages_per_section", "max_physmem_bits", "present_sections"
};

struct pspan {
	int nid;			/* -1: the memmap */
	char zone[16];			/* "" for a node */
	unsigned int has, unmapped;	/* bit per range: listed, "-" */
	unsigned long long range[NR_PR][2];
	int ncounts;
	unsigned long long count[NR_PC];
};

struct layout {
	size_t len;
	char text[TEXT_MAX];
	int nkeys, nregions, ngeo, nspans;
	struct { char key[32], val[VAL_LEN]; } keys[MAX_KEYS];
	struct region regions[MAX_REGIONS];
	unsigned long long geo[NR_PG];
	struct pspan memmap;
	struct pspan spans[MAX_SPANS];
};

/* A sysfs file, what root reads there and what who may not see does. */
struct lfile {
	char rel[96], want[VAL_LEN], hidden[VAL_LEN];
};

/* What one reader got from /proc/vmsplit and the sysfs files. */
struct view {
	int err;
	char failed[128];
	char text[TEXT_MAX];
	char val[MAX_FILES][VAL_LEN];
};

static unsigned int digits(void)
{
	return arch.bits / 4;
}

/* Arithmetic modulo the address space: a region may end at 2^32 as 0. */
static unsigned long long mask(void)
{
	return arch.bits == 64 ? ~0ULL : (1ULL << arch.bits) - 1;
}

static unsigned long long last(const struct region *r)
{
	return (r->end - 1) & mask();
}

static unsigned long long size_of(const struct region *r)
{
	return (r->end - r->start) & mask();
}

static bool in_region(const struct region *r, unsigned long long start,
		      unsigned long long end)
{
	unsigned long long end_last = (end - 1) & mask();

	return r && start <= end_last && r->start <= start &&
	       end_last <= last(r);
}

static bool addr_in(const struct region *r, unsigned long long addr)
{
	return r && r->start <= addr && addr <= last(r);
}

static bool contains(const struct region *outer, const struct region *inner)
{
	return outer->start <= inner->start && last(inner) <= last(outer);
}

/* Is @word one of the blank-separated words of @s? */
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

/* Read @fd to EOF in reads of at most @chunk bytes; the length or -errno. */
static ssize_t read_fd(int fd, char *buf, size_t size, size_t chunk)
{
	size_t len = 0;
	ssize_t n;

	do {
		if (len == size - 1)
			return -EFBIG;
		n = read(fd, buf + len, size - 1 - len < chunk ?
			 size - 1 - len : chunk);
		if (n < 0 && errno != EINTR)
			return -errno;
		len += n > 0 ? n : 0;
	} while (n);
	buf[len] = '\0';
	return len;
}

static ssize_t read_path(const char *path, char *buf, size_t size,
			 size_t chunk)
{
	int fd = open(path, O_RDONLY);
	ssize_t len;

	if (fd < 0)
		return -errno;
	len = read_fd(fd, buf, size, chunk);
	close(fd);
	return len;
}

static int write_path(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		ret = -errno;
	close(fd);
	return ret;
}

static int set_kptr_restrict(int val)
{
	return write_path(KPTR_RESTRICT, val ? val > 1 ? "2" : "1" : "0");
}

static int key_index(const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(header_keys); i++)
		if (strlen(header_keys[i].key) == len &&
		    !strncmp(header_keys[i].key, key, len))
			return i;
	return -1;
}

static int parse_region(struct region *r, const char *s)
{
	unsigned long long whole, frac = 0;
	char num[16], unit[4];
	unsigned int d = digits(), u;
	size_t w;
	int n, pad;

	if (strspn(s, HEX) != d || s[d] != '-' || strspn(s + d + 1, HEX) != d ||
	    s[2 * d + 1] != ' ' || sscanf(s, "%llx-%llx %15s %3s%n", &r->start,
					  &r->end, num, unit, &n) != 4)
		return -1;
	for (u = 0; u < ARRAY_SIZE(units) && strcmp(units[u], unit); u++)
		;
	/* "<digits>" or "~<digits>.<2 digits>" */
	r->approx = num[0] == '~';
	w = strspn(num + r->approx, "0123456789");
	if (u == ARRAY_SIZE(units) || !w || (r->approx ?
	    num[1 + w] != '.' || strspn(num + 2 + w, "0123456789") != 2 ||
	    num[4 + w] : !!num[w]))
		return -1;
	whole = strtoull(num + r->approx, NULL, 10);
	frac = r->approx ? strtoull(num + 2 + w, NULL, 10) : 0;
	r->unit = 1ULL << (10 * u);
	r->size = whole * r->unit + frac * r->unit / 100;
	/* the unit is padded to 3 columns, then 2 blanks a nesting level */
	pad = strspn(s + n, " ") - (4 - strlen(unit));
	s += n + strspn(s + n, " ");
	r->depth = pad / 2;
	if (pad < 0 || pad % 2 || !*s || s[strspn(s, NAME_CHARS)] ||
	    strlen(s) >= sizeof(r->name))
		return -1;
	strcpy(r->name, s);
	return 0;
}

static int word_index(const char * const *words, int n, const char *w,
		      size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(words[i]) == len && !strncmp(words[i], w, len))
			return i;
	return -1;
}

/* "<start>-<end>" of @width hex digits each, or "-" when @dash. */
static int parse_prange(struct pspan *sp, int r, const char *v,
			unsigned int width, bool dash)
{
	sp->has |= 1U << r;
	if (dash && !strcmp(v, "-")) {
		sp->unmapped |= 1U << r;
		return 0;
	}
	if (strlen(v) != 2 * width + 1 || strspn(v, HEX) != width ||
	    v[width] != '-' || strspn(v + width + 1, HEX) != width)
		return -1;
	return sscanf(v, "%llx-%llx", &sp->range[r][0], &sp->range[r][1]) == 2 ?
	       0 : -1;
}

/*
 * One line of the physical section: "<indent><key>:", blanks, and the
 * value at VALUE_COL.  Ranges first, in their order, then counts; @sp is
 * the span the line belongs to.
 */
static int parse_pline(struct layout *l, struct pspan *sp, const char *line,
		       int indent)
{
	const char *k = line + indent, *colon = strchr(k, ':'), *v;
	int r, c, g, last_r = -1, i;
	unsigned int width;

	if (!colon || colon - line >= VALUE_COL - 1 ||
	    strspn(line, " ") != (size_t)indent ||
	    strlen(line) <= VALUE_COL || line[VALUE_COL] == ' ' ||
	    strspn(colon + 1, " ") != (size_t)(line + VALUE_COL - colon - 1))
		return -1;
	v = line + VALUE_COL;
	if (strchr(v, ' '))
		return -1;
	for (i = 0; i < NR_PR; i++)
		if (sp->has & (1U << i))
			last_r = i;
	r = word_index(prange_names, NR_PR, k, colon - k);
	if (r >= 0) {
		if (sp->ncounts || r <= last_r ||
		    (r == PR_MEMMAP ? sp->nid >= 0 : sp->nid < 0) ||
		    (sp->nid >= 0 && !sp->zone[0] && r > PR_PHYS))
			return -1;
		width = r == PR_PHYS ? PHYS_DIGITS : digits();
		return parse_prange(sp, r, v, width, r == PR_DIRECT_MAP);
	}
	if (sp->nid < 0) {
		/* the constants come before the memmap, in their order */
		g = word_index(pgeo_names, NR_PG, k, colon - k);
		if (g != l->ngeo || sp->has || strspn(v, "0123456789") != strlen(v))
			return -1;
		l->geo[l->ngeo++] = strtoull(v, NULL, 10);
		return 0;
	}
	c = word_index(pcount_names, NR_PC, k, colon - k);
	if (c != sp->ncounts || (c == PC_MANAGED && !sp->zone[0]) ||
	    strspn(v, "0123456789") != strlen(v))
		return -1;
	sp->count[sp->ncounts++] = strtoull(v, NULL, 10);
	return 0;
}

/* Parse /proc/vmsplit's @text; -1 and the bad line in @err on error. */
static int parse(struct layout *l, const char *text, char *err)
{
	char line[256], name[16];
	const char *p, *v, *nl;
	struct pspan *sp = &l->memmap;
	int k, ret, part = 0, nid, n;

	memset(l, 0, sizeof(*l));
	l->memmap.nid = -1;
	l->len = strlen(text);
	memcpy(l->text, text, l->len);
	/* part 0: the header, 1: the regions, 2: physical memory */
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", nl ? (int)(nl - p) : 255, p);
		n = 0;
		if (!nl || nl - p >= (int)sizeof(line)) {
			ret = -1;
		} else if (!line[0]) {
			/* one empty line ends a part, and comes before a node */
			ret = part == 2 ? !nl[1] || strncmp(nl + 1, "node ", 5) :
			      part == 1 && !l->nregions;
			part += part < 2;
		} else if (part == 1) {
			ret = l->nregions == MAX_REGIONS ? -1 :
			      parse_region(&l->regions[l->nregions++], line);
		} else if (part == 2 && !strncmp(line, "node ", 5) && line[5] &&
			   strspn(line + 5, "0123456789") == strlen(line + 5) &&
			   sscanf(line + 5, "%d", &nid) == 1) {
			ret = l->nspans == MAX_SPANS || nid < 0 || p[-2] != '\n';
			if (!ret) {
				sp = &l->spans[l->nspans++];
				sp->nid = nid;
			}
		} else if (part == 2 && !strncmp(line, "  zone ", 7) &&
			   line[7] && !strchr(line + 7, ' ') &&
			   sscanf(line + 7, "%15s%n", name, &n) == 1 && !line[7 + n]) {
			ret = l->nspans == MAX_SPANS || sp->nid < 0;
			if (!ret) {
				nid = sp->nid;
				sp = &l->spans[l->nspans++];
				sp->nid = nid;
				strcpy(sp->zone, name);
			}
		} else if (part == 2) {
			ret = parse_pline(l, sp, line, sp->nid < 0 ? 0 :
					  sp->zone[0] ? 4 : 2);
		} else {
			/* "key:", blanks, one word */
			v = strchr(line, ':');
			k = v ? key_index(line, v - line) : -1;
			ret = k < 0 || l->nkeys == MAX_KEYS ? -1 : 0;
			if (!ret) {
				strcpy(l->keys[l->nkeys].key, header_keys[k].key);
				v += strspn(v + 1, " ") + 1;
				ret = !*v || strchr(v, ' ') || strlen(v) >= VAL_LEN;
				strcpy(l->keys[l->nkeys++].val, ret ? "" : v);
			}
		}
		if (ret) {
			snprintf(err, 300, "bad line '%s'", line);
			return -1;
		}
	}
	if (part != 2 || !l->ngeo || !l->nspans)
		return strcpy(err, "no regions or no physical memory"), -1;
	return 0;
}

static const char *key_str(const struct layout *l, const char *key)
{
	int i;

	for (i = 0; i < l->nkeys; i++)
		if (!strcmp(l->keys[i].key, key))
			return l->keys[i].val;
	return "";
}

static unsigned long long key_num(const struct layout *l, const char *key)
{
	int k = key_index(key, strlen(key));

	return strtoull(key_str(l, key), NULL,
			header_keys[k].type >= VAL_HEX ? 16 : 10);
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

/* Zero every hex digit of the @n characters at @p. */
static void zero_hex(char *p, size_t n)
{
	for (; n && *p; n--, p++)
		if (strchr(HEX, *p))
			*p = '0';
}

/* A decimal count of @n digits at @p as "0", the rest of the line moved. */
static void hide_count(char *p, size_t n)
{
	memmove(p + 1, p + n, strlen(p + n) + 1);
	*p = '0';
}

/* @text as a reader who may not see addresses must read it. */
static void hide_addrs(char *text)
{
	size_t len, ind;
	int part = 0, k;
	char *p, *v;

	for (p = text; *p; p += len + !!p[len]) {
		len = strcspn(p, "\n");
		v = memchr(p, ':', len);
		ind = strspn(p, " ");
		k = !part && v ? key_index(p, v - p) : -1;
		if (!len)
			part += part < 2;
		else if (part == 1)
			zero_hex(p, 2 * digits() + 1);
		else if (part == 2 && v && len > VALUE_COL &&
			 word_index(prange_names, NR_PR, p + ind, v - p - ind) >= 0)
			zero_hex(p + VALUE_COL, len - VALUE_COL);
		else if (part == 2 && v && len > VALUE_COL &&
			 !strncmp(p + ind, "managed_pages:", 14))
			hide_count(p + VALUE_COL, len - VALUE_COL);
		else if (k >= 0 && header_keys[k].type == VAL_ADDR)
			zero_hex(v + 1, len - (v + 1 - p));
		len = strcspn(p, "\n");
	}
}

struct sym {
	const char *name;
	unsigned long long addr;
	bool found;
};

/* Look @syms up in a kallsyms or System.map format file; skip modules. */
static int read_symbols(const char *path, struct sym *syms, int n)
{
	char line[512], name[256];
	unsigned long long addr;
	FILE *f = fopen(path, "r");
	int i;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (strchr(line, '[') ||
		    sscanf(line, "%llx %*c %255s", &addr, name) != 2)
			continue;
		for (i = 0; i < n; i++) {
			if (!syms[i].found && !strcmp(syms[i].name, name)) {
				syms[i].addr = addr;
				syms[i].found = true;
			}
		}
	}
	fclose(f);
	return 0;
}

static int drop_to_nobody(void)
{
	return setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
	       setresuid(NOBODY, NOBODY, NOBODY) ? -errno : 0;
}

/* Wait for @pid; its exit code, or 128 + the signal that killed it. */
static int wait_child(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -errno;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
				     WEXITSTATUS(status);
}

/* Set @set[i] for each node in a list like "0-1,3"; 0 or -1. */
static int parse_nodelist(const char *s, bool *set, int max)
{
	int a, b, n;

	memset(set, 0, max * sizeof(*set));
	while (*s && *s != '\n') {
		n = 0;
		if (sscanf(s, "%d%n", &a, &n) != 1)
			return -1;
		s += n;
		b = a;
		if (*s == '-' && sscanf(s + 1, "%d%n", &b, &n) == 1)
			s += 1 + n;
		if (a < 0 || b < a || b >= max)
			return -1;
		while (a <= b)
			set[a++] = true;
		s += *s == ',';
	}
	return 0;
}

/* The "Node N, zone NAME" headings of /proc/zoneinfo, in order. */
static int zoneinfo_zones(int *nids, char (*zones)[16], int max)
{
	char line[256], name[16];
	int nid, n = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Node %d, zone %15s", &nid, name) == 2 &&
		    n < max) {
			nids[n] = nid;
			strcpy(zones[n++], name);
		}
	fclose(f);
	return n;
}

/* A zone named @zone on any node, or NULL. */
static const struct pspan *find_span_zone(const struct layout *l,
					  const char *zone)
{
	int i;

	for (i = 0; i < l->nspans; i++)
		if (!strcmp(l->spans[i].zone, zone))
			return &l->spans[i];
	return NULL;
}

static const struct pspan *find_span(const struct layout *l, int nid,
				     const char *zone)
{
	int i;

	for (i = 0; i < l->nspans; i++)
		if (l->spans[i].nid == nid && !strcmp(l->spans[i].zone, zone))
			return &l->spans[i];
	return NULL;
}

/*
 * A zone the direct map never maps: HighMem, Device, and Movable where it
 * takes high memory, which it does when there is high memory (the kernel
 * puts ZONE_MOVABLE in the highest zone that has a range).
 */
static bool unmapped_zone(const struct layout *l, const char *zone)
{
	int i;

	if (!strcmp(zone, "HighMem") || !strcmp(zone, "Device"))
		return true;
	for (i = 0; i < l->nspans && !strcmp(zone, "Movable"); i++)
		if (!strcmp(l->spans[i].zone, "HighMem"))
			return true;
	return false;
}

/* The sysfs files of @sp, in directory @dir under LAYOUT_DIR. */
static void add_span_files(struct lfile *files, int *n, const char *dir,
			   const struct layout *l, const struct pspan *sp)
{
	unsigned int width;
	struct lfile *f;
	int r, e, c;

	for (r = 0; r < NR_PR; r++) {
		if (!(sp->has & (1U << r)))
			continue;
		width = r == PR_PHYS ? PHYS_DIGITS : digits();
		for (e = 0; e < 2 && *n < MAX_FILES; e++) {
			f = &files[(*n)++];
			snprintf(f->rel, sizeof(f->rel), "%s/%s_%s", dir,
				 prange_names[r], e ? "end" : "start");
			if (sp->unmapped & (1U << r)) {
				strcpy(f->want, "-");
				strcpy(f->hidden, "-");
				continue;
			}
			snprintf(f->want, VAL_LEN, "%0*llx", width, sp->range[r][e]);
			snprintf(f->hidden, VAL_LEN, "%0*d", width, 0);
		}
	}
	for (c = 0; c < sp->ncounts && *n < MAX_FILES; c++) {
		f = &files[(*n)++];
		snprintf(f->rel, sizeof(f->rel), "%s/%s", dir, pcount_names[c]);
		snprintf(f->want, VAL_LEN, "%llu", sp->count[c]);
		strcpy(f->hidden, c == PC_MANAGED ? "0" : f->want);
	}
}

/*
 * physical/: the constants and the memmap, a directory for every possible
 * node, in each one for every zone /proc/zoneinfo names; those that
 * /proc/vmsplit does not list read zeros.
 */
static int add_phys_files(struct lfile *files, int *n, const struct layout *l)
{
	char buf[4096], dir[64], zones[MAX_SPANS][16];
	int nids[MAX_SPANS], nzones, nid, i, z;
	static bool possible[MAX_NODES];
	const struct pspan *sp;
	struct pspan none;
	struct lfile *f;

	for (i = 0; i < l->ngeo && *n < MAX_FILES; i++) {
		f = &files[(*n)++];
		snprintf(f->rel, sizeof(f->rel), "physical/%s", pgeo_names[i]);
		snprintf(f->want, VAL_LEN, "%llu", l->geo[i]);
		strcpy(f->hidden, f->want);
	}
	add_span_files(files, n, "physical", l, &l->memmap);
	if (read_path("/sys/devices/system/node/possible", buf, sizeof(buf),
		      sizeof(buf)) < 0)
		strcpy(buf, "0");
	nzones = zoneinfo_zones(nids, zones, MAX_SPANS);
	if (nzones <= 0 || parse_nodelist(buf, possible, MAX_NODES))
		return -1;
	for (nid = 0; nid < MAX_NODES; nid++) {
		if (!possible[nid])
			continue;
		snprintf(dir, sizeof(dir), "physical/node%d", nid);
		sp = find_span(l, nid, "");
		memset(&none, 0, sizeof(none));
		none.has = 1U << PR_PFN | 1U << PR_PHYS;
		none.ncounts = 2;
		add_span_files(files, n, dir, l, sp ? sp : &none);
		/* the zones of the first node zoneinfo lists: every node has them */
		for (z = 0; z < nzones && nids[z] == nids[0]; z++) {
			snprintf(dir, sizeof(dir), "physical/node%d/%.15s",
				 nid, zones[z]);
			sp = find_span(l, nid, zones[z]);
			none.has |= 1U << PR_DIRECT_MAP;
			none.unmapped = unmapped_zone(l, zones[z]) ?
					1U << PR_DIRECT_MAP : 0;
			if (strcmp(key_str(l, "memory_model"), "sparsemem"))
				none.has |= 1U << PR_STRUCT_PAGES;
			none.ncounts = 3;
			add_span_files(files, n, dir, l, sp ? sp : &none);
		}
	}
	return *n < MAX_FILES ? 0 : -1;
}

FIXTURE(vm_layout) {
	int kptr_restrict;	/* to restore, -1 if untouched */
	struct layout lay;	/* what root reads with kptr_restrict = 1 */
	char hidden[TEXT_MAX];	/* and what who may not see addresses must */
	int nfiles;		/* 0 without sysfs */
	struct lfile files[MAX_FILES];
	struct view *view;	/* shared with children */
};

FIXTURE_SETUP(vm_layout)
{
	static const char * const parts[] = { "start", "end", "size" };
	char buf[16], err[300] = "";
	const struct region *r;
	const char *key;
	ssize_t len;
	struct lfile *f;
	int i, j;

	self->kptr_restrict = -1;
	self->view = mmap(NULL, sizeof(*self->view), PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(self->view != MAP_FAILED);
	if (read_path(KPTR_RESTRICT, buf, sizeof(buf), sizeof(buf)) <= 0)
		SKIP(return, "no %s (needs CONFIG_PROC_SYSCTL)", KPTR_RESTRICT);
	if (access(KALLSYMS, R_OK))
		SKIP(return, "no %s (needs CONFIG_KALLSYMS)", KALLSYMS);
	/* 1, not 0: vmallocinfo prints %pK, hashed under 0 */
	if (set_kptr_restrict(1))
		SKIP(return, "cannot write %s", KPTR_RESTRICT);
	self->kptr_restrict = atoi(buf);
	len = read_path(PROC_VMSPLIT, self->hidden, TEXT_MAX, TEXT_MAX);
	if (len < 0)
		strcpy(err, strerror(-len));
	/* the teardown does not run when the setup fails */
	if (err[0] || parse(&self->lay, self->hidden, err))
		set_kptr_restrict(self->kptr_restrict);
	ASSERT_STREQ("", err) TH_LOG("%s", PROC_VMSPLIT);
	/* or every comparison with the hidden view would be vacuous */
	ASSERT_NE(0ULL, key_num(&self->lay, "page_offset"));
	hide_addrs(self->hidden);

	if (access(LAYOUT_DIR, F_OK))
		return;
	for (i = 0; i < self->lay.nkeys; i++) {
		f = &self->files[self->nfiles++];
		key = self->lay.keys[i].key;
		j = strncmp(key, "kaslr_", 6) ? 0 : 6;
		snprintf(f->rel, sizeof(f->rel), "%s%s", j ? "kaslr/" : "",
			 key + j);
		strcpy(f->want, self->lay.keys[i].val);
		strcpy(f->hidden, f->want);
		if (header_keys[key_index(key, strlen(key))].type == VAL_ADDR)
			zero_hex(f->hidden, VAL_LEN);
	}
	for (i = 0; i < self->lay.nregions; i++) {
		r = &self->lay.regions[i];
		for (j = 0; j < 3; j++) {
			f = &self->files[self->nfiles++];
			snprintf(f->rel, sizeof(f->rel), "regions/%s/%s",
				 r->name, parts[j]);
			snprintf(f->want, VAL_LEN, "%0*llx", digits(),
				 j ? r->end : r->start);
			snprintf(f->hidden, VAL_LEN, "%0*d", digits(), 0);
		}
		snprintf(f->want, VAL_LEN, "%llu", size_of(r));
		strcpy(f->hidden, f->want);
	}
	if (add_phys_files(self->files, &self->nfiles, &self->lay)) {
		set_kptr_restrict(self->kptr_restrict);
		ASSERT_TRUE(false) TH_LOG("the files of %s/physical", LAYOUT_DIR);
	}
}

FIXTURE_TEARDOWN_PARENT(vm_layout)
{
	if (self->kptr_restrict >= 0)
		EXPECT_EQ(0, set_kptr_restrict(self->kptr_restrict));
}

/* The path of sysfs file @i of @files, or /proc/vmsplit for @i < 0. */
static void file_path(char *path, size_t size, const struct lfile *files,
		      int i)
{
	if (i < 0)
		snprintf(path, size, "%s", PROC_VMSPLIT);
	else
		snprintf(path, size, "%s/%s", LAYOUT_DIR, files[i].rel);
}

/* Read /proc/vmsplit (from @fd if >= 0) and the sysfs files into @v. */
static void read_view(struct view *v, const struct lfile *files, int n,
		      int fd)
{
	char path[160];
	ssize_t len;
	int i;

	len = fd < 0 ? read_path(PROC_VMSPLIT, v->text, TEXT_MAX, TEXT_MAX) :
		       read_fd(fd, v->text, TEXT_MAX, TEXT_MAX);
	strcpy(v->failed, PROC_VMSPLIT);
	for (i = 0; i < n && len >= 0; i++) {
		file_path(path, sizeof(path), files, i);
		len = read_path(path, v->val[i], VAL_LEN, VAL_LEN);
		/* drop the newline; a file without one fails the compare */
		if (len > 0)
			v->val[i][len - 1] = '\0';
		snprintf(v->failed, sizeof(v->failed), "%s", files[i].rel);
	}
	v->err = len < 0 ? -len : 0;
}

/* The view @who read: as root reads it, or with addresses zeroed. */
static void expect_view(struct __test_metadata *_metadata,
			const struct view *v, const char *shown_text,
			const char *hidden_text, const struct lfile *files,
			int n, bool hidden, const char *who)
{
	int i;

	ASSERT_EQ(0, v->err) TH_LOG("%s reading %s: %s", who, v->failed,
				    strerror(v->err));
	EXPECT_STREQ(hidden ? hidden_text : shown_text, v->text)
		TH_LOG("%s", who);
	for (i = 0; i < n; i++) {
		EXPECT_STREQ(hidden ? files[i].hidden : files[i].want,
			     v->val[i]) TH_LOG("%s: %s", who, files[i].rel);
	}
}

#define EXPECT_VIEW(n, h, who)						\
	expect_view(_metadata, self->view, self->lay.text, self->hidden,	\
		    self->files, n, h, who)

static bool is_node(const struct pspan *sp)
{
	return !sp->zone[0];
}

static unsigned long long pspan_pages(const struct pspan *sp)
{
	return sp->range[PR_PFN][1] - sp->range[PR_PFN][0];
}

/*
 * The physical section has what the memory model has, every node and
 * zone its lines, nodes by id and zones in the kernel's order.
 */
static void phys_format(struct __test_metadata *_metadata,
			const struct layout *l)
{
	static const char * const order[] = {
		"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device"
	};
	const char *model = key_str(l, "memory_model");
	bool sparse = !strncmp(model, "sparsemem", 9);
	bool linear = strcmp(model, "sparsemem");
	unsigned int want, shift = __builtin_ctzll(page_size);
	const struct pspan *sp, *prev = NULL;
	int i, z, last_z = -1;

	EXPECT_EQ(sparse ? NR_PG : 1, l->ngeo);
	EXPECT_EQ(!strcmp(model, "sparsemem-vmemmap"),
		  !!(l->memmap.has & 1U << PR_MEMMAP));
	if (sparse) {
		EXPECT_EQ(1ULL << l->geo[PG_SECTION_SIZE_BITS],
			  l->geo[PG_SECTION_SIZE]);
		EXPECT_EQ(l->geo[PG_SECTION_SIZE],
			  l->geo[PG_PAGES_PER_SECTION] * page_size);
	}
	for (i = 0; i < l->nspans; i++) {
		sp = &l->spans[i];
		want = 1U << PR_PFN | 1U << PR_PHYS;
		if (!is_node(sp))
			want |= 1U << PR_DIRECT_MAP |
				(linear ? 1U << PR_STRUCT_PAGES : 0);
		EXPECT_EQ(want, sp->has) TH_LOG("node %d %s", sp->nid, sp->zone);
		EXPECT_EQ(is_node(sp) ? 2 : 3, sp->ncounts);
		EXPECT_EQ(unmapped_zone(l, sp->zone) ? 1U << PR_DIRECT_MAP : 0,
			  sp->unmapped) TH_LOG("%s", sp->zone);
		EXPECT_EQ(sp->range[PR_PFN][0] << shift, sp->range[PR_PHYS][0]);
		EXPECT_EQ(sp->range[PR_PFN][1] << shift, sp->range[PR_PHYS][1]);
		EXPECT_EQ(pspan_pages(sp), sp->count[PC_SPANNED]);
		EXPECT_LE(sp->count[PC_PRESENT], sp->count[PC_SPANNED]);
		if (is_node(sp)) {
			EXPECT_TRUE(!prev || sp->nid > prev->nid);
			prev = sp;
			last_z = -1;
			continue;
		}
		EXPECT_LE(sp->count[PC_MANAGED], sp->count[PC_PRESENT]);
		EXPECT_NE(0ULL, sp->count[PC_SPANNED]) TH_LOG("%s", sp->zone);
		for (z = 0; z < (int)ARRAY_SIZE(order) && strcmp(order[z], sp->zone); z++)
			;
		EXPECT_TRUE(z < (int)ARRAY_SIZE(order) && z > last_z)
			TH_LOG("zone %s", sp->zone);
		last_z = z;
	}
}

/* The header has the documented keys in order, and right values. */
TEST_F(vm_layout, format)
{
	const struct layout *l = &self->lay;
	const char *v, *split = key_str(l, "split");
	unsigned int a, b, i, j;
	int fields, n = 0;

	ASSERT_EQ(ARRAY_SIZE(header_keys), l->nkeys);
	for (i = 0; i < ARRAY_SIZE(header_keys); i++) {
		v = l->keys[i].val;
		EXPECT_STREQ(header_keys[i].key, l->keys[i].key);
		if (header_keys[i].type >= VAL_HEX)
			EXPECT_TRUE(strlen(v) == digits() &&
				    strspn(v, HEX) == digits()) TH_LOG("%s", v);
		if (header_keys[i].type == VAL_DEC)
			EXPECT_TRUE(*v && !v[strspn(v, "0123456789")]);
		if (header_keys[i].words)
			EXPECT_TRUE(has_word(header_keys[i].words, v))
				TH_LOG("%s: %s", l->keys[i].key, v);
	}
	EXPECT_STREQ(uts.machine, key_str(l, "arch"));
	EXPECT_EQ(page_size, key_num(l, "page_size"));
	if (strcmp(uts.machine, "x86_64"))
		EXPECT_STREQ("unsupported", key_str(l, "kaslr_memory"));
	if (find_region(l, "vmemmap"))
		EXPECT_STREQ("sparsemem-vmemmap", key_str(l, "memory_model"));
	EXPECT_LE(2ULL, key_num(l, "pgtable_levels"));
	EXPECT_LE(key_num(l, "pgtable_levels"),
		  key_num(l, "pgtable_levels_max"));
	EXPECT_GE(5ULL, key_num(l, "pgtable_levels_max"));
	EXPECT_LE(key_num(l, "va_bits"), key_num(l, "va_bits_max"));
	EXPECT_GE(arch.bits, key_num(l, "va_bits_max"));
	if (!strcmp(key_str(l, "paging_chosen_at"), "build")) {
		EXPECT_EQ(key_num(l, "va_bits_max"), key_num(l, "va_bits"));
		EXPECT_EQ(key_num(l, "pgtable_levels_max"),
			  key_num(l, "pgtable_levels"));
	}
	/* 32-bit: PAGE_OFFSET : (4 GiB - PAGE_OFFSET) in lowest terms */
	if (arch.bits == 64) {
		EXPECT_STREQ("-", split);
	} else {
		fields = sscanf(split, "%u:%u%n", &a, &b, &n);
		ASSERT_EQ(2, fields);
		EXPECT_EQ(strlen(split), (size_t)n);
		for (i = 2; i <= a && i <= b && (a % i || b % i); i++)
			;
		EXPECT_TRUE(i > a || i > b) TH_LOG("split %s", split);
		EXPECT_EQ(a * ((1ULL << 32) - key_num(l, "page_offset")),
			  b * key_num(l, "page_offset")) TH_LOG("%s", split);
	}

	for (i = 0; i < (unsigned int)l->nregions; i++)
		for (j = i + 1; j < (unsigned int)l->nregions; j++)
			EXPECT_STRNE(l->regions[i].name, l->regions[j].name);
	phys_format(_metadata, l);
}

static int tree_files, tree_dirs;

static int count_entry(const char *path, const struct stat *st, int type,
		       struct FTW *ftw)
{
	tree_files += type == FTW_F;
	tree_dirs += type == FTW_D && ftw->level;
	return type == FTW_F || type == FTW_D ? 0 : -1;
}

/* Is directory @rel[0..@len) that of a file before @i, or its parent? */
static bool dir_listed(const struct lfile *files, int i, const char *rel,
		       size_t len)
{
	int j;

	for (j = 0; j < i; j++)
		if (!strncmp(files[j].rel, rel, len) && files[j].rel[len] == '/')
			return true;
	return false;
}

/*
 * Every value has its sysfs file with the same text, read whole or byte
 * by byte, and nothing else is there.
 */
TEST_F(vm_layout, sysfs)
{
	char path[160], one[VAL_LEN];
	int i, dirs = 0;
	const char *p;

	if (!self->nfiles)
		SKIP(return, "no %s (needs CONFIG_SYSFS)", LAYOUT_DIR);
	read_view(self->view, self->files, self->nfiles, -1);
	EXPECT_VIEW(self->nfiles, false, "root");
	for (i = 0; i < self->nfiles; i++) {
		file_path(path, sizeof(path), self->files, i);
		EXPECT_EQ((ssize_t)strlen(self->files[i].want) + 1,
			  read_path(path, one, sizeof(one), 1)) TH_LOG("%s", path);
		one[strcspn(one, "\n")] = '\0';
		EXPECT_STREQ(self->files[i].want, one) TH_LOG("%s bytewise", path);
	}
	/* nothing else is there: the files, and the directories they are in */
	ASSERT_EQ(0, nftw(LAYOUT_DIR, count_entry, 8, FTW_PHYS));
	for (i = 0; i < self->nfiles; i++)
		for (p = strchr(self->files[i].rel, '/'); p; p = strchr(p + 1, '/'))
			dirs += !dir_listed(self->files, i, self->files[i].rel,
					    p - self->files[i].rel);
	EXPECT_EQ(self->nfiles, tree_files);
	EXPECT_EQ(dirs, tree_dirs);
}

/* The header addresses, the user region and the kernel half. */
TEST_F(vm_layout, geometry)
{
	const struct layout *l = &self->lay;
	unsigned long long page_offset = key_num(l, "page_offset");
	unsigned long long task_size = key_num(l, "task_size");
	unsigned long long kstart = key_num(l, "kernel_vas_start");
	const struct region *user = find_region(l, "user");
	const struct region *direct_map = find_region(l, "direct_map");
	const struct region *r;
	unsigned long long diff;
	int i;

	ASSERT_TRUE(page_offset && task_size && kstart && user && direct_map);
	EXPECT_LE(task_size, kstart);
	EXPECT_LE(kstart, page_offset);
	EXPECT_EQ(page_offset, direct_map->start);
	EXPECT_EQ(0ULL, user->start);
	EXPECT_EQ(task_size, user->end);
	EXPECT_EQ(task_size, key_num(l, "user_vas_size"));
	EXPECT_EQ(0ULL, (kstart + key_num(l, "kernel_vas_size")) & mask());
	for (i = 0; i < l->nregions; i++) {
		r = &l->regions[i];
		EXPECT_TRUE(r == user || r->start >= kstart)
			TH_LOG("%s starts at %llx", r->name, r->start);
		/* the size column: exact, or within a hundredth of its unit */
		diff = size_of(r) > r->size ? size_of(r) - r->size :
					      r->size - size_of(r);
		EXPECT_TRUE(r->approx ? diff <= r->unit / 100 + 1 : !diff)
			TH_LOG("%s: %llu bytes", r->name, size_of(r));
	}
}

/*
 * Listed by end, highest first, the larger first on ties; regions overlap
 * only nested, and a region's indent is the number it lies in.
 */
TEST_F(vm_layout, nesting)
{
	const struct layout *l = &self->lay;
	const struct region *a, *b;
	int i, j, depth;

	for (i = 0; i < l->nregions; i++) {
		a = &l->regions[i];
		b = i ? &l->regions[i - 1] : NULL;
		EXPECT_TRUE(!b || last(b) > last(a) ||
			    (last(b) == last(a) && size_of(b) >= size_of(a)))
			TH_LOG("%s listed before %s", b->name, a->name);
		for (j = 0, depth = 0; j < l->nregions; j++) {
			b = &l->regions[j];
			if (j == i || last(b) < a->start || last(a) < b->start)
				continue;
			EXPECT_TRUE(contains(a, b) || contains(b, a))
				TH_LOG("%s overlaps %s", a->name, b->name);
			/* of two equal regions the first is the outer one */
			depth += contains(b, a) && (!contains(a, b) || j < i);
		}
		EXPECT_EQ(depth, a->depth) TH_LOG("indent of %s", a->name);
	}
	for (i = 0; arch.nested && arch.nested[i]; i += 2) {
		a = find_region(l, arch.nested[i]);
		b = find_region(l, arch.nested[i + 1]);
		EXPECT_TRUE(!a || !b || contains(b, a))
			TH_LOG("%s not in %s", arch.nested[i], arch.nested[i + 1]);
	}
}

/* The image and its sections are where /proc/kallsyms puts them. */
TEST_F_TIMEOUT(vm_layout, kallsyms, 120)
{
	const size_t np = ARRAY_SIZE(image_parts);
	struct sym syms[2 * ARRAY_SIZE(image_parts) + ARRAY_SIZE(image_syms)];
	const struct region *r;
	size_t k;
	int found = 0;

	memset(syms, 0, sizeof(syms));
	for (k = 0; k < np; k++) {
		syms[2 * k].name = image_parts[k].start;
		syms[2 * k + 1].name = image_parts[k].end;
	}
	for (k = 0; k < ARRAY_SIZE(image_syms); k++)
		syms[2 * np + k].name = image_syms[k].sym;
	ASSERT_EQ(0, read_symbols(KALLSYMS, syms, ARRAY_SIZE(syms)));
	for (k = 0; k < ARRAY_SIZE(syms); k++) {
		if (!syms[k].found)
			continue;
		found++;
		ASSERT_NE(0ULL, syms[k].addr) TH_LOG("%s hidden", syms[k].name);
		if (k >= 2 * np) {
			r = find_region(&self->lay, image_syms[k - 2 * np].region);
			EXPECT_TRUE(addr_in(r, syms[k].addr))
				TH_LOG("%s not inside", syms[k].name);
			continue;
		}
		r = find_region(&self->lay, image_parts[k / 2].region);
		ASSERT_TRUE(!!r);
		EXPECT_EQ(syms[k].addr, k % 2 ? r->end : r->start)
			TH_LOG("%s of %s is not %s", k % 2 ? "end" : "start",
			       r->name, syms[k].name);
	}
	ASSERT_LT(0, found);
}

/*
 * The KASLR state and offset agree with the command line, the
 * architecture and where kallsyms puts _text.
 */
TEST_F_TIMEOUT(vm_layout, kaslr, 120)
{
	const struct layout *l = &self->lay;
	const char *state = key_str(l, "kaslr_state");
	const struct region *kernel = find_region(l, "kernel");
	unsigned long long offset = key_num(l, "kaslr_offset"), link;
	struct sym text = { .name = "_text" };
	char cmdline[4096];
	bool nokaslr;

	ASSERT_LT(0, read_path("/proc/cmdline", cmdline, sizeof(cmdline),
			       sizeof(cmdline)));
	nokaslr = has_word(cmdline, "nokaslr");
	ASSERT_EQ(0, read_symbols(KALLSYMS, &text, 1));
	ASSERT_TRUE(text.found && kernel);
	EXPECT_EQ(text.addr, kernel->start);
	link = (text.addr - offset) & mask();
	if (arch.link_region)
		EXPECT_TRUE(addr_in(find_region(l, arch.link_region), link))
			TH_LOG("link address %llx", link);

	if (!arch.machine)
		SKIP(return, "no KASLR facts for %s", uts.machine);
	EXPECT_TRUE(arch.kaslr ? strcmp(state, "unsupported") :
				 !strcmp(state, "unsupported")) TH_LOG("%s", state);
	if (nokaslr || !arch.kaslr)
		EXPECT_TRUE(strcmp(state, "enabled") &&
			    strcmp(key_str(l, "kaslr_memory"), "enabled") &&
			    !offset) TH_LOG("%s %llx", state, offset);
	if (!nokaslr && !strcmp(state, "enabled") && arch.kaslr_never_zero)
		EXPECT_NE(0ULL, offset);
	if (arch.kaslr_align)
		EXPECT_EQ(0ULL, offset % arch.kaslr_align);
}

/* System.map's link addresses plus kaslr_offset are the live ones. */
TEST_F_TIMEOUT(vm_layout, system_map, 120)
{
	static const char * const names[] = {
		"_text", "_stext", "_etext", "__start_rodata", "_sdata",
		"__init_begin", "__bss_start", "_end",
	};
	unsigned long long offset = key_num(&self->lay, "kaslr_offset");
	struct sym linked[ARRAY_SIZE(names)] = {}, live[ARRAY_SIZE(names)] = {};
	const char *map = getenv("VM_LAYOUT_SYSTEM_MAP");
	size_t i;

	if (!map)
		SKIP(return, "VM_LAYOUT_SYSTEM_MAP not set");
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		linked[i].name = names[i];
		live[i].name = names[i];
	}
	ASSERT_EQ(0, read_symbols(KALLSYMS, live, ARRAY_SIZE(live)));
	ASSERT_EQ(0, read_symbols(map, linked, ARRAY_SIZE(linked)))
		TH_LOG("%s", map);
	ASSERT_TRUE(linked[0].found);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (linked[i].found && live[i].found)
			EXPECT_EQ(live[i].addr, (linked[i].addr + offset) & mask())
				TH_LOG("%s: link %llx", names[i], linked[i].addr);
	}
}

/* What this process maps lies in the user region, and no more. */
TEST_F(vm_layout, user_addresses)
{
	const struct region *user = find_region(&self->lay, "user"), *home;
	unsigned long long start, end;
	char line[512], *p;
	void *map, *want;
	int count = 0, err;
	FILE *f;

	ASSERT_TRUE(!!user);
	f = fopen("/proc/self/maps", "r");
	ASSERT_TRUE(!!f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx-%llx", &start, &end) != 2)
			continue;
		count++;
		home = user;
		if (arch.maps && strstr(line, arch.maps)) {
			home = find_region(&self->lay, arch.maps_region);
			EXPECT_TRUE(!arch.maps_exact ||
				    (home && home->start == start &&
				     home->end == end))
				TH_LOG("%s is not all of its region", line);
		}
		EXPECT_TRUE(in_region(home, start, end)) TH_LOG("%s", line);
	}
	fclose(f);
	ASSERT_LT(0, count);

	map = mmap(NULL, page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	ASSERT_TRUE(map != MAP_FAILED);
	EXPECT_TRUE(in_region(user, (uintptr_t)map, (uintptr_t)map + page_size));
	munmap(map, page_size);
	EXPECT_TRUE(addr_in(user, (uintptr_t)&count));
	p = sbrk(0);
	EXPECT_TRUE(addr_in(user, (uintptr_t)p));

	/* The last user page can be mapped, the page above it cannot. */
	if ((uintptr_t)(user->end + page_size - 1) != user->end + page_size - 1)
		return;
	want = (void *)(uintptr_t)(user->end - page_size);
	map = mmap(want, page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED_NOREPLACE, -1, 0);
	err = errno;
	EXPECT_TRUE(map == want || (map == MAP_FAILED && err == EEXIST))
		TH_LOG("mmap at %p: %s", want, strerror(err));
	if (map != MAP_FAILED)
		munmap(map, page_size);
	want = (void *)(uintptr_t)user->end;
	map = mmap(want, page_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_FIXED_NOREPLACE, -1, 0);
	EXPECT_TRUE(map == MAP_FAILED) TH_LOG("mapped %p", want);
	if (map != MAP_FAILED)
		munmap(map, page_size);
}

/*
 * KASAN without KASAN_VMALLOC (x86_64) maps the shadow of each module
 * allocation as a vmalloc area of its own (kasan_alloc_module_shadow()),
 * in the shadow of a modules window, and generic KASAN the shadow of
 * memory brought online after boot (kasan_mem_notifier()), in the shadow
 * of its direct map: /proc/iomem's System RAM at page_offset.  Both lie
 * inside kasan_shadow.  The shadow is linear over the kernel half, its
 * scale the half's size over its own.
 */
static bool in_kasan_shadow(const struct layout *l, unsigned long long start,
			    unsigned long long end)
{
	static const char * const windows[] = { "modules", "modules_plt" };
	const struct region *ks = find_region(l, "kasan_shadow"), *r;
	unsigned long long base = key_num(l, "kernel_vas_start"), scale;
	unsigned long long lo, hi, ram[2], va[64][2];
	unsigned long long po = key_num(l, "page_offset");
	char line[256];
	size_t i, n = 0;
	FILE *f;
	int c;

	if (!ks || !size_of(ks))
		return false;
	scale = ((0 - base) & mask()) / size_of(ks);
	for (i = 0; i < ARRAY_SIZE(windows); i++) {
		r = find_region(l, windows[i]);
		if (r) {
			va[n][0] = r->start;
			va[n++][1] = last(r);
		}
	}
	f = fopen("/proc/iomem", "r");
	while (f && n < ARRAY_SIZE(va) && fgets(line, sizeof(line), f)) {
		c = 0;
		if (line[0] != ' ' &&
		    sscanf(line, "%llx-%llx : System RAM%n", &ram[0], &ram[1],
			   &c) == 2 && c) {
			va[n][0] = po + ram[0];
			va[n++][1] = po + ram[1];
		}
	}
	if (f)
		fclose(f);
	for (i = 0; scale && i < n; i++) {
		lo = ks->start + (va[i][0] - base) / scale;
		hi = ks->start + (va[i][1] - base) / scale + 1;
		lo &= ~(page_size - 1);
		hi = (hi + page_size - 1) & ~(page_size - 1);
		if (start >= lo && end <= hi)
			return true;
	}
	return false;
}

/*
 * arm64's KASAN_SW_TAGS hands out vmalloc pointers with a tag in the top
 * byte, which the MMU ignores (TBI) and vmallocinfo prints.  A kernel
 * address untagged has the match-all tag 0xff, as its bit 55 says.
 */
static unsigned long long untag(unsigned long long addr)
{
#ifdef __aarch64__
	if (addr & (1ULL << 55))
		addr |= 0xffULL << 56;
#endif
	return addr;
}

/*
 * Every vmalloc area lies in vmalloc or a modules window (or is KASAN's
 * shadow of a module or of memory onlined after boot); arm's PCI I/O
 * window is the area pci_reserve_io() reserved (with no guard page).
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
	FILE *f = fopen("/proc/vmallocinfo", "r");

	ASSERT_TRUE(f && vmalloc);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "0x%llx-0x%llx", &start, &end) != 2)
			continue;
		count++;
		/* the end keeps its size: it may wrap to 0 at the top */
		end = untag(start) + (end - start);
		start = untag(start);
		EXPECT_TRUE(in_region(vmalloc, start, end) ||
			    in_region(modules, start, end) ||
			    in_region(plt, start, end) ||
			    in_kasan_shadow(&self->lay, start, end))
			TH_LOG("%s", line);
		if (strstr(line, " pci_reserve_io+"))
			EXPECT_TRUE(pci_io && pci_io->start == start &&
				    pci_io->end == end) TH_LOG("%s", line);
	}
	fclose(f);
	ASSERT_LT(0, count);
}

/* Every loaded module lies in modules, modules_plt or else vmalloc. */
TEST_F(vm_layout, modules)
{
	const struct region *home = find_region(&self->lay, "modules");
	const struct region *plt = find_region(&self->lay, "modules_plt");
	unsigned long long addr;
	char line[512];
	int count = 0, placed = 0;
	FILE *f = fopen("/proc/modules", "r");

	if (!home)
		home = find_region(&self->lay, "vmalloc");
	ASSERT_TRUE(!!home);
	if (!f)
		SKIP(return, "no /proc/modules (needs CONFIG_MODULES)");
	/* name size refs users state address; all-__init modules show 0 */
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %*s %*s %*s %*s 0x%llx", &addr) != 1)
			continue;
		count++;
		placed += !!addr;
		EXPECT_TRUE(!addr || addr_in(home, addr) || addr_in(plt, addr))
			TH_LOG("%s", line);
	}
	fclose(f);
	if (!count)
		SKIP(return, "no module loaded");
	EXPECT_LT(0, placed) TH_LOG("no module address shown");
}

/*
 * HIGHMEM kernels have "HighTotal:" in /proc/meminfo and a pkmap region,
 * others neither; the direct map (lowmem) holds the low memory.
 */
TEST_F(vm_layout, highmem)
{
	const struct region *pkmap = find_region(&self->lay, "pkmap");
	const struct region *direct = find_region(&self->lay, "direct_map");
	unsigned long long kib, high = 0, total = 0;
	bool has_high = false;
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	ASSERT_TRUE(f && direct);
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
	EXPECT_EQ(has_high, !!pkmap);
	if (high)
		EXPECT_LE(total - high, size_of(direct));
	if (high && pkmap)
		EXPECT_TRUE(last(pkmap) < direct->start ||
			    pkmap->start > last(direct));
}

static unsigned long long clamp_pfn(unsigned long long v, unsigned long long lo,
				    unsigned long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* The zone of node @nid (any node if < 0) whose span holds @pfn. */
static const struct pspan *zone_of(const struct layout *l, int nid,
				   unsigned long long pfn)
{
	const struct pspan *sp;
	int i;

	for (i = 0; i < l->nspans; i++) {
		sp = &l->spans[i];
		if (!is_node(sp) && (nid < 0 || sp->nid == nid) &&
		    sp->range[PR_PFN][0] <= pfn && pfn < sp->range[PR_PFN][1])
			return sp;
	}
	return NULL;
}

/* Are page frames @start to @end all in zone spans (of node @nid)? */
static bool pfns_in_zones(const struct layout *l, int nid,
			  unsigned long long start, unsigned long long end)
{
	const struct pspan *sp;

	while (start < end) {
		sp = zone_of(l, nid, start);
		if (!sp)
			return false;
		start = sp->range[PR_PFN][1];
	}
	return true;
}

/* A "key ... N kB" line of a meminfo file, in pages; 0 if absent. */
static unsigned long long meminfo_pages(const char *path, const char *key)
{
	char line[256], *p;
	unsigned long long kib = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		p = strstr(line, key);
		if (p && p[strlen(key)] == ':' && (p == line || p[-1] == ' '))
			kib = strtoull(p + strlen(key) + 1, NULL, 10);
	}
	fclose(f);
	return kib * 1024 / page_size;
}

/* The managed pages of node @nid's zones (all nodes if < 0), or HighMem's. */
static unsigned long long managed(const struct layout *l, int nid, bool high)
{
	unsigned long long sum = 0;
	int i;

	for (i = 0; i < l->nspans; i++)
		if (!is_node(&l->spans[i]) && (nid < 0 || l->spans[i].nid == nid) &&
		    (!high || !strcmp(l->spans[i].zone, "HighMem")))
			sum += l->spans[i].count[PC_MANAGED];
	return sum;
}

#define ZONEINFO_MAX	1048576

/*
 * /proc/vmsplit parsed into @l, with /proc/zoneinfo's text in @zoneinfo
 * and MemTotal and HighTotal (pages) read between two reads of
 * /proc/vmsplit that agree.
 */
static int read_stable(struct layout *l, char *zoneinfo,
		       unsigned long long *total, unsigned long long *high)
{
	static char a[TEXT_MAX], b[TEXT_MAX];
	char err[300];
	int try;

	for (try = 0; try < 5; try++) {
		if (read_path(PROC_VMSPLIT, a, TEXT_MAX, TEXT_MAX) < 0 ||
		    read_path("/proc/zoneinfo", zoneinfo, ZONEINFO_MAX,
			      ZONEINFO_MAX) < 0)
			return -1;
		*total = meminfo_pages("/proc/meminfo", "MemTotal");
		*high = meminfo_pages("/proc/meminfo", "HighTotal");
		if (read_path(PROC_VMSPLIT, b, TEXT_MAX, TEXT_MAX) < 0)
			return -1;
		if (!strcmp(a, b))
			return parse(l, a, err);
	}
	return -1;
}

/*
 * Nodes and zones are those of /proc/zoneinfo (every zone that spans
 * page frames, with its start_pfn, spanned, present and managed pages);
 * their managed pages add up to MemTotal, HighTotal and LowTotal of
 * /proc/meminfo; a node's present pages are its zones'.
 */
TEST_F(vm_layout, zoneinfo)
{
	struct layout *l = malloc(sizeof(*l));
	unsigned long long v[NR_PC], start, present, total, high;
	char line[256], name[16] = "", *text = malloc(ZONEINFO_MAX);
	const struct pspan *sp, *node;
	static bool in_zoneinfo[MAX_NODES];
	int nid = -1, i, zones = 0, c;
	bool has_start = false;
	FILE *f;

	ASSERT_TRUE(l && text);
	/* managed pages may change any time (a balloon): retry for a calm read */
	ASSERT_EQ(0, read_stable(l, text, &total, &high));
	f = fmemopen(text, strlen(text), "r");
	ASSERT_TRUE(!!f);
	/* each zone's values, checked at the next heading or the end */
	for (;;) {
		bool end = !fgets(line, sizeof(line), f);
		int n2;
		char z2[16];

		if (end || sscanf(line, "Node %d, zone %15s", &n2, z2) == 2) {
			if (name[0] && v[PC_SPANNED]) {
				zones++;
				sp = find_span(l, nid, name);
				ASSERT_TRUE(!!sp) TH_LOG("node %d zone %s", nid, name);
				EXPECT_EQ(0, memcmp(v, sp->count, sizeof(v)))
					TH_LOG("node %d %s: zoneinfo %llu %llu %llu",
					       nid, name, v[0], v[1], v[2]);
				if (has_start) {
					EXPECT_EQ(start, sp->range[PR_PFN][0])
						TH_LOG("node %d %s start_pfn", nid, name);
				}
			}
			if (end)
				break;
			nid = n2;
			strcpy(name, z2);
			if (nid >= 0 && nid < MAX_NODES)
				in_zoneinfo[nid] = true;
			memset(v, 0, sizeof(v));
			has_start = false;
			continue;
		}
		if (sscanf(line, " spanned %llu", &v[PC_SPANNED]) != 1 &&
		    sscanf(line, " present %llu", &v[PC_PRESENT]) != 1 &&
		    sscanf(line, " managed %llu", &v[PC_MANAGED]) != 1 &&
		    sscanf(line, " start_pfn: %llu", &start) == 1)
			has_start = true;
	}
	fclose(f);
	/* every zone listed is one of zoneinfo's */
	for (i = 0; i < l->nspans; i++)
		zones -= !is_node(&l->spans[i]);
	EXPECT_EQ(0, zones) TH_LOG("zones zoneinfo has and we do not, or back");

	ASSERT_EQ(managed(l, -1, false), total);
	EXPECT_EQ(managed(l, -1, true), high);
	if (managed(l, -1, true))
		EXPECT_EQ(managed(l, -1, false) - managed(l, -1, true),
			  meminfo_pages("/proc/meminfo", "LowTotal"));

	for (i = 0, node = NULL; i < l->nspans; i++) {
		sp = &l->spans[i];
		if (is_node(sp)) {
			node = sp;
			present = 0;
			for (c = i + 1; c < l->nspans && !is_node(&l->spans[c]); c++)
				present += l->spans[c].count[PC_PRESENT];
			EXPECT_EQ(sp->count[PC_PRESENT], present)
				TH_LOG("node %d", sp->nid);
			EXPECT_TRUE(sp->nid < MAX_NODES && in_zoneinfo[sp->nid]);
			continue;
		}
		EXPECT_TRUE(node->range[PR_PFN][0] <= sp->range[PR_PFN][0] &&
			    sp->range[PR_PFN][1] <= node->range[PR_PFN][1])
			TH_LOG("node %d zone %s", sp->nid, sp->zone);
	}
	free(text);
	free(l);
}

/*
 * The nodes are those /sys/devices/system/node has online, each with its
 * meminfo's MemTotal and HighTotal.
 */
TEST_F(vm_layout, nodes)
{
	const struct layout *l = &self->lay;
	char line[4096], path[96];
	static bool online[MAX_NODES];
	int nid;

	if (read_path("/sys/devices/system/node/online", line, sizeof(line),
		      sizeof(line)) < 0)
		SKIP(return, "no /sys/devices/system/node (needs CONFIG_NUMA)");
	ASSERT_EQ(0, parse_nodelist(line, online, MAX_NODES)) TH_LOG("%s", line);
	for (nid = 0; nid < MAX_NODES; nid++) {
		EXPECT_EQ(online[nid], !!find_span(l, nid, "")) TH_LOG("node %d", nid);
		if (!online[nid])
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d/meminfo",
			 nid);
		EXPECT_EQ(managed(l, nid, false), meminfo_pages(path, "MemTotal"))
			TH_LOG("%s", path);
		EXPECT_EQ(managed(l, nid, true), meminfo_pages(path, "HighTotal"))
			TH_LOG("%s", path);
	}
}

#define MAX_OFFLINE	1024

/* The memory blocks that are offline, as page frame ranges. */
static struct {
	int n;
	unsigned long long r[MAX_OFFLINE][2];
} offline;

/* Fill offline[] from /sys/devices/system/memory (none without it). */
static void read_offline_blocks(void)
{
	unsigned long long block, id;
	char buf[64], path[300], c;
	struct dirent *d;
	DIR *dir;

	offline.n = 0;
	if (read_path(MEMORY_DIR "/block_size_bytes", buf,
		      sizeof(buf), sizeof(buf)) < 0)
		return;
	block = strtoull(buf, NULL, 16) / page_size;
	dir = opendir(MEMORY_DIR);
	while (dir && (d = readdir(dir)) && offline.n < MAX_OFFLINE) {
		if (sscanf(d->d_name, "memory%llu%c", &id, &c) != 1)
			continue;
		snprintf(path, sizeof(path), MEMORY_DIR "/%s/state",
			 d->d_name);
		if (read_path(path, buf, sizeof(buf), sizeof(buf)) > 0 &&
		    !strncmp(buf, "offline", 7)) {
			offline.r[offline.n][0] = id * block;
			offline.r[offline.n++][1] = (id + 1) * block;
		}
	}
	if (dir)
		closedir(dir);
}

/* The end of the offline block that holds @pfn, or 0. */
static unsigned long long offline_end(unsigned long long pfn)
{
	int i;

	for (i = 0; i < offline.n; i++)
		if (offline.r[i][0] <= pfn && pfn < offline.r[i][1])
			return offline.r[i][1];
	return 0;
}

/*
 * Are the page frames @start to @end that are not in an offline memory
 * block all in zone spans?  Adds their number to @pages.
 */
static bool online_in_zones(const struct layout *l, unsigned long long start,
			    unsigned long long end, unsigned long long *pages)
{
	unsigned long long next;
	const struct pspan *sp;
	int i;

	while (start < end) {
		next = offline_end(start);
		if (next) {
			start = next;
			continue;
		}
		sp = zone_of(l, -1, start);
		if (!sp)
			return false;
		next = sp->range[PR_PFN][1] < end ? sp->range[PR_PFN][1] : end;
		for (i = 0; i < offline.n; i++)
			if (offline.r[i][0] > start && offline.r[i][0] < next)
				next = offline.r[i][0];
		*pages += next - start;
		start = next;
	}
	return true;
}

/*
 * System RAM in /proc/iomem: every page of it below the end of the last
 * zone, but in memory blocks that are offline, lies in a zone (the kernel
 * may leave RAM above unused, as i386 without HIGHMEM does above lowmem),
 * and there are no more of those pages than present ones (memory the
 * kernel does not map, "nomap", is present but not System RAM).
 */
TEST_F(vm_layout, iomem)
{
	const struct layout *l = &self->lay;
	unsigned long long start, end, top = 0, ram = 0, present = 0;
	char line[256];
	int i, n, count = 0;
	FILE *f = fopen("/proc/iomem", "r");

	if (!f)
		SKIP(return, "no /proc/iomem (needs CONFIG_PROC_FS)");
	read_offline_blocks();
	for (i = 0; i < l->nspans; i++) {
		if (is_node(&l->spans[i]))
			continue;
		present += l->spans[i].count[PC_PRESENT];
		if (l->spans[i].range[PR_PFN][1] > top)
			top = l->spans[i].range[PR_PFN][1];
	}
	while (fgets(line, sizeof(line), f)) {
		n = 0;
		/* top level only: nested entries are indented */
		if (line[0] == ' ' ||
		    sscanf(line, "%llx-%llx : System RAM%n", &start, &end, &n) != 2 ||
		    !n || line[n] != '\n')
			continue;
		ASSERT_NE(0ULL, end) TH_LOG("iomem shows no addresses to root");
		start = (start + page_size - 1) / page_size;
		end = (end + 1) / page_size;
		count++;
		EXPECT_TRUE(online_in_zones(l, start, end < top ? end : top, &ram))
			TH_LOG("System RAM pfns %llx-%llx", start, end);
	}
	fclose(f);
	ASSERT_LT(0, count);
	EXPECT_LE(ram, present);
}

/* The kernel log since boot, from /dev/kmsg, one message a line. */
static char *kernel_log(size_t *len)
{
	size_t size = 1 << 20, n = 0;
	char *buf = malloc(size), rec[8192], *msg;
	ssize_t got;
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);

	if (fd < 0 || !buf) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	for (;;) {
		got = read(fd, rec, sizeof(rec) - 1);
		if (got < 0 && errno == EPIPE)
			continue;	/* overwritten while we read */
		if (got <= 0)
			break;
		rec[got] = '\0';
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		got = strcspn(msg, "\n");
		if (n + got + 2 > size)
			break;
		memcpy(buf + n, msg, got);
		n += got;
		buf[n++] = '\n';
	}
	close(fd);
	buf[n] = '\0';
	*len = n;
	return buf;
}

#define MAX_BOOT	64

/* What free_area_init() printed: zone limits, memblock memory, nodes. */
struct boot_mem {
	int nzones, nmem, nnodes, nmovable;
	struct { char name[16]; unsigned long long lo, hi; } zone[MAX_BOOT];
	struct { int nid; unsigned long long lo, hi; } mem[MAX_BOOT], node[MAX_BOOT],
						    movable[MAX_BOOT];
};

static int boot_mem_parse(const char *log, struct boot_mem *b)
{
	unsigned long long lo, hi;
	const char *p;
	char name[16];
	int nid, in = 0;

	memset(b, 0, sizeof(*b));
	for (p = log; *p; p = strchr(p, '\n') + 1) {
		if (!strncmp(p, "Zone ranges:", 12))
			in = 1;
		else if (!strncmp(p, "Movable zone start for each node", 32))
			in = 2;
		else if (!strncmp(p, "Early memory node ranges", 24))
			in = 3;
		else if (*p != ' ')
			in = 0;
		if (in == 1 && b->nzones < MAX_BOOT &&
		    sscanf(p, " %15s [mem %llx-%llx]", name, &lo, &hi) == 3) {
			strcpy(b->zone[b->nzones].name, name);
			b->zone[b->nzones].lo = lo / page_size;
			b->zone[b->nzones++].hi = (hi + 1) / page_size;
		} else if (in == 1 && b->nzones < MAX_BOOT &&
			   sscanf(p, " %15s empty", name) == 1) {
			strcpy(b->zone[b->nzones++].name, name);
		} else if (in == 2 && b->nmovable < MAX_BOOT &&
			   sscanf(p, " Node %d: %llx", &nid, &lo) == 2) {
			b->movable[b->nmovable].nid = nid;
			b->movable[b->nmovable++].lo = lo / page_size;
		} else if (in == 3 && b->nmem < MAX_BOOT &&
			   sscanf(p, " node %d: [mem %llx-%llx]", &nid, &lo, &hi) == 3) {
			b->mem[b->nmem].nid = nid;
			b->mem[b->nmem].lo = (lo + page_size - 1) / page_size;
			b->mem[b->nmem++].hi = (hi + 1) / page_size;
		} else if (b->nnodes < MAX_BOOT &&
			   sscanf(p, "Initmem setup node %d [mem %llx-%llx]", &nid,
				  &lo, &hi) == 3) {
			b->node[b->nnodes].nid = nid;
			b->node[b->nnodes].lo = lo / page_size;
			b->node[b->nnodes++].hi = (hi + 1) / page_size;
		}
	}
	return b->nzones && b->nmem && b->nnodes ? 0 : -1;
}

/*
 * Zones and nodes as the kernel laid them out at boot, from what it
 * printed then: each zone's span is its node's clamped to the zone's
 * limits ("Zone ranges", less what ZONE_MOVABLE takes), its present pages
 * the memory ("Early memory node ranges") inside it.  A node that has
 * gained memory since (hotplug) must still hold all of that.
 */
TEST_F(vm_layout, boot_memory)
{
	const struct layout *l = &self->lay;
	unsigned long long lo, hi, mv, pages, a, b;
	const struct pspan *node, *sp;
	struct boot_mem *bm = calloc(1, sizeof(*bm));
	char *log, cmdline[4096];
	int n, z, m, checked = 0;
	bool grown, device;
	size_t len;

	ASSERT_TRUE(!!bm);
	ASSERT_LT(0, read_path("/proc/cmdline", cmdline, sizeof(cmdline),
			       sizeof(cmdline)));
	if (strstr(cmdline, "kernelcore=mirror"))
		SKIP(return, "kernelcore=mirror: Movable memory interleaved");
	log = kernel_log(&len);
	if (!log)
		SKIP(return, "no /dev/kmsg (needs CONFIG_PRINTK)");
	if (boot_mem_parse(log, bm))
		SKIP(return, "the boot messages are no longer in the kernel log");
	for (n = 0; n < bm->nnodes; n++) {
		node = find_span(l, bm->node[n].nid, "");
		ASSERT_TRUE(!!node) TH_LOG("node %d", bm->node[n].nid);
		for (m = 0, pages = 0; m < bm->nmem; m++)
			if (bm->mem[m].nid == node->nid)
				pages += bm->mem[m].hi - bm->mem[m].lo;
		/*
		 * Hot-added memory grows a node, and device memory its span;
		 * offlined memory shrinks it in ways the boot print cannot
		 * tell (zoneinfo still checks such a node).
		 */
		if (node->count[PC_PRESENT] < pages)
			continue;
		grown = node->count[PC_PRESENT] > pages;
		sp = find_span(l, node->nid, "Device");
		device = !!sp;
		EXPECT_TRUE(grown || device ?
			    node->range[PR_PFN][0] <= bm->node[n].lo &&
			    bm->node[n].hi <= node->range[PR_PFN][1] :
			    node->range[PR_PFN][0] == bm->node[n].lo &&
			    node->range[PR_PFN][1] == bm->node[n].hi)
			TH_LOG("node %d: boot %llx-%llx, %llu pages", node->nid,
			       bm->node[n].lo, bm->node[n].hi, pages);
		for (m = 0, mv = 0; m < bm->nmovable; m++)
			if (bm->movable[m].nid == node->nid)
				mv = bm->movable[m].lo;
		for (z = 0; z < bm->nzones; z++) {
			if (!strcmp(bm->zone[z].name, "Device"))
				continue;
			lo = clamp_pfn(bm->node[n].lo, bm->zone[z].lo, bm->zone[z].hi);
			hi = clamp_pfn(bm->node[n].hi, bm->zone[z].lo, bm->zone[z].hi);
			if (mv && lo >= mv)
				lo = hi;
			else if (mv && hi > mv)
				hi = mv;
			sp = find_span(l, node->nid, bm->zone[z].name);
			for (m = 0, pages = 0; m < bm->nmem && lo < hi; m++) {
				a = clamp_pfn(bm->mem[m].lo, lo, hi);
				b = clamp_pfn(bm->mem[m].hi, lo, hi);
				pages += bm->mem[m].nid == node->nid ? b - a : 0;
			}
			checked++;
			if (lo == hi) {
				EXPECT_TRUE(!sp || grown) TH_LOG("node %d %s",
								 node->nid, bm->zone[z].name);
				continue;
			}
			ASSERT_TRUE(!!sp) TH_LOG("node %d %s", node->nid,
						 bm->zone[z].name);
			EXPECT_TRUE(grown ? sp->range[PR_PFN][0] <= lo &&
				    hi <= sp->range[PR_PFN][1] &&
				    pages <= sp->count[PC_PRESENT] :
				    sp->range[PR_PFN][0] == lo &&
				    sp->range[PR_PFN][1] == hi &&
				    pages == sp->count[PC_PRESENT])
				TH_LOG("node %d %s: boot %llx-%llx, %llu present",
				       node->nid, sp->zone, lo, hi, pages);
		}
		if (!mv)
			continue;
		sp = find_span(l, node->nid, "Movable");
		EXPECT_TRUE(sp && sp->range[PR_PFN][0] <= mv)
			TH_LOG("node %d: movable from %llx", node->nid, mv);
	}
	EXPECT_LT(0, checked);
	free(log);
	free(bm);
}

/*
 * The sections against the memory blocks of /sys/devices/system/memory:
 * a block is whole sections, every block has a present section (and with
 * one section a block and no device memory, every present section has a
 * block), an online block lies in a zone, and every block a node links
 * lies in that node's span.
 */
TEST_F(vm_layout, memory_blocks)
{
	const struct layout *l = &self->lay;
	unsigned long long block, pfns, id, spb, blocks = 0;
	char buf[64], path[160], c;
	const struct pspan *node;
	struct dirent *d;
	int i, linked = 0;
	DIR *dir;

	if (l->ngeo < NR_PG)
		SKIP(return, "%s has no sections (needs CONFIG_SPARSEMEM)",
		     key_str(l, "memory_model"));
	if (read_path(MEMORY_DIR "/block_size_bytes", buf,
		      sizeof(buf), sizeof(buf)) < 0)
		SKIP(return, "no memory blocks (needs CONFIG_MEMORY_HOTPLUG)");
	block = strtoull(buf, NULL, 16);
	ASSERT_NE(0ULL, block);
	ASSERT_EQ(0ULL, block % l->geo[PG_SECTION_SIZE]) TH_LOG("block %llx", block);
	spb = block / l->geo[PG_SECTION_SIZE];
	pfns = block / page_size;
	read_offline_blocks();
	dir = opendir(MEMORY_DIR);
	ASSERT_TRUE(!!dir);
	while ((d = readdir(dir))) {
		if (sscanf(d->d_name, "memory%llu%c", &id, &c) != 1)
			continue;
		blocks++;
		if (offline_end(id * pfns))
			continue;
		EXPECT_TRUE(pfns_in_zones(l, -1, id * pfns, id * pfns + 1) ||
			    pfns_in_zones(l, -1, (id + 1) * pfns - 1, (id + 1) * pfns))
			TH_LOG("%s in no zone", d->d_name);
	}
	closedir(dir);
	EXPECT_LE(blocks, l->geo[PG_PRESENT_SECTIONS]);
	if (spb == 1 && !find_span_zone(l, "Device"))
		EXPECT_EQ(blocks, l->geo[PG_PRESENT_SECTIONS]);

	for (i = 0; i < l->nspans; i++) {
		node = &l->spans[i];
		if (!is_node(node))
			continue;
		snprintf(path, sizeof(path), "/sys/devices/system/node/node%d",
			 node->nid);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((d = readdir(dir))) {
			if (sscanf(d->d_name, "memory%llu%c", &id, &c) != 1)
				continue;
			linked++;
			EXPECT_TRUE(id * pfns < node->range[PR_PFN][1] &&
				    (id + 1) * pfns > node->range[PR_PFN][0])
				TH_LOG("node %d links %s", node->nid, d->d_name);
		}
		closedir(dir);
	}
	EXPECT_TRUE(linked || access("/sys/devices/system/node", F_OK))
		TH_LOG("no node links a memory block");
}

/*
 * Each zone's direct map lies in direct_map (on 32-bit lowmem ends where
 * the last mapped zone does), its struct pages in vmemmap (flatmem: in
 * the direct map) and in the memmap, which lies in vmemmap.
 */
TEST_F(vm_layout, phys_regions)
{
	const struct layout *l = &self->lay;
	const struct region *direct = find_region(l, "direct_map");
	const struct region *vmemmap = find_region(l, "vmemmap");
	const struct region *pages_home = vmemmap ? vmemmap : direct;
	const unsigned long long *mm = l->memmap.range[PR_MEMMAP];
	unsigned long long top = 0, offset = 0;
	const struct pspan *sp;
	int i, mapped = 0;

	ASSERT_TRUE(!!direct);
	EXPECT_EQ(!!vmemmap, !!(l->memmap.has & 1U << PR_MEMMAP));
	if (vmemmap)
		EXPECT_TRUE(in_region(vmemmap, mm[0], mm[1]));
	for (i = 0; i < l->nspans; i++) {
		sp = &l->spans[i];
		if (is_node(sp))
			continue;
		if (sp->has & 1U << PR_STRUCT_PAGES) {
			EXPECT_TRUE(in_region(pages_home, sp->range[PR_STRUCT_PAGES][0],
					      sp->range[PR_STRUCT_PAGES][1]))
				TH_LOG("struct pages of %s", sp->zone);
			EXPECT_TRUE(!vmemmap ||
				    (mm[0] <= sp->range[PR_STRUCT_PAGES][0] &&
				     sp->range[PR_STRUCT_PAGES][1] <= mm[1]))
				TH_LOG("struct pages of %s", sp->zone);
		}
		if (sp->unmapped)
			continue;
		EXPECT_TRUE(in_region(direct, sp->range[PR_DIRECT_MAP][0],
				      sp->range[PR_DIRECT_MAP][1]))
			TH_LOG("direct map of %s", sp->zone);
		/* one linear map: the same offset for every zone */
		EXPECT_TRUE(!mapped++ || offset == sp->range[PR_DIRECT_MAP][0] -
			    sp->range[PR_PHYS][0]) TH_LOG("%s", sp->zone);
		offset = sp->range[PR_DIRECT_MAP][0] - sp->range[PR_PHYS][0];
		if (sp->range[PR_DIRECT_MAP][1] > top)
			top = sp->range[PR_DIRECT_MAP][1];
	}
	ASSERT_LT(0, mapped);
	if (arch.bits == 32)
		EXPECT_EQ(direct->end, top & mask());
}

/*
 * /proc/kcore: the kernel's memory as an ELF core file.  Its PT_LOAD
 * headers are the image (text), vmalloc, modules where apart, each chunk
 * of System RAM in the direct map (with p_paddr) and their struct pages.
 */
#define MAX_SEGS	512

struct kcore {
	int fd, nsegs;
	struct {
		unsigned long long vaddr, paddr, size, offset;
	} seg[MAX_SEGS];
};

static int kcore_open(struct kcore *kc)
{
	union { struct elf32_hdr h32; struct elf64_hdr h64; } eh;
	union { struct elf32_phdr p32; struct elf64_phdr p64; } ph;
	unsigned long long phoff;
	unsigned int i, phnum;
	bool is64;
	size_t len;

	kc->nsegs = 0;
	kc->fd = open(KCORE, O_RDONLY);
	if (kc->fd < 0)
		return -errno;
	if (pread(kc->fd, &eh, sizeof(eh), 0) < (ssize_t)sizeof(eh.h32) ||
	    memcmp(eh.h32.e_ident, ELFMAG, SELFMAG))
		return -EINVAL;
	is64 = eh.h32.e_ident[EI_CLASS] == ELFCLASS64;
	len = is64 ? sizeof(ph.p64) : sizeof(ph.p32);
	phoff = is64 ? eh.h64.e_phoff : eh.h32.e_phoff;
	phnum = is64 ? eh.h64.e_phnum : eh.h32.e_phnum;
	for (i = 0; i < phnum && kc->nsegs < MAX_SEGS; i++) {
		if (pread(kc->fd, &ph, len, phoff + i * len) != (ssize_t)len)
			return -EIO;
		if (is64 && ph.p64.p_type == PT_LOAD)
			kc->seg[kc->nsegs++] = (typeof(kc->seg[0])){
				ph.p64.p_vaddr, ph.p64.p_paddr,
				ph.p64.p_memsz, ph.p64.p_offset };
		else if (!is64 && ph.p32.p_type == PT_LOAD)
			kc->seg[kc->nsegs++] = (typeof(kc->seg[0])){
				ph.p32.p_vaddr, ph.p32.p_paddr == ~0U ? ~0ULL :
				ph.p32.p_paddr, ph.p32.p_memsz,
				ph.p32.p_offset };
	}
	return 0;
}

/* @len bytes of kernel memory at @addr, through /proc/kcore. */
static int kcore_read(const struct kcore *kc, unsigned long long addr,
		      void *buf, size_t len)
{
	int i;

	for (i = 0; i < kc->nsegs; i++)
		if (addr >= kc->seg[i].vaddr &&
		    addr - kc->seg[i].vaddr + len <= kc->seg[i].size)
			return pread(kc->fd, buf, len, kc->seg[i].offset + addr -
				     kc->seg[i].vaddr) == (ssize_t)len ? 0 : -EIO;
	return -ENOENT;
}

static int kcore_word(const struct kcore *kc, unsigned long long addr,
		      unsigned long long *val)
{
	unsigned long w;
	int ret = kcore_read(kc, addr, &w, sizeof(w));

	*val = w;
	return ret;
}

/*
 * A page-table dump: its range lines ("0xSTART-0xEND SIZE attributes";
 * x86 prints unmapped ranges too, with only their level) and its markers
 * ("---[ name ]---"), each before range @next.
 */
#define MAX_MARKERS	48
#define MAX_RANGES	65536

struct dump {
	int nranges, nmarkers;
	struct {
		char name[48];
		int next;
		bool exact;	/* @value read from the dumper's array */
		unsigned long long value;
	} marker[MAX_MARKERS];
	struct {
		unsigned long long start, end;
		bool mapped;
	} range[MAX_RANGES];
};

static int dump_parse(const char *path, struct dump *d)
{
	char line[512], *e;
	unsigned long long start, end;
	int n, m;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		e = strstr(line, " ]---");
		n = 0;
		m = 0;
		if (!strncmp(line, "---[ ", 5) && e && d->nmarkers < MAX_MARKERS) {
			*e = '\0';
			snprintf(d->marker[d->nmarkers].name, 48, "%.47s", line + 5);
			d->marker[d->nmarkers++].next = d->nranges;
			continue;
		}
		if (sscanf(line, "0x%llx-0x%llx %*s %n%*s %n", &start, &end, &n,
			   &m) == 2 && d->nranges < MAX_RANGES)
			d->range[d->nranges++] = (typeof(d->range[0])){
				start, end, m && line[m] };
	}
	fclose(f);
	return 0;
}

static int dump_marker(const struct dump *d, const char *name)
{
	int i;

	for (i = 0; i < d->nmarkers; i++)
		if (!strcmp(d->marker[i].name, name))
			return i;
	return -1;
}

/*
 * The values of the dumper's markers, from its array through kcore; a
 * "walk start" marker is added where the arch has one.  -errno or the
 * number read.
 */
static int dump_read_markers(struct dump *d, const struct kcore *kc)
{
	unsigned long long arr, addr, name, w = arch.bits / 8;
	struct sym sym = { .name = arch.pt_sym };
	char str[48];
	int i, k, count = 0;

	if (read_symbols(KALLSYMS, &sym, 1) || !sym.addr)
		return -ENOENT;
	arr = sym.addr;
	if (arch.bits != 8 * sizeof(long))
		return -EINVAL;
	if (arch.pt_markers_at >= 0 &&
	    kcore_word(kc, sym.addr + arch.pt_markers_at * w, &arr))
		return -EIO;
	if (arch.pt_base_at >= 0 && d->nmarkers < MAX_MARKERS) {
		k = d->nmarkers++;
		strcpy(d->marker[k].name, "walk start");
		d->marker[k].exact = true;
		if (kcore_word(kc, sym.addr + arch.pt_base_at * w,
			       &d->marker[k].value))
			return -EIO;
	}
	for (i = 0; i < MAX_MARKERS; i++, arr += arch.pt_stride * w) {
		if (kcore_word(kc, arr, &addr) || kcore_word(kc, arr + w, &name))
			return -EIO;
		if (!name)
			break;
		if (kcore_read(kc, name, str, sizeof(str)))
			return -EIO;
		str[sizeof(str) - 1] = '\0';
		k = dump_marker(d, str);
		if (k < 0)
			continue;
		d->marker[k].value = addr & mask();
		d->marker[k].exact = true;
		count++;
	}
	return count;
}

/*
 * Where the dump puts marker @k: above the start of the range before it
 * and at or below the first one after.  The dumper passes one marker per
 * entry it notes, so a marker whose range follows the previous marker
 * directly may have been passed with it: then only the range before that
 * marker bounds it.
 */
static bool dump_places(const struct dump *d, int k, unsigned long long v)
{
	int next = d->marker[k].next, j = next - 1;
	unsigned long long hi = next < d->nranges ? d->range[next].start :
						     mask();

	while (k > 0 && j >= 0 && d->marker[k - 1].next == j)
		j = d->marker[--k].next - 1;
	return (j < 0 || !d->range[j].start || v > d->range[j].start) &&
	       v <= hi;
}

/*
 * What the dump maps of vmemmap is the memmap: from its start to its
 * end, and the struct pages of every present section, which sparsemem
 * populates whole (but for device memory's).  Only the ranges inside the
 * region count: KASAN's shadow may be mapped from below its marker
 * (x86_64 with 5 levels maps its first PGD entry whole).
 */
static void dump_memmap(struct __test_metadata *_metadata,
			const struct layout *l, const struct dump *d)
{
	const struct region *vm = find_region(l, "vmemmap");
	unsigned long long first = 0, end = 0, bytes = 0, want;
	int k = dump_marker(d, arch.pt_vmemmap), i, stop = d->nranges;

	ASSERT_LE(0, k) TH_LOG("no marker %s", arch.pt_vmemmap);
	for (i = 0; i < d->nmarkers; i++)
		if (d->marker[i].next > d->marker[k].next && d->marker[i].next < stop)
			stop = d->marker[i].next;
	for (i = d->marker[k].next; i < stop; i++) {
		if (!d->range[i].mapped || (vm && d->range[i].start >= vm->end))
			continue;
		if (!bytes)
			first = d->range[i].start;
		end = d->range[i].end;
		bytes += d->range[i].end - d->range[i].start;
	}
	EXPECT_EQ(l->memmap.range[PR_MEMMAP][0], first);
	EXPECT_EQ(l->memmap.range[PR_MEMMAP][1], end);
	want = l->geo[PG_PRESENT_SECTIONS] * l->geo[PG_PAGES_PER_SECTION] *
	       l->geo[PG_STRUCT_PAGE_SIZE];
	/* device memory may populate parts of sections only */
	EXPECT_TRUE(find_span_zone(l, "Device") ? bytes <= want : bytes == want)
		TH_LOG("%llu bytes of struct pages mapped, want %llu", bytes, want);
}

/*
 * Every bound the page-table dumper has a marker for is that marker: its
 * value, read from the dumper's array, which must be where the dump puts
 * it; and a region mapped from its first page, or to its last, meets the
 * mapped ranges the dump prints.
 */
TEST_F_TIMEOUT(vm_layout, ptdump, 300)
{
	const struct ptdump_truth *t;
	const struct region *r;
	unsigned long long bound;
	struct kcore kc = { .fd = -1 };
	int i, k, dir, ret, count = 0;
	struct dump *d;

	if (!arch.pt_file)
		SKIP(return, "no page-table dumper known on %s", uts.machine);
	if (access(arch.pt_file, R_OK))
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	if (access(arch.pt_file, R_OK))
		SKIP(return, "%s: %s (needs %s)", arch.pt_file,
		     strerror(errno), arch.pt_config);
	d = calloc(1, sizeof(*d));
	ASSERT_TRUE(!!d);
	ASSERT_EQ(0, dump_parse(arch.pt_file, d));
	ASSERT_TRUE(d->nmarkers && d->nranges);
	if (arch.pt_sym) {
		ret = kcore_open(&kc);
		if (kc.fd < 0)
			SKIP(return, "%s: %s (needs CONFIG_PROC_KCORE)", KCORE,
			     strerror(-ret));
		ASSERT_EQ(0, ret);
		ret = dump_read_markers(d, &kc);
		close(kc.fd);
		ASSERT_LT(0, ret) TH_LOG("markers at %s: %s", arch.pt_sym,
					 strerror(-ret));
	}
	for (i = 0; i < d->nmarkers; i++) {
		EXPECT_TRUE(!d->marker[i].exact ||
			    !strcmp(d->marker[i].name, "walk start") ||
			    dump_places(d, i, d->marker[i].value))
			TH_LOG("%s at %llx", d->marker[i].name,
			       d->marker[i].value);
	}

	for (t = arch.truth; t->marker; t++) {
		k = dump_marker(d, t->marker);
		r = find_region(&self->lay, t->region);
		if (k < 0 && !r)
			continue;
		EXPECT_TRUE(k >= 0 && r) TH_LOG("%s, %s", t->marker, t->region);
		if (k < 0 || !r)
			continue;
		count++;
		bound = t->end ? r->end : r->start;
		if (t->how & PT_VALUE)
			EXPECT_TRUE(d->marker[k].exact ?
				    d->marker[k].value == bound :
				    dump_places(d, k, bound))
				TH_LOG("%s %s, %s", t->region, t->end ? "end" :
				       "start", t->marker);
		if (!(t->how & PT_EDGE))
			continue;
		/* the nearest mapped range after (before) the marker */
		dir = t->end ? -1 : 1;
		for (i = d->marker[k].next - t->end;
		     i >= 0 && i < d->nranges && !d->range[i].mapped; i += dir)
			;
		EXPECT_TRUE(i >= 0 && i < d->nranges &&
			    (t->end ? d->range[i].end : d->range[i].start) ==
			    bound) TH_LOG("%s, mapped range %d", t->marker, i);
	}
	ASSERT_LT(0, count);
	if (arch.pt_vmemmap && self->lay.memmap.has & 1U << PR_MEMMAP)
		dump_memmap(_metadata, &self->lay, d);
	free(d);
}

/* Where the struct page of @pfn is, by the zone that holds it; 0 if none. */
static unsigned long long struct_page_at(const struct layout *l,
					 unsigned long long pfn)
{
	const struct pspan *sp = zone_of(l, -1, pfn);

	if (!sp || !(sp->has & 1U << PR_STRUCT_PAGES))
		return 0;
	return sp->range[PR_STRUCT_PAGES][0] + (pfn - sp->range[PR_PFN][0]) *
	       l->geo[PG_STRUCT_PAGE_SIZE];
}

/*
 * The zones against kcore's RAM headers, whose virtual minus physical
 * address is the direct map's offset, and (vmemmap) its headers for the
 * struct pages of each RAM chunk: from that of its first page, rounded
 * down to a page, unless an earlier chunk's header already holds it.
 */
static void kcore_zones(struct __test_metadata *_metadata,
			const struct layout *l, const struct kcore *kc,
			unsigned long long text)
{
	const unsigned long long *mm = l->memmap.range[PR_MEMMAP];
	unsigned long long pfn, end, a, lowest = ~0ULL;
	bool vmemmap = l->memmap.has & 1U << PR_MEMMAP, exact = false;
	const struct pspan *sp;
	int i, j, zones = 0, found;

	for (i = 0; i < kc->nsegs; i++) {
		if (kc->seg[i].paddr == ~0ULL || kc->seg[i].vaddr == text)
			continue;
		pfn = kc->seg[i].paddr / page_size;
		end = (kc->seg[i].paddr + kc->seg[i].size) / page_size;
		for (j = 0; j < l->nspans; j++) {
			sp = &l->spans[j];
			if (is_node(sp) || sp->range[PR_PFN][1] <= pfn ||
			    end <= sp->range[PR_PFN][0])
				continue;
			zones++;
			EXPECT_TRUE(!sp->unmapped &&
				    ((sp->range[PR_DIRECT_MAP][0] - sp->range[PR_PHYS][0] -
				      (kc->seg[i].vaddr - kc->seg[i].paddr)) & mask()) == 0)
				TH_LOG("zone %s, kcore RAM at %llx (phys %llx)",
				       sp->zone, kc->seg[i].vaddr, kc->seg[i].paddr);
		}
		if (!vmemmap)
			continue;
		a = struct_page_at(l, pfn) & ~(page_size - 1);
		for (j = 0, found = 0; j < kc->nsegs; j++)
			if (kc->seg[j].paddr == ~0ULL && kc->seg[j].vaddr <= a &&
			    a < kc->seg[j].vaddr + kc->seg[j].size)
				found += 1 + (kc->seg[j].vaddr == a);
		EXPECT_LT(0, found)
			TH_LOG("no kcore header for the struct pages of %llx", pfn);
		if (pfn < lowest) {
			lowest = pfn;
			exact = found > 1;
		}
	}
	EXPECT_LT(0, zones);
	/* the lowest chunk's header is its own */
	EXPECT_TRUE(!vmemmap || exact) TH_LOG("pfn %llx", lowest);
	for (j = 0; vmemmap && j < kc->nsegs; j++) {
		a = kc->seg[j].vaddr;
		if (kc->seg[j].paddr == ~0ULL && a >= mm[0] && a < mm[1])
			EXPECT_LE(a + kc->seg[j].size, mm[1]);
	}
}

/*
 * /proc/kcore's headers: the image is the kernel region, vmalloc starts
 * where it does (x86_64 gives VMALLOC_END as its last byte), modules are
 * modules (or modules_area), RAM lies in the direct map, and every header
 * lies in some region of the kernel.
 */
TEST_F_TIMEOUT(vm_layout, kcore, 120)
{
	const struct region *kernel = find_region(&self->lay, "kernel");
	const struct region *vmalloc = find_region(&self->lay, "vmalloc");
	const struct region *direct = find_region(&self->lay, "direct_map");
	const struct region *mods[] = { find_region(&self->lay, "modules"),
					find_region(&self->lay, "modules_area") };
	struct sym syms[] = { { .name = "_text" }, { .name = "_end" } };
	unsigned long long start, end;
	bool text = false, vm = false, home;
	int i, j, ram = 0;
	struct kcore *kc = malloc(sizeof(*kc));

	ASSERT_TRUE(kc && kernel && vmalloc && direct);
	ASSERT_EQ(0, read_symbols(KALLSYMS, syms, 2));
	ASSERT_TRUE(syms[0].found && syms[1].found);
	i = kcore_open(kc);
	if (kc->fd < 0)
		SKIP(return, "%s: %s (needs CONFIG_PROC_KCORE)", KCORE,
		     strerror(-i));
	close(kc->fd);
	ASSERT_EQ(0, i);
	ASSERT_LT(0, kc->nsegs);
	for (i = 0; i < kc->nsegs; i++) {
		start = kc->seg[i].vaddr;
		end = (start + kc->seg[i].size) & mask();
		for (j = 0, home = false; j < self->lay.nregions; j++)
			home |= strcmp(self->lay.regions[j].name, "user") &&
				in_region(&self->lay.regions[j], start, end);
		EXPECT_TRUE(home) TH_LOG("%llx-%llx in no region", start, end);
		if (kc->seg[i].paddr == ~0ULL) {
			/* vmalloc and modules: no physical address */
			vm |= start == vmalloc->start &&
			      (end == vmalloc->end || end + 1 == vmalloc->end);
			for (j = 0; j < 2; j++) {
				EXPECT_TRUE(!mods[j] || start != mods[j]->start ||
					    start == vmalloc->start ||
					    end == mods[j]->end)
					TH_LOG("kcore %llx-%llx", start, end);
			}
		} else if (start == syms[0].addr) {
			text = true;
			EXPECT_EQ(syms[1].addr, end) TH_LOG("kcore's text");
			EXPECT_TRUE(kernel->start == start && kernel->end == end);
		} else {
			ram++;
			EXPECT_TRUE(in_region(direct, start, end))
				TH_LOG("RAM at %llx-%llx", start, end);
			EXPECT_TRUE(!arch.linear_from_0 || direct->start ==
				    start - kc->seg[i].paddr);
		}
	}
	EXPECT_TRUE(vm) TH_LOG("no kcore header for vmalloc");
	EXPECT_LT(0, ram);
	/* the image has its own header where it is apart from lowmem */
	EXPECT_TRUE(text || in_region(direct, kernel->start, kernel->end));
	kcore_zones(_metadata, &self->lay, kc, syms[0].addr);
	free(kc);
}

/* /proc/kpageflags bits, Documentation/admin-guide/mm/pagemap.rst */
#define KPF_NOPAGE	20
#define KPF_RESERVED	32
#define KPF_BLOCK	512
#define KPF_BLOCKS	512	/* checked per zone, spread over larger ones */

/*
 * The struct pages each zone's struct_pages names are those of its page
 * frames: one bit of the first word of each struct page, read through
 * /proc/kcore, is PG_reserved, and it is KPF_RESERVED of /proc/kpageflags
 * for every page frame of every zone (of 1 GiB ones; larger zones in
 * KPF_BLOCKS blocks spread over them).  Off by a struct page, some pages
 * where reserved and unreserved memory meet would disagree in every bit.
 */
TEST_F_TIMEOUT(vm_layout, struct_pages, 300)
{
	const struct layout *l = &self->lay;
	unsigned long long kpf[KPF_BLOCK], pfn, n, k, step, size = l->geo[PG_STRUCT_PAGE_SIZE];
	unsigned long bit = ~0UL, word, *pages = malloc(KPF_BLOCK * size);
	unsigned long long seen[2] = {};
	struct kcore *kc = malloc(sizeof(*kc));
	const struct pspan *sp;
	int i, ret, fd;

	ASSERT_TRUE(pages && kc);
	if (!strcmp(key_str(l, "memory_model"), "sparsemem"))
		SKIP(return, "sparsemem has no struct page array (needs CONFIG_SPARSEMEM_VMEMMAP)");
	fd = open("/proc/kpageflags", O_RDONLY);
	if (fd < 0)
		SKIP(return, "/proc/kpageflags: %s (needs CONFIG_PROC_PAGE_MONITOR)",
		     strerror(errno));
	ret = kcore_open(kc);
	if (kc->fd < 0)
		SKIP(return, "%s: %s (needs CONFIG_PROC_KCORE)", KCORE, strerror(-ret));
	ASSERT_EQ(0, ret);
	for (i = 0; i < l->nspans; i++) {
		sp = &l->spans[i];
		if (is_node(sp) || !strcmp(sp->zone, "Device"))
			continue;
		step = pspan_pages(sp) / KPF_BLOCKS;
		step = step > KPF_BLOCK ? step : KPF_BLOCK;
		for (pfn = sp->range[PR_PFN][0]; pfn < sp->range[PR_PFN][1]; pfn += step) {
			n = sp->range[PR_PFN][1] - pfn;
			n = n < KPF_BLOCK ? n : KPF_BLOCK;
			/* kpageflags ends at max_pfn */
			if (pread(fd, kpf, n * 8, pfn * 8) != (ssize_t)(n * 8))
				break;
			/* the whole block, or page by page where kcore has holes */
			ret = kcore_read(kc, sp->range[PR_STRUCT_PAGES][0] +
					 (pfn - sp->range[PR_PFN][0]) * size, pages, n * size);
			for (k = 0; k < n; k++) {
				if (kpf[k] & 1ULL << KPF_NOPAGE)
					continue;
				if (ret && kcore_read(kc, sp->range[PR_STRUCT_PAGES][0] +
						      (pfn + k - sp->range[PR_PFN][0]) * size,
						      &word, sizeof(word)))
					continue;
				if (!ret)
					word = *(unsigned long *)((char *)pages + k * size);
				seen[!!(kpf[k] & 1ULL << KPF_RESERVED)]++;
				bit &= kpf[k] & 1ULL << KPF_RESERVED ? word : ~word;
			}
		}
	}
	close(fd);
	close(kc->fd);
	EXPECT_TRUE(seen[0] && seen[1]) TH_LOG("%llu reserved, %llu not", seen[1], seen[0]);
	EXPECT_NE(0UL, bit) TH_LOG("no bit is PG_reserved in %llu struct pages",
				   seen[0] + seen[1]);
	free(pages);
	free(kc);
}

/* Open /proc/vmsplit and sysfs page_offset into @fds. */
static int open_two(int *fds)
{
	fds[0] = open(PROC_VMSPLIT, O_RDONLY);
	fds[1] = open(LAYOUT_DIR "/page_offset", O_RDONLY);
	return fds[0] < 0 || fds[1] < 0 ? -1 : 0;
}

/* Read @fds, from open_two(), into the view (page_offset: sysfs file 1). */
static void read_two(struct view *v, const int *fds)
{
	ssize_t len;

	read_view(v, NULL, 0, fds[0]);
	len = read_fd(fds[1], v->val[1], VAL_LEN, VAL_LEN);
	if (len > 0)
		v->val[1][len - 1] = '\0';
	if (len < 0 && !v->err)
		v->err = -len;
}

/*
 * Who may not see kallsyms reads zeros for every address, the rest as
 * root does: nobody, root with kptr_restrict = 2 (sysfs also through a
 * descriptor opened before), and root reading descriptors nobody opened
 * (the opener's credentials count).
 */
TEST_F(vm_layout, hidden)
{
	int ready[2], done[2], fds[2], theirs[2], pidfd, i, n = self->nfiles;
	pid_t pid;

	if (!n)
		SKIP(return, "no %s (needs CONFIG_SYSFS)", LAYOUT_DIR);
	ASSERT_STREQ("page_offset", self->files[1].rel);
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop_to_nobody())
			_exit(2);
		read_view(self->view, self->files, n, -1);
		_exit(0);
	}
	ASSERT_EQ(0, wait_child(pid));
	EXPECT_VIEW(n, true, "nobody");

	ASSERT_EQ(0, open_two(fds));
	ASSERT_EQ(0, set_kptr_restrict(2));
	read_view(self->view, self->files, n, -1);
	ASSERT_EQ(0, set_kptr_restrict(1));
	EXPECT_VIEW(n, true, "root with kptr_restrict=2");
	ASSERT_EQ(0, set_kptr_restrict(2));
	read_two(self->view, fds);
	ASSERT_EQ(0, set_kptr_restrict(1));
	close(fds[0]);
	close(fds[1]);
	EXPECT_STREQ(self->files[1].hidden, self->view->val[1])
		TH_LOG("sysfs opened before kptr_restrict=2, read after");

	/* pidfd_getfd(2) passes them as SCM_RIGHTS would, without CONFIG_NET */
	ASSERT_EQ(0, pipe(ready) || pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		close(done[1]);
		if (drop_to_nobody() || open_two(theirs))
			_exit(2);
		/* keep them open until root has its copies */
		_exit(write(ready[1], theirs, sizeof(theirs)) != sizeof(theirs) ||
		      read(done[0], theirs, 1) < 0 ? 3 : 0);
	}
	close(ready[1]);
	close(done[0]);
	pidfd = syscall(__NR_pidfd_open, pid, 0);
	fds[0] = -1;
	fds[1] = -1;
	if (read(ready[0], theirs, sizeof(theirs)) == sizeof(theirs))
		for (i = 0; i < 2; i++)
			fds[i] = syscall(__NR_pidfd_getfd, pidfd, theirs[i], 0);
	close(done[1]);
	close(ready[0]);
	close(pidfd);
	ASSERT_EQ(0, wait_child(pid));
	ASSERT_TRUE(fds[0] >= 0 && fds[1] >= 0) TH_LOG("pidfd_getfd failed");
	read_two(self->view, fds);
	close(fds[0]);
	close(fds[1]);
	EXPECT_VIEW(0, true, "root reading nobody's fds");
	EXPECT_STREQ(self->files[1].hidden, self->view->val[1]);
}

/*
 * Root reads the addresses with kptr_restrict 0 and 1, and through
 * descriptors opened with them (before kptr_restrict = 2, for
 * /proc/vmsplit, which decides at open, or before dropping to nobody);
 * _stext is in kernel_text.
 */
TEST_F(vm_layout, shown)
{
	struct sym stext = { .name = "_stext" };
	int fds[2], kptr, n = self->nfiles;
	pid_t pid;

	if (!n)
		SKIP(return, "no %s (needs CONFIG_SYSFS)", LAYOUT_DIR);
	ASSERT_STREQ("page_offset", self->files[1].rel);
	ASSERT_EQ(0, read_symbols(KALLSYMS, &stext, 1));
	ASSERT_TRUE(stext.found);
	EXPECT_TRUE(addr_in(find_region(&self->lay, "kernel_text"),
			    stext.addr));
	for (kptr = 0; kptr <= 1; kptr++) {
		ASSERT_EQ(0, set_kptr_restrict(kptr));
		read_view(self->view, self->files, n, -1);
		EXPECT_VIEW(n, false,
			    kptr ? "kptr_restrict=1" : "kptr_restrict=0");
	}

	ASSERT_EQ(0, open_two(fds));
	ASSERT_EQ(0, set_kptr_restrict(2));
	read_view(self->view, self->files, 0, fds[0]);
	ASSERT_EQ(0, set_kptr_restrict(1));
	close(fds[0]);
	close(fds[1]);
	EXPECT_VIEW(0, false, "opened before kptr_restrict=2");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (open_two(fds) || drop_to_nobody())
			_exit(2);
		read_two(self->view, fds);
		_exit(0);
	}
	ASSERT_EQ(0, wait_child(pid));
	EXPECT_VIEW(0, false, "root's fds read by nobody");
	EXPECT_STREQ(self->files[1].want, self->view->val[1]);
}

/* Nobody cannot open the files for writing, root cannot write them. */
TEST_F(vm_layout, writes_fail)
{
	char path[160];
	int i, fd, err, bad = 0;
	pid_t pid;

	for (i = -1; i < self->nfiles; i++) {
		file_path(path, sizeof(path), self->files, i);
		fd = open(path, O_WRONLY);
		err = fd < 0 ? errno : write(fd, "0\n", 2) < 0 ? errno : 0;
		EXPECT_TRUE(fd < 0 ? err == EACCES : err == EIO)
			TH_LOG("root writing %s: %s", path, strerror(err));
		if (fd >= 0)
			close(fd);
	}
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (drop_to_nobody())
			_exit(255);
		for (i = -1; i < self->nfiles; i++) {
			file_path(path, sizeof(path), self->files, i);
			bad += open(path, O_WRONLY) >= 0 || errno != EACCES;
		}
		_exit(bad > 100 ? 100 : bad);
	}
	EXPECT_EQ(0, wait_child(pid)) TH_LOG("nobody opened files to write");
	read_view(self->view, self->files, self->nfiles, -1);
	EXPECT_VIEW(self->nfiles, false, "after the writes");
}

/* Reads of one byte, and pread() at odd offsets, give the same text. */
TEST_F(vm_layout, reads)
{
	static const off_t offsets[] = { 13, 1, 4095, 7, 0, 4096, 8191 };
	static char buf[TEXT_MAX];
	size_t i, len = self->lay.len, want;
	ssize_t n, got;
	int fd;

	EXPECT_EQ((ssize_t)len, read_path(PROC_VMSPLIT, buf, TEXT_MAX, 1));
	EXPECT_STREQ(self->lay.text, buf);
	fd = open(PROC_VMSPLIT, O_RDONLY);
	ASSERT_LE(0, fd);
	for (i = 0; i < ARRAY_SIZE(offsets); i++) {
		/* in reads of an odd count, to end them at odd places */
		for (got = 0; got < TEXT_MAX - 97; got += n) {
			n = pread(fd, buf + got, 97, offsets[i] + got);
			if (n <= 0)
				break;
		}
		ASSERT_EQ(0, n) TH_LOG("%s", strerror(errno));
		want = (size_t)offsets[i] < len ? len - offsets[i] : 0;
		EXPECT_EQ(want, (size_t)got) TH_LOG("offset %jd",
						    (intmax_t)offsets[i]);
		EXPECT_EQ(0, memcmp(self->lay.text + offsets[i], buf,
				    (size_t)got == want ? want : 0));
	}
	close(fd);
}

#define KMEMLEAK	DEBUGFS "/kmemleak"
#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define SOAK_READERS	8

/*
 * kmemleak around a test: leak_begin() reports what is already suspect and
 * forgets it; leak_end(), once whatever leaked is older than kmemleak's
 * minimum age (5 s), scans and fails on any report.  Without kmemleak the
 * test says that leaks were not checked.
 */
static bool leak_begin(void)
{
	if (access(KMEMLEAK, W_OK))
		return false;
	return !write_path(KMEMLEAK, "scan") && !write_path(KMEMLEAK, "clear");
}

static void leak_end(struct __test_metadata *_metadata, bool checking,
		     const char *what)
{
	char report[4096];
	ssize_t len;
	int fd;

	if (!checking) {
		ksft_print_msg("kmemleak: %s not checked (needs CONFIG_DEBUG_KMEMLEAK)\n",
			       what);
		return;
	}
	sleep(6);
	ASSERT_EQ(0, write_path(KMEMLEAK, "scan"));
	ASSERT_EQ(0, write_path(KMEMLEAK, "scan"));
	/* the start of the report is enough to name the leak */
	fd = open(KMEMLEAK, O_RDONLY);
	ASSERT_LE(0, fd);
	len = read(fd, report, sizeof(report) - 1);
	close(fd);
	ASSERT_LE(0, len);
	report[len > 0 ? len : 0] = '\0';
	EXPECT_EQ(0, len) TH_LOG("kmemleak after %s:\n%s", what, report);
	if (!len)
		ksft_print_msg("kmemleak: nothing found after %s\n", what);
}

/*
 * The texts a soak reader may get: [memory state][0: shown, 1: hidden],
 * /proc/vmsplit's and each sysfs file's (with its newline).  State 1 is
 * with a memory block offline, where one could go.
 */
struct soak {
	int nstates, nfiles;
	bool nobody_shown;	/* perf_event_paranoid lets nobody see them */
	char text[2][2][TEXT_MAX];
	char val[2][2][MAX_FILES][VAL_LEN + 1];
	unsigned long reads[SOAK_READERS][4], toggles;
	int bad;
	char failed[512];
};

/* Read /proc/vmsplit and the sysfs files as texts [@state][@hidden]. */
static int soak_texts(struct soak *s, const struct lfile *files, int state,
		      int hidden)
{
	char path[160];
	ssize_t len;
	int i;

	if (set_kptr_restrict(hidden ? 2 : 1))
		return -1;
	len = read_path(PROC_VMSPLIT, s->text[state][hidden], TEXT_MAX,
			TEXT_MAX);
	for (i = 0; i < s->nfiles && len >= 0; i++) {
		file_path(path, sizeof(path), files, i);
		len = read_path(path, s->val[state][hidden][i], VAL_LEN + 1,
				VAL_LEN + 1);
	}
	return set_kptr_restrict(1) || len < 0 ? -1 : 0;
}

/* Text [@state][@hidden] of file @f (-1: /proc/vmsplit). */
static const char *soak_text(const struct soak *s, int f, int state,
			     int hidden)
{
	return f < 0 ? s->text[state][hidden] : s->val[state][hidden][f];
}

/*
 * Which texts [state][shown or hidden] @got (@n bytes, read at @off with
 * @count asked for) is the bytes there of, all of it if @whole: bit
 * 2 * state + hidden.  nobody may only get the hidden ones.
 */
static unsigned int soak_match(const struct soak *s, int f, bool nobody,
			       const char *got, size_t n, size_t off,
			       size_t count, bool whole)
{
	unsigned int match = 0;
	const char *t;
	size_t len;
	int st, h;

	for (st = 0; st < s->nstates; st++) {
		for (h = nobody && !s->nobody_shown; h < 2; h++) {
			t = soak_text(s, f, st, h);
			len = strlen(t);
			if (whole ? n == len && !memcmp(t, got, n) :
			    n == (off < len ? len - off < count ? len - off :
					      count : 0) &&
			    !memcmp(t + off, got, n))
				match |= 1U << (2 * st + h);
		}
	}
	return match;
}

/* The shown (bit 0) and hidden (bit 1) texts among soak_match()'s. */
static unsigned int soak_views(unsigned int match)
{
	return (match | match >> 2) & 3;
}

static void soak_fail(struct soak *s, const char *path, const char *how,
		      size_t off, const char *got, ssize_t n)
{
	if (__atomic_fetch_add(&s->bad, 1, __ATOMIC_SEQ_CST))
		return;
	snprintf(s->failed, sizeof(s->failed), "%s, %s at %zu: %s%.*s", path,
		 how, off, n < 0 ? strerror(errno) : "read \"",
		 n < 0 ? 0 : (int)(n < 200 ? n : 200), got);
}

/*
 * One reader: until @end, a random file (/proc/vmsplit one time in four)
 * read whole (0), a byte at a time (1), by pread() at random offsets (2)
 * or by read() after lseek() (3).  A /proc/vmsplit descriptor shows or
 * hides from its open, so it yields one text whole; a sysfs file checks
 * the opener at each read().
 */
static void soak_reader(struct soak *s, const struct lfile *files, int id,
			time_t end)
{
	static char buf[TEXT_MAX];
	unsigned int seed = id * 7919 + getpid(), views;
	bool nobody = id & 1;
	size_t off, count, max;
	char path[160];
	int f, how, fd, k;
	ssize_t n;

	while (time(NULL) < end && !s->bad) {
		f = rand_r(&seed) % 4 ? (int)(rand_r(&seed) % s->nfiles) : -1;
		if (!s->nfiles)
			f = -1;
		how = rand_r(&seed) % 4;
		file_path(path, sizeof(path), files, f);
		max = f < 0 ? TEXT_MAX - 1 : VAL_LEN;
		fd = open(path, O_RDONLY);
		if (fd < 0) {
			soak_fail(s, path, "open", 0, NULL, -1);
			return;
		}
		if (how < 2 && f < 0) {
			n = read_fd(fd, buf, max + 1, how ? 1 : max);
			if (n < 0)
				errno = -n;
			if (n < 0 || !soak_match(s, f, nobody, buf, n, 0, max,
						 true))
				soak_fail(s, path, how ? "bytes" : "whole", 0,
					  buf, n);
		}
		/*
		 * A sysfs file decides at each read(): the first of a whole
		 * read gives one text whole, every read() the bytes at its
		 * offset of one.
		 */
		for (off = 0, n = 1; how < 2 && f >= 0 && n > 0; off += n) {
			count = how ? 1 : max;
			n = read(fd, buf, count);
			if (n < 0 || (!how && !off ?
				      !soak_match(s, f, nobody, buf, n, 0, max,
						  true) :
				      !soak_match(s, f, nobody, buf, n, off,
						  count, false))) {
				soak_fail(s, path, how ? "bytes" : "whole",
					  off, buf, n);
				break;
			}
		}
		/* /proc/vmsplit: every piece from one descriptor, one view */
		views = 3;
		for (k = 0; how >= 2 && k < 8; k++) {
			off = rand_r(&seed) % (max + 2);
			count = 1 + rand_r(&seed) % 97;
			if (how == 2) {
				n = pread(fd, buf, count, off);
			} else {
				n = lseek(fd, off, SEEK_SET) == (off_t)off ?
				    read(fd, buf, count) : -1;
				if (n >= 0 &&
				    lseek(fd, 0, SEEK_CUR) != (off_t)(off + n))
					n = -1;
			}
			if (n >= 0)
				views &= f < 0 ? soak_views(soak_match(s, f,
						nobody, buf, n, off, count,
						false)) :
					 soak_match(s, f, nobody, buf, n, off,
						    count, false) ? 3 : 0;
			if (n < 0 || !views) {
				soak_fail(s, path, how == 2 ? "pread" :
					  "lseek and read", off, buf, n);
				break;
			}
		}
		close(fd);
		s->reads[id][how]++;
	}
}

static int block_state(int b, const char *state)
{
	char path[160];

	snprintf(path, sizeof(path), MEMORY_DIR "/memory%d/state", b);
	return write_path(path, state);
}

/*
 * An online memory block that goes offline, the last first: its number,
 * -1 if none did.  @online: what brings it back to the zone it was in.
 */
static int offline_a_block(const char **online)
{
	char path[160], buf[64];
	int last = -1, tries = 0, b;
	struct dirent *e;
	DIR *d = opendir(MEMORY_DIR);

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (sscanf(e->d_name, "memory%d", &b) == 1 && b > last)
			last = b;
	closedir(d);
	for (b = last; b >= 0 && tries < 4; b--) {
		snprintf(path, sizeof(path), MEMORY_DIR "/memory%d/state", b);
		if (read_path(path, buf, sizeof(buf), sizeof(buf)) <= 0 ||
		    strncmp(buf, "online", 6))
			continue;
		tries++;
		snprintf(path, sizeof(path), MEMORY_DIR "/memory%d/valid_zones",
			 b);
		if (read_path(path, buf, sizeof(buf), sizeof(buf)) <= 0)
			continue;
		*online = strncmp(buf, "Movable", 7) ? "online_kernel" :
						       "online_movable";
		if (!block_state(b, "offline"))
			return b;
	}
	return -1;
}

/*
 * Readers, half of them nobody, read /proc/vmsplit and every sysfs file
 * for $VM_LAYOUT_SOAK_SECONDS (default 2) while this task flips
 * kptr_restrict through 0, 1 and 2 and a child takes a memory block
 * offline and back online, where one goes.  Every read() gets the bytes
 * at its offset of a text the reader may be shown: root the shown or the
 * hidden one, nobody the hidden one (or either, if perf_event_paranoid
 * lets it see addresses), with the block online or offline; every
 * /proc/vmsplit descriptor gets one of them whole.
 */
TEST_F_TIMEOUT(vm_layout, soak, 900)
{
	const char *env = getenv("VM_LAYOUT_SOAK_SECONDS"), *online = NULL;
	int secs = env ? atoi(env) : 2, i, block, h, kptr = 0;
	unsigned long flips = 0, sum[4] = { 0 };
	pid_t readers[SOAK_READERS], toggler = 0;
	char buf[16];
	bool leaks;
	struct soak *s;
	time_t end;

	s = mmap(NULL, sizeof(*s), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_TRUE(s != MAP_FAILED);
	ASSERT_LT(0, secs);
	s->nfiles = self->nfiles;
	s->nobody_shown = read_path("/proc/sys/kernel/perf_event_paranoid",
				    buf, sizeof(buf), sizeof(buf)) > 0 &&
			  atoi(buf) <= 1;
	/* the texts with every block online: the fixture's */
	strcpy(s->text[0][0], self->lay.text);
	strcpy(s->text[0][1], self->hidden);
	for (i = 0; i < s->nfiles; i++) {
		snprintf(s->val[0][0][i], VAL_LEN + 1, "%s\n",
			 self->files[i].want);
		snprintf(s->val[0][1][i], VAL_LEN + 1, "%s\n",
			 self->files[i].hidden);
	}
	s->nstates = 1;
	block = offline_a_block(&online);
	if (block >= 0) {
		ASSERT_EQ(0, soak_texts(s, self->files, 1, 0));
		ASSERT_EQ(0, soak_texts(s, self->files, 1, 1));
		ASSERT_EQ(0, block_state(block, online))
			TH_LOG("memory%d back %s", block, online);
		s->nstates = 2;
		/* back online, the block leaves the texts as they were */
		ASSERT_EQ(0, soak_texts(s, self->files, 1, 0));
		EXPECT_STREQ(s->text[0][0], s->text[1][0])
			TH_LOG("memory%d offline and online again", block);
		for (i = 0; i < s->nfiles; i++)
			EXPECT_STREQ(s->val[0][0][i], s->val[1][0][i])
				TH_LOG("%s", self->files[i].rel);
		ASSERT_EQ(0, block_state(block, "offline"));
		ASSERT_EQ(0, soak_texts(s, self->files, 1, 0));
		ASSERT_EQ(0, soak_texts(s, self->files, 1, 1));
		ASSERT_EQ(0, block_state(block, online));
		EXPECT_STRNE(s->text[0][0], s->text[1][0])
			TH_LOG("memory%d offline changes nothing", block);
	}

	leaks = leak_begin();
	/* time() counts whole seconds: one more keeps at least @secs */
	end = time(NULL) + secs + 1;
	for (i = 0; i < SOAK_READERS; i++) {
		readers[i] = fork();
		ASSERT_LE(0, readers[i]);
		if (!readers[i]) {
			if ((i & 1) && drop_to_nobody())
				_exit(2);
			soak_reader(s, self->files, i, end);
			_exit(0);
		}
	}
	if (block >= 0) {
		toggler = fork();
		ASSERT_LE(0, toggler);
		if (!toggler) {
			/* offline can be busy for a while; online must work */
			while (time(NULL) < end) {
				if (block_state(block, "offline"))
					usleep(1000);
				else if (block_state(block, online))
					_exit(3);
				else
					s->toggles++;
			}
			_exit(0);
		}
	}
	while (time(NULL) < end) {
		kptr = (kptr + 1) % 3;
		if (set_kptr_restrict(kptr))
			break;
		flips++;
		usleep(500);
	}
	EXPECT_EQ(0, set_kptr_restrict(1));
	for (i = 0; i < SOAK_READERS; i++)
		EXPECT_EQ(0, wait_child(readers[i])) TH_LOG("reader %d", i);
	if (toggler)
		EXPECT_EQ(0, wait_child(toggler))
			TH_LOG("memory%d stays online", block);
	EXPECT_EQ(0, s->bad) TH_LOG("%d bad reads, the first: %s", s->bad,
				    s->failed);
	for (i = 0; i < SOAK_READERS; i++)
		for (h = 0; h < 4; h++)
			sum[h] += s->reads[i][h];
	for (h = 0; h < 4; h++)
		EXPECT_LT(0UL, sum[h]) TH_LOG("no read of kind %d", h);
	EXPECT_LT(0UL, flips);
	if (block >= 0)
		EXPECT_LT(0UL, s->toggles) TH_LOG("memory%d never went offline",
						  block);
	ksft_print_msg("soak: %d s, %d readers: %lu whole, %lu bytewise reads,\n",
		       secs, SOAK_READERS, sum[0], sum[1]);
	ksft_print_msg("soak: %lu pread, %lu lseek; kptr_restrict flipped %lu times\n",
		       sum[2], sum[3], flips);
	if (block >= 0)
		ksft_print_msg("soak: memory%d offline and online %lu times\n",
			       block, s->toggles);
	else
		ksft_print_msg("soak: no memory block went offline\n");
	munmap(s, sizeof(*s));
	leak_end(_metadata, leaks, "the soak");
}

/* What fail-nth needs to reach GFP_KERNEL allocations, quietly. */
static const char * const fault_knobs[][2] = {
	{ DEBUGFS "/failslab/ignore-gfp-wait", "N" },
	{ DEBUGFS "/failslab/verbose", "0" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", "N" },
	{ DEBUGFS "/fail_page_alloc/min-order", "0" },
	{ DEBUGFS "/fail_page_alloc/verbose", "0" },
};

/*
 * Open @path and read it in reads of @chunk bytes with this task's @nth
 * fault-injection point failing: 1 if it failed there, 0 if the path had
 * fewer, -1 if fail-nth did not work.  @buf gets the text, *@err the
 * error (0: none).
 */
static int read_failing(int nthfd, const char *path, int nth, size_t chunk,
			char *buf, int *err)
{
	char num[16];
	ssize_t len;
	int fd;

	snprintf(num, sizeof(num), "%d", nth);
	if (pwrite(nthfd, num, strlen(num), 0) != (ssize_t)strlen(num))
		return -1;
	fd = open(path, O_RDONLY);
	*err = fd < 0 ? errno : 0;
	if (fd >= 0) {
		len = read_fd(fd, buf, TEXT_MAX, chunk);
		*err = len < 0 ? -len : 0;
		close(fd);
	}
	len = pread(nthfd, num, sizeof(num) - 1, 0);
	if (len <= 0 || pwrite(nthfd, "0", 1, 0) != 1)
		return -1;
	num[len] = '\0';
	return atoi(num) ? 0 : 1;
}

/*
 * Every allocation on the open and read paths of /proc/vmsplit (read
 * whole and a byte at a time) and of each sysfs file, failed in turn
 * (fail-nth, failslab and fail_page_alloc): the open or the read fails
 * with ENOMEM, or the text is whole; kmemleak then finds nothing.
 */
TEST_F_TIMEOUT(vm_layout, alloc_failures, 900)
{
	static char buf[TEXT_MAX];
	char old[ARRAY_SIZE(fault_knobs)][8], path[160];
	int i, k, nth, err, ret, nthfd, failed = 0, most = 0;
	const char *want, *most_path = PROC_VMSPLIT;
	bool leaks, set[ARRAY_SIZE(fault_knobs)] = { false };
	size_t chunk;

	if (access(FAIL_NTH, W_OK))
		SKIP(return, "no %s (needs CONFIG_FAULT_INJECTION)", FAIL_NTH);
	if (access(DEBUGFS "/failslab", F_OK))
		SKIP(return,
		     "no %s/failslab (needs CONFIG_FAILSLAB and CONFIG_FAULT_INJECTION_DEBUG_FS)",
		     DEBUGFS);
	for (i = 0; i < (int)ARRAY_SIZE(fault_knobs); i++) {
		if (read_path(fault_knobs[i][0], old[i], sizeof(old[i]),
			      sizeof(old[i])) <= 0)
			continue;
		ASSERT_EQ(0, write_path(fault_knobs[i][0], fault_knobs[i][1]))
			TH_LOG("%s", fault_knobs[i][0]);
		set[i] = true;
	}
	nthfd = open(FAIL_NTH, O_RDWR);
	ASSERT_LE(0, nthfd);
	leaks = leak_begin();

	for (i = -2; i < self->nfiles; i++) {
		file_path(path, sizeof(path), self->files, i < 0 ? -1 : i);
		want = i < 0 ? self->lay.text : self->files[i].want;
		chunk = i == -1 ? 1 : TEXT_MAX;
		for (nth = 1; nth < 1000; nth++) {
			ret = read_failing(nthfd, path, nth, chunk, buf, &err);
			ASSERT_LE(0, ret) TH_LOG("%s does not work", FAIL_NTH);
			/* the newline of a sysfs value */
			k = i < 0 ? 0 : strlen(buf) - 1;
			if (!err && k >= 0 && buf[k] == '\n')
				buf[k] = '\0';
			if (ret && err == ENOMEM)
				failed++;
			else if (err || strcmp(want, buf))
				break;
			if (!ret)
				break;
		}
		EXPECT_TRUE(!ret && !err && !strcmp(want, buf))
			TH_LOG("%s%s, allocation %d failed: %s", path,
			       chunk == 1 ? " a byte at a time" : "", nth,
			       err ? strerror(err) : "a different text");
		if (nth > most) {
			most = nth;
			most_path = i < 0 ? PROC_VMSPLIT : self->files[i].rel;
		}
	}
	close(nthfd);
	for (i = 0; i < (int)ARRAY_SIZE(fault_knobs); i++)
		if (set[i])
			EXPECT_EQ(0, write_path(fault_knobs[i][0], old[i]));
	/* or fail-nth reached none of the allocations */
	EXPECT_LT(0, failed);
	ksft_print_msg("alloc_failures: %d failed allocations gave ENOMEM, in %d files\n",
		       failed, self->nfiles + 1);
	ksft_print_msg("alloc_failures: at most %d allocations, on %s\n",
		       most - 1, most_path);
	leak_end(_metadata, leaks, "the failed allocations");
}

int main(int argc, char **argv)
{
	size_t i;

	if (access(PROC_VMSPLIT, F_OK)) {
		ksft_print_header();
		ksft_exit_skip("no %s (needs CONFIG_VM_LAYOUT)\n", PROC_VMSPLIT);
	}
	if (geteuid()) {
		ksft_print_header();
		ksft_exit_skip("must be run as root\n");
	}
	uname(&uts);
	for (i = 0; i < ARRAY_SIZE(arches); i++)
		if (!fnmatch(arches[i].machine, uts.machine, 0))
			arch = arches[i];
	page_size = sysconf(_SC_PAGESIZE);
	return test_harness_run(argc, argv);
}
