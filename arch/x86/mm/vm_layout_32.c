// SPDX-License-Identifier: GPL-2.0
/*
 * The i386 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * arch/x86/include/asm/pgtable_32_areas.h.
 *
 * The split is PAGE_OFFSET (CONFIG_VMSPLIT_*).  Lowmem ends at
 * high_memory, vmalloc starts 8 MiB above it, modules live in the vmalloc
 * area, and the top of the fixmap (__FIXADDR_TOP) can be lowered at boot:
 * all are set before the late initcall that calls this.
 */

#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/vm_layout.h>

#include <asm/fixmap.h>
#include <asm/pgtable_areas.h>
#include <asm/sections.h>
#include <asm/setup.h>

void __init arch_vm_layout(struct vm_layout *layout)
{
	/* TASK_SIZE is PAGE_OFFSET for every task here. */
	layout->task_size = TASK_SIZE_MAX;
	layout->va_bits = 32;
	layout->va_bits_max = 32;

	/*
	 * x86's kaslr_enabled() needs RANDOMIZE_MEMORY, which is 64-bit
	 * only, but the decompressor randomises a 32-bit image all the
	 * same: its KASLR_FLAG tells whether it did.
	 */
	layout->kaslr = vm_layout_kaslr_state(IS_ENABLED(CONFIG_RANDOMIZE_BASE),
					      boot_params.hdr.loadflags & KASLR_FLAG);
	layout->kaslr_offset = kaslr_offset();

	if (IS_ENABLED(CONFIG_MODIFY_LDT_SYSCALL))
		vm_layout_add(layout, "ldt_remap", LDT_BASE_ADDR, LDT_END_ADDR);

	vm_layout_add(layout, "cpu_entry_area", CPU_ENTRY_AREA_BASE,
		      CPU_ENTRY_AREA_BASE + CPU_ENTRY_AREA_MAP_SIZE);
}

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
/*
 * The decompressor's choose_random_location() picks a PHYSICAL_ALIGN
 * aligned physical address for the image in RAM below KERNEL_IMAGE_SIZE,
 * and a 32-bit image runs where the direct map puts that address.
 */
bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice)
{
	unsigned long size = _end - _text, top, text;

	if (!(boot_params.hdr.loadflags & KASLR_FLAG))
		return false;
	top = min_t(unsigned long, KERNEL_IMAGE_SIZE, __pa(high_memory));
	text = vm_layout_roll(dice, __START_KERNEL, PAGE_OFFSET + top - size,
			      CONFIG_PHYSICAL_ALIGN);
	vm_layout_shift_image(layout, text - (unsigned long)_text);
	return true;
}
#endif
