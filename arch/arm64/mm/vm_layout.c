// SPDX-License-Identifier: GPL-2.0
/*
 * The arm64 part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/arm64/memory.rst and asm/memory.h.
 *
 * A kernel built for 52-bit VAs falls back to 48 bits at boot on CPUs
 * without LVA/LPA2, and with it the start of the kernel half, the linear
 * region and the page table depth; so they are computed from
 * vabits_actual when called.  The kernel image lives in the vmalloc area,
 * at KIMAGE_VADDR plus the KASLR offset, and modules are loaded into
 * windows around it rather than into MODULES_VADDR..MODULES_END.
 */

#include <linux/memblock.h>
#include <linux/pgtable.h>
#include <linux/sizes.h>
#include <linux/vm_layout.h>

#include <asm/fixmap.h>
#include <asm/memory.h>
#include <asm/sections.h>

static void arm64_vm_layout_kasan(struct vm_layout *layout)
{
#if defined(CONFIG_KASAN_GENERIC) || defined(CONFIG_KASAN_SW_TAGS)
	vm_layout_add(layout, "kasan_shadow", KASAN_SHADOW_START,
		      KASAN_SHADOW_END);
#endif
}

/*
 * Module text is not loaded into MODULES_VADDR..MODULES_END, the area
 * memory.rst calls "modules", but into the 128M window at
 * module_direct_base and, when that is full, the 2G one at
 * module_plt_base (see module_init_limits()).  With KASLR both are random
 * boxes around the image in the vmalloc area.  Without, both end at _end,
 * so only their parts below the image can hold modules: report those, so
 * that they do not straddle the start of the vmalloc area.
 */
static void arm64_vm_layout_module_window(struct vm_layout *layout,
					  const char *name, bool update,
					  u64 base, u64 size)
{
	u64 end = base + size;

	if (end == (u64)_end)
		end = (u64)_text;
	if (update)
		vm_layout_update(layout, name, base, end);
	else
		vm_layout_add(layout, name, base, end);
}

static void arm64_vm_layout_modules(struct vm_layout *layout)
{
#ifdef CONFIG_EXECMEM
	if (module_direct_base) {
		arm64_vm_layout_module_window(layout, "modules", true,
					      module_direct_base, SZ_128M);
		if (module_plt_base)
			arm64_vm_layout_module_window(layout, "modules_plt",
						      false, module_plt_base,
						      SZ_2G);
	} else if (module_plt_base) {
		arm64_vm_layout_module_window(layout, "modules", true,
					      module_plt_base, SZ_2G);
	}
	/* With neither, modules cannot be loaded at all. */
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

	arm64_vm_layout_modules(layout);
}
