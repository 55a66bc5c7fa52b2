// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_64 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/x86/x86_64/mm.rst.
 *
 * The direct map, vmalloc and vmemmap bases are variables that KASLR sets
 * at boot, and the paging depth (4 or 5 levels) is also chosen at boot;
 * all are final by the late initcall that calls this.
 */

#include <linux/math.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/vm_layout.h>

#include <asm/cpu_entry_area.h>
#include <asm/fixmap.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/vsyscall.h>

/*
 * The room kernel_randomize_memory() leaves for the struct pages of the
 * direct map, in whole TiB.  With the bases fixed, the struct pages of
 * MAXMEM: mm.rst's 1 TB with 4 levels, 64 TiB of its 0.5 PB hole with 5.
 */
static unsigned long x86_vm_layout_vmemmap_size(void)
{
	unsigned long pages = (DIRECT_MAP_PHYSMEM_END + 1) >> PAGE_SHIFT;

	return round_up(pages * sizeof(struct page), SZ_1T);
}

void __init arch_vm_layout(struct vm_layout *layout)
{
	/* The decompressor sets KASLR_FLAG when it randomised the image. */
	bool image_randomized = boot_params.hdr.loadflags & KASLR_FLAG;

	layout->task_size = TASK_SIZE_MAX;
	layout->kernel_vas_start = -1UL << __VIRTUAL_MASK_SHIFT;
	layout->va_bits = __VIRTUAL_MASK_SHIFT + 1;
	layout->va_bits_max = CONFIG_PGTABLE_LEVELS == 5 ? 57 : 48;
	layout->pgtable_levels = pgtable_l5_enabled() ? 5 : 4;
	layout->paging_chosen_at_boot = CONFIG_PGTABLE_LEVELS == 5;

	/*
	 * As far as the direct map can reach: what KASLR sized for the
	 * memory found at boot plus the hotplug padding, or MAXMEM (not
	 * all of mm.rst's window with 5 levels) when the bases are fixed.
	 * Memory added later is mapped inside it.
	 */
	layout->direct_map_end =
		(unsigned long)__va(DIRECT_MAP_PHYSMEM_END) + 1;

	/*
	 * kaslr_enabled() also requires RANDOMIZE_MEMORY, so ask for the
	 * image and for the memory regions separately.
	 */
	layout->kaslr = vm_layout_kaslr_state(IS_ENABLED(CONFIG_RANDOMIZE_BASE),
					      image_randomized);
	layout->kaslr_offset = kaslr_offset();
	layout->kaslr_memory =
		vm_layout_kaslr_state(IS_ENABLED(CONFIG_RANDOMIZE_MEMORY),
				      kaslr_memory_enabled());

	if (IS_ENABLED(CONFIG_MODIFY_LDT_SYSCALL))
		vm_layout_add(layout, "ldt_remap", LDT_BASE_ADDR, LDT_END_ADDR);

	/* VMALLOC_END is the last byte of the area here, not one past it. */
	layout->vmalloc_end = VMALLOC_END + 1;

	vm_layout_add(layout, "vmemmap", VMEMMAP_START,
		      VMEMMAP_START + x86_vm_layout_vmemmap_size());

	vm_layout_add(layout, "cpu_entry_area", CPU_ENTRY_AREA_BASE,
		      CPU_ENTRY_AREA_BASE + CPU_ENTRY_AREA_MAP_SIZE);

	if (IS_ENABLED(CONFIG_X86_ESPFIX64))
		vm_layout_add(layout, "espfix", ESPFIX_BASE_ADDR,
			      ESPFIX_BASE_ADDR + P4D_SIZE);

	if (IS_ENABLED(CONFIG_EFI))
		vm_layout_add(layout, "efi", EFI_VA_END, EFI_VA_START);

	vm_layout_add(layout, "kernel_mapping", __START_KERNEL_map,
		      __START_KERNEL_map + KERNEL_IMAGE_SIZE);

	if (IS_ENABLED(CONFIG_X86_VSYSCALL_EMULATION))
		vm_layout_add(layout, "vsyscall", VSYSCALL_ADDR,
			      VSYSCALL_ADDR + PAGE_SIZE);
}

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
/*
 * kernel_randomize_memory(): the direct map, vmalloc and vmemmap, in this
 * order, each PUD aligned at a random offset into what the regions
 * before it left of the space up to CPU_ENTRY_AREA_BASE, each followed
 * by the room it reserved (not the size shown, which the test checks)
 * and a PUD.
 */
static void x86_vm_layout_draw_memory(struct vm_layout *layout,
				      struct vm_layout_dice *dice)
{
	unsigned long sizes[] = {
		DIRECT_MAP_PHYSMEM_END + 1,
		VMALLOC_SIZE_TB << 40,
		x86_vm_layout_vmemmap_size(),
	};
	static const char * const names[] = {
		"direct_map", "vmalloc", "vmemmap",
	};
	unsigned long vaddr, remain, entropy;
	unsigned int i;

	vaddr = pgtable_l5_enabled() ? __PAGE_OFFSET_BASE_L5 :
				       __PAGE_OFFSET_BASE_L4;
	remain = CPU_ENTRY_AREA_BASE - vaddr;
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		remain -= sizes[i] + PUD_SIZE;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		entropy = vm_layout_roll(dice, 0,
					 remain / (ARRAY_SIZE(sizes) - i),
					 PUD_SIZE);
		vaddr += entropy;
		vm_layout_move(layout, names[i], vaddr);
		vaddr = round_up(vaddr + sizes[i] + 1, PUD_SIZE);
		remain -= entropy;
	}
}

bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice)
{
	unsigned long size = _end - _text, text;
	bool image = boot_params.hdr.loadflags & KASLR_FLAG;

	/* find_random_virt_addr(): a slot in the kernel mapping. */
	if (image) {
		text = vm_layout_roll(dice, __START_KERNEL, __START_KERNEL_map +
				      KERNEL_IMAGE_SIZE - size,
				      CONFIG_PHYSICAL_ALIGN);
		vm_layout_shift_image(layout, text - (unsigned long)_text);
	}

	if (kaslr_memory_enabled())
		x86_vm_layout_draw_memory(layout, dice);
	return image || kaslr_memory_enabled();
}
#endif
