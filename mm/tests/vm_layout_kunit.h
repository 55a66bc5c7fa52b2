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
	struct vm_layout_table *f;
	unsigned int i;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	memcpy(f->regions, regions, sizeof(regions));
	f->layout.regions = f->regions;
	f->layout.nr_regions = ARRAY_SIZE(regions);

	vm_layout_sort(f);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		KUNIT_EXPECT_STREQ(test, want[i], regions[f->order[i]].name);
		KUNIT_EXPECT_EQ_MSG(test, depth[i], f->depth[i], "%s", want[i]);
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

/* Regions overlap only where one lies inside the other. */
static bool vm_layout_disjoint(struct kunit *test,
			       const struct vm_layout_table *f, const char *draw)
{
	const struct vm_layout_region *a, *b;
	unsigned int i, j;

	for (i = 0; i < f->layout.nr_regions; i++) {
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
	KUNIT_CASE(vm_layout_kaslr_draws),
	{}
};

static struct kunit_suite vm_layout_test_suite = {
	.name = "vm_layout",
	.test_cases = vm_layout_test_cases,
};

kunit_test_suite(vm_layout_test_suite);
