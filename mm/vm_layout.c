// SPDX-License-Identifier: GPL-2.0
/*
 * Report the virtual memory split and the kernel virtual address space
 * layout in /proc/vmsplit and /sys/kernel/mm/layout/.
 *
 * Generic code owns the format, the order and the access policy; the
 * architecture only supplies data through arch_vm_layout().
 *
 * Every address is a KASLR secret.  Whether a reader may see them is
 * decided once, from the credentials of whoever opened the file, with the
 * same test /proc/kallsyms uses; everybody else reads zeros.  Sizes, names
 * and the paging geometry are not secret and are always shown.
 *
 * See Documentation/admin-guide/mm/vm_layout.rst.
 */

#include <linux/gcd.h>
#include <linux/hex.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>
#include <linux/vm_layout.h>

#include <asm/sections.h>

/* Hex digits of an address: 8 or 16, like /proc/<pid>/maps. */
#define VM_LAYOUT_ADDR_WIDTH	(BITS_PER_LONG / 4)
/* Longest value text: the machine name, or a 64-bit decimal number. */
#define VM_LAYOUT_TEXT_LEN	(__NEW_UTS_LEN + 2)
/* Column where /proc/vmsplit header values start. */
#define VM_LAYOUT_KEY_WIDTH	20

enum vm_layout_item {
	VL_ARCH,
	VL_PAGE_OFFSET,
	VL_TASK_SIZE,
	VL_KERNEL_VAS_START,
	VL_USER_VAS_SIZE,
	VL_KERNEL_VAS_SIZE,
	VL_SPLIT,
	VL_VA_BITS,
	VL_VA_BITS_MAX,
	VL_PGTABLE_LEVELS,
	VL_PGTABLE_LEVELS_MAX,
	VL_PAGING_CHOSEN_AT,
	VL_PAGE_SIZE,
	VL_MEMORY_MODEL,
	VL_KASLR_STATE,
	VL_KASLR_OFFSET,
	VL_KASLR_MEMORY,
	VL_NR_ITEMS
};

static ssize_t vm_layout_item_read(struct file *file, struct kobject *kobj,
				   const struct bin_attribute *attr,
				   char *buf, loff_t pos, size_t count);

#define VM_LAYOUT_ITEM(_name)						\
	{								\
		.attr	= { .name = #_name, .mode = 0444 },		\
		.read	= vm_layout_item_read,				\
	}

/*
 * One sysfs file per header value, at the index of its value.  Its name is
 * also the /proc/vmsplit key, except that the values from VL_KASLR_STATE on
 * are kaslr/<name> in sysfs and kaslr_<name> in /proc/vmsplit.
 */
static const struct bin_attribute vm_layout_item_attrs[VL_NR_ITEMS] = {
	[VL_ARCH]		= VM_LAYOUT_ITEM(arch),
	[VL_PAGE_OFFSET]	= VM_LAYOUT_ITEM(page_offset),
	[VL_TASK_SIZE]		= VM_LAYOUT_ITEM(task_size),
	[VL_KERNEL_VAS_START]	= VM_LAYOUT_ITEM(kernel_vas_start),
	[VL_USER_VAS_SIZE]	= VM_LAYOUT_ITEM(user_vas_size),
	[VL_KERNEL_VAS_SIZE]	= VM_LAYOUT_ITEM(kernel_vas_size),
	[VL_SPLIT]		= VM_LAYOUT_ITEM(split),
	[VL_VA_BITS]		= VM_LAYOUT_ITEM(va_bits),
	[VL_VA_BITS_MAX]	= VM_LAYOUT_ITEM(va_bits_max),
	[VL_PGTABLE_LEVELS]	= VM_LAYOUT_ITEM(pgtable_levels),
	[VL_PGTABLE_LEVELS_MAX]	= VM_LAYOUT_ITEM(pgtable_levels_max),
	[VL_PAGING_CHOSEN_AT]	= VM_LAYOUT_ITEM(paging_chosen_at),
	[VL_PAGE_SIZE]		= VM_LAYOUT_ITEM(page_size),
	[VL_MEMORY_MODEL]	= VM_LAYOUT_ITEM(memory_model),
	[VL_KASLR_STATE]	= VM_LAYOUT_ITEM(state),
	[VL_KASLR_OFFSET]	= VM_LAYOUT_ITEM(offset),
	[VL_KASLR_MEMORY]	= VM_LAYOUT_ITEM(memory),
};

static const char * const vm_layout_kaslr_names[] = {
	[VM_LAYOUT_KASLR_UNSUPPORTED]		= "unsupported",
	[VM_LAYOUT_KASLR_NOT_CONFIGURED]	= "not-configured",
	[VM_LAYOUT_KASLR_DISABLED]		= "disabled",
	[VM_LAYOUT_KASLR_ENABLED]		= "enabled",
};

/**
 * vm_layout_add - add a region to a layout snapshot
 * @layout: the snapshot
 * @name: stable identifier of the region, a valid sysfs file name
 * @start: first address of the region
 * @end: first address past the region
 *
 * The region is recorded only if the snapshot is meant to hold it (see
 * &struct vm_layout).
 *
 * Context: Any context.
 */
void vm_layout_add(struct vm_layout *layout, const char *name,
		   unsigned long start, unsigned long end)
{
	struct vm_layout_region *region;

	if (!layout->max_regions || (layout->only && strcmp(name, layout->only)))
		return;
	if (WARN_ON_ONCE(layout->nr_regions == layout->max_regions))
		return;

	region = &layout->regions[layout->nr_regions++];
	region->name = name;
	region->start = start;
	region->end = end;
}

/**
 * vm_layout_update - change the bounds of a generic region
 * @layout: the snapshot
 * @name: name of a region generic code added
 * @start: first address of the region
 * @end: first address past the region
 *
 * For an architecture whose bounds of a generic region differ from what
 * the generic macros give.
 *
 * Context: Any context.
 */
void vm_layout_update(struct vm_layout *layout, const char *name,
		      unsigned long start, unsigned long end)
{
	unsigned int i;

	for (i = 0; i < layout->nr_regions; i++) {
		if (!strcmp(layout->regions[i].name, name)) {
			layout->regions[i].start = start;
			layout->regions[i].end = end;
			return;
		}
	}
	/* Only a snapshot of all regions must have it. */
	WARN_ONCE(layout->max_regions && !layout->only,
		  "vm_layout: no region %s to update\n", name);
}

static void vm_layout_add_modules(struct vm_layout *layout)
{
#ifdef MODULES_VADDR
	/* Some architectures load modules into vmalloc space. */
	if (MODULES_VADDR != VMALLOC_START)
		vm_layout_add(layout, "modules", MODULES_VADDR, MODULES_END);
#endif
}

/*
 * Take a snapshot into @layout, recording at most @max_regions regions in
 * @regions, and only the one named @only if that is not NULL.
 */
static void vm_layout_fill(struct vm_layout *layout,
			   struct vm_layout_region *regions,
			   unsigned int max_regions, const char *only)
{
	*layout = (struct vm_layout) {
		.page_offset		= PAGE_OFFSET,
		/* 64-bit architectures set the end of their window. */
		.direct_map_end		= (unsigned long)READ_ONCE(high_memory),
		.kernel_vas_start	= PAGE_OFFSET,
		.pgtable_levels		= CONFIG_PGTABLE_LEVELS,
		.kaslr			= VM_LAYOUT_KASLR_UNSUPPORTED,
		.kaslr_memory		= VM_LAYOUT_KASLR_UNSUPPORTED,
		.only			= only,
		.max_regions		= max_regions,
		.regions		= regions,
	};

	vm_layout_add(layout, "vmalloc", VMALLOC_START, VMALLOC_END);
	vm_layout_add_modules(layout);
	vm_layout_add(layout, "kernel", (unsigned long)_text,
		      (unsigned long)_end);
	vm_layout_add(layout, "kernel_text", (unsigned long)_text,
		      (unsigned long)_etext);
	vm_layout_add(layout, "kernel_rodata", (unsigned long)__start_rodata,
		      (unsigned long)__end_rodata);
	vm_layout_add(layout, "kernel_data", (unsigned long)_sdata,
		      (unsigned long)_edata);
	vm_layout_add(layout, "kernel_init", (unsigned long)__init_begin,
		      (unsigned long)__init_end);
	vm_layout_add(layout, "kernel_bss", (unsigned long)__bss_start,
		      (unsigned long)__bss_stop);

	arch_vm_layout(layout);

	WARN_ON_ONCE(!layout->task_size);
	vm_layout_add(layout, "user", 0, layout->task_size);
	vm_layout_add(layout, "direct_map", layout->page_offset,
		      layout->direct_map_end);
}

/*
 * The formatters below fill a buffer of at least VM_LAYOUT_TEXT_LEN bytes
 * and return the length, without a NUL.  They do not parse format strings:
 * the files are read often enough, in scripts and tests, for that to be
 * most of their cost.
 */
static int vm_layout_format_addr(char *buf, unsigned long addr,
				 bool show_addrs)
{
	int i;

	if (!show_addrs)
		addr = 0;
	for (i = VM_LAYOUT_ADDR_WIDTH - 2; i >= 0; i -= 2, addr >>= 8)
		hex_byte_pack(buf + i, addr);
	return VM_LAYOUT_ADDR_WIDTH;
}

static int vm_layout_format_dec(char *buf, unsigned long val)
{
	return num_to_str(buf, VM_LAYOUT_TEXT_LEN, val, 0);
}

static int vm_layout_format_str(char *buf, const char *str)
{
	ssize_t len = strscpy(buf, str, VM_LAYOUT_TEXT_LEN);

	return len < 0 ? 0 : len;
}

static int vm_layout_format_split(const struct vm_layout *layout, char *buf)
{
	unsigned long user, kernel, div;
	int len;

	/* On 64-bit the halves are separated by a non-canonical hole. */
	if (BITS_PER_LONG != 32)
		return vm_layout_format_str(buf, "-");

	user = layout->page_offset;
	kernel = (unsigned long)(SZ_4G - layout->page_offset);
	div = gcd(user, kernel);
	len = vm_layout_format_dec(buf, user / div);
	buf[len++] = ':';
	return len + vm_layout_format_dec(buf + len, kernel / div);
}

static const char *vm_layout_memory_model(void)
{
	if (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		return "sparsemem-vmemmap";
	if (IS_ENABLED(CONFIG_SPARSEMEM))
		return "sparsemem";
	return "flatmem";
}

/* Format one header value, without a newline; returns its length. */
static int vm_layout_format_item(const struct vm_layout *layout,
				 unsigned int item, bool show_addrs,
				 char *buf)
{
	switch (item) {
	case VL_ARCH:
		return vm_layout_format_str(buf, init_utsname()->machine);
	case VL_PAGE_OFFSET:
		return vm_layout_format_addr(buf, layout->page_offset,
					     show_addrs);
	case VL_TASK_SIZE:
		return vm_layout_format_addr(buf, layout->task_size,
					     show_addrs);
	case VL_KERNEL_VAS_START:
		return vm_layout_format_addr(buf, layout->kernel_vas_start,
					     show_addrs);
	case VL_USER_VAS_SIZE:
		return vm_layout_format_dec(buf, layout->task_size);
	case VL_KERNEL_VAS_SIZE:
		return vm_layout_format_dec(buf, -layout->kernel_vas_start);
	case VL_SPLIT:
		return vm_layout_format_split(layout, buf);
	case VL_VA_BITS:
		return vm_layout_format_dec(buf, layout->va_bits);
	case VL_VA_BITS_MAX:
		return vm_layout_format_dec(buf, layout->va_bits_max);
	case VL_PGTABLE_LEVELS:
		return vm_layout_format_dec(buf, layout->pgtable_levels);
	case VL_PGTABLE_LEVELS_MAX:
		return vm_layout_format_dec(buf, CONFIG_PGTABLE_LEVELS);
	case VL_PAGING_CHOSEN_AT:
		return vm_layout_format_str(buf, layout->paging_chosen_at_boot ?
					    "boot" : "build");
	case VL_PAGE_SIZE:
		return vm_layout_format_dec(buf, PAGE_SIZE);
	case VL_MEMORY_MODEL:
		return vm_layout_format_str(buf, vm_layout_memory_model());
	case VL_KASLR_STATE:
		return vm_layout_format_str(buf,
					    vm_layout_kaslr_names[layout->kaslr]);
	case VL_KASLR_OFFSET:
		return vm_layout_format_addr(buf, layout->kaslr_offset,
					     show_addrs);
	case VL_KASLR_MEMORY:
		return vm_layout_format_str(buf,
				vm_layout_kaslr_names[layout->kaslr_memory]);
	}
	return 0;
}

/*
 * /proc/vmsplit: one snapshot per open, so that every read of one file
 * descriptor sees the same text and the access decision made at open.
 */
struct vm_layout_file {
	bool show_addrs;
	u8 order[VM_LAYOUT_MAX_REGIONS];
	u8 depth[VM_LAYOUT_MAX_REGIONS];
	struct vm_layout layout;
	struct vm_layout_region regions[VM_LAYOUT_MAX_REGIONS];
};

/* Top down: the higher end first; the outer region first on a tie. */
static bool vm_layout_before(const struct vm_layout_region *a,
			     const struct vm_layout_region *b)
{
	if (a->end != b->end)
		return a->end - 1 > b->end - 1;
	return a->end - a->start > b->end - b->start;
}

static bool vm_layout_contains(const struct vm_layout_region *outer,
			       const struct vm_layout_region *inner)
{
	return inner->start >= outer->start &&
	       inner->end - 1 <= outer->end - 1;
}

static void vm_layout_sort(struct vm_layout_file *f)
{
	const struct vm_layout_region *regions = f->layout.regions;
	unsigned int n = f->layout.nr_regions;
	u8 stack[VM_LAYOUT_MAX_REGIONS];
	unsigned int i, j, sp = 0;

	/* Insertion sort: stable, and n is small. */
	for (i = 0; i < n; i++) {
		for (j = i; j > 0; j--) {
			if (!vm_layout_before(&regions[i],
					      &regions[f->order[j - 1]]))
				break;
			f->order[j] = f->order[j - 1];
		}
		f->order[j] = i;
	}

	/* A region inside the one above it is nested one level deeper. */
	for (i = 0; i < n; i++) {
		const struct vm_layout_region *r = &regions[f->order[i]];

		while (sp && !vm_layout_contains(&regions[stack[sp - 1]], r))
			sp--;
		f->depth[i] = sp;
		stack[sp++] = f->order[i];
	}
}

/*
 * Sizes for people: exact ("600 KiB") when the size is a whole number below
 * 10000 of some unit, otherwise rounded to hundredths of the largest unit
 * it reaches and marked as such ("~18.99 MiB").  start and end are exact.
 * Fills " <size, right-aligned in 9> <unit, left-aligned in 3>".
 */
static int vm_layout_format_size(char *buf, unsigned long size)
{
	static const char units[][4] = {
		"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
	};
	unsigned int unit = 0, shift = 0;
	unsigned long whole, frac;
	char num[24];
	int n, len = 0;

	while (unit < ARRAY_SIZE(units) - 1 && shift + 10 < BITS_PER_LONG &&
	       (size >> (shift + 10))) {
		unit++;
		shift += 10;
	}
	/* Step down while that keeps the figure exact and short. */
	while (unit && (size & ((1UL << shift) - 1)) &&
	       !(size & ((1UL << (shift - 10)) - 1)) &&
	       (size >> (shift - 10)) < 10000) {
		unit--;
		shift -= 10;
	}

	whole = size >> shift;
	if (!(size & ((1UL << shift) - 1))) {
		n = num_to_str(num, sizeof(num), whole, 0);
	} else {
		frac = (((size & ((1UL << shift) - 1)) >> (shift - 10)) * 100 +
			512) >> 10;
		if (frac == 100) {
			whole++;
			frac = 0;
		}
		if (whole == 1024 && unit < ARRAY_SIZE(units) - 1) {
			whole = 1;
			unit++;
		}
		num[0] = '~';
		n = 1 + num_to_str(num + 1, sizeof(num) - 4, whole, 0);
		num[n++] = '.';
		num[n++] = '0' + frac / 10;
		num[n++] = '0' + frac % 10;
	}

	buf[len++] = ' ';
	while (len + n < 10)
		buf[len++] = ' ';
	memcpy(buf + len, num, n);
	len += n;
	buf[len++] = ' ';
	for (n = 0; n < 3; n++)
		buf[len++] = units[unit][n] ?: ' ';
	return len;
}

static int vm_layout_show(struct seq_file *m, void *v)
{
	const struct vm_layout_file *f = m->private;
	const struct vm_layout *layout = &f->layout;
	/* A header line, or a region line up to its name. */
	char line[2 * VM_LAYOUT_ADDR_WIDTH + 2 * VM_LAYOUT_MAX_REGIONS + 32];
	unsigned int i;
	int len;

	BUILD_BUG_ON(sizeof(line) < VM_LAYOUT_KEY_WIDTH + VM_LAYOUT_TEXT_LEN + 2);

	for (i = 0; i < VL_NR_ITEMS; i++) {
		len = i < VL_KASLR_STATE ? 0 :
		      vm_layout_format_str(line, "kaslr_");
		len += vm_layout_format_str(line + len,
					    vm_layout_item_attrs[i].attr.name);
		line[len++] = ':';
		while (len <= VM_LAYOUT_KEY_WIDTH)
			line[len++] = ' ';
		len += vm_layout_format_item(layout, i, f->show_addrs,
					     line + len);
		line[len++] = '\n';
		seq_write(m, line, len);
	}

	seq_putc(m, '\n');
	for (i = 0; i < layout->nr_regions; i++) {
		const struct vm_layout_region *r = &layout->regions[f->order[i]];

		len = vm_layout_format_addr(line, r->start, f->show_addrs);
		line[len++] = '-';
		len += vm_layout_format_addr(line + len, r->end,
					     f->show_addrs);
		len += vm_layout_format_size(line + len, r->end - r->start);
		line[len++] = ' ';
		memset(line + len, ' ', 2 * f->depth[i]);
		len += 2 * f->depth[i];
		seq_write(m, line, len);
		seq_puts(m, r->name);
		seq_putc(m, '\n');
	}
	return 0;
}

static int vm_layout_open(struct inode *inode, struct file *file)
{
	struct vm_layout_file *f;
	int ret;

	/* Pinned for as long as the file is open: charge the opener. */
	f = kmalloc_obj(*f, GFP_KERNEL_ACCOUNT);
	if (!f)
		return -ENOMEM;

	f->show_addrs = kallsyms_show_value(file->f_cred);
	vm_layout_fill(&f->layout, f->regions, ARRAY_SIZE(f->regions), NULL);
	vm_layout_sort(f);

	ret = single_open(file, vm_layout_show, f);
	if (ret)
		kfree(f);
	return ret;
}

static int vm_layout_release(struct inode *inode, struct file *file)
{
	kfree(((struct seq_file *)file->private_data)->private);
	return single_release(inode, file);
}

static const struct proc_ops vm_layout_proc_ops = {
	.proc_flags	= PROC_ENTRY_PERMANENT,
	.proc_open	= vm_layout_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= vm_layout_release,
};

/*
 * /sys/kernel/mm/layout/: one value per file, the same text as the
 * matching /proc/vmsplit line.  A kobj_attribute's show() cannot see who
 * opened the file, so every file is a bin_attribute whose read() checks
 * file->f_cred, as /sys/module/<name>/sections/ does.
 */
enum vm_layout_field { VL_START, VL_END, VL_SIZE };

/*
 * Both read() methods are called twice by a reader that reads to the end,
 * the second time only to learn there is no more: neither allocates.
 */
static ssize_t vm_layout_item_read(struct file *file, struct kobject *kobj,
				   const struct bin_attribute *attr,
				   char *buf, loff_t pos, size_t count)
{
	char text[VM_LAYOUT_TEXT_LEN + 1];
	struct vm_layout layout;
	int len;

	vm_layout_fill(&layout, NULL, 0, NULL);
	len = vm_layout_format_item(&layout, attr - vm_layout_item_attrs,
				    kallsyms_show_value(file->f_cred), text);
	text[len++] = '\n';
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

static ssize_t vm_layout_region_read(struct file *file, struct kobject *kobj,
				     const struct bin_attribute *attr,
				     char *buf, loff_t pos, size_t count)
{
	bool show_addrs = kallsyms_show_value(file->f_cred);
	char text[VM_LAYOUT_TEXT_LEN + 1];
	struct vm_layout_region r;
	struct vm_layout layout;
	int len;

	vm_layout_fill(&layout, &r, 1, kobject_name(kobj));
	if (!layout.nr_regions)
		return -ENODEV;

	if ((uintptr_t)attr->private == VL_START)
		len = vm_layout_format_addr(text, r.start, show_addrs);
	else if ((uintptr_t)attr->private == VL_END)
		len = vm_layout_format_addr(text, r.end, show_addrs);
	else
		len = vm_layout_format_dec(text, r.end - r.start);
	text[len++] = '\n';
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

#define VM_LAYOUT_REGION_ATTR(_name, _field)				\
static const struct bin_attribute vm_layout_attr_##_name = {		\
	.attr		= { .name = __stringify(_name), .mode = 0444 },	\
	.read		= vm_layout_region_read,			\
	.private	= (void *)(_field),				\
}

VM_LAYOUT_REGION_ATTR(start, VL_START);
VM_LAYOUT_REGION_ATTR(end, VL_END);
VM_LAYOUT_REGION_ATTR(size, VL_SIZE);

static const struct bin_attribute *const vm_layout_region_attrs[] = {
	&vm_layout_attr_start,
	&vm_layout_attr_end,
	&vm_layout_attr_size,
	NULL
};

static const struct attribute_group vm_layout_region_group = {
	.bin_attrs = vm_layout_region_attrs,
};

static int __init vm_layout_sysfs_init(void)
{
	struct kobject *layout_kobj, *kaslr_kobj, *regions_kobj, *kobj;
	struct vm_layout_region *regions;
	struct vm_layout layout;
	unsigned int i;
	int err;

	if (!IS_ENABLED(CONFIG_SYSFS))
		return 0;

	regions = kmalloc_objs(*regions, VM_LAYOUT_MAX_REGIONS);
	if (!regions)
		return -ENOMEM;
	vm_layout_fill(&layout, regions, VM_LAYOUT_MAX_REGIONS, NULL);

	/*
	 * Built in and never removed: on an error, what was made stays, as
	 * a partial directory is still correct, and the error is returned.
	 */
	layout_kobj = kobject_create_and_add("layout", mm_kobj);
	kaslr_kobj = layout_kobj ?
		kobject_create_and_add("kaslr", layout_kobj) : NULL;
	regions_kobj = kaslr_kobj ?
		kobject_create_and_add("regions", layout_kobj) : NULL;
	err = regions_kobj ? 0 : -ENOMEM;

	for (i = 0; i < VL_NR_ITEMS && !err; i++)
		err = sysfs_create_bin_file(i < VL_KASLR_STATE ?
					    layout_kobj : kaslr_kobj,
					    &vm_layout_item_attrs[i]);

	for (i = 0; i < layout.nr_regions && !err; i++) {
		kobj = kobject_create_and_add(regions[i].name,
					      regions_kobj);
		if (!kobj)
			err = -ENOMEM;
		else
			err = sysfs_create_group(kobj,
						 &vm_layout_region_group);
	}
	kfree(regions);
	return err;
}

static int __init vm_layout_init(void)
{
	if (IS_ENABLED(CONFIG_PROC_FS) &&
	    !proc_create("vmsplit", 0444, NULL, &vm_layout_proc_ops))
		return -ENOMEM;

	return vm_layout_sysfs_init();
}
subsys_initcall(vm_layout_init);

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
#include "tests/vm_layout_kunit.h"
#endif
