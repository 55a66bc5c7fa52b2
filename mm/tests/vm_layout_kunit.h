/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for mm/vm_layout.c, included at its end so that they reach
 * its static functions.
 *
 * A reader who may not see addresses still sees the names, sizes, order
 * and nesting of the regions.  None of that may depend on where KASLR put
 * things.  A few boots cannot show that, so vm_layout_kaslr_draws lets
 * the architecture lay out thousands of other boots with
 * arch_vm_layout_draw() and compares what such a reader would see.
 */

#include <kunit/test.h>
#include <linux/prandom.h>

#define VM_LAYOUT_TEST_DRAWS	4096
#define VM_LAYOUT_TEST_SEED	0x766d73706c6974ULL

/**
 * vm_layout_roll - make one of the choices KASLR makes
 * @dice: how to choose
 * @min: lowest value
 * @max: highest value
 * @align: the value is @min plus a multiple of @align (0 or 1: any)
 *
 * Return: @min, the highest value not above @max, or one drawn at random
 * between them, as @dice says; @min if @max is below it.
 */
unsigned long vm_layout_roll(struct vm_layout_dice *dice, unsigned long min,
			     unsigned long max, unsigned long align)
{
	unsigned long steps, r;

	if (max <= min)
		return min;
	if (!align)
		align = 1;
	steps = (max - min) / align;

	switch (dice->mode) {
	case VM_LAYOUT_DICE_LOW:
		return min;
	case VM_LAYOUT_DICE_HIGH:
		return min + steps * align;
	default:
		r = prandom_u32_state(dice->state);
		/* Two shifts: one by 32 is undefined for a 32-bit long. */
		if (BITS_PER_LONG > 32)
			r = (r << 16) << 16 | prandom_u32_state(dice->state);
		if (steps != ULONG_MAX)
			r %= steps + 1;
		return min + r * align;
	}
}

/**
 * vm_layout_shift - move a region of a snapshot
 * @layout: a snapshot of all regions
 * @name: the region
 * @delta: by how much
 */
void vm_layout_shift(struct vm_layout *layout, const char *name, long delta)
{
	unsigned int i;

	for (i = 0; i < layout->nr_regions; i++) {
		if (!strcmp(layout->regions[i].name, name)) {
			layout->regions[i].start += delta;
			layout->regions[i].end += delta;
		}
	}
}

/**
 * vm_layout_move - move a region of a snapshot to a new start
 * @layout: a snapshot of all regions
 * @name: the region
 * @start: its new start; its size stays
 */
void vm_layout_move(struct vm_layout *layout, const char *name,
		    unsigned long start)
{
	unsigned int i;

	for (i = 0; i < layout->nr_regions; i++)
		if (!strcmp(layout->regions[i].name, name))
			vm_layout_shift(layout, name,
					start - layout->regions[i].start);
}

/**
 * vm_layout_shift_image - move the kernel image and its sections
 * @layout: a snapshot of all regions
 * @delta: by how much
 */
void vm_layout_shift_image(struct vm_layout *layout, long delta)
{
	static const char * const parts[] = {
		"kernel", "kernel_text", "kernel_rodata", "kernel_data",
		"kernel_init", "kernel_bss",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(parts); i++)
		vm_layout_shift(layout, parts[i], delta);
}

/*
 * Sort @n @regions; they must come out in the order of the names @want,
 * nested as deep as @depth says.
 */
static void vm_layout_expect_sort(struct kunit *test,
				  const struct vm_layout_region *regions,
				  unsigned int n, const char * const *want,
				  const u8 *depth)
{
	struct vm_layout_table *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	memcpy(t->regions, regions, n * sizeof(*regions));
	t->layout.regions = t->regions;
	t->layout.nr_regions = n;

	vm_layout_sort(t);
	for (i = 0; i < n; i++) {
		KUNIT_EXPECT_STREQ(test, want[i], regions[t->order[i]].name);
		KUNIT_EXPECT_EQ_MSG(test, depth[i], t->depth[i], "%s", want[i]);
	}
}

/* Order and nesting come out of vm_layout_sort() as documented. */
static void vm_layout_sort_test(struct kunit *test)
{
	static const struct vm_layout_region regions[] = {
		{ "a", 0x1000, 0x9000 },
		{ "b", 0x2000, 0x3000 },
		{ "c", 0x5000, 0x9000 },
		{ "d", 0xa000, 0xb000 },
		{ "e", 0x6000, 0x7000 },
		{ "top", 0xf000, 0 },
	};
	static const char * const want[] = { "top", "d", "a", "c", "e", "b" };
	static const u8 depth[] = { 0, 0, 0, 1, 2, 1 };

	vm_layout_expect_sort(test, regions, ARRAY_SIZE(regions), want, depth);
}

/* Ties: the outer region first, identical ones in the order added. */
static void vm_layout_sort_ties_test(struct kunit *test)
{
	static const struct vm_layout_region regions[] = {
		{ "x", 0x1000, 0x3000 },
		{ "y", 0x2000, 0x3000 },
		{ "z", 0x1000, 0x3000 },
	};
	static const char * const want[] = { "x", "z", "y" };
	static const u8 depth[] = { 0, 1, 2 };

	vm_layout_expect_sort(test, regions, ARRAY_SIZE(regions), want, depth);
}

/* A table takes VM_LAYOUT_MAX_REGIONS regions, and sorts them all. */
static void vm_layout_full_table_test(struct kunit *test)
{
	struct vm_layout_table *t;
	unsigned int i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->layout.regions = t->regions;
	t->layout.max_regions = ARRAY_SIZE(t->regions);
	/* Each one page below the one before: added bottom up. */
	for (i = 0; i < VM_LAYOUT_MAX_REGIONS; i++)
		vm_layout_add(&t->layout, "r", (i + 1) * PAGE_SIZE,
			      (i + 2) * PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, VM_LAYOUT_MAX_REGIONS, t->layout.nr_regions);

	vm_layout_sort(t);
	for (i = 0; i < VM_LAYOUT_MAX_REGIONS; i++) {
		KUNIT_EXPECT_EQ(test, VM_LAYOUT_MAX_REGIONS - 1 - i, t->order[i]);
		KUNIT_EXPECT_EQ(test, 0, t->depth[i]);
	}
}

/*
 * The size column.  The expected texts are those the first version of
 * this file (its own digit-by-digit formatter) printed for regions of
 * real boots, and the edges of the rule: below 10000 of a unit is exact.
 */
static void vm_layout_size_test(struct kunit *test)
{
	static const struct {
		unsigned long size;
		const char *text;
	} cases[] = {
		{ 1,			"         1 B  " },
		{ 0x1000,		"         4 KiB" },
		{ 0x47000,		"       284 KiB" },
		{ 0x284000,		"      2576 KiB" },
		{ 0x4b1d0,		"   ~300.45 KiB" },
		{ 0xdd500,		"   ~885.25 KiB" },
		{ 0x666258,		"     ~6.40 MiB" },
		{ 0x108a000,		"    ~16.54 MiB" },
		{ 9999 * SZ_1K,		"      9999 KiB" },
		{ 10000 * SZ_1K,	"     ~9.77 MiB" },
		{ 0x3f000000,		"      1008 MiB" },
		{ SZ_1G - SZ_1K,	"     ~1.00 GiB" },
		{ SZ_1G,		"         1 GiB" },
#if BITS_PER_LONG == 64
		{ 0x32000000000000,	"    ~12.50 PiB" },
		{ 0x00fffffffffff000,	"    ~64.00 PiB" },
		{ -SZ_1M,		"    ~16.00 EiB" },
#else
		{ -SZ_1M,		"      4095 MiB" },
#endif
	};
	char buf[32];
	struct seq_file m = { .buf = buf, .size = sizeof(buf) - 1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		m.count = 0;
		vm_layout_show_size(&m, cases[i].size);
		buf[m.count] = '\0';
		KUNIT_EXPECT_STREQ_MSG(test, cases[i].text, buf, "size %lx",
				       cases[i].size);
	}
}

/*
 * Compare what a reader who may not see addresses learns from @f with
 * what the same reader learns from @ref; report the first difference.
 */
static bool vm_layout_same_view(struct kunit *test,
				const struct vm_layout_table *ref,
				const struct vm_layout_table *f,
				const char *draw)
{
	const struct vm_layout_region *a, *b;
	unsigned int i;

	if (ref->layout.nr_regions != f->layout.nr_regions) {
		KUNIT_FAIL(test, "%s: %u regions, not %u", draw,
			   f->layout.nr_regions, ref->layout.nr_regions);
		return false;
	}
	for (i = 0; i < ref->layout.nr_regions; i++) {
		a = &ref->regions[ref->order[i]];
		b = &f->regions[f->order[i]];
		if (strcmp(a->name, b->name) || a->end - a->start !=
		    b->end - b->start || ref->depth[i] != f->depth[i]) {
			KUNIT_FAIL(test,
				   "%s: line %u is %s (%lu bytes, depth %u), not %s (%lu bytes, depth %u)",
				   draw, i, b->name, b->end - b->start,
				   f->depth[i], a->name, a->end - a->start,
				   ref->depth[i]);
			return false;
		}
	}
	return true;
}

/*
 * No region wraps past the top of the address space or is empty, and
 * regions overlap only where one lies inside the other.
 */
static bool vm_layout_disjoint(struct kunit *test,
			       const struct vm_layout_table *f, const char *draw)
{
	const struct vm_layout_region *a, *b;
	unsigned int i, j;

	for (i = 0; i < f->layout.nr_regions; i++) {
		a = &f->regions[i];
		if (a->end - 1 < a->start) {
			KUNIT_FAIL(test, "%s: %s %lx-%lx wraps or is empty",
				   draw, a->name, a->start, a->end);
			return false;
		}
		for (j = i + 1; j < f->layout.nr_regions; j++) {
			a = &f->regions[i];
			b = &f->regions[j];
			if (a->end - 1 < b->start || b->end - 1 < a->start ||
			    vm_layout_contains(a, b) || vm_layout_contains(b, a))
				continue;
			KUNIT_FAIL(test, "%s: %s and %s overlap", draw,
				   a->name, b->name);
			return false;
		}
	}
	return true;
}

/*
 * This boot's table: every region but "user" in the kernel half, not
 * empty, page aligned unless the linker script bounds it (the image and
 * its sections), and no two regions overlapping unless nested.
 */
static void vm_layout_live_test(struct kunit *test)
{
	const struct vm_layout *l = &vm_layout_table.layout;
	const struct vm_layout_region *r;
	unsigned int i;

	KUNIT_ASSERT_NE(test, 0, l->nr_regions);
	for (i = 0; i < l->nr_regions; i++) {
		r = &l->regions[i];
		KUNIT_EXPECT_TRUE_MSG(test, r->end - 1 >= r->start, "%s", r->name);
		if (!strcmp(r->name, "user"))
			KUNIT_EXPECT_EQ(test, l->task_size, r->end);
		else
			KUNIT_EXPECT_GE_MSG(test, r->start, l->kernel_vas_start,
					    "%s", r->name);
		if (strncmp(r->name, "kernel", 6))
			KUNIT_EXPECT_TRUE_MSG(test,
					      PAGE_ALIGNED(r->start) &&
					      PAGE_ALIGNED(r->end),
					      "%s: %lx-%lx", r->name, r->start,
					      r->end);
	}
	vm_layout_disjoint(test, &vm_layout_table, "this boot");
}

/*
 * Another boot, laid out by the architecture from @dice: false if it
 * looks different, or if *@randomized (set to what the architecture
 * returned) is false.
 */
static bool vm_layout_test_draw(struct kunit *test,
				const struct vm_layout_table *live,
				struct vm_layout_table *f,
				struct vm_layout_dice *dice, const char *draw,
				bool *randomized)
{
	*f = *live;
	f->layout.regions = f->regions;
	*randomized = arch_vm_layout_draw(&f->layout, dice);
	vm_layout_sort(f);
	return *randomized && vm_layout_disjoint(test, f, draw) &&
	       vm_layout_same_view(test, live, f, draw);
}

/*
 * The lowest and the highest choice of everything KASLR chooses, then
 * VM_LAYOUT_TEST_DRAWS random ones, all look the same to a reader who
 * may not see addresses, and no two regions overlap unless nested.
 * Skipped on a boot that randomised nothing.
 */
static void vm_layout_kaslr_draws(struct kunit *test)
{
	struct vm_layout_table *live, *f;
	struct vm_layout_dice dice;
	struct rnd_state state;
	bool randomized;
	char draw[32];
	unsigned int i;

	live = kunit_kzalloc(test, sizeof(*live), GFP_KERNEL);
	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, live);
	KUNIT_ASSERT_NOT_NULL(test, f);

	*live = vm_layout_table;
	live->layout.regions = live->regions;
	if (!vm_layout_disjoint(test, live, "this boot"))
		return;

	dice.mode = VM_LAYOUT_DICE_LOW;
	if (!vm_layout_test_draw(test, live, f, &dice, "lowest choices",
				 &randomized)) {
		if (!randomized)
			kunit_skip(test, "this boot randomised nothing");
		return;
	}
	dice.mode = VM_LAYOUT_DICE_HIGH;
	if (!vm_layout_test_draw(test, live, f, &dice, "highest choices",
				 &randomized))
		return;

	prandom_seed_state(&state, VM_LAYOUT_TEST_SEED);
	dice.mode = VM_LAYOUT_DICE_RANDOM;
	dice.state = &state;
	for (i = 0; i < VM_LAYOUT_TEST_DRAWS; i++) {
		snprintf(draw, sizeof(draw), "random draw %u", i);
		if (!vm_layout_test_draw(test, live, f, &dice, draw,
					 &randomized))
			return;
	}
}

static struct kunit_case vm_layout_test_cases[] = {
	KUNIT_CASE(vm_layout_sort_test),
	KUNIT_CASE(vm_layout_sort_ties_test),
	KUNIT_CASE(vm_layout_full_table_test),
	KUNIT_CASE(vm_layout_size_test),
	KUNIT_CASE(vm_layout_live_test),
	KUNIT_CASE(vm_layout_kaslr_draws),
	{}
};

static struct kunit_suite vm_layout_test_suite = {
	.name = "vm_layout",
	.test_cases = vm_layout_test_cases,
};

kunit_test_suite(vm_layout_test_suite);
