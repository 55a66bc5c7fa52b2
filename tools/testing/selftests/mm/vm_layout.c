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
#include <dirent.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#define NOBODY		65534
#define TEXT_MAX	65536
#define VAL_LEN		64
#define MAX_KEYS	32
#define MAX_REGIONS	64
#define MAX_FILES	(MAX_KEYS + 3 * MAX_REGIONS)
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
	}, {
		.machine = "aarch64", .bits = 64, .nested = arm64_nested,
		.kaslr = true, .kaslr_never_zero = true,
		PT_GEN, .pt_sym = "kernel_ptdump_info", .pt_markers_at = 1,
		.pt_base_at = 2, .pt_stride = 2, .truth = arm64_truth,
	}, {
		.machine = "riscv64", .bits = 64, .nested = riscv64_nested,
		.kaslr = true, .kaslr_align = SZ_2M,
		PT_GEN, .pt_sym = "address_markers", .pt_markers_at = -1,
		.pt_base_at = -1, .pt_stride = 2, .truth = riscv64_truth,
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

struct layout {
	size_t len;
	char text[TEXT_MAX];
	int nkeys, nregions;
	struct { char key[32], val[VAL_LEN]; } keys[MAX_KEYS];
	struct region regions[MAX_REGIONS];
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

/* Parse /proc/vmsplit's @text; -1 and the bad line in @err on error. */
static int parse(struct layout *l, const char *text, char *err)
{
	char line[256];
	const char *p, *v, *nl;
	bool regions = false;
	int k, ret;

	memset(l, 0, sizeof(*l));
	l->len = strlen(text);
	memcpy(l->text, text, l->len);
	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof(line), "%.*s", nl ? (int)(nl - p) : 255, p);
		if (!nl || nl - p >= (int)sizeof(line)) {
			ret = -1;
		} else if (!line[0]) {
			ret = regions ? -1 : 0;
			regions = true;
		} else if (regions) {
			ret = l->nregions == MAX_REGIONS ? -1 :
			      parse_region(&l->regions[l->nregions++], line);
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
	return l->nregions ? 0 : (strcpy(err, "no regions"), -1);
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

/* @text as a reader who may not see addresses must read it. */
static void hide_addrs(char *text)
{
	bool regions = false;
	char *p, *v;
	int k;

	for (p = text; *p; p = strchr(p, '\n') + 1) {
		v = strchr(p, ':');
		k = v ? key_index(p, v - p) : -1;
		if (*p == '\n')
			regions = true;
		else if (regions)
			zero_hex(p, 2 * digits() + 1);
		else if (k >= 0 && header_keys[k].type == VAL_ADDR)
			zero_hex(v + 1, strcspn(v, "\n"));
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
}

/*
 * Every value has its sysfs file with the same text, read whole or byte
 * by byte, and nothing else is there.
 */
TEST_F(vm_layout, sysfs)
{
	char path[160], one[VAL_LEN];
	struct dirent *d;
	int i, count = 0;
	DIR *dir;

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
	/* the files, the directories kaslr and regions, one a region */
	for (i = -3; i < self->lay.nregions; i++) {
		snprintf(path, sizeof(path), "%s/%s%s", LAYOUT_DIR,
			 i < -2 ? "" : i < -1 ? "kaslr" : "regions/",
			 i < 0 ? "" : self->lay.regions[i].name);
		dir = opendir(path);
		ASSERT_TRUE(!!dir) TH_LOG("%s", path);
		while ((d = readdir(dir)))
			count += d->d_name[0] != '.';
		closedir(dir);
	}
	EXPECT_EQ(self->nfiles + 2 + self->lay.nregions, count);
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
 * Every vmalloc area lies in vmalloc or a modules window; arm's PCI I/O
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
		EXPECT_TRUE(in_region(vmalloc, start, end) ||
			    in_region(modules, start, end) ||
			    in_region(plt, start, end)) TH_LOG("%s", line);
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
	free(d);
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
