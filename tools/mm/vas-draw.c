// SPDX-License-Identifier: GPL-2.0
/*
 * vas-draw: draw the virtual address space of a process and of the kernel,
 * and how physical memory is organised, from what CONFIG_VM_LAYOUT
 * reports (/proc/vmsplit, /sys/kernel/mm/layout) and /proc/PID/maps.
 *
 * The kernel part is exact and live; a reader who may not see kernel
 * addresses gets them shown as hidden, with the order and sizes still
 * drawn.  See Documentation/admin-guide/mm/vm_layout.rst.
 *
 * Build: make -C tools/mm vas-draw (CROSS_COMPILE=... LDFLAGS=-static for
 * another architecture).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum kind {
	K_REGION,	/* a kernel region, or "user" */
	K_HOLE,		/* what no region or mapping names */
	K_NONCANONICAL,	/* the hole between the halves on 64-bit */
	K_NULL_TRAP,	/* below mmap_min_addr */
	K_SPLIT,	/* where the kernel's part starts, on 32-bit */
	K_HEAP, K_STACK, K_VDSO, K_VVAR, K_VSYSCALL,
	K_SPECIAL,	/* another "[name]" mapping: [vectors], [sigpage], ... */
	K_FILE, K_ANON,
	NR_KINDS
};

/* Each kind's name in JSON, ANSI colour on a terminal and SVG fill. */
static const struct {
	const char *name, *colour, *fill;
} kinds[NR_KINDS] = {
	[K_REGION]	= { "region", "34", "#dbe8f7" },
	[K_HOLE]	= { "hole", "2", "none" },
	[K_NONCANONICAL] = { "noncanonical", "2;31", "#eeeeee" },
	[K_NULL_TRAP]	= { "null_trap", "31", "#f4c7c3" },
	[K_SPLIT]	= { "split", "1;31", "none" },
	[K_HEAP]	= { "heap", "36", "#c9ecf0" },
	[K_STACK]	= { "stack", "35", "#ecd5f0" },
	[K_VDSO]	= { "vdso", "33", "#fbe9b7" },
	[K_VVAR]	= { "vvar", "33", "#fbe9b7" },
	[K_VSYSCALL]	= { "vsyscall", "33", "#fbe9b7" },
	[K_SPECIAL]	= { "special", "33", "#fbe9b7" },
	[K_FILE]	= { "file", "32", "#d3f0d0" },
	[K_ANON]	= { "anon", "93", "#fff6c2" },
};

struct item {
	const char *name;
	const char *detail;	/* a mapping's permissions and path */
	unsigned long long start, end, size;
	int depth;
	int next;		/* index after its subtree, in its list */
	int parent;		/* of a mapping: the region that holds it */
	enum kind kind;
	bool hidden;		/* start and end not known to this reader */
};

struct list {
	struct item *v;
	int n, cap;
};

struct phys {
	char name[16];		/* "" for a node */
	int nid;
	unsigned long long pfn[2], phys[2], map[2], pages[2];
	unsigned long long spanned, present, managed;
	bool has_pages, unmapped;
};

static struct {
	const char *root;	/* prefix of every path read */
	const char *pid;
	bool user, kernel, physical, json, colour;
	const char *svg;
	int width;
} opt = { .root = "", .pid = "self", .user = true, .kernel = true,
	  .physical = true, .width = 44 };

static struct {
	char arch[32], split[16], memory_model[32];
	char kaslr_state[32], kaslr_memory[32];
	unsigned long long page_offset, task_size, kernel_vas_start;
	unsigned long long kaslr_offset, page_size;
	unsigned long long va_bits, va_bits_max, levels;
	unsigned int bits;	/* of an address: 32 or 64 */
	bool hidden;
	int aslr;		/* randomize_va_space, -1 unknown */
	unsigned long long mmap_min_addr;
	unsigned long long code[2], data[2], brk, stack;
	unsigned long long struct_page_size, section_size, present_sections;
} lay = { .aslr = -1 };

/* regions of /proc/vmsplit, mappings, both as a tree, and with holes */
static struct list regions, maps, tree, drawn;
static struct phys *phys;
static int nphys;

static void die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "vas-draw: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void *grow(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die("out of memory");
	return p;
}

static char *format(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}

static struct item *list_add(struct list *l, const struct item *it)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = grow(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n] = *it;
	return &l->v[l->n++];
}

/* Each item's next: the index after its descendants. */
static void index_subtrees(struct list *l)
{
	int *open = grow(NULL, (l->n + 1) * sizeof(*open)), top = 0, i;

	for (i = 0; i < l->n; i++) {
		while (top && l->v[open[top - 1]].depth >= l->v[i].depth)
			l->v[open[--top]].next = i;
		open[top++] = i;
	}
	while (top)
		l->v[open[--top]].next = l->n;
	free(open);
}

static FILE *open_file(const char *path, bool must)
{
	char *full = format("%s%s", opt.root, path);
	FILE *f = fopen(full, "r");

	if (!f && must)
		die("%s: %s%s", full, strerror(errno), errno == ENOENT &&
		    strstr(path, "vmsplit") ? " (a kernel without CONFIG_VM_LAYOUT?)" : "");
	free(full);
	return f;
}

/* The next line of @f without its newline, in *@buf; false at the end. */
static bool next_line(FILE *f, const char *path, char **buf, size_t *size)
{
	ssize_t len = getline(buf, size, f);

	if (len < 0) {
		if (ferror(f))
			die("%s%s: read error", opt.root, path);
		return false;
	}
	if (len && (*buf)[len - 1] == '\n')
		(*buf)[len - 1] = '\0';
	return true;
}

/* The first line of @path; NULL if unreadable. */
static char *read_line(const char *path)
{
	FILE *f = open_file(path, false);
	char *buf = NULL;
	size_t size = 0;
	bool ok;

	if (!f)
		return NULL;
	ok = next_line(f, path, &buf, &size);
	fclose(f);
	if (!ok) {
		free(buf);
		return NULL;
	}
	return buf;
}

static unsigned long long hex(const char *s)
{
	return strtoull(s, NULL, 16);
}

/* Printable ASCII only: boxes stay aligned, JSON and SVG valid. */
static char *printable(const char *s)
{
	char *p, *t = format("%s", s);

	for (p = t; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			*p = '?';
	return t;
}

static const char * const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

/* A size as /proc/vmsplit's size column writes it: exact, or ~x.yy. */
static void human(char *buf, size_t size, unsigned long long v)
{
	unsigned int unit = 0, shift = 0;
	unsigned long long whole, frac, mask;

	while (unit < ARRAY_SIZE(units) - 1 && (v >> (shift + 10))) {
		unit++;
		shift += 10;
	}
	/* step down while that keeps the figure exact and short */
	while (unit && (v & ((1ULL << shift) - 1)) &&
	       !(v & ((1ULL << (shift - 10)) - 1)) && (v >> (shift - 10)) < 10000) {
		unit--;
		shift -= 10;
	}
	mask = (1ULL << shift) - 1;
	whole = v >> shift;
	if (!(v & mask)) {
		snprintf(buf, size, "%llu %s", whole, units[unit]);
		return;
	}
	frac = (((v & mask) >> (shift - 10)) * 100 + 512) >> 10;
	if (frac == 100) {
		whole++;
		frac = 0;
	}
	if (whole == 1024 && unit < ARRAY_SIZE(units) - 1) {
		whole = 1;
		unit++;
	}
	snprintf(buf, size, "~%llu.%02llu %s", whole, frac, units[unit]);
}

/* The size column of /proc/vmsplit ("2576" "KiB", "~16.54" "MiB") in bytes. */
static unsigned long long column_size(const char *num, const char *unit)
{
	unsigned long long whole, frac = 0;
	unsigned int u;
	char *end;

	whole = strtoull(num + (*num == '~'), &end, 10);
	if (*end == '.')
		frac = strtoull(end + 1, NULL, 10);
	for (u = 0; u < ARRAY_SIZE(units); u++)
		if (!strcmp(unit, units[u]))
			return (whole << (10 * u)) + (frac << (10 * u)) / 100;
	die("/proc/vmsplit: unknown unit '%s'", unit);
	return 0;
}

static void addr(char *buf, size_t size, unsigned long long v, bool hidden)
{
	if (hidden)
		snprintf(buf, size, "%s", lay.bits == 64 ? "????????????????" : "????????");
	else
		snprintf(buf, size, "%0*llx", lay.bits / 4, v);
}

/* Wrap to the width of the address space: an end of 0 is its top. */
static unsigned long long va_wrap(unsigned long long v)
{
	return lay.bits == 64 ? v : v & ((1ULL << lay.bits) - 1);
}

/* "key:   value" of /proc/vmsplit's header */
static void header_value(const char *key, const char *val)
{
	static const struct { const char *key; char *str; size_t size; } strs[] = {
		{ "arch", lay.arch, sizeof(lay.arch) },
		{ "split", lay.split, sizeof(lay.split) },
		{ "memory_model", lay.memory_model, sizeof(lay.memory_model) },
		{ "kaslr_state", lay.kaslr_state, sizeof(lay.kaslr_state) },
		{ "kaslr_memory", lay.kaslr_memory, sizeof(lay.kaslr_memory) },
	};
	static const struct { const char *key; unsigned long long *num; int base; } nums[] = {
		{ "page_offset", &lay.page_offset, 16 },
		{ "task_size", &lay.task_size, 16 },
		{ "kernel_vas_start", &lay.kernel_vas_start, 16 },
		{ "kaslr_offset", &lay.kaslr_offset, 16 },
		{ "page_size", &lay.page_size, 10 },
		{ "va_bits", &lay.va_bits, 10 },
		{ "va_bits_max", &lay.va_bits_max, 10 },
		{ "pgtable_levels", &lay.levels, 10 },
		{ "struct_page_size", &lay.struct_page_size, 10 },
		{ "section_size", &lay.section_size, 10 },
		{ "present_sections", &lay.present_sections, 10 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(strs); i++)
		if (!strcmp(key, strs[i].key))
			snprintf(strs[i].str, strs[i].size, "%s", val);
	for (i = 0; i < ARRAY_SIZE(nums); i++)
		if (!strcmp(key, nums[i].key))
			*nums[i].num = strtoull(val, NULL, nums[i].base);
	/* an address has as many hex digits as page_offset */
	if (!strcmp(key, "page_offset"))
		lay.bits = 4 * strlen(val);
}

/* What the drawing relies on; anything else is not the file we know. */
static void check_header(void)
{
	const char *bad = NULL;

	if (lay.bits != 32 && lay.bits != 64)
		bad = "page_offset is not 8 or 16 hex digits";
	else if (!lay.va_bits || lay.va_bits > lay.bits)
		bad = "no va_bits, or more than the address width";
	else if (!lay.kernel_vas_start || lay.task_size > lay.kernel_vas_start)
		bad = "no kernel_vas_start, or task_size above it";
	else if (!lay.split[0] || !lay.arch[0])
		bad = "no split or arch";
	else if (!regions.n)
		bad = "no regions";
	if (bad)
		die("/proc/vmsplit: %s (not the file this tool knows)", bad);
}

/* A range "start-end" of the physical section into @r. */
static void range(const char *val, unsigned long long *r)
{
	char *dash = strchr(val, '-');

	r[0] = hex(val);
	r[1] = dash ? hex(dash + 1) : 0;
}

static void phys_value(struct phys *p, const char *key, const char *val)
{
	if (!strcmp(key, "pfn")) {
		range(val, p->pfn);
	} else if (!strcmp(key, "phys")) {
		range(val, p->phys);
	} else if (!strcmp(key, "direct_map")) {
		p->unmapped = !strcmp(val, "-");
		range(val, p->map);
	} else if (!strcmp(key, "struct_pages")) {
		p->has_pages = true;
		range(val, p->pages);
	} else if (!strcmp(key, "spanned_pages")) {
		p->spanned = strtoull(val, NULL, 10);
	} else if (!strcmp(key, "present_pages")) {
		p->present = strtoull(val, NULL, 10);
	} else if (!strcmp(key, "managed_pages")) {
		p->managed = strtoull(val, NULL, 10);
	}
}

static struct phys *add_phys(int nid, const char *zone)
{
	struct phys *p;

	phys = grow(phys, (nphys + 1) * sizeof(*phys));
	p = &phys[nphys++];
	memset(p, 0, sizeof(*p));
	p->nid = nid;
	snprintf(p->name, sizeof(p->name), "%.15s", zone);
	return p;
}

/*
 * "start-end  size unit  name" with two blanks of indent per level: the
 * size column is right-aligned in 9 places and its unit padded to 3.
 */
static void region_line(const char *line)
{
	char num[32], unit[8], name[64];
	unsigned long long s, e;
	struct item it = { .kind = K_REGION };
	int n = 0, indent, prev = regions.n ? regions.v[regions.n - 1].depth : -1;

	if (sscanf(line, "%llx-%llx %31s %7s%n", &s, &e, num, unit, &n) != 4 || !n ||
	    strlen(unit) > 3 || sscanf(line + n, "%63s", name) != 1)
		die("/proc/vmsplit: cannot read '%s'", line);
	indent = strspn(line + n, " ") - 1 - (3 - strlen(unit));
	if (indent < 0 || indent % 2 || indent / 2 > prev + 1)
		die("/proc/vmsplit: bad indent of '%s'", line);
	it.name = printable(name);
	it.start = s;
	it.end = e;
	it.depth = indent / 2;
	/* the column, exact unless it says ~; sysfs has it exact */
	it.size = column_size(num, unit);
	it.parent = -1;
	list_add(&regions, &it);
}

/*
 * /proc/vmsplit: the header, the regions (order, nesting, names, and the
 * bounds where the reader may see them), the physical section.
 */
static void read_vmsplit(void)
{
	const char *path = "/proc/vmsplit";
	char key[64], val[256], *line = NULL;
	FILE *f = open_file(path, true);
	struct phys *p = NULL;
	size_t size = 0;
	int part = 0;

	while (next_line(f, path, &line, &size)) {
		if (!line[0]) {
			part += part < 2;
			continue;
		}
		if (part == 1) {
			region_line(line);
			continue;
		}
		if (part == 2 && !strncmp(line, "node ", 5)) {
			p = add_phys(atoi(line + 5), "");
			continue;
		}
		if (part == 2 && !strncmp(line, "  zone ", 7) && p) {
			p = add_phys(p->nid, line + 7);
			continue;
		}
		if (sscanf(line, " %63[^:]: %255s", key, val) != 2)
			continue;
		if (p)
			phys_value(p, key, val);
		else
			header_value(key, val);
	}
	fclose(f);
	free(line);
	check_header();
	lay.hidden = !lay.page_offset;
}

/* Exact sizes from /sys/kernel/mm/layout (the size column is rounded). */
static void read_sizes(void)
{
	struct item *r;
	char *path, *buf;
	int i;

	for (i = 0; i < regions.n; i++) {
		r = &regions.v[i];
		r->hidden = lay.hidden;
		if (!r->hidden)
			r->size = va_wrap(r->end - r->start);
		path = format("/sys/kernel/mm/layout/regions/%s/size", r->name);
		buf = read_line(path);
		if (buf)
			r->size = strtoull(buf, NULL, 10);
		free(buf);
		free(path);
	}
}

static int find_region(const char *name)
{
	int i;

	for (i = 0; i < regions.n; i++)
		if (!strcmp(regions.v[i].name, name))
			return i;
	return -1;
}

static enum kind mapping_kind(const char *path)
{
	static const struct { const char *name; enum kind kind; } special[] = {
		{ "[heap]", K_HEAP }, { "[stack", K_STACK }, { "[vdso]", K_VDSO },
		{ "[vvar", K_VVAR }, { "[vsyscall]", K_VSYSCALL }, { "[anon", K_ANON },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(special); i++)
		if (!strncmp(path, special[i].name, strlen(special[i].name)))
			return special[i].kind;
	if (*path == '[')
		return K_SPECIAL;
	return *path ? K_FILE : K_ANON;
}

/* The innermost region that holds [@s, @e), -1 if none. */
static int holder(unsigned long long s, unsigned long long e, const char *name)
{
	int i, best = -1;
	char *bracketed;

	for (i = 0; i < regions.n; i++) {
		struct item *r = &regions.v[i];

		if (!r->hidden && r->start <= s && e - 1 <= va_wrap(r->end - 1) &&
		    (best < 0 || r->depth > regions.v[best].depth))
			best = i;
	}
	if (best >= 0 || s < lay.task_size || *name != '[')
		return best;
	/*
	 * In the kernel's part ([vsyscall], [vectors]), for a reader who
	 * cannot place it: the region of its name.
	 */
	bracketed = format("%.*s", (int)strcspn(name + 1, "]"), name + 1);
	best = find_region(bracketed);
	free(bracketed);
	return best;
}

static int by_start_down(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	return x->start < y->start ? 1 : x->start > y->start ? -1 : 0;
}

/*
 * /proc/PID/maps: every mapping, top down, with the region that holds it,
 * "user" mostly; the NULL trap below mmap_min_addr.
 */
static void read_maps(void)
{
	char *path = format("/proc/%s/maps", opt.pid), *line = NULL, *file;
	unsigned long long s, e, lowest = ~0ULL;
	int user = find_region("user"), n;
	struct item it, *u;
	char perms[8];
	size_t size = 0;
	FILE *m;

	if (user < 0)
		die("/proc/vmsplit has no user region");
	/* user space is 0 to task_size, which every reader may see */
	u = &regions.v[user];
	u->start = 0;
	u->end = lay.task_size;
	u->size = lay.task_size;
	u->hidden = false;

	m = open_file(path, true);
	while (next_line(m, path, &line, &size)) {
		n = 0;
		if (sscanf(line, "%llx-%llx %7s %*s %*s %*s%n", &s, &e, perms, &n) != 3 ||
		    !n || s >= e)
			die("%s%s: cannot read '%.80s'", opt.root, path, line);
		file = line + n;
		file += strspn(file, " ");
		file = printable(file);
		memset(&it, 0, sizeof(it));
		it.start = s;
		it.end = e;
		it.size = e - s;
		it.kind = mapping_kind(file);
		if (it.kind == K_FILE)
			it.name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
		else
			it.name = *file ? file : "anonymous";
		it.detail = format("%s%s%s", perms, *file ? " " : "", file);
		it.parent = holder(s, e, file);
		list_add(&maps, &it);
		if (s < lowest)
			lowest = s;
	}
	if (!maps.n)
		die("%s%s: no mappings (a kernel thread, or it exited)", opt.root, path);
	fclose(m);
	free(line);
	free(path);

	line = read_line("/proc/sys/vm/mmap_min_addr");
	if (line)
		lay.mmap_min_addr = strtoull(line, NULL, 10);
	free(line);
	/* what no mapping may use, up to the lowest one there is */
	if (lay.mmap_min_addr && lowest) {
		memset(&it, 0, sizeof(it));
		it.name = "NULL trap";
		it.detail = "below vm.mmap_min_addr: no mapping";
		it.end = lay.mmap_min_addr < lowest ? lay.mmap_min_addr : lowest;
		it.size = it.end;
		it.kind = K_NULL_TRAP;
		it.parent = user;
		list_add(&maps, &it);
	}
	qsort(maps.v, maps.n, sizeof(*maps.v), by_start_down);
}

/* Fields of /proc/PID/stat, numbered as in proc(5). */
enum {
	STAT_STARTCODE = 26, STAT_ENDCODE, STAT_STARTSTACK,
	STAT_START_DATA = 45, STAT_END_DATA, STAT_START_BRK, STAT_FIELDS
};

/* randomize_va_space, and the process's code, data, heap and stack. */
static void read_process(void)
{
	unsigned long long f[STAT_FIELDS] = { 0 };
	char *path, *line, *p, *end;
	int i;

	line = read_line("/proc/sys/kernel/randomize_va_space");
	if (line)
		lay.aslr = atoi(line);
	free(line);

	path = format("/proc/%s/stat", opt.pid);
	line = read_line(path);
	free(path);
	/* after the command name, which may hold blanks, the state letter */
	p = line ? strrchr(line, ')') : NULL;
	if (p && p[1] == ' ' && p[2])
		p = strchr(p + 2, ' ');
	else
		p = NULL;
	for (i = 4; p && i < STAT_FIELDS; i++, p = end) {
		f[i] = strtoull(p, &end, 10);
		if (end == p)
			break;
	}
	if (i == STAT_FIELDS) {
		lay.code[0] = f[STAT_STARTCODE];
		lay.code[1] = f[STAT_ENDCODE];
		lay.stack = f[STAT_STARTSTACK];
		lay.data[0] = f[STAT_START_DATA];
		lay.data[1] = f[STAT_END_DATA];
		lay.brk = f[STAT_START_BRK];
	}
	free(line);
}

/*
 * Region @r (-1: the top) and what it holds into tree: its child regions
 * and its mappings, top down.  Where the reader cannot place a child
 * region, the mappings go above it.
 */
static void place(int r, int depth)
{
	int c = r < 0 ? 0 : r + 1, cend = r < 0 ? regions.n : regions.v[r].next;
	int m = 0;
	struct item *it;

	if (r >= 0) {
		it = list_add(&tree, &regions.v[r]);
		it->depth = depth++;
	}
	for (;;) {
		while (m < maps.n && maps.v[m].parent != r)
			m++;
		if (m < maps.n && (c >= cend || regions.v[c].hidden ||
				   maps.v[m].start >= regions.v[c].start)) {
			it = list_add(&tree, &maps.v[m++]);
			it->depth = depth;
		} else if (c < cend) {
			place(c, depth);
			c = regions.v[c].next;
		} else {
			break;
		}
	}
}

static void add_hole(unsigned long long lo, unsigned long long hi, int depth,
		     enum kind kind, const struct item *parent)
{
	struct item h = { .start = lo, .end = hi, .size = va_wrap(hi - lo),
			  .depth = depth, .kind = kind };

	if (!h.size)
		return;
	if (kind == K_NONCANONICAL)
		h.name = "non-canonical hole";
	else if (!parent || !strcmp(parent->name, "user"))
		h.name = "unused";
	else
		h.name = format("rest of %s", parent->name);
	list_add(&drawn, &h);
}

/*
 * The range @lo to @hi (0: the top) that nothing names, at @depth; at the
 * top level of a 64-bit machine it may hold the hole between the halves,
 * from the end of the lower half (task_size, or 2^(va_bits - 1) above it)
 * to the kernel's start.  Overlaps (@lo above @hi) make no hole.
 */
static void add_gap(unsigned long long lo, unsigned long long hi, int depth,
		    const struct item *parent)
{
	unsigned long long nc_lo, nc_hi = lay.kernel_vas_start;

	if (lo == hi || (hi && lo > hi))
		return;
	if (depth || lay.bits != 64) {
		add_hole(lo, hi, depth, K_HOLE, parent);
		return;
	}
	nc_lo = 1ULL << (lay.va_bits - 1);
	if (nc_lo < lay.task_size)
		nc_lo = lay.task_size;
	if (lo > nc_lo || hi - 1 < nc_hi - 1) {
		add_hole(lo, hi, depth, K_HOLE, parent);
		return;
	}
	add_hole(nc_hi, hi, depth, K_HOLE, parent);
	add_hole(nc_lo, nc_hi, depth, K_NONCANONICAL, parent);
	add_hole(lo, nc_lo, depth, K_HOLE, parent);
}

/*
 * Tree item @i (-1: the whole address space) and what is below it, into
 * drawn with the holes between its children, above the first and below
 * the last, where the reader sees those bounds.
 */
static void with_holes(int i)
{
	const struct item *parent = i < 0 ? NULL : &tree.v[i];
	bool known = !parent || !parent->hidden, ck;
	unsigned long long cursor = parent ? parent->end : 0;	/* 0: the top */
	int depth = parent ? parent->depth + 1 : 0, j = i + 1;
	int end = parent ? parent->next : tree.n;
	struct item split = { .name = "split", .kind = K_SPLIT };

	if (parent)
		list_add(&drawn, parent);
	for (; j < end; j = tree.v[j].next) {
		ck = !tree.v[j].hidden;
		if (known && ck)
			add_gap(tree.v[j].end, cursor, depth, parent);
		else if (!depth && lay.bits == 64 && ck && tree.v[j].end == lay.task_size)
			/* the hidden kernel part above: its lower end is public */
			add_gap(tree.v[j].end, lay.kernel_vas_start, 0, NULL);
		if (!depth && lay.bits == 32 && !strcmp(tree.v[j].name, "user")) {
			/* the line between the parts, which kernel_vas_start is */
			split.start = lay.kernel_vas_start;
			split.end = lay.kernel_vas_start;
			list_add(&drawn, &split);
		}
		with_holes(j);
		known = ck;
		cursor = tree.v[j].start;
	}
	if (known && (!parent || !parent->hidden) && j > i + 1)
		add_gap(parent ? parent->start : 0, cursor, depth, parent);
}

/* Which part a top-level item belongs to: 1 user, 2 kernel, 3 both. */
static int part_of(const struct item *it)
{
	if (it->kind == K_NONCANONICAL || it->kind == K_SPLIT)
		return 3;
	if (it->kind != K_HOLE || va_wrap(it->start) >= lay.kernel_vas_start)
		return 2;
	if (it->end && it->end <= lay.task_size)
		return 1;
	return 3;
}

/* Drop what the options leave out: the kernel's part or the user's. */
static void select_items(void)
{
	int i, n = 0, user = -1, part, want = (opt.user ? 1 : 0) | (opt.kernel ? 2 : 0);

	index_subtrees(&drawn);
	for (i = 0; i < drawn.n; i++) {
		struct item *it = &drawn.v[i];

		if (!it->depth && it->kind == K_REGION && !strcmp(it->name, "user"))
			user = i;
		if (user >= 0 && i >= user && i < drawn.v[user].next)
			part = 1;
		else if (!it->depth)
			part = part_of(it);
		else
			part = 2;
		if (part == 3 ? want == 3 : part & want)
			drawn.v[n++] = *it;
	}
	drawn.n = n;
	index_subtrees(&drawn);
}

/* Rows a box of @size takes: 1 for a page, up to 4 for the largest. */
static int rows(unsigned long long size)
{
	int log = 0;

	while (log < 63 && (size >> log) > 1)
		log++;
	log = (log - 12) / 8 + 1;
	return log < 1 ? 1 : log > 4 ? 4 : log;
}

static bool is_hole(const struct item *it)
{
	return it->kind == K_HOLE || it->kind == K_NONCANONICAL;
}

static const char *colour(enum kind k, bool on)
{
	static char buf[16];

	if (!opt.colour)
		return "";
	if (!on)
		return "\033[0m";
	snprintf(buf, sizeof(buf), "\033[%sm", kinds[k].colour);
	return buf;
}

static void draw_summary(FILE *f)
{
	char offset[32];

	fprintf(f, "arch %s: %llu-bit VAs (%llu built), %llu page table levels, %llu-byte pages\n",
		lay.arch, lay.va_bits, lay.va_bits_max, lay.levels, lay.page_size);
	if (lay.bits == 32)
		fprintf(f, "split %s: user below %08llx, the kernel's part from there up\n",
			lay.split, lay.kernel_vas_start);
	else
		fprintf(f, "user 0-%016llx, kernel from %016llx, a non-canonical hole between\n",
			lay.task_size, lay.kernel_vas_start);
	if (!strcmp(lay.kaslr_state, "unsupported") || !strcmp(lay.kaslr_state, "not-configured")) {
		fprintf(f, "KASLR %s", lay.kaslr_state);
	} else {
		addr(offset, sizeof(offset), lay.kaslr_offset, lay.hidden);
		fprintf(f, "KASLR %s, offset %s", lay.kaslr_state, offset);
	}
	fprintf(f, "; memory randomisation %s\n", lay.kaslr_memory);
	fprintf(f, "user ASLR %s (randomize_va_space %d)\n",
		lay.aslr == 2 ? "full" : lay.aslr == 1 ? "partial (no brk)" :
		lay.aslr == 0 ? "off" : "unknown", lay.aslr);
	if (lay.code[1])
		fprintf(f, "process %s: code %llx-%llx, data %llx-%llx, %s %llx, %s %llx\n",
			opt.pid, lay.code[0], lay.code[1], lay.data[0], lay.data[1],
			"heap from", lay.brk, "stack", lay.stack);
	if (lay.hidden && opt.kernel)
		fprintf(f, "kernel addresses are hidden from this reader (kptr_restrict): %s\n",
			"the gaps between kernel regions are not drawn");
}

/* "@name@sep@tail" in @width columns at most, shortening the name. */
static void fit(char *buf, size_t size, const char *name, const char *sep,
		const char *tail, int width)
{
	int room = width - (int)strlen(sep) - (int)strlen(tail);

	if ((int)strlen(name) > room && room > 3)
		snprintf(buf, size, "%.*s...%s%s", room - 3, name, sep, tail);
	else
		snprintf(buf, size, "%s%s%s", name, sep, tail);
}

/* One line of the drawing: @depth borders each side around @inner. */
static void text_line(int depth, char edge, const char *inner,
		      const char *note, enum kind k)
{
	int w = opt.width - 4 * depth, d, len = strlen(inner);

	for (d = 0; d < depth; d++)
		fputs("| ", stdout);
	printf("%s%c%s", colour(k, true), edge, inner);
	for (; len < w - 2; len++)
		putchar(edge == '+' ? '-' : edge == '=' ? '=' : ' ');
	printf("%c%s", edge, colour(k, false));
	for (d = 0; d < depth; d++)
		fputs(" |", stdout);
	if (note && *note)
		printf("  %s", note);
	putchar('\n');
}

/* Item @i and its children: its box, with the end above, the start below. */
static void text_item(int i)
{
	struct item *it = &drawn.v[i];
	char label[128], note[512], a[32], b[32], sz[48], tail[56];
	int j, r, inner = opt.width - 4 * it->depth - 2;

	human(sz, sizeof(sz), it->size);
	addr(a, sizeof(a), it->start, it->hidden);
	addr(b, sizeof(b), it->end, it->hidden);
	if (is_hole(it)) {
		/* inside a region, the box around says whose rest it is */
		snprintf(tail, sizeof(tail), "%s)", sz);
		fit(label, sizeof(label), !strncmp(it->name, "rest of ", 8) ? " (rest" :
		    it->kind == K_NONCANONICAL ? " (non-canonical hole" : " (unused",
		    ", ", tail, inner);
		snprintf(note, sizeof(note), "%s-%s", a, b);
		text_line(it->depth, ' ', label, note, it->kind);
		return;
	}
	if (it->kind == K_SPLIT) {
		snprintf(label, sizeof(label), "= split %s: kernel above, user below =", lay.split);
		text_line(0, '=', label, b, it->kind);
		return;
	}
	text_line(it->depth, '+', "", b, it->kind);
	snprintf(note, sizeof(note), " %s", it->name);
	fit(label, sizeof(label), note, "  ", sz, inner);
	snprintf(note, sizeof(note), "%llu bytes%s%s", it->size,
		 it->detail ? "  " : "", it->detail ? it->detail : "");
	text_line(it->depth, '|', label, note, it->kind);
	for (j = i + 1; j < it->next; j = drawn.v[j].next)
		text_item(j);
	for (r = 1; it->next == i + 1 && r < rows(it->size); r++)
		text_line(it->depth, '|', "", NULL, it->kind);
	text_line(it->depth, '+', "", a, it->kind);
}

static void draw_text(void)
{
	int i;

	draw_summary(stdout);
	putchar('\n');
	for (i = 0; i < drawn.n; i = drawn.v[i].next)
		text_item(i);
}

/* The nodes and zones, each zone with where the direct map maps it. */
static void draw_physical(FILE *f)
{
	char sz[48], a[32], b[32];
	int i;

	if (!nphys)
		return;
	fprintf(f, "physical memory: %s, struct page %llu bytes", lay.memory_model,
		lay.struct_page_size);
	if (lay.section_size)
		fprintf(f, ", %llu present sections of %llu MiB", lay.present_sections,
			lay.section_size >> 20);
	fprintf(f, "\n");
	for (i = 0; i < nphys; i++) {
		struct phys *p = &phys[i];

		human(sz, sizeof(sz), p->spanned * lay.page_size);
		if (!p->name[0]) {
			fprintf(f, "node %d: spans %s, %llu pages present", p->nid, sz,
				p->present);
			if (!lay.hidden)
				fprintf(f, ", pfn %llx-%llx", p->pfn[0], p->pfn[1]);
			fprintf(f, "\n");
			continue;
		}
		fprintf(f, "  zone %-8s spans %s, %llu pages present, ", p->name, sz,
			p->present);
		if (lay.hidden)
			fprintf(f, "managed hidden\n");
		else
			fprintf(f, "%llu managed\n    pfn %llx-%llx, phys %016llx-%016llx\n",
				p->managed, p->pfn[0], p->pfn[1], p->phys[0], p->phys[1]);
		addr(a, sizeof(a), p->map[0], lay.hidden);
		addr(b, sizeof(b), p->map[1], lay.hidden);
		if (p->unmapped)
			fprintf(f, "    direct map: none (mapped a page at a time)\n");
		else
			fprintf(f, "    direct map: %s-%s\n", a, b);
		if (p->has_pages) {
			addr(a, sizeof(a), p->pages[0], lay.hidden);
			addr(b, sizeof(b), p->pages[1], lay.hidden);
			fprintf(f, "    struct pages: %s-%s\n", a, b);
		}
	}
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* "key": "hex", or null where the reader may not see it */
static void json_addr(const char *key, unsigned long long v, bool hidden, bool wide)
{
	printf(", \"%s\": ", key);
	if (hidden)
		fputs("null", stdout);
	else
		printf("\"%0*llx\"", wide ? 16 : lay.bits / 4, v);
}

static void draw_json(void)
{
	bool known = !strcmp(lay.kaslr_state, "enabled") || !strcmp(lay.kaslr_state, "disabled");
	int i;

	printf("{\n  \"arch\": ");
	json_str(lay.arch);
	printf(", \"va_bits\": %llu, \"va_bits_max\": %llu,", lay.va_bits, lay.va_bits_max);
	printf(" \"pgtable_levels\": %llu, \"page_size\": %llu,\n", lay.levels, lay.page_size);
	printf("  \"split\": ");
	json_str(lay.split);
	json_addr("task_size", lay.task_size, false, false);
	json_addr("kernel_vas_start", lay.kernel_vas_start, false, false);
	json_addr("page_offset", lay.page_offset, lay.hidden, false);
	printf(",\n  \"kaslr\": { \"state\": ");
	json_str(lay.kaslr_state);
	json_addr("offset", lay.kaslr_offset, lay.hidden || !known, false);
	printf(", \"memory\": ");
	json_str(lay.kaslr_memory);
	printf(" },\n  \"user_aslr\": ");
	if (lay.aslr < 0)
		fputs("null", stdout);
	else
		printf("%d", lay.aslr);
	printf(", \"hidden\": %s, \"pid\": ", lay.hidden ? "true" : "false");
	json_str(opt.pid);
	printf(",\n  \"items\": [\n");
	for (i = 0; i < drawn.n; i++) {
		struct item *it = &drawn.v[i];

		printf("    { \"name\": ");
		json_str(it->name);
		printf(", \"kind\": \"%s\", \"depth\": %d", kinds[it->kind].name, it->depth);
		json_addr("start", it->start, it->hidden, false);
		json_addr("end", it->end, it->hidden, false);
		printf(", \"size\": %llu", it->size);
		if (it->detail) {
			printf(", \"detail\": ");
			json_str(it->detail);
		}
		printf(" }%s\n", i + 1 < drawn.n ? "," : "");
	}
	printf("  ],\n  \"physical\": [\n");
	for (i = 0; opt.physical && opt.kernel && i < nphys; i++) {
		struct phys *p = &phys[i];

		printf("    { \"node\": %d, \"zone\": ", p->nid);
		if (p->name[0])
			json_str(p->name);
		else
			fputs("null", stdout);
		json_addr("pfn_start", p->pfn[0], lay.hidden, false);
		json_addr("pfn_end", p->pfn[1], lay.hidden, false);
		printf(", \"spanned\": %llu, \"present\": %llu", p->spanned, p->present);
		if (p->name[0]) {
			printf(", \"managed\": ");
			if (lay.hidden)
				fputs("null", stdout);
			else
				printf("%llu", p->managed);
			json_addr("phys_start", p->phys[0], lay.hidden, true);
			json_addr("phys_end", p->phys[1], lay.hidden, true);
			json_addr("direct_map_start", p->map[0], lay.hidden || p->unmapped, false);
			json_addr("direct_map_end", p->map[1], lay.hidden || p->unmapped, false);
			printf(", \"mapped\": %s", p->unmapped ? "false" : "true");
			if (p->has_pages) {
				json_addr("struct_pages_start", p->pages[0], lay.hidden, false);
				json_addr("struct_pages_end", p->pages[1], lay.hidden, false);
			}
		}
		printf(" }%s\n", i + 1 < nphys ? "," : "");
	}
	printf("  ]\n}\n");
}

static void svg_text(FILE *f, int x, int y, const char *cls, const char *s)
{
	fprintf(f, "<text x=\"%d\" y=\"%d\"", x, y);
	if (*cls)
		fprintf(f, " class=\"%s\"", cls);
	fputc('>', f);
	for (; *s; s++) {
		if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '&')
			fputs("&amp;", f);
		else
			fputc(*s, f);
	}
	fputs("</text>\n", f);
}

#define SVG_UNIT	18

/* A box, or with @dashed a hole's dashed outline. */
static void svg_rect(FILE *f, int x, int y, int w, int h, const char *fill,
		     bool dashed)
{
	fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"", x, y, w, h);
	fprintf(f, " fill=\"%s\" stroke=\"%s\"%s/>\n", fill, dashed ? "#999" : "#335",
		dashed ? " stroke-dasharray=\"4 3\"" : "");
}

/* The height item @i and its children take. */
static int svg_height(int i)
{
	int h = SVG_UNIT + 4, j;

	if (is_hole(&drawn.v[i]) || drawn.v[i].kind == K_SPLIT)
		return SVG_UNIT;
	for (j = i + 1; j < drawn.v[i].next; j = drawn.v[j].next)
		h += svg_height(j);
	if (drawn.v[i].next == i + 1)
		h += (rows(drawn.v[i].size) - 1) * SVG_UNIT;
	return h + 6;
}

/* Item @i and its children at @y: its box first, theirs inside. */
static int svg_item(FILE *f, int i, int y, int box_w)
{
	struct item *it = &drawn.v[i];
	int x = 10 + it->depth * 14, w = box_w - it->depth * 28, h = svg_height(i), j, cy;
	char label[600], a[32], b[32], sz[48];

	human(sz, sizeof(sz), it->size);
	addr(a, sizeof(a), it->start, it->hidden);
	addr(b, sizeof(b), it->end, it->hidden);
	if (it->kind == K_SPLIT) {
		fprintf(f, "<line x1=\"4\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#c00\"",
			y + 9, box_w + 16, y + 9);
		fprintf(f, " stroke-width=\"2\"/>\n");
		snprintf(label, sizeof(label), "split %s: kernel above %s, user below",
			 lay.split, b);
		svg_text(f, box_w + 24, y + 13, "h", label);
		return h;
	}
	if (is_hole(it)) {
		if (it->kind == K_NONCANONICAL)
			svg_rect(f, x, y + 1, w, SVG_UNIT - 2, kinds[it->kind].fill, true);
		snprintf(label, sizeof(label), "(%s, %s)", it->name, sz);
		svg_text(f, x + 8, y + 13, "h", label);
		snprintf(label, sizeof(label), "%s-%s", a, b);
		svg_text(f, box_w + 24, y + 13, "h", label);
		return h;
	}
	svg_rect(f, x, y, w, h - 2, kinds[it->kind].fill, false);
	snprintf(label, sizeof(label), "%s  %s", it->name, sz);
	svg_text(f, x + 6, y + 14, "", label);
	snprintf(label, sizeof(label), "%s-%s  %llu bytes%s%s", a, b, it->size,
		 it->detail ? "  " : "", it->detail ? it->detail : "");
	svg_text(f, box_w + 24, y + 14, "n", label);
	for (j = i + 1, cy = y + SVG_UNIT + 4; j < it->next; j = drawn.v[j].next)
		cy += svg_item(f, j, cy, box_w);
	return h;
}

/* Each line of @text as a line of SVG text from @y on; the y after. */
static int svg_lines(FILE *f, int y, char *text)
{
	char *s, *nl;

	for (s = text; s && (nl = strchr(s, '\n')); s = nl + 1, y += 16) {
		*nl = '\0';
		svg_text(f, 10, y, "n", s);
	}
	return y;
}

/* The same drawing as an SVG: one rectangle per box, nested inside. */
static void draw_svg(const char *path)
{
	int i, y, box_w = opt.width * 12, height;
	char *body = NULL, *text = NULL, *title;
	size_t blen = 0, tlen = 0;
	FILE *f, *b = open_memstream(&body, &blen), *t = open_memstream(&text, &tlen);

	if (!b || !t)
		die("out of memory");
	draw_summary(t);
	fclose(t);
	y = svg_lines(b, 40, text) + 10;
	free(text);
	for (i = 0; i < drawn.n; i = drawn.v[i].next)
		y += svg_item(b, i, y, box_w);
	if (opt.physical && opt.kernel && nphys) {
		t = open_memstream(&text, &tlen);
		if (!t)
			die("out of memory");
		draw_physical(t);
		fclose(t);
		y = svg_lines(b, y + 20, text);
		free(text);
	}
	fclose(b);
	height = y + 20;

	f = fopen(path, "w");
	if (!f)
		die("%s: %s", path, strerror(errno));
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\"",
		box_w + 620, height);
	fprintf(f, " viewBox=\"0 0 %d %d\" xml:space=\"preserve\">\n", box_w + 620, height);
	fputs("<style>text { font-family: monospace; font-size: 12px; }\n", f);
	fputs(".t { font-size: 14px; font-weight: bold; } .n { fill: #333; }\n", f);
	fputs(".h { fill: #777; font-style: italic; }</style>\n", f);
	fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
	title = format("The virtual address space of %s, process %s, top down",
		       lay.arch, opt.pid);
	svg_text(f, 10, 20, "t", title);
	free(title);
	fputs(body, f);
	fprintf(f, "</svg>\n");
	free(body);
	if (ferror(f) | fclose(f))
		die("%s: write error", path);
}

static void usage(int code)
{
	static const char * const lines[] = {
		"Usage: vas-draw [OPTION]...",
		"Draw the virtual address space of a process and of the kernel, top down,",
		"and how physical memory is organised, from /proc/vmsplit,",
		"/sys/kernel/mm/layout (CONFIG_VM_LAYOUT) and /proc/PID/maps.",
		"",
		"  -p, --pid PID      the process to draw (default: vas-draw itself)",
		"  -u, --user         only the user part",
		"  -k, --kernel       only the kernel part",
		"  -P, --no-physical  leave out the physical memory",
		"  -w, --width N      width of the outermost box in columns (default 44)",
		"  -s, --svg FILE     also write the drawing as SVG to FILE",
		"  -j, --json         print every region and mapping as JSON instead",
		"  -r, --root DIR     read /proc and /sys under DIR (a copy of them)",
		"  -h, --help         this help",
		"",
		"Colour on a terminal, unless NO_COLOR is set.  Kernel addresses the",
		"reader may not see (kptr_restrict) are drawn as hidden.",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(lines); i++)
		fprintf(code ? stderr : stdout, "%s\n", lines[i]);
	exit(code);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pid", required_argument, NULL, 'p' },
		{ "user", no_argument, NULL, 'u' },
		{ "kernel", no_argument, NULL, 'k' },
		{ "no-physical", no_argument, NULL, 'P' },
		{ "width", required_argument, NULL, 'w' },
		{ "svg", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "root", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ }
	};
	const char *no_colour = getenv("NO_COLOR"), *term = getenv("TERM");
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "p:ukPw:s:jr:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (strcmp(optarg, "self") &&
			    (strspn(optarg, "0123456789") != strlen(optarg) || !*optarg))
				die("--pid %s: not a process id", optarg);
			opt.pid = optarg;
			break;
		case 'u':
			opt.kernel = false;
			break;
		case 'k':
			opt.user = false;
			break;
		case 'P':
			opt.physical = false;
			break;
		case 'w':
			opt.width = strtol(optarg, &end, 10);
			if (*end || opt.width < 30 || opt.width > 400)
				die("--width %s: want 30 to 400 columns", optarg);
			break;
		case 's':
			opt.svg = optarg;
			break;
		case 'j':
			opt.json = true;
			break;
		case 'r':
			opt.root = optarg;
			break;
		case 'h':
			usage(0);
			break;
		default:
			usage(2);
		}
	}
	if (optind < argc)
		die("unexpected argument '%s' (see --help)", argv[optind]);
	if (!opt.user && !opt.kernel)
		die("--user and --kernel leave nothing to draw");
	opt.colour = isatty(STDOUT_FILENO) && !(no_colour && *no_colour) && !opt.json &&
		     !(term && !strcmp(term, "dumb"));

	read_vmsplit();
	index_subtrees(&regions);
	read_sizes();
	read_maps();
	read_process();
	place(-1, 0);
	index_subtrees(&tree);
	with_holes(-1);
	select_items();
	if (opt.svg)
		draw_svg(opt.svg);
	if (opt.json) {
		draw_json();
	} else {
		draw_text();
		if (opt.physical && opt.kernel) {
			putchar('\n');
			draw_physical(stdout);
		}
	}
	if (fflush(stdout) || ferror(stdout))
		die("standard output: %s", strerror(errno));
	return 0;
}
