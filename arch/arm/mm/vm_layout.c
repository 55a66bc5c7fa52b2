// SPDX-License-Identifier: GPL-2.0
/*
 * The 32-bit arm part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/arm/memory.rst.
 *
 * The split is PAGE_OFFSET (CONFIG_VMSPLIT_*); user space ends 16 MiB
 * below it, where the modules start, and lowmem ends at high_memory, so
 * the start of vmalloc depends on the RAM found at boot and on
 * "vmalloc=".  There is no KASLR.
 */

#include <linux/io.h>
#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/vm_layout.h>

#include <asm/memory.h>

/* The I/O space of PCI host bridges, see pci_reserve_io(). */
static void arm_vm_layout_pci_io(struct vm_layout *layout)
{
#if defined(CONFIG_PCI) && !defined(CONFIG_NEED_MACH_IO_H)
	vm_layout_add(layout, "pci_io", PCI_IO_VIRT_BASE,
		      PCI_IO_VIRT_BASE + SZ_2M);
#endif
}

void __init arch_vm_layout(struct vm_layout *layout)
{
	layout->task_size = TASK_SIZE;
	layout->va_bits = 32;
	layout->va_bits_max = 32;
	/* The kernel's half starts with the modules (or KASAN shadow). */
	layout->kernel_vas_start = TASK_SIZE;

	arm_vm_layout_pci_io(layout);

	/* Where the boot code maps the device tree blob, above vmalloc. */
	vm_layout_add(layout, "fdt", FDT_FIXED_BASE,
		      FDT_FIXED_BASE + FDT_FIXED_SIZE);

	/* The vector page and the page of stubs after it. */
	vm_layout_add(layout, "vectors", VECTORS_BASE,
		      VECTORS_BASE + 2 * PAGE_SIZE);
}

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
/* Nothing is randomised on 32-bit arm. */
bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice)
{
	return false;
}
#endif
