/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_VM_LAYOUT_H
#define _LINUX_VM_LAYOUT_H

#include <linux/types.h>

/*
 * Room for the generic regions plus every architecture's own: x86_64
 * with every option has 19.
 */
#define VM_LAYOUT_MAX_REGIONS	20

/* Hex digits of an address: 8 or 16, like /proc/<pid>/maps. */
#define VM_LAYOUT_ADDR_WIDTH	(BITS_PER_LONG / 4)
/* Column after which /proc/vmsplit values start. */
#define VM_LAYOUT_KEY_WIDTH	20

/**
 * enum vm_layout_kaslr - state of one kind of address randomisation
 * @VM_LAYOUT_KASLR_UNSUPPORTED: the architecture cannot randomise this
 * @VM_LAYOUT_KASLR_NOT_CONFIGURED: possible, but not built in
 * @VM_LAYOUT_KASLR_DISABLED: built in, but off for this boot
 * @VM_LAYOUT_KASLR_ENABLED: in effect for this boot
 */
enum vm_layout_kaslr {
	VM_LAYOUT_KASLR_UNSUPPORTED,
	VM_LAYOUT_KASLR_NOT_CONFIGURED,
	VM_LAYOUT_KASLR_DISABLED,
	VM_LAYOUT_KASLR_ENABLED,
};

/**
 * struct vm_layout_region - one range of kernel (or user) virtual addresses
 * @name: stable identifier, also the sysfs directory name
 * @start: first address
 * @end: first address past the range
 */
struct vm_layout_region {
	const char *name;
	unsigned long start;
	unsigned long end;
};

/**
 * struct vm_layout - a snapshot of the virtual memory layout
 * @page_offset: start of the direct map
 * @direct_map_end: end of the virtual range reserved for the direct map
 * @vmalloc_end: end of the vmalloc area
 * @modules_start: start of the area modules are loaded into
 * @modules_end: its end
 * @task_size: end of the user address space of a native task
 * @kernel_vas_start: lowest kernel virtual address
 * @va_bits: virtual address bits in use
 * @va_bits_max: virtual address bits the kernel was built for
 * @pgtable_levels: page table levels in use
 * @paging_chosen_at_boot: the paging depth is picked at boot
 * @kaslr: randomisation of the kernel image
 * @kaslr_offset: offset of the kernel image from its link address
 * @kaslr_memory: randomisation of the memory region bases
 * @nr_regions: number of valid entries in @regions
 * @max_regions: room in @regions
 * @regions: the regions, in the order they were added
 *
 * Generic code fills in what every architecture has, from generic macros,
 * then calls arch_vm_layout(), which sets the geometry and KASLR fields
 * and adds the architecture's own regions with vm_layout_add().  The
 * regions whose bounds an architecture may correct are added after that,
 * from the fields: "user" (@task_size), "direct_map" (@page_offset,
 * @direct_map_end), "vmalloc" (VMALLOC_START, @vmalloc_end) and
 * "modules" (@modules_start, @modules_end; none where modules are loaded
 * into the vmalloc area).  The snapshot is taken once, at a late
 * initcall, and every read of the files formats it.
 */
struct vm_layout {
	unsigned long page_offset;
	unsigned long direct_map_end;
	unsigned long vmalloc_end;
	unsigned long modules_start;
	unsigned long modules_end;
	unsigned long task_size;
	unsigned long kernel_vas_start;
	unsigned int va_bits;
	unsigned int va_bits_max;
	unsigned int pgtable_levels;
	bool paging_chosen_at_boot;
	enum vm_layout_kaslr kaslr;
	unsigned long kaslr_offset;
	enum vm_layout_kaslr kaslr_memory;
	unsigned int nr_regions;
	unsigned int max_regions;
	struct vm_layout_region *regions;
};

/**
 * vm_layout_kaslr_state - the state of a kind of randomisation
 * @configured: the kernel was built with it
 * @enabled: this boot used it
 *
 * Return: %VM_LAYOUT_KASLR_NOT_CONFIGURED, %VM_LAYOUT_KASLR_DISABLED or
 * %VM_LAYOUT_KASLR_ENABLED.
 */
static inline enum vm_layout_kaslr vm_layout_kaslr_state(bool configured,
							 bool enabled)
{
	if (!configured)
		return VM_LAYOUT_KASLR_NOT_CONFIGURED;
	return enabled ? VM_LAYOUT_KASLR_ENABLED : VM_LAYOUT_KASLR_DISABLED;
}

#ifdef CONFIG_VM_LAYOUT
void vm_layout_add(struct vm_layout *layout, const char *name,
		   unsigned long start, unsigned long end);

/**
 * arch_vm_layout - describe the architecture's part of the layout
 * @layout: the snapshot being built; generic regions are already in it
 *
 * Provided by every architecture that selects ARCH_HAS_VM_LAYOUT.  It
 * must set @layout->task_size from a value that does not depend on the
 * calling task (TASK_SIZE does, for compat tasks), and may override
 * @layout->page_offset, @layout->direct_map_end, @layout->vmalloc_end,
 * @layout->modules_start and @layout->modules_end, which default to
 * PAGE_OFFSET, high_memory, VMALLOC_END, MODULES_VADDR and MODULES_END.
 * It must report values that are fixed once the kernel has booted
 * (randomised bases, the runtime paging depth), as they will be after
 * boot: the snapshot is kept.  It adds its own regions with
 * vm_layout_add().
 *
 * Context: Process context, once, from a late initcall.
 */
void __init arch_vm_layout(struct vm_layout *layout);

/* Physical memory (mm/vm_layout_phys.c), for mm/vm_layout.c. */
struct kobject;
struct seq_file;
void vm_layout_phys_show(struct seq_file *m, bool show_addrs);
int __init vm_layout_phys_sysfs_init(struct kobject *layout_kobj);
#endif

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
struct rnd_state;

/**
 * enum vm_layout_dice_mode - how a KUnit test makes the choices of KASLR
 * @VM_LAYOUT_DICE_LOW: the lowest value of every choice
 * @VM_LAYOUT_DICE_HIGH: the highest value of every choice
 * @VM_LAYOUT_DICE_RANDOM: values drawn at random
 */
enum vm_layout_dice_mode {
	VM_LAYOUT_DICE_LOW,
	VM_LAYOUT_DICE_HIGH,
	VM_LAYOUT_DICE_RANDOM,
};

/**
 * struct vm_layout_dice - the choices of a KUnit test standing in for KASLR
 * @mode: how the choices are made
 * @state: pseudo-random state for %VM_LAYOUT_DICE_RANDOM
 */
struct vm_layout_dice {
	enum vm_layout_dice_mode mode;
	struct rnd_state *state;
};

unsigned long vm_layout_roll(struct vm_layout_dice *dice, unsigned long min,
			     unsigned long max, unsigned long align);
void vm_layout_shift(struct vm_layout *layout, const char *name, long delta);
void vm_layout_move(struct vm_layout *layout, const char *name,
		    unsigned long start);
void vm_layout_shift_image(struct vm_layout *layout, long delta);

/**
 * arch_vm_layout_draw - the layout of another boot, for the KUnit test
 * @layout: a snapshot of all regions of this boot
 * @dice: where the random choices come from
 *
 * Moves the regions of @layout as the architecture's KASLR could have
 * placed them on another boot of the same kernel, on the same machine
 * and with the same command line: every value this boot randomised is
 * chosen again with vm_layout_roll() from the range the boot code draws
 * it from, and whatever arch_vm_layout() derives from it is recomputed.
 * The KUnit test checks that an unprivileged reader, who sees names,
 * sizes, order and nesting, cannot tell the layouts apart.
 *
 * Context: Process context.
 * Return: false if this boot randomised nothing (@layout is unchanged).
 */
bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice);
#endif

#endif /* _LINUX_VM_LAYOUT_H */
