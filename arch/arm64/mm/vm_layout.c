// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/arm64/memory.rst and asm/memory.h.
 *
 * A kernel built for 52-bit VAs falls back to 48 bits at boot on CPUs
 * without LVA/LPA2, and with it the start of the kernel half, the linear
 * region and the page table depth; so they are computed from
 * vabits_actual when called.  The kernel image lives in the vmalloc area,
 * at KIMAGE_VADDR plus the KASLR offset.
 */

#include <linux/memblock.h>
#include <linux/pgtable.h>
#include <linux/vm_layout.h>

#include <asm/fixmap.h>
#include <asm/memory.h>

static void arm64_vm_layout_kasan(struct vm_layout *layout)
{
#if defined(CONFIG_KASAN_GENERIC) || defined(CONFIG_KASAN_SW_TAGS)
	vm_layout_add(layout, "kasan_shadow", KASAN_SHADOW_START,
		      KASAN_SHADOW_END);
#endif
}

void arch_vm_layout(struct vm_layout *layout)
{
	unsigned int va_bits = vabits_actual;

	layout->va_bits = va_bits;
	layout->va_bits_max = VA_BITS;
	layout->pgtable_levels = ARM64_HW_PGTABLE_LEVELS(va_bits);
	layout->paging_chosen_at_boot = VA_BITS != VA_BITS_MIN;
	layout->kernel_vas_start = _PAGE_OFFSET(va_bits);

	/* TASK_SIZE_MAX is the 52-bit maximum even on a 48-bit CPU. */
	layout->task_size = TASK_SIZE_64;
	vm_layout_update(layout, "user", 0, TASK_SIZE_64);

	if (!IS_ENABLED(CONFIG_RANDOMIZE_BASE))
		layout->kaslr = VM_LAYOUT_KASLR_NOT_CONFIGURED;
	else if (kaslr_enabled())
		layout->kaslr = VM_LAYOUT_KASLR_ENABLED;
	else
		layout->kaslr = VM_LAYOUT_KASLR_DISABLED;
	layout->kaslr_offset = kaslr_offset();

	/*
	 * The linear region is reserved from the start of the kernel half
	 * to PAGE_END; RAM is mapped from its first byte on.
	 */
	vm_layout_add(layout, "linear_map", _PAGE_OFFSET(va_bits), PAGE_END);
	vm_layout_update(layout, "direct_map",
			 (unsigned long)__va(memblock_start_of_DRAM()),
			 (unsigned long)high_memory);

	arm64_vm_layout_kasan(layout);

	vm_layout_add(layout, "vmemmap", VMEMMAP_START, VMEMMAP_END);
	vm_layout_add(layout, "pci_io", PCI_IO_START, PCI_IO_END);

	vm_layout_add(layout, "fixmap", FIXADDR_START, FIXADDR_TOP);
}
