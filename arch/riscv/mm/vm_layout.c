// SPDX-License-Identifier: GPL-2.0
/*
 * The riscv part of /proc/vmsplit and /sys/kernel/mm/layout/, after
 * Documentation/arch/riscv/vm-layout.rst and asm/pgtable.h.
 *
 * A 64-bit kernel picks sv57, sv48 or sv39 at boot ("no5lvl", "no4lvl"),
 * and everything below the kernel mapping moves with PAGE_OFFSET
 * (kernel_map.page_offset), which setup_vm() sets.
 */

#include <linux/kasan.h>
#include <linux/pgtable.h>
#include <linux/vm_layout.h>

#include <asm/fixmap.h>

static void riscv_vm_layout_xlen(struct vm_layout *layout)
{
#ifdef CONFIG_64BIT
	layout->pgtable_levels = pgtable_l5_enabled ? 5 :
				 pgtable_l4_enabled ? 4 : 3;
	layout->va_bits_max = VA_BITS_SV57;
	layout->paging_chosen_at_boot = true;
	layout->kernel_vas_start = -(1UL << (VA_BITS - 1));
	/* TASK_SIZE is 32-bit for compat tasks. */
	layout->task_size = TASK_SIZE_64;
	/* The linear region, as is_linear_mapping() bounds it ... */
	layout->direct_map_end = PAGE_OFFSET + KERN_VIRT_SIZE;
#ifdef CONFIG_KASAN
	/* ... but for sv57's KASAN shadow, which starts inside it. */
	layout->direct_map_end = min(layout->direct_map_end,
				     KASAN_SHADOW_START);
#endif

	/* BPF programs are placed just below the kernel image. */
	vm_layout_add(layout, "bpf_jit", BPF_JIT_REGION_START,
		      BPF_JIT_REGION_END);
#else
	/* vmalloc, vmemmap and the fixmap lie below PAGE_OFFSET. */
	layout->task_size = TASK_SIZE;
	layout->kernel_vas_start = TASK_SIZE;
#endif
}

/*
 * setup_vm() records whether it had a seed: the offset it drew from one
 * may be 0.
 */
static bool riscv_vm_layout_randomized(void)
{
#ifdef CONFIG_RANDOMIZE_BASE
	return kernel_map.randomized;
#else
	return false;
#endif
}

void __init arch_vm_layout(struct vm_layout *layout)
{
	layout->va_bits = VA_BITS;
	layout->va_bits_max = VA_BITS;
	riscv_vm_layout_xlen(layout);

	/* RANDOMIZE_BASE is 64-bit only. */
	if (IS_ENABLED(CONFIG_64BIT))
		layout->kaslr = vm_layout_kaslr_state(IS_ENABLED(CONFIG_RANDOMIZE_BASE),
						      riscv_vm_layout_randomized());
	layout->kaslr_offset = kaslr_offset();

	vm_layout_add(layout, "kernel_mapping", kernel_map.virt_addr,
		      kernel_map.virt_addr + kernel_map.size);

	/* Without NUMA riscv can be FLATMEM: no struct page array there. */
	if (IS_ENABLED(CONFIG_SPARSEMEM_VMEMMAP))
		vm_layout_add(layout, "vmemmap", VMEMMAP_START, VMEMMAP_END);
}

#ifdef CONFIG_VM_LAYOUT_KUNIT_TEST
/*
 * setup_vm() moves the image by a PMD aligned offset that keeps it in
 * one PUD; the modules and the BPF JIT area move with it.
 */
bool arch_vm_layout_draw(struct vm_layout *layout, struct vm_layout_dice *dice)
{
	unsigned long nr_pos = (PUD_SIZE - kernel_map.size) / PMD_SIZE;
	long delta;

	if (!riscv_vm_layout_randomized())
		return false;
	delta = vm_layout_roll(dice, 0, (nr_pos - 1) * PMD_SIZE, PMD_SIZE) -
		kernel_map.virt_offset;
	vm_layout_shift_image(layout, delta);
	vm_layout_shift(layout, "kernel_mapping", delta);
	vm_layout_shift(layout, "modules", delta);
	vm_layout_shift(layout, "bpf_jit", delta);
	return true;
}
#endif
