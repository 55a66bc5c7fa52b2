// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/arm64/memory.rst and asm/memory.h.
 *
 * A kernel built for 52-bit VAs falls back to 48 bits at boot on CPUs
 * without LVA/LPA2, and with it the start of the kernel half, the linear
 * region and the page table depth; so they follow vabits_actual.  The
 * kernel image lives in the vmalloc area, at KIMAGE_VADDR plus the KASLR
 * offset, and modules are loaded into windows around it rather than into
 * MODULES_VADDR..MODULES_END.
 */

#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/vm_layout.h>

#include <asm/memory.h>
#include <asm/sections.h>

/*
 * Module text is not loaded anywhere in MODULES_VADDR..MODULES_END, the
 * area memory.rst calls "modules" ("modules_area" here), but into the
 * 128M window at module_direct_base and, when that is full, the 2G one
 * at module_plt_base (see module_init_limits()).  With KASLR both are
 * random boxes around the image in the vmalloc area.  Without, both end
 * at _end, so only their parts below the image can hold modules: report
 * those, so that they do not straddle the start of the vmalloc area.
 * Only then: a random box may end at _end too, and must keep its size.
 */
static u64 arm64_vm_layout_window_end(u64 base, u64 size, u64 text,
				      u64 end_of_image, bool randomized)
{
	u64 end = base + size;

	return !randomized && end == end_of_image ? text : end;
}

/*
 * Where there are windows, "modules" is one (the direct one if there is
 * one), "modules_plt" the other, and the area memory.rst calls
 * "modules", below vmalloc, is "modules_area": without KASLR the windows
 * lie in it, with KASLR nothing does.
 */
static void arm64_vm_layout_windows(struct vm_layout *layout)
{
	u64 text = (u64)_text, end = (u64)_end;
	bool randomized = kaslr_enabled();
	u64 base;

	/* The windows are set up by execmem, without it there are none. */
	if (!IS_ENABLED(CONFIG_EXECMEM))
		return;
	base = module_direct_base ?: module_plt_base;
	if (!base)
		return;
	vm_layout_add(layout, "modules_area", MODULES_VADDR, MODULES_END);
	layout->modules_start = base;
	layout->modules_end =
		arm64_vm_layout_window_end(base, module_direct_base ? SZ_128M :
					   SZ_2G, text, end, randomized);
	if (module_direct_base && module_plt_base)
		vm_layout_add(layout, "modules_plt", module_plt_base,
			      arm64_vm_layout_window_end(module_plt_base, SZ_2G,
							 text, end, randomized));
}

void __init arch_vm_layout(struct vm_layout *layout)
{
	unsigned int va_bits = vabits_actual;
	unsigned long page_offset = _PAGE_OFFSET(va_bits);

	layout->va_bits = va_bits;
	layout->va_bits_max = VA_BITS;
	layout->pgtable_levels = ARM64_HW_PGTABLE_LEVELS(va_bits);
	layout->paging_chosen_at_boot = VA_BITS != VA_BITS_MIN;

	/*
	 * A 52-bit kernel on a CPU without LVA/LPA2 maps its linear region
	 * from _PAGE_OFFSET(48), not PAGE_OFFSET (see arm64_memblock_init()),
	 * and the user half shrinks with it; TASK_SIZE_MAX stays 52-bit.
	 */
	layout->kernel_vas_start = page_offset;
	layout->page_offset = page_offset;
	layout->direct_map_end = PAGE_END;
	layout->task_size = TASK_SIZE_64;

	layout->kaslr = vm_layout_kaslr_state(IS_ENABLED(CONFIG_RANDOMIZE_BASE),
					      kaslr_enabled());
	layout->kaslr_offset = kaslr_offset();

	/* The struct pages of the linear region in use, as ptdump shows. */
	vm_layout_add(layout, "vmemmap",
		      (unsigned long)virt_to_page((void *)page_offset),
		      VMEMMAP_END);

	arm64_vm_layout_windows(layout);
}

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
/* random_bounding_box() in arch/arm64/mm/init.c */
static u64 arm64_vm_layout_box(struct vm_layout_dice *dice, u64 size,
			       u64 start, u64 end)
{
	if (end - start >= size)
		return 0;
	return start - vm_layout_roll(dice, 0, size - (end - start),
				      PAGE_SIZE);
}

/*
 * kaslr_early_init() puts the image in the middle half of the area from
 * KIMAGE_VADDR to VMALLOC_END, MIN_KIMG_ALIGN aligned but for the offset
 * of the physical load address; module_init_limits() then draws the
 * module windows around it.
 */
bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice)
{
	u64 range = (VMALLOC_END - KIMAGE_VADDR) / 2;
	u64 size = _end - _text, text, end, direct = 0, plt;

	if (!IS_ENABLED(CONFIG_RANDOMIZE_BASE) || !kaslr_enabled())
		return false;

	text = KIMAGE_VADDR + kaslr_offset() % MIN_KIMG_ALIGN +
	       vm_layout_roll(dice, range / 2, range / 2 + range - 1,
			      MIN_KIMG_ALIGN);
	vm_layout_shift_image(layout, text - (u64)_text);
	end = text + size;

	if (!IS_ENABLED(CONFIG_EXECMEM) ||
	    (!module_direct_base && !module_plt_base))
		return true;
	if (!IS_ENABLED(CONFIG_RANDOMIZE_MODULE_REGION_FULL))
		direct = arm64_vm_layout_box(dice, SZ_128M, text, end);
	plt = direct ? arm64_vm_layout_box(dice, SZ_2G, direct,
					   direct + SZ_128M) :
		       arm64_vm_layout_box(dice, SZ_2G, text, end);
	/* randomised windows keep their sizes */
	vm_layout_move(layout, "modules", direct ? direct : plt);
	if (direct && plt)
		vm_layout_move(layout, "modules_plt", plt);
	return true;
}
#endif
