// SPDX-License-Identifier: GPL-2.0
/*
 * The physical side of /proc/vmsplit and /sys/kernel/mm/layout/: how the
 * kernel organises RAM into nodes, zones and page frames under its memory
 * model, and where each zone lies in the direct map and in the array of
 * struct pages.
 *
 * Unlike the virtual layout this changes with memory hotplug, so it is
 * read live, under get_online_mems(), which holds off every change to the
 * spans and present pages of nodes and zones and to the present sections:
 * one read of /proc/vmsplit sees one state.  The price: a read waits while
 * memory is being onlined or offlined.  managed_pages is a counter of its
 * own, read once.
 *
 * Page frame numbers, physical addresses and the virtual ranges are hidden
 * like every other address (a pfn is a physical address counted in pages;
 * some of them are public elsewhere, /proc/zoneinfo's start_pfn, but the
 * rule has no exceptions),
 * and so are the managed pages: they count out the page tables boot code
 * allocated, and on x86_64 how many it needed depends on where KASLR put
 * the regions (up to three pages fewer than with nokaslr, seen to differ
 * between boots).  The other
 * counts and the memory model's constants are shown to all.
 *
 * See Documentation/admin-guide/mm/vm_layout.rst.
 */

#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/kobject.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vm_layout.h>

/* The ranges of a node or a zone, and of the memmap of the whole. */
enum vm_layout_phys_range {
	VLP_PFN,
	VLP_PHYS,
	VLP_DIRECT_MAP,
	VLP_STRUCT_PAGES,
	VLP_MEMMAP,
	VLP_NR_RANGES
};

static const char * const vlp_range_names[VLP_NR_RANGES] = {
	[VLP_PFN]		= "pfn",
	[VLP_PHYS]		= "phys",
	[VLP_DIRECT_MAP]	= "direct_map",
	[VLP_STRUCT_PAGES]	= "struct_pages",
	[VLP_MEMMAP]		= "memmap",
};

/* The page counts; a node has the first two.  The last is secret. */
enum vm_layout_phys_count {
	VLP_SPANNED,
	VLP_PRESENT,
	VLP_MANAGED,
	VLP_NR_COUNTS
};

static const char * const vlp_count_names[VLP_NR_COUNTS] = {
	[VLP_SPANNED]	= "spanned_pages",
	[VLP_PRESENT]	= "present_pages",
	[VLP_MANAGED]	= "managed_pages",
};

/* The memory model's constants and the present sections. */
enum vm_layout_phys_geometry {
	VLP_STRUCT_PAGE_SIZE,
	/* sparsemem only, from here on */
	VLP_SECTION_SIZE_BITS,
	VLP_SECTION_SIZE,
	VLP_PAGES_PER_SECTION,
	VLP_MAX_PHYSMEM_BITS,
	VLP_PRESENT_SECTIONS,
	VLP_NR_GEOMETRY
};

static const char * const vlp_geometry_names[VLP_NR_GEOMETRY] = {
	[VLP_STRUCT_PAGE_SIZE]	= "struct_page_size",
	[VLP_SECTION_SIZE_BITS]	= "section_size_bits",
	[VLP_SECTION_SIZE]	= "section_size",
	[VLP_PAGES_PER_SECTION]	= "pages_per_section",
	[VLP_MAX_PHYSMEM_BITS]	= "max_physmem_bits",
	[VLP_PRESENT_SECTIONS]	= "present_sections",
};

/*
 * A snapshot of a node, a zone or the memmap.  @ranges has bit r set for
 * each range r that applies, @unmapped for those that apply but do not
 * exist (no direct map for highmem and device memory).
 */
struct vm_layout_span {
	u64 range[VLP_NR_RANGES][2];
	unsigned long count[VLP_NR_COUNTS];
	unsigned int ranges;
	unsigned int unmapped;
	unsigned int nr_counts;
};

/* The struct pages of a range of page frames are one array. */
static bool vm_layout_memmap_is_linear(void)
{
	return IS_ENABLED(CONFIG_FLATMEM) || IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP);
}

static void vm_layout_span_pfns(struct vm_layout_span *s,
				unsigned long start, unsigned long end)
{
	s->range[VLP_PFN][0] = start;
	s->range[VLP_PFN][1] = end;
	/* u64: on 32-bit, a range can end at 4 GiB */
	s->range[VLP_PHYS][0] = (u64)start << PAGE_SHIFT;
	s->range[VLP_PHYS][1] = (u64)end << PAGE_SHIFT;
	s->ranges |= BIT(VLP_PFN) | BIT(VLP_PHYS);
}

/* The struct pages of page frames @start to @end, if one array holds them. */
static void vm_layout_span_pages(struct vm_layout_span *s, unsigned int r,
				 unsigned long start, unsigned long end)
{
	if (!vm_layout_memmap_is_linear())
		return;
	s->ranges |= BIT(r);
	if (start == end)
		return;
	/* one array: pfn_to_page() is arithmetic, also for @end */
	s->range[r][0] = (unsigned long)pfn_to_page(start);
	s->range[r][1] = (unsigned long)pfn_to_page(end);
}

/* Context: get_online_mems() held. */
static void vm_layout_node_span(int nid, struct vm_layout_span *s)
{
	pg_data_t *pgdat = NODE_DATA(nid);

	*s = (struct vm_layout_span){
		.count[VLP_SPANNED]	= pgdat->node_spanned_pages,
		.count[VLP_PRESENT]	= pgdat->node_present_pages,
		.nr_counts		= 2,
	};
	vm_layout_span_pfns(s, pgdat->node_start_pfn, pgdat_end_pfn(pgdat));
}

/* HighMem, a Movable zone of high memory, and Device memory. */
static bool vm_layout_zone_unmapped(const struct zone *zone)
{
	/* Device memory may or may not be mapped: claim nothing for it. */
	return is_highmem(zone) || zone_is_zone_device(zone);
}

/*
 * Context: get_online_mems() held.  An empty zone has start and end 0,
 * and so have all its ranges; a zone the direct map never maps has none.
 */
static void vm_layout_zone_span(const struct zone *zone,
				struct vm_layout_span *s)
{
	unsigned long start = zone->zone_start_pfn, end = zone_end_pfn(zone);

	*s = (struct vm_layout_span){
		.count[VLP_SPANNED]	= zone->spanned_pages,
		.count[VLP_PRESENT]	= zone->present_pages,
		.count[VLP_MANAGED]	= zone_managed_pages(zone),
		.ranges			= BIT(VLP_DIRECT_MAP),
		.nr_counts		= VLP_NR_COUNTS,
	};
	vm_layout_span_pfns(s, start, end);
	vm_layout_span_pages(s, VLP_STRUCT_PAGES, start, end);
	if (vm_layout_zone_unmapped(zone))
		s->unmapped |= BIT(VLP_DIRECT_MAP);
	if (start == end || vm_layout_zone_unmapped(zone))
		return;
	s->range[VLP_DIRECT_MAP][0] = (unsigned long)__va(PFN_PHYS(start));
	/* the last page's: PFN_PHYS(end) can overflow a 32-bit phys_addr_t */
	s->range[VLP_DIRECT_MAP][1] =
		(unsigned long)__va(PFN_PHYS(end - 1)) + PAGE_SIZE;
}

#ifdef CONFIG_SPARSEMEM
/* The number of present sections, and the first and last of them. */
static unsigned long vm_layout_sections(unsigned long *first,
					unsigned long *last)
{
	unsigned long nr, count = 0;

	for_each_present_section_nr(0, nr) {
		if (!count++)
			*first = nr;
		*last = nr;
	}
	return count;
}

/* Context: get_online_mems() held. */
static unsigned int vm_layout_geometry(unsigned long *val)
{
	unsigned long first, last;

	val[VLP_SECTION_SIZE_BITS] = SECTION_SIZE_BITS;
	val[VLP_SECTION_SIZE] = 1UL << SECTION_SIZE_BITS;
	val[VLP_PAGES_PER_SECTION] = PAGES_PER_SECTION;
	val[VLP_MAX_PHYSMEM_BITS] = MAX_PHYSMEM_BITS;
	val[VLP_PRESENT_SECTIONS] = vm_layout_sections(&first, &last);
	val[VLP_STRUCT_PAGE_SIZE] = sizeof(struct page);
	return VLP_NR_GEOMETRY;
}

/*
 * The part of the memmap that describes the present sections, from the
 * first one's first page frame to the last one's last: with vmemmap the
 * part of vmemmap that is populated (with holes where sections are not
 * present).  Context: get_online_mems() held.
 */
static void vm_layout_memmap(struct vm_layout_span *s)
{
	unsigned long first, last;

	*s = (struct vm_layout_span){ };
	if (vm_layout_sections(&first, &last))
		vm_layout_span_pages(s, VLP_MEMMAP, section_nr_to_pfn(first),
				     section_nr_to_pfn(last + 1));
}
#else
static unsigned int vm_layout_geometry(unsigned long *val)
{
	val[VLP_STRUCT_PAGE_SIZE] = sizeof(struct page);
	return 1;	/* the first item only */
}

/* FLATMEM's mem_map describes the nodes' spans, shown with the zones. */
static void vm_layout_memmap(struct vm_layout_span *s)
{
	*s = (struct vm_layout_span){ };
}
#endif

/* Hex digits of range @r: physical addresses are 64-bit everywhere. */
static unsigned int vm_layout_range_width(unsigned int r)
{
	return r == VLP_PHYS ? 16 : VM_LAYOUT_ADDR_WIDTH;
}

static void vm_layout_phys_key(struct seq_file *m, unsigned int indent,
			       const char *key)
{
	seq_setwidth(m, VM_LAYOUT_KEY_WIDTH);
	for (; indent; indent--)
		seq_puts(m, "  ");
	seq_puts(m, key);
	seq_putc(m, ':');
	seq_pad(m, ' ');
}

/* The lines of @s, indented by @indent levels. */
static void vm_layout_show_span(struct seq_file *m, unsigned int indent,
				const struct vm_layout_span *s, bool show_addrs)
{
	unsigned int r, c, w;

	for (r = 0; r < VLP_NR_RANGES; r++) {
		if (!(s->ranges & BIT(r)))
			continue;
		vm_layout_phys_key(m, indent, vlp_range_names[r]);
		w = vm_layout_range_width(r);
		if (s->unmapped & BIT(r)) {
			seq_putc(m, '-');
		} else {
			seq_put_hex_ll(m, NULL, show_addrs ? s->range[r][0] : 0, w);
			seq_put_hex_ll(m, "-", show_addrs ? s->range[r][1] : 0, w);
		}
		seq_putc(m, '\n');
	}
	for (c = 0; c < s->nr_counts; c++) {
		vm_layout_phys_key(m, indent, vlp_count_names[c]);
		seq_put_decimal_ull(m, NULL, (show_addrs || c != VLP_MANAGED) ?
				    s->count[c] : 0);
		seq_putc(m, '\n');
	}
}

/**
 * vm_layout_phys_show - the physical memory section of /proc/vmsplit
 * @m: the seq_file being filled
 * @show_addrs: the opener may see addresses
 *
 * The memory model's constants, then every online node with every zone
 * of it that spans page frames.
 *
 * Context: Process context; takes get_online_mems().
 */
void vm_layout_phys_show(struct seq_file *m, bool show_addrs)
{
	unsigned long geo[VLP_NR_GEOMETRY];
	struct vm_layout_span span;
	unsigned int i, n;
	struct zone *zone;
	int nid;

	get_online_mems();
	n = vm_layout_geometry(geo);
	for (i = 0; i < n; i++) {
		vm_layout_phys_key(m, 0, vlp_geometry_names[i]);
		seq_put_decimal_ull(m, NULL, geo[i]);
		seq_putc(m, '\n');
	}
	vm_layout_memmap(&span);
	vm_layout_show_span(m, 0, &span, show_addrs);

	for_each_online_node(nid) {
		seq_puts(m, "\nnode ");
		seq_put_decimal_ull(m, NULL, nid);
		seq_putc(m, '\n');
		vm_layout_node_span(nid, &span);
		vm_layout_show_span(m, 1, &span, show_addrs);
		for (i = 0; i < MAX_NR_ZONES; i++) {
			zone = &NODE_DATA(nid)->node_zones[i];
			if (zone_is_empty(zone))
				continue;
			seq_puts(m, "  zone ");
			seq_puts(m, zone->name);
			seq_putc(m, '\n');
			vm_layout_zone_span(zone, &span);
			vm_layout_show_span(m, 2, &span, show_addrs);
		}
	}
	put_online_mems();
}

/*
 * /sys/kernel/mm/layout/physical/: the constants, memmap_start and
 * memmap_end, and a directory per possible node (node<N>), which has one
 * per zone of the kernel (named as in /proc/zoneinfo).  A node that is
 * offline, or a zone that spans nothing, reads 0.  Each file takes
 * get_online_mems() for its value.
 */
struct vm_layout_phys_kobj {
	struct kobject kobj;
	int nid;
	const struct zone *zone;	/* NULL for a node */
};

static void vm_layout_kobj_span(struct kobject *kobj, unsigned int r,
				struct vm_layout_span *s)
{
	struct vm_layout_phys_kobj *pk;

	get_online_mems();
	if (r == VLP_MEMMAP) {
		vm_layout_memmap(s);
	} else {
		pk = container_of(kobj, struct vm_layout_phys_kobj, kobj);
		if (pk->zone)
			vm_layout_zone_span(pk->zone, s);
		else
			vm_layout_node_span(pk->nid, s);
	}
	put_online_mems();
}

/*
 * The secret files: ->private is 2 * range for a range's start, + 1 for
 * its end, and VLP_MANAGED_ITEM for managed_pages.
 */
#define VLP_MANAGED_ITEM	(2 * VLP_NR_RANGES)

static ssize_t vm_layout_phys_read(struct file *file, struct kobject *kobj,
				   const struct bin_attribute *attr, char *buf,
				   loff_t pos, size_t count)
{
	unsigned int item = (uintptr_t)attr->private, r = item / 2;
	bool show = kallsyms_show_value(file->f_cred);
	struct vm_layout_span span;
	char text[24];
	int len;

	vm_layout_kobj_span(kobj, r, &span);
	if (item == VLP_MANAGED_ITEM)
		len = scnprintf(text, sizeof(text), "%lu\n",
				show ? span.count[VLP_MANAGED] : 0);
	else if (span.unmapped & BIT(r))
		len = scnprintf(text, sizeof(text), "-\n");
	else
		len = scnprintf(text, sizeof(text), "%0*llx\n",
				vm_layout_range_width(r),
				show ? span.range[r][item & 1] : 0);
	return memory_read_from_buffer(buf, count, &pos, text, len);
}

struct vm_layout_phys_attr {
	struct kobj_attribute kattr;
	unsigned int item;
};

static unsigned int vm_layout_attr_item(struct kobj_attribute *kattr)
{
	return container_of(kattr, struct vm_layout_phys_attr, kattr)->item;
}

static ssize_t vm_layout_count_show(struct kobject *kobj,
				    struct kobj_attribute *kattr, char *buf)
{
	struct vm_layout_span span;

	vm_layout_kobj_span(kobj, VLP_PFN, &span);
	return sysfs_emit(buf, "%lu\n", span.count[vm_layout_attr_item(kattr)]);
}

static ssize_t vm_layout_geometry_show(struct kobject *kobj,
				       struct kobj_attribute *kattr, char *buf)
{
	unsigned long geo[VLP_NR_GEOMETRY];

	get_online_mems();
	vm_layout_geometry(geo);
	put_online_mems();
	return sysfs_emit(buf, "%lu\n", geo[vm_layout_attr_item(kattr)]);
}

#define VLP_ATTR(_name, _show, _item)					\
static struct vm_layout_phys_attr vlp_attr_##_name = {			\
	.kattr	= __ATTR(_name, 0444, _show, NULL),			\
	.item	= _item,						\
}

/* A secret file (see vm_layout_phys_read()). */
#define VLP_SECRET_ATTR(_file, _item)					\
static const struct bin_attribute vlp_attr_##_file = {			\
	.attr		= { .name = __stringify(_file), .mode = 0444 },	\
	.read		= vm_layout_phys_read,				\
	.private	= (void *)(_item),				\
}

VLP_ATTR(struct_page_size, vm_layout_geometry_show, VLP_STRUCT_PAGE_SIZE);
VLP_ATTR(section_size_bits, vm_layout_geometry_show, VLP_SECTION_SIZE_BITS);
VLP_ATTR(section_size, vm_layout_geometry_show, VLP_SECTION_SIZE);
VLP_ATTR(pages_per_section, vm_layout_geometry_show, VLP_PAGES_PER_SECTION);
VLP_ATTR(max_physmem_bits, vm_layout_geometry_show, VLP_MAX_PHYSMEM_BITS);
VLP_ATTR(present_sections, vm_layout_geometry_show, VLP_PRESENT_SECTIONS);
VLP_ATTR(spanned_pages, vm_layout_count_show, VLP_SPANNED);
VLP_ATTR(present_pages, vm_layout_count_show, VLP_PRESENT);
VLP_SECRET_ATTR(pfn_start, 2 * VLP_PFN);
VLP_SECRET_ATTR(pfn_end, 2 * VLP_PFN + 1);
VLP_SECRET_ATTR(phys_start, 2 * VLP_PHYS);
VLP_SECRET_ATTR(phys_end, 2 * VLP_PHYS + 1);
VLP_SECRET_ATTR(direct_map_start, 2 * VLP_DIRECT_MAP);
VLP_SECRET_ATTR(direct_map_end, 2 * VLP_DIRECT_MAP + 1);
VLP_SECRET_ATTR(struct_pages_start, 2 * VLP_STRUCT_PAGES);
VLP_SECRET_ATTR(struct_pages_end, 2 * VLP_STRUCT_PAGES + 1);
VLP_SECRET_ATTR(memmap_start, 2 * VLP_MEMMAP);
VLP_SECRET_ATTR(memmap_end, 2 * VLP_MEMMAP + 1);
VLP_SECRET_ATTR(managed_pages, VLP_MANAGED_ITEM);

static struct attribute *vlp_geometry_attrs[] = {
	&vlp_attr_struct_page_size.kattr.attr,
	&vlp_attr_section_size_bits.kattr.attr,
	&vlp_attr_section_size.kattr.attr,
	&vlp_attr_pages_per_section.kattr.attr,
	&vlp_attr_max_physmem_bits.kattr.attr,
	&vlp_attr_present_sections.kattr.attr,
	NULL
};

static const struct bin_attribute *const vlp_memmap_attrs[] = {
	&vlp_attr_memmap_start,
	&vlp_attr_memmap_end,
	NULL
};

/* What the memory model has, as /proc/vmsplit shows it. */
static umode_t vlp_geometry_visible(struct kobject *kobj,
				    struct attribute *attr, int i)
{
	struct vm_layout_phys_attr *a = container_of(attr,
			struct vm_layout_phys_attr, kattr.attr);

	return (IS_ENABLED(CONFIG_SPARSEMEM) ||
		a->item == VLP_STRUCT_PAGE_SIZE) ? attr->mode : 0;
}

static umode_t vlp_memmap_visible(struct kobject *kobj,
				  const struct bin_attribute *attr, int i)
{
	return IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP) ? attr->attr.mode : 0;
}

static const struct attribute_group vlp_group = {
	.attrs		= vlp_geometry_attrs,
	.bin_attrs	= vlp_memmap_attrs,
	.is_visible	= vlp_geometry_visible,
	.is_bin_visible	= vlp_memmap_visible,
};

/*
 * A node and a zone have the same files, but a node has no direct map
 * or struct pages ranges and no managed pages.
 */
static struct attribute *vlp_span_attrs[] = {
	&vlp_attr_spanned_pages.kattr.attr,
	&vlp_attr_present_pages.kattr.attr,
	NULL
};

static const struct bin_attribute *const vlp_span_bin_attrs[] = {
	&vlp_attr_pfn_start,
	&vlp_attr_pfn_end,
	&vlp_attr_phys_start,
	&vlp_attr_phys_end,
	&vlp_attr_direct_map_start,
	&vlp_attr_direct_map_end,
	&vlp_attr_struct_pages_start,
	&vlp_attr_struct_pages_end,
	&vlp_attr_managed_pages,
	NULL
};

static umode_t vlp_span_bin_visible(struct kobject *kobj,
				    const struct bin_attribute *attr, int i)
{
	const struct vm_layout_phys_kobj *pk =
		container_of(kobj, struct vm_layout_phys_kobj, kobj);
	unsigned int r = (uintptr_t)attr->private / 2;

	if (!pk->zone)
		return r <= VLP_PHYS ? attr->attr.mode : 0;
	if (r == VLP_STRUCT_PAGES && !vm_layout_memmap_is_linear())
		return 0;
	return attr->attr.mode;
}

static const struct attribute_group vlp_span_group = {
	.attrs		= vlp_span_attrs,
	.bin_attrs	= vlp_span_bin_attrs,
	.is_bin_visible	= vlp_span_bin_visible,
};
__ATTRIBUTE_GROUPS(vlp_span);

static void vm_layout_phys_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct vm_layout_phys_kobj, kobj));
}

static const struct kobj_type vlp_span_ktype = {
	.release	= vm_layout_phys_release,
	.sysfs_ops	= &kobj_sysfs_ops,
	.default_groups	= vlp_span_groups,
};

/* node<@nid>/ under @parent, or @zone's directory in it. */
static struct vm_layout_phys_kobj *__init
vm_layout_phys_add(struct kobject *parent, int nid, const struct zone *zone)
{
	struct vm_layout_phys_kobj *pk = kzalloc_obj(*pk);
	int err;

	if (!pk)
		return ERR_PTR(-ENOMEM);
	pk->nid = nid;
	pk->zone = zone;
	if (zone)
		err = kobject_init_and_add(&pk->kobj, &vlp_span_ktype, parent,
					   "%s", zone->name);
	else
		err = kobject_init_and_add(&pk->kobj, &vlp_span_ktype, parent,
					   "node%d", nid);
	if (err) {
		kobject_put(&pk->kobj);
		return ERR_PTR(err);
	}
	return pk;
}

/**
 * vm_layout_phys_sysfs_init - create /sys/kernel/mm/layout/physical/
 * @layout_kobj: /sys/kernel/mm/layout
 *
 * Every possible node has its node data, and every zone of it a name,
 * from boot on, so the directories are made once and read live.  On an
 * error, what was made stays: it is correct, only incomplete.
 *
 * Context: Process context, once, from a late initcall.
 * Return: 0, or a negative errno.
 */
int __init vm_layout_phys_sysfs_init(struct kobject *layout_kobj)
{
	struct vm_layout_phys_kobj *node, *pk;
	struct kobject *phys;
	int nid, z, err;

	phys = kobject_create_and_add("physical", layout_kobj);
	if (!phys)
		return -ENOMEM;
	err = sysfs_create_group(phys, &vlp_group);
	if (err)
		return err;
	for_each_node(nid) {
		node = vm_layout_phys_add(phys, nid, NULL);
		if (IS_ERR(node))
			return PTR_ERR(node);
		for (z = 0; z < MAX_NR_ZONES; z++) {
			pk = vm_layout_phys_add(&node->kobj, nid,
						&NODE_DATA(nid)->node_zones[z]);
			if (IS_ERR(pk))
				return PTR_ERR(pk);
		}
	}
	return 0;
}
