// SPDX-License-Identifier: GPL-2.0
/*
 * The x86_64 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/x86/x86_64/mm.rst.
 *
 * The direct map, vmalloc and vmemmap bases are variables that KASLR sets
 * at boot, and the paging depth (4 or 5 levels) is also chosen at boot, so
 * everything here is computed when called.
 */

#include <linux/kasan.h>
#include <linux/mm_types.h>
#include <linux/vm_layout.h>

#include <asm/cpu_entry_area.h>
#include <asm/fixmap.h>
#include <linux/pgtable.h>
#include <asm/setup.h>
#include <asm/vsyscall.h>

static void x86_vm_layout_kasan(struct vm_layout *layout)
{
#ifdef CONFIG_KASAN
	vm_layout_add(layout, "kasan_shadow", KASAN_SHADOW_START,
		      KASAN_SHADOW_END);
#endif
}

static enum vm_layout_kaslr x86_vm_layout_kaslr(bool configured, bool on)
{
	if (!configured)
		return VM_LAYOUT_KASLR_NOT_CONFIGURED;
	return on ? VM_LAYOUT_KASLR_ENABLED : VM_LAYOUT_KASLR_DISABLED;
}

void arch_vm_layout(struct vm_layout *layout)
{
	/* The decompressor sets KASLR_FLAG when it randomised the image. */
	bool image_randomized = boot_params.hdr.loadflags & KASLR_FLAG;
	unsigned long vmemmap_size;

	layout->kernel_vas_start = -1UL << __VIRTUAL_MASK_SHIFT;
	layout->va_bits = __VIRTUAL_MASK_SHIFT + 1;
	layout->va_bits_max = CONFIG_PGTABLE_LEVELS == 5 ? 57 : 48;
	layout->pgtable_levels = pgtable_l5_enabled() ? 5 : 4;
	layout->paging_chosen_at_boot = CONFIG_PGTABLE_LEVELS == 5;

	/*
	 * kaslr_enabled() also requires RANDOMIZE_MEMORY, so ask for the
	 * image and for the memory regions separately.
	 */
	layout->kaslr = x86_vm_layout_kaslr(IS_ENABLED(CONFIG_RANDOMIZE_BASE),
					    image_randomized);
	layout->kaslr_offset = kaslr_offset();
	layout->kaslr_memory =
		x86_vm_layout_kaslr(IS_ENABLED(CONFIG_RANDOMIZE_MEMORY),
				    kaslr_memory_enabled());

	if (IS_ENABLED(CONFIG_MODIFY_LDT_SYSCALL))
		vm_layout_add(layout, "ldt_remap", LDT_BASE_ADDR, LDT_END_ADDR);

	/* VMALLOC_END is the last byte of the area here, not one past it. */
	vm_layout_update(layout, "vmalloc", VMALLOC_START, VMALLOC_END + 1);

	/* Room for a struct page for every page of the largest memory. */
	vmemmap_size = (MAXMEM >> PAGE_SHIFT) * sizeof(struct page);
	vm_layout_add(layout, "vmemmap", VMEMMAP_START,
		      VMEMMAP_START + vmemmap_size);

	x86_vm_layout_kasan(layout);

	vm_layout_add(layout, "cpu_entry_area", CPU_ENTRY_AREA_BASE,
		      CPU_ENTRY_AREA_BASE + CPU_ENTRY_AREA_MAP_SIZE);

	if (IS_ENABLED(CONFIG_X86_ESPFIX64))
		vm_layout_add(layout, "espfix", ESPFIX_BASE_ADDR,
			      ESPFIX_BASE_ADDR + P4D_SIZE);

	if (IS_ENABLED(CONFIG_EFI))
		vm_layout_add(layout, "efi", EFI_VA_END, EFI_VA_START);

	vm_layout_add(layout, "kernel_mapping", __START_KERNEL_map,
		      __START_KERNEL_map + KERNEL_IMAGE_SIZE);

	vm_layout_add(layout, "fixmap", FIXADDR_START, FIXADDR_TOP);

	if (IS_ENABLED(CONFIG_X86_VSYSCALL_EMULATION))
		vm_layout_add(layout, "vsyscall", VSYSCALL_ADDR,
			      VSYSCALL_ADDR + PAGE_SIZE);
}
