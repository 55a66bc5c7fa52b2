// SPDX-License-Identifier: GPL-2.0
/*
 * Report the virtual memory split and the kernel virtual address space
 * layout in /proc/vmsplit and /sys/kernel/mm/layout/.
 *
 * Generic code owns the format, the order and the access policy; the
 * architecture only supplies data through arch_vm_layout().
 *
 * The layout is taken once, at a late initcall; reading the files only
 * formats it.  Physical memory, which hotplug changes, is read live
 * (mm/vm_layout_phys.c) and has a secret of its own, managed_pages.
 *
 * Secret are the values KASLR can move: page_offset (the x86_64 direct
 * map), kaslr_offset and the bounds of the kernel's regions.  They, and
 * for simplicity the bounds of every region, are shown only to readers
 * whose credentials, when they opened the file, pass the test
 * /proc/kallsyms uses; everybody else reads zeros.  Nothing else depends
 * on a random choice, so the rest is shown to all: names, sizes, order,
 * nesting, the paging geometry, and task_size and kernel_vas_start, which
 * the paging mode fixes (user_vas_size and kernel_vas_size repeat them).
 *
 * See Documentation/admin-guide/mm/vm_layout.rst.
 */

#include <linux/gcd.h>
#include <linux/highmem.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kasan.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/utsname.h>
#include <linux/vm_layout.h>

#include <asm/fixmap.h>
#include <asm/sections.h>

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

/* The /proc/vmsplit keys; sysfs has the same names, kaslr_* in kaslr/. */
static const char * const vm_layout_item_names[VL_NR_ITEMS] = {
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
 * Context: Any context.
 */
void vm_layout_add(struct vm_layout *layout, const char *name,
		   unsigned long start, unsigned long end)
{
	struct vm_layout_region *region;

	if (WARN_ON_ONCE(layout->nr_regions == layout->max_regions))
		return;

	region = &layout->regions[layout->nr_regions++];
	region->name = name;
	region->start = start;
	region->end = end;
}

/* The regions that architectures share, from the generic macros. */
static void __init vm_layout_add_shared(struct vm_layout *layout)
{
#if defined(CONFIG_KASAN_GENERIC) || defined(CONFIG_KASAN_SW_TAGS)
	vm_layout_add(layout, "kasan_shadow", KASAN_SHADOW_START,
		      KASAN_SHADOW_END);
#endif
#ifdef CONFIG_HIGHMEM
	vm_layout_add(layout, "pkmap", PKMAP_BASE,
		      PKMAP_BASE + LAST_PKMAP * PAGE_SIZE);
#endif
#if defined(PCI_IO_START) && defined(PCI_IO_END)
	vm_layout_add(layout, "pci_io", PCI_IO_START, PCI_IO_END);
#endif
	/*
	 * Every slot.  Where an architecture has FIXADDR_END (arm), its
	 * FIXADDR_TOP is the page of slot 0, one below the end.
	 */
#ifdef FIXADDR_END
	vm_layout_add(layout, "fixmap", FIXADDR_START, FIXADDR_END);
#else
	vm_layout_add(layout, "fixmap", FIXADDR_START, FIXADDR_TOP);
#endif
}

/* Take a snapshot into @layout, with room for @max_regions @regions. */
static void __init vm_layout_fill(struct vm_layout *layout,
				  struct vm_layout_region *regions,
				  unsigned int max_regions)
{
	*layout = (struct vm_layout) {
		.page_offset		= PAGE_OFFSET,
		/* 64-bit architectures set the end of their window. */
		.direct_map_end		= (unsigned long)high_memory,
		.vmalloc_end		= VMALLOC_END,
#ifdef MODULES_VADDR
		.modules_start		= MODULES_VADDR,
		.modules_end		= MODULES_END,
#endif
		.kernel_vas_start	= PAGE_OFFSET,
		.pgtable_levels		= CONFIG_PGTABLE_LEVELS,
		.kaslr			= VM_LAYOUT_KASLR_UNSUPPORTED,
		.kaslr_memory		= VM_LAYOUT_KASLR_UNSUPPORTED,
		.max_regions		= max_regions,
		.regions		= regions,
	};

	vm_layout_add_shared(layout);
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
	vm_layout_add(layout, "vmalloc", VMALLOC_START, layout->vmalloc_end);
	/* Some architectures load modules into vmalloc space. */
	if (layout->modules_end && layout->modules_start != VMALLOC_START)
		vm_layout_add(layout, "modules", layout->modules_start,
			      layout->modules_end);
}

/*
 * The layout, the regions top down and how deep each is nested.  Taken
 * once, at boot: every value in it is fixed by then (the randomised bases
 * and the paging depth are __ro_after_init, and the direct map is the
 * range reserved for it, which hot-added memory is mapped inside).
 */
struct vm_layout_table {
	struct vm_layout layout;
	struct vm_layout_region regions[VM_LAYOUT_MAX_REGIONS];
	u8 order[VM_LAYOUT_MAX_REGIONS];
	u8 depth[VM_LAYOUT_MAX_REGIONS];
};

static struct vm_layout_table vm_layout_table __ro_after_init;

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

static void vm_layout_sort(struct vm_layout_table *t)
{
	const struct vm_layout_region *regions = t->layout.regions;
	unsigned int n = t->layout.nr_regions;
	u8 stack[VM_LAYOUT_MAX_REGIONS];
	unsigned int i, j, sp = 0;

	/* Insertion sort: stable, and n is small. */
	for (i = 0; i < n; i++) {
		for (j = i; j > 0; j--) {
			if (!vm_layout_before(&regions[i],
					      &regions[t->order[j - 1]]))
				break;
			t->order[j] = t->order[j - 1];
		}
		t->order[j] = i;
	}

	/* A region inside the one above it is nested one level deeper. */
	for (i = 0; i < n; i++) {
		const struct vm_layout_region *r = &regions[t->order[i]];

		while (sp && !vm_layout_contains(&regions[stack[sp - 1]], r))
			sp--;
		t->depth[i] = sp;
		stack[sp++] = t->order[i];
	}
}

static const char *vm_layout_memory_model(void)
{
	if (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		return "sparsemem-vmemmap";
	if (IS_ENABLED(CONFIG_SPARSEMEM))
		return "sparsemem";
	return "flatmem";
}

/*
 * A header value: a string, or a number, in hex if it is an address, and
 * secret if KASLR can move it (only those are hidden, see the top).
 */
struct vm_layout_value {
	const char *str;
	unsigned long val;
	bool hex;
	bool secret;
};

/* "user:kernel" in lowest terms on 32-bit, set with the table. */
static char vm_layout_split[24] __ro_after_init = "-";

static struct vm_layout_value vm_layout_item(unsigned int item)
{
	const struct vm_layout *layout = &vm_layout_table.layout;

	switch (item) {
	case VL_ARCH:
		return (struct vm_layout_value){ .str = init_utsname()->machine };
	case VL_PAGE_OFFSET:
		return (struct vm_layout_value){ .val = layout->page_offset,
						 .hex = true, .secret = true };
	case VL_TASK_SIZE:
		return (struct vm_layout_value){ .val = layout->task_size,
						 .hex = true };
	case VL_KERNEL_VAS_START:
		return (struct vm_layout_value){ .val = layout->kernel_vas_start,
						 .hex = true };
	case VL_USER_VAS_SIZE:
		return (struct vm_layout_value){ .val = layout->task_size };
	case VL_KERNEL_VAS_SIZE:
		return (struct vm_layout_value){ .val = -layout->kernel_vas_start };
	case VL_SPLIT:
		return (struct vm_layout_value){ .str = vm_layout_split };
	case VL_VA_BITS:
		return (struct vm_layout_value){ .val = layout->va_bits };
	case VL_VA_BITS_MAX:
		return (struct vm_layout_value){ .val = layout->va_bits_max };
	case VL_PGTABLE_LEVELS:
		return (struct vm_layout_value){ .val = layout->pgtable_levels };
	case VL_PGTABLE_LEVELS_MAX:
		return (struct vm_layout_value){ .val = CONFIG_PGTABLE_LEVELS };
	case VL_PAGING_CHOSEN_AT:
		return (struct vm_layout_value){
			.str = layout->paging_chosen_at_boot ? "boot" : "build" };
	case VL_PAGE_SIZE:
		return (struct vm_layout_value){ .val = PAGE_SIZE };
	case VL_MEMORY_MODEL:
		return (struct vm_layout_value){ .str = vm_layout_memory_model() };
	case VL_KASLR_STATE:
		return (struct vm_layout_value){
			.str = vm_layout_kaslr_names[layout->kaslr] };
	case VL_KASLR_OFFSET:
		return (struct vm_layout_value){ .val = layout->kaslr_offset,
						 .hex = true, .secret = true };
	default:
		return (struct vm_layout_value){
			.str = vm_layout_kaslr_names[layout->kaslr_memory] };
	}
}

/*
 * Sizes for people: exact ("600 KiB") when the size is a whole number below
 * 10000 of some unit, otherwise rounded to hundredths of the largest unit
 * it reaches and marked as such ("~18.99 MiB").  start and end are exact.
 * The figure is right-aligned in 9 columns, the unit left-aligned in 3.
 */
static void vm_layout_show_size(struct seq_file *m, unsigned long size)
{
	static const char * const units[] = {
		"B  ", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"
	};
	unsigned int unit = 0, shift = 0;
	unsigned long whole, frac;

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
		seq_put_decimal_ull_width(m, " ", whole, 9);
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
		/*
		 * " ~whole.frac", right-aligned like the exact figures
		 * (whole < 10000), without a format string: seq_printf()
		 * here made the file cost half as much again.
		 */
		seq_puts(m, &"      ~"[whole >= 1000 ? 4 : whole >= 100 ? 3 :
					whole >= 10 ? 2 : 1]);
		seq_put_decimal_ull(m, NULL, whole);
		seq_putc(m, '.');
		seq_putc(m, '0' + frac / 10);
		seq_putc(m, '0' + frac % 10);
	}
	seq_putc(m, ' ');
	seq_puts(m, units[unit]);
}

/* /proc/vmsplit; m->private is non-NULL if the reader sees addresses. */
static int vm_layout_show(struct seq_file *m, void *v)
{
	const struct vm_layout_table *t = &vm_layout_table;
	bool show_addrs = m->private;
	struct vm_layout_value val;
	unsigned int i, d;

	for (i = 0; i < VL_NR_ITEMS; i++) {
		val = vm_layout_item(i);
		seq_setwidth(m, VM_LAYOUT_KEY_WIDTH);
		seq_puts(m, vm_layout_item_names[i]);
		seq_putc(m, ':');
		seq_pad(m, ' ');
		if (val.str)
			seq_puts(m, val.str);
		else if (val.hex)
			seq_put_hex_ll(m, NULL,
				       show_addrs || !val.secret ? val.val : 0,
				       VM_LAYOUT_ADDR_WIDTH);
		else
			seq_put_decimal_ull(m, NULL, val.val);
		seq_putc(m, '\n');
	}

	seq_putc(m, '\n');
	for (i = 0; i < t->layout.nr_regions; i++) {
		const struct vm_layout_region *r = &t->regions[t->order[i]];

		seq_put_hex_ll(m, NULL, show_addrs ? r->start : 0,
			       VM_LAYOUT_ADDR_WIDTH);
		seq_put_hex_ll(m, "-", show_addrs ? r->end : 0,
			       VM_LAYOUT_ADDR_WIDTH);
		vm_layout_show_size(m, r->end - r->start);
		seq_putc(m, ' ');
		for (d = 0; d < t->depth[i]; d++)
			seq_puts(m, "  ");
		seq_puts(m, r->name);
		seq_putc(m, '\n');
	}

	seq_putc(m, '\n');
	vm_layout_phys_show(m, show_addrs);
	return 0;
}

/*
 * Decide at open, from the opener's credentials, as /proc/kallsyms does:
 * m->private is non-NULL if the opener may see addresses.
 */
static int vm_layout_open(struct inode *inode, struct file *file)
{
	return single_open(file, vm_layout_show,
			   kallsyms_show_value(file->f_cred) ? (void *)1 : NULL);
}

static const struct proc_ops vm_layout_proc_ops = {
	.proc_flags	= PROC_ENTRY_PERMANENT,
	.proc_open	= vm_layout_open,
	.proc_read	= seq_read,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

/* ->private of a region's start and end files: past the header items. */
#define VL_REGION_START		VL_NR_ITEMS
#define VL_REGION_END		(VL_NR_ITEMS + 1)

/* regions/<name>/: a directory per region, which knows its entry. */
struct vm_layout_region_kobj {
	struct kobject kobj;
	const struct vm_layout_region *region;
};

static const struct vm_layout_region *vm_layout_kobj_region(struct kobject *kobj)
{
	return container_of(kobj, struct vm_layout_region_kobj, kobj)->region;
}

/*
 * /sys/kernel/mm/layout/: one value per file, the same text as the
 * matching /proc/vmsplit line.  A kobj_attribute's show() cannot see who
 * opened the file, so the files that hold a hidden address are
 * bin_attributes whose read() checks file->f_cred, as
 * /sys/module/<name>/sections/ does.
 */
static ssize_t vm_layout_read_addr(struct file *file, struct kobject *kobj,
				   const struct bin_attribute *attr,
				   char *buf, loff_t pos, size_t count)
{
	uintptr_t item = (uintptr_t)attr->private;
	char text[VM_LAYOUT_ADDR_WIDTH + 2];
	unsigned long addr;
	int len;

	/* kernfs reads once more, at the end: nothing to format then. */
	if (pos >= VM_LAYOUT_ADDR_WIDTH + 1)
		return 0;
	if (item == VL_REGION_START)
		addr = vm_layout_kobj_region(kobj)->start;
	else if (item == VL_REGION_END)
		addr = vm_layout_kobj_region(kobj)->end;
	else
		addr = vm_layout_item(item).val;
	if (!kallsyms_show_value(file->f_cred))
		addr = 0;
	len = scnprintf(text, sizeof(text), "%0*lx\n", VM_LAYOUT_ADDR_WIDTH,
			addr);
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

struct vm_layout_attr {
	struct kobj_attribute kattr;
	unsigned int item;
};

static ssize_t vm_layout_item_show(struct kobject *kobj,
				   struct kobj_attribute *kattr, char *buf)
{
	unsigned int item = container_of(kattr, struct vm_layout_attr,
					 kattr)->item;
	struct vm_layout_value val = vm_layout_item(item);

	if (val.str)
		return sysfs_emit(buf, "%s\n", val.str);
	if (val.hex)
		return sysfs_emit(buf, "%0*lx\n", VM_LAYOUT_ADDR_WIDTH, val.val);
	return sysfs_emit(buf, "%lu\n", val.val);
}

#define VM_LAYOUT_ATTR(_name, _item)					\
static struct vm_layout_attr vm_layout_attr_##_name = {		\
	.kattr	= __ATTR(_name, 0444, vm_layout_item_show, NULL),	\
	.item	= _item,						\
}

#define VM_LAYOUT_ADDR_ATTR(_name, _item)				\
static const struct bin_attribute vm_layout_attr_##_name = {		\
	.attr		= { .name = __stringify(_name), .mode = 0444 },	\
	.read		= vm_layout_read_addr,				\
	.private	= (void *)(_item),				\
}

VM_LAYOUT_ATTR(arch, VL_ARCH);
VM_LAYOUT_ADDR_ATTR(page_offset, VL_PAGE_OFFSET);
VM_LAYOUT_ATTR(task_size, VL_TASK_SIZE);
VM_LAYOUT_ATTR(kernel_vas_start, VL_KERNEL_VAS_START);
VM_LAYOUT_ATTR(user_vas_size, VL_USER_VAS_SIZE);
VM_LAYOUT_ATTR(kernel_vas_size, VL_KERNEL_VAS_SIZE);
VM_LAYOUT_ATTR(split, VL_SPLIT);
VM_LAYOUT_ATTR(va_bits, VL_VA_BITS);
VM_LAYOUT_ATTR(va_bits_max, VL_VA_BITS_MAX);
VM_LAYOUT_ATTR(pgtable_levels, VL_PGTABLE_LEVELS);
VM_LAYOUT_ATTR(pgtable_levels_max, VL_PGTABLE_LEVELS_MAX);
VM_LAYOUT_ATTR(paging_chosen_at, VL_PAGING_CHOSEN_AT);
VM_LAYOUT_ATTR(page_size, VL_PAGE_SIZE);
VM_LAYOUT_ATTR(memory_model, VL_MEMORY_MODEL);
VM_LAYOUT_ATTR(state, VL_KASLR_STATE);
VM_LAYOUT_ADDR_ATTR(offset, VL_KASLR_OFFSET);
VM_LAYOUT_ATTR(memory, VL_KASLR_MEMORY);

static struct attribute *vm_layout_attrs[] = {
	&vm_layout_attr_arch.kattr.attr,
	&vm_layout_attr_task_size.kattr.attr,
	&vm_layout_attr_kernel_vas_start.kattr.attr,
	&vm_layout_attr_user_vas_size.kattr.attr,
	&vm_layout_attr_kernel_vas_size.kattr.attr,
	&vm_layout_attr_split.kattr.attr,
	&vm_layout_attr_va_bits.kattr.attr,
	&vm_layout_attr_va_bits_max.kattr.attr,
	&vm_layout_attr_pgtable_levels.kattr.attr,
	&vm_layout_attr_pgtable_levels_max.kattr.attr,
	&vm_layout_attr_paging_chosen_at.kattr.attr,
	&vm_layout_attr_page_size.kattr.attr,
	&vm_layout_attr_memory_model.kattr.attr,
	NULL
};

static const struct bin_attribute *const vm_layout_bin_attrs[] = {
	&vm_layout_attr_page_offset,
	NULL
};

static struct attribute *vm_layout_kaslr_attrs[] = {
	&vm_layout_attr_state.kattr.attr,
	&vm_layout_attr_memory.kattr.attr,
	NULL
};

static const struct bin_attribute *const vm_layout_kaslr_bin_attrs[] = {
	&vm_layout_attr_offset,
	NULL
};

static const struct attribute_group vm_layout_group = {
	.attrs		= vm_layout_attrs,
	.bin_attrs	= vm_layout_bin_attrs,
};

static const struct attribute_group vm_layout_kaslr_group = {
	.name		= "kaslr",
	.attrs		= vm_layout_kaslr_attrs,
	.bin_attrs	= vm_layout_kaslr_bin_attrs,
};

static const struct attribute_group *vm_layout_groups[] = {
	&vm_layout_group,
	&vm_layout_kaslr_group,
	NULL
};

static ssize_t size_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	const struct vm_layout_region *r = vm_layout_kobj_region(kobj);

	return sysfs_emit(buf, "%lu\n", r->end - r->start);
}

VM_LAYOUT_ADDR_ATTR(start, VL_REGION_START);
VM_LAYOUT_ADDR_ATTR(end, VL_REGION_END);
static struct kobj_attribute size_attr = __ATTR_RO(size);

static struct attribute *vm_layout_region_attrs[] = {
	&size_attr.attr,
	NULL
};

static const struct bin_attribute *const vm_layout_region_bin_attrs[] = {
	&vm_layout_attr_start,
	&vm_layout_attr_end,
	NULL
};

static const struct attribute_group vm_layout_region_group = {
	.attrs		= vm_layout_region_attrs,
	.bin_attrs	= vm_layout_region_bin_attrs,
};
__ATTRIBUTE_GROUPS(vm_layout_region);

static void vm_layout_region_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vm_layout_region_kobj, kobj));
}

static const struct kobj_type vm_layout_region_ktype = {
	.release	= vm_layout_region_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= vm_layout_region_groups,
};

static int __init vm_layout_sysfs_init(void)
{
	const struct vm_layout *layout = &vm_layout_table.layout;
	struct kobject *layout_kobj, *regions_kobj;
	struct vm_layout_region_kobj *rk;
	unsigned int i;
	int err;

	if (!IS_ENABLED(CONFIG_SYSFS))
		return 0;

	/*
	 * Built in and never removed: on an error, what was made stays, as
	 * a partial directory is still correct, and the error is returned.
	 */
	layout_kobj = kobject_create_and_add("layout", mm_kobj);
	if (!layout_kobj)
		return -ENOMEM;
	err = sysfs_create_groups(layout_kobj, vm_layout_groups);
	if (err)
		return err;
	regions_kobj = kobject_create_and_add("regions", layout_kobj);
	if (!regions_kobj)
		return -ENOMEM;

	for (i = 0; i < layout->nr_regions; i++) {
		rk = kzalloc_obj(*rk);
		if (!rk)
			return -ENOMEM;
		rk->region = &layout->regions[i];
		err = kobject_init_and_add(&rk->kobj, &vm_layout_region_ktype,
					   regions_kobj, "%s", rk->region->name);
		if (err) {
			kobject_put(&rk->kobj);
			return err;
		}
	}
	return vm_layout_phys_sysfs_init(layout_kobj);
}

static int __init vm_layout_init(void)
{
	struct vm_layout_table *t = &vm_layout_table;

	vm_layout_fill(&t->layout, t->regions, ARRAY_SIZE(t->regions));
	vm_layout_sort(t);
	if (BITS_PER_LONG == 32) {
		unsigned long user = t->layout.page_offset;
		unsigned long kernel = SZ_4G - user;
		unsigned long div = gcd(user, kernel);

		snprintf(vm_layout_split, sizeof(vm_layout_split), "%lu:%lu",
			 user / div, kernel / div);
	}

	if (IS_ENABLED(CONFIG_PROC_FS) &&
	    !proc_create("vmsplit", 0444, NULL, &vm_layout_proc_ops))
		return -ENOMEM;

	return vm_layout_sysfs_init();
}
late_initcall(vm_layout_init);

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
#include "tests/vm_layout_kunit.h"
#endif
