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
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
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

/* /proc/vmsplit keys; sysfs puts kaslr_<x> at kaslr/<x>. */
static const char * const vm_layout_keys[VL_NR_ITEMS] = {
	[VL_ARCH]		= "arch",
	[VL_PAGE_OFFSET]	= "page_offset",
	[VL_TASK_SIZE]		= "task_size",
	[VL_KERNEL_VAS_START]	= "kernel_vas_start",
	[VL_USER_VAS_SIZE]	= "user_vas_size",
	[VL_KERNEL_VAS_SIZE]	= "kernel_vas_size",
	[VL_SPLIT]		= "split",
	[VL_VA_BITS]		= "va_bits",
	[VL_VA_BITS_MAX]	= "va_bits_max",
	[VL_PGTABLE_LEVELS]	= "pgtable_levels",
	[VL_PGTABLE_LEVELS_MAX]	= "pgtable_levels_max",
	[VL_PAGING_CHOSEN_AT]	= "paging_chosen_at",
	[VL_PAGE_SIZE]		= "page_size",
	[VL_MEMORY_MODEL]	= "memory_model",
	[VL_KASLR_STATE]	= "kaslr_state",
	[VL_KASLR_OFFSET]	= "kaslr_offset",
	[VL_KASLR_MEMORY]	= "kaslr_memory",
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
 * A region of the same name is replaced, so an architecture can refine
 * the bounds of a generic region.
 *
 * Context: Any context.
 */
void vm_layout_add(struct vm_layout *layout, const char *name,
		   unsigned long start, unsigned long end)
{
	struct vm_layout_region *region;
	unsigned int i;

	for (i = 0; i < layout->nr_regions; i++)
		if (!strcmp(layout->regions[i].name, name))
			break;

	if (i == layout->nr_regions) {
		if (WARN_ON_ONCE(i == VM_LAYOUT_MAX_REGIONS))
			return;
		layout->nr_regions++;
	}

	region = &layout->regions[i];
	region->name = name;
	region->start = start;
	region->end = end;
}

static void vm_layout_add_modules(struct vm_layout *layout)
{
#ifdef MODULES_VADDR
	/* Some architectures load modules into vmalloc space. */
	if (MODULES_VADDR != VMALLOC_START)
		vm_layout_add(layout, "modules", MODULES_VADDR, MODULES_END);
#endif
}

static void vm_layout_fill(struct vm_layout *layout)
{
	memset(layout, 0, sizeof(*layout));
	layout->page_offset = PAGE_OFFSET;
	layout->task_size = TASK_SIZE_MAX;
	layout->kernel_vas_start = PAGE_OFFSET;
	layout->pgtable_levels = CONFIG_PGTABLE_LEVELS;
	layout->kaslr = VM_LAYOUT_KASLR_UNSUPPORTED;
	layout->kaslr_memory = VM_LAYOUT_KASLR_UNSUPPORTED;

	vm_layout_add(layout, "user", 0, TASK_SIZE_MAX);
	vm_layout_add(layout, "direct_map", PAGE_OFFSET,
		      (unsigned long)high_memory);
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
}

static int vm_layout_format_addr(char *buf, size_t size, unsigned long addr,
				 bool show_addrs)
{
	return scnprintf(buf, size, "%0*lx", VM_LAYOUT_ADDR_WIDTH,
			 show_addrs ? addr : 0UL);
}

static int vm_layout_format_split(const struct vm_layout *layout, char *buf,
				  size_t size)
{
	unsigned long user, kernel, div;

	/* On 64-bit the halves are separated by a non-canonical hole. */
	if (BITS_PER_LONG != 32)
		return scnprintf(buf, size, "-");

	user = layout->page_offset;
	kernel = (unsigned long)(SZ_4G - layout->page_offset);
	div = gcd(user, kernel);
	return scnprintf(buf, size, "%lu:%lu", user / div, kernel / div);
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
				 char *buf, size_t size)
{
	switch (item) {
	case VL_ARCH:
		return scnprintf(buf, size, "%s", init_utsname()->machine);
	case VL_PAGE_OFFSET:
		return vm_layout_format_addr(buf, size, layout->page_offset,
					     show_addrs);
	case VL_TASK_SIZE:
		return vm_layout_format_addr(buf, size, layout->task_size,
					     show_addrs);
	case VL_KERNEL_VAS_START:
		return vm_layout_format_addr(buf, size,
					     layout->kernel_vas_start,
					     show_addrs);
	case VL_USER_VAS_SIZE:
		return scnprintf(buf, size, "%lu", layout->task_size);
	case VL_KERNEL_VAS_SIZE:
		return scnprintf(buf, size, "%lu", -layout->kernel_vas_start);
	case VL_SPLIT:
		return vm_layout_format_split(layout, buf, size);
	case VL_VA_BITS:
		return scnprintf(buf, size, "%u", layout->va_bits);
	case VL_VA_BITS_MAX:
		return scnprintf(buf, size, "%u", layout->va_bits_max);
	case VL_PGTABLE_LEVELS:
		return scnprintf(buf, size, "%u", layout->pgtable_levels);
	case VL_PGTABLE_LEVELS_MAX:
		return scnprintf(buf, size, "%u", CONFIG_PGTABLE_LEVELS);
	case VL_PAGING_CHOSEN_AT:
		return scnprintf(buf, size, "%s",
				 layout->paging_chosen_at_boot ? "boot" : "build");
	case VL_PAGE_SIZE:
		return scnprintf(buf, size, "%lu", PAGE_SIZE);
	case VL_MEMORY_MODEL:
		return scnprintf(buf, size, "%s", vm_layout_memory_model());
	case VL_KASLR_STATE:
		return scnprintf(buf, size, "%s",
				 vm_layout_kaslr_names[layout->kaslr]);
	case VL_KASLR_OFFSET:
		return vm_layout_format_addr(buf, size, layout->kaslr_offset,
					     show_addrs);
	case VL_KASLR_MEMORY:
		return scnprintf(buf, size, "%s",
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
 */
static void vm_layout_put_size(struct seq_file *m, unsigned long size)
{
	static const char units[][4] = {
		"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
	};
	unsigned int unit = 0, shift = 0;
	unsigned long whole, frac;
	char num[24];

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
		scnprintf(num, sizeof(num), "%lu", whole);
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
		scnprintf(num, sizeof(num), "~%lu.%02lu", whole, frac);
	}
	seq_printf(m, " %9s %-3s", num, units[unit]);
}

static int vm_layout_show(struct seq_file *m, void *v)
{
	const struct vm_layout_file *f = m->private;
	const struct vm_layout *layout = &f->layout;
	char text[VM_LAYOUT_TEXT_LEN];
	unsigned int i;

	for (i = 0; i < VL_NR_ITEMS; i++) {
		const char *key = vm_layout_keys[i];

		vm_layout_format_item(layout, i, f->show_addrs, text,
				      sizeof(text));
		seq_printf(m, "%s:%*s%s\n", key,
			   VM_LAYOUT_KEY_WIDTH - (int)strlen(key), "", text);
	}

	seq_putc(m, '\n');
	for (i = 0; i < layout->nr_regions; i++) {
		const struct vm_layout_region *r = &layout->regions[f->order[i]];

		seq_put_hex_ll(m, NULL, f->show_addrs ? r->start : 0,
			       VM_LAYOUT_ADDR_WIDTH);
		seq_put_hex_ll(m, "-", f->show_addrs ? r->end : 0,
			       VM_LAYOUT_ADDR_WIDTH);
		vm_layout_put_size(m, r->end - r->start);
		seq_printf(m, " %*s%s\n", 2 * f->depth[i], "", r->name);
	}
	return 0;
}

static int vm_layout_open(struct inode *inode, struct file *file)
{
	struct vm_layout_file *f;
	int ret;

	f = kmalloc_obj(*f);
	if (!f)
		return -ENOMEM;

	f->show_addrs = kallsyms_show_value(file->f_cred);
	vm_layout_fill(&f->layout);
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

static struct vm_layout *vm_layout_snapshot(void)
{
	struct vm_layout *layout = kmalloc_obj(*layout);

	if (layout)
		vm_layout_fill(layout);
	return layout;
}

static ssize_t vm_layout_item_read(struct file *file, struct kobject *kobj,
				   const struct bin_attribute *attr,
				   char *buf, loff_t pos, size_t count)
{
	char text[VM_LAYOUT_TEXT_LEN + 1];
	struct vm_layout *layout;
	int len;

	layout = vm_layout_snapshot();
	if (!layout)
		return -ENOMEM;
	len = vm_layout_format_item(layout, (uintptr_t)attr->private,
				    kallsyms_show_value(file->f_cred),
				    text, sizeof(text) - 1);
	kfree(layout);

	text[len++] = '\n';
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

static ssize_t vm_layout_region_read(struct file *file, struct kobject *kobj,
				     const struct bin_attribute *attr,
				     char *buf, loff_t pos, size_t count)
{
	bool show_addrs = kallsyms_show_value(file->f_cred);
	const struct vm_layout_region *r = NULL;
	char text[VM_LAYOUT_TEXT_LEN];
	struct vm_layout *layout;
	unsigned int i;
	int len = 0;

	layout = vm_layout_snapshot();
	if (!layout)
		return -ENOMEM;
	for (i = 0; i < layout->nr_regions; i++)
		if (!strcmp(layout->regions[i].name, kobject_name(kobj)))
			r = &layout->regions[i];

	if (r && (uintptr_t)attr->private == VL_START)
		len = vm_layout_format_addr(text, sizeof(text), r->start,
					    show_addrs);
	else if (r && (uintptr_t)attr->private == VL_END)
		len = vm_layout_format_addr(text, sizeof(text), r->end,
					    show_addrs);
	else if (r)
		len = scnprintf(text, sizeof(text), "%lu", r->end - r->start);
	kfree(layout);
	if (!r)
		return -ENODEV;

	text[len++] = '\n';
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

#define VM_LAYOUT_ATTR(_name, _read, _private)				\
static const struct bin_attribute vm_layout_attr_##_name = {		\
	.attr		= { .name = __stringify(_name), .mode = 0444 },	\
	.read		= _read,					\
	.private	= (void *)(_private),				\
}

#define VM_LAYOUT_ITEM_ATTR(_name, _item)				\
	VM_LAYOUT_ATTR(_name, vm_layout_item_read, _item)

VM_LAYOUT_ITEM_ATTR(arch, VL_ARCH);
VM_LAYOUT_ITEM_ATTR(page_offset, VL_PAGE_OFFSET);
VM_LAYOUT_ITEM_ATTR(task_size, VL_TASK_SIZE);
VM_LAYOUT_ITEM_ATTR(kernel_vas_start, VL_KERNEL_VAS_START);
VM_LAYOUT_ITEM_ATTR(user_vas_size, VL_USER_VAS_SIZE);
VM_LAYOUT_ITEM_ATTR(kernel_vas_size, VL_KERNEL_VAS_SIZE);
VM_LAYOUT_ITEM_ATTR(split, VL_SPLIT);
VM_LAYOUT_ITEM_ATTR(va_bits, VL_VA_BITS);
VM_LAYOUT_ITEM_ATTR(va_bits_max, VL_VA_BITS_MAX);
VM_LAYOUT_ITEM_ATTR(pgtable_levels, VL_PGTABLE_LEVELS);
VM_LAYOUT_ITEM_ATTR(pgtable_levels_max, VL_PGTABLE_LEVELS_MAX);
VM_LAYOUT_ITEM_ATTR(paging_chosen_at, VL_PAGING_CHOSEN_AT);
VM_LAYOUT_ITEM_ATTR(page_size, VL_PAGE_SIZE);
VM_LAYOUT_ITEM_ATTR(memory_model, VL_MEMORY_MODEL);
VM_LAYOUT_ITEM_ATTR(state, VL_KASLR_STATE);
VM_LAYOUT_ITEM_ATTR(offset, VL_KASLR_OFFSET);
VM_LAYOUT_ITEM_ATTR(memory, VL_KASLR_MEMORY);

static const struct bin_attribute *const vm_layout_attrs[] = {
	&vm_layout_attr_arch,
	&vm_layout_attr_page_offset,
	&vm_layout_attr_task_size,
	&vm_layout_attr_kernel_vas_start,
	&vm_layout_attr_user_vas_size,
	&vm_layout_attr_kernel_vas_size,
	&vm_layout_attr_split,
	&vm_layout_attr_va_bits,
	&vm_layout_attr_va_bits_max,
	&vm_layout_attr_pgtable_levels,
	&vm_layout_attr_pgtable_levels_max,
	&vm_layout_attr_paging_chosen_at,
	&vm_layout_attr_page_size,
	&vm_layout_attr_memory_model,
	NULL
};

static const struct bin_attribute *const vm_layout_kaslr_attrs[] = {
	&vm_layout_attr_state,
	&vm_layout_attr_offset,
	&vm_layout_attr_memory,
	NULL
};

static const struct attribute_group vm_layout_group = {
	.bin_attrs = vm_layout_attrs,
};

static const struct attribute_group vm_layout_kaslr_group = {
	.name = "kaslr",
	.bin_attrs = vm_layout_kaslr_attrs,
};

static const struct attribute_group *vm_layout_groups[] = {
	&vm_layout_group,
	&vm_layout_kaslr_group,
	NULL
};

VM_LAYOUT_ATTR(start, vm_layout_region_read, VL_START);
VM_LAYOUT_ATTR(end, vm_layout_region_read, VL_END);
VM_LAYOUT_ATTR(size, vm_layout_region_read, VL_SIZE);

static const struct bin_attribute *const vm_layout_region_attrs[] = {
	&vm_layout_attr_start,
	&vm_layout_attr_end,
	&vm_layout_attr_size,
	NULL
};

static const struct attribute_group vm_layout_region_group = {
	.bin_attrs = vm_layout_region_attrs,
};

struct vm_layout_sysfs_scratch {
	struct vm_layout layout;
	struct kobject *kobjs[VM_LAYOUT_MAX_REGIONS];
};

static int __init vm_layout_sysfs_init(void)
{
	struct vm_layout_sysfs_scratch *s;
	struct kobject *layout_kobj, *regions_kobj;
	unsigned int i, n = 0;
	int err = -ENOMEM;

	if (!IS_ENABLED(CONFIG_SYSFS))
		return 0;

	s = kmalloc_obj(*s);
	if (!s)
		return -ENOMEM;
	vm_layout_fill(&s->layout);

	layout_kobj = kobject_create_and_add("layout", mm_kobj);
	if (!layout_kobj)
		goto free_scratch;

	err = sysfs_create_groups(layout_kobj, vm_layout_groups);
	if (err)
		goto put_layout;

	err = -ENOMEM;
	regions_kobj = kobject_create_and_add("regions", layout_kobj);
	if (!regions_kobj)
		goto remove_groups;

	for (n = 0; n < s->layout.nr_regions; n++) {
		struct kobject *kobj;

		kobj = kobject_create_and_add(s->layout.regions[n].name,
					      regions_kobj);
		if (!kobj) {
			err = -ENOMEM;
			goto put_regions;
		}
		s->kobjs[n] = kobj;
		err = sysfs_create_group(kobj, &vm_layout_region_group);
		if (err) {
			n++;
			goto put_regions;
		}
	}

	kfree(s);
	return 0;

put_regions:
	for (i = 0; i < n; i++)
		kobject_put(s->kobjs[i]);
	kobject_put(regions_kobj);
remove_groups:
	sysfs_remove_groups(layout_kobj, vm_layout_groups);
put_layout:
	kobject_put(layout_kobj);
free_scratch:
	kfree(s);
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
