// SPDX-License-Identifier: GPL-2.0
/*
 * In-guest benchmark: what does reading the layout cost, next to a live
 * file of about the same size (/proc/meminfo), next to a plain mm sysfs
 * attribute, and next to what users do today (scan /proc/kallsyms)?  The
 * physical memory files take get_online_mems() for each read.
 *
 * Each target is timed as open + read everything + close, in interleaved
 * rounds (every round visits every target once, in a rotating order), so
 * that noise hits all targets alike.  Prints the median and the 99th
 * percentile per target and the ratios of the medians, as
 *   bench: <name> median_ns=<n> p99_ns=<n> bytes=<n>
 *   ratio: <a>/<b> <x>
 * A target whose file is missing is reported as "missing" and left out.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_ROUNDS	20000

struct target {
	const char *name;
	const char *path;
	const char *needle;	/* stop reading once this is seen */
	int every;		/* time it in one round of this many (0: 1) */
	long long *ns;
	int n;
	long bytes;
	int missing;
};

/*
 * A plain mm sysfs attribute to compare one layout file with: the first of
 * these the kernel has.
 */
static const char * const mm_attrs[] = {
	"/sys/kernel/mm/swap/vma_ra_enabled",
	"/sys/kernel/mm/transparent_hugepage/enabled",
	"/sys/kernel/mm/ksm/run",
	"/sys/kernel/uevent_seqnum",
};

static struct target targets[] = {
	{ .name = "proc_vmsplit", .path = "/proc/vmsplit" },
	{ .name = "proc_meminfo", .path = "/proc/meminfo" },
	{ .name = "sysfs_layout_va_bits", .path = "/sys/kernel/mm/layout/va_bits" },
	{ .name = "sysfs_layout_vmalloc_start",
	  .path = "/sys/kernel/mm/layout/regions/vmalloc/start" },
	{ .name = "sysfs_mm_attr" },	/* .path: the first of mm_attrs[] */
	/* some 100000 lines: under emulation one scan takes most of a second */
	{ .name = "kallsyms_scan_end", .path = "/proc/kallsyms", .needle = " _end\n",
	  .every = 50 },
	/* physical memory: a count, and a hidden value (a bin_attribute) */
	{ .name = "sysfs_layout_zone_present",
	  .path = "/sys/kernel/mm/layout/physical/node0/Normal/present_pages" },
	{ .name = "sysfs_layout_zone_pfn_start",
	  .path = "/sys/kernel/mm/layout/physical/node0/Normal/pfn_start" },
};

#define NR_TARGETS	(sizeof(targets) / sizeof(targets[0]))

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Open, read all (or up to the needle), close; returns bytes or -1. */
static long read_target(const struct target *t)
{
	static char buf[1 << 16];
	long total = 0, n;
	int fd = open(t->path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf) - 1)) > 0) {
		total += n;
		if (t->needle) {
			buf[n] = '\0';
			/* a needle split across reads is found in the next one */
			if (strstr(buf, t->needle))
				break;
		}
	}
	close(fd);
	return n < 0 ? -1 : total;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 2000;
	long long med[NR_TARGETS];
	unsigned int i, r;

	if (rounds < 10 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "usage: %s [rounds: 10..%d]\n", argv[0], MAX_ROUNDS);
		return 2;
	}
	for (i = 0; i < sizeof(mm_attrs) / sizeof(mm_attrs[0]); i++) {
		if (!access(mm_attrs[i], R_OK)) {
			targets[4].path = mm_attrs[i];
			break;
		}
	}
	if (!targets[4].path)
		targets[4].path = mm_attrs[0];
	printf("bench: sysfs_mm_attr is %s\n", targets[4].path);
	for (i = 0; i < NR_TARGETS; i++) {
		targets[i].ns = calloc(rounds, sizeof(long long));
		if (!targets[i].ns)
			return 1;
		targets[i].bytes = read_target(&targets[i]);	/* warm up */
		targets[i].missing = targets[i].bytes < 0;
	}

	for (r = 0; r < (unsigned int)rounds; r++) {
		for (i = 0; i < NR_TARGETS; i++) {
			struct target *t = &targets[(i + r) % NR_TARGETS];
			long long t0;

			if (t->missing || (t->every && r % t->every))
				continue;
			t0 = now_ns();
			if (read_target(t) < 0) {
				fprintf(stderr, "%s: read failed: %s\n", t->path, strerror(errno));
				return 1;
			}
			t->ns[t->n++] = now_ns() - t0;
		}
	}

	printf("bench: rounds=%d\n", rounds);
	for (i = 0; i < NR_TARGETS; i++) {
		struct target *t = &targets[i];

		if (t->missing) {
			printf("bench: %s missing (%s)\n", t->name, t->path);
			med[i] = 0;
			continue;
		}
		qsort(t->ns, t->n, sizeof(long long), cmp_ll);
		med[i] = t->ns[t->n / 2];
		printf("bench: %s samples=%d median_ns=%lld p99_ns=%lld bytes=%ld\n",
		       t->name, t->n, med[i], t->ns[t->n * 99 / 100], t->bytes);
	}

#define RATIO(a, b) \
	do { \
		if (med[a] && med[b]) \
			printf("ratio: %s/%s %.2f\n", targets[a].name, \
			       targets[b].name, (double)med[a] / med[b]); \
	} while (0)
	RATIO(0, 1);
	RATIO(2, 4);
	RATIO(3, 4);
	RATIO(5, 0);
	RATIO(6, 4);
	RATIO(7, 4);
	return 0;
}
