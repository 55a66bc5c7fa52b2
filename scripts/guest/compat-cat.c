// SPDX-License-Identifier: GPL-2.0
/*
 * compat-cat [-R] FILE: copy FILE to standard output, as a 32-bit program
 * on a 64-bit kernel (a compat task), to see what such a reader gets.
 * With -R it first runs itself again with ADDR_NO_RANDOMIZE, so that its
 * stack starts at the very top the kernel gives compat tasks (STACK_TOP):
 * the exec that a random stack offset of 0 would give, once in thousands
 * otherwise.  Built without a C library (the 32-bit one is not installed
 * next to the cross compilers): raw system calls, for i386, 32-bit arm
 * and rv32.
 */

#define AT_FDCWD	-100
#define ADDR_NO_RANDOMIZE	0x0040000

#if defined(__i386__)
#define NR_READ		3
#define NR_WRITE	4
#define NR_OPENAT	295
#define NR_EXIT		1
#define NR_EXECVE	11
#define NR_PERSONALITY	136
static long sys3(long nr, long a, long b, long c)
{
	long ret;

	asm volatile ("int $0x80" : "=a" (ret)
		      : "a" (nr), "b" (a), "c" (b), "d" (c) : "memory");
	return ret;
}
#elif defined(__arm__)
#define NR_READ		3
#define NR_WRITE	4
#define NR_OPENAT	322
#define NR_EXIT		1
#define NR_EXECVE	11
#define NR_PERSONALITY	136
static long sys3(long nr, long a, long b, long c)
{
	register long r7 asm("r7") = nr;
	register long r0 asm("r0") = a;
	register long r1 asm("r1") = b;
	register long r2 asm("r2") = c;

	asm volatile ("svc #0" : "+r" (r0) : "r" (r7), "r" (r1), "r" (r2)
		      : "memory");
	return r0;
}
#elif defined(__riscv) && __riscv_xlen == 32
#define NR_READ		63
#define NR_WRITE	64
#define NR_OPENAT	56
#define NR_EXIT		93
#define NR_EXECVE	221
#define NR_PERSONALITY	92
static long sys3(long nr, long a, long b, long c)
{
	register long a7 asm("a7") = nr;
	register long a0 asm("a0") = a;
	register long a1 asm("a1") = b;
	register long a2 asm("a2") = c;

	asm volatile ("ecall" : "+r" (a0) : "r" (a7), "r" (a1), "r" (a2)
		      : "memory");
	return a0;
}
#else
#error "compat-cat: not a 32-bit i386, arm or riscv target"
#endif

static char buf[65536];

static void __attribute__((noreturn)) quit(int code)
{
	for (;;)
		sys3(NR_EXIT, code, 0, 0);
}

void __attribute__((used)) main_(long argc, char **argv);
void main_(long argc, char **argv)
{
	long fd, n;

	if (argc == 3 && argv[1][0] == '-' && argv[1][1] == 'R' && !argv[1][2]) {
		/* Again, without randomisation; the environment follows argv. */
		char *args[] = { argv[0], argv[2], 0 };

		if (sys3(NR_PERSONALITY, ADDR_NO_RANDOMIZE, 0, 0) < 0)
			quit(6);
		sys3(NR_EXECVE, (long)argv[0], (long)args, (long)(argv + argc + 1));
		quit(7);
	}
	if (argc != 2)
		quit(2);
	fd = sys3(NR_OPENAT, AT_FDCWD, (long)argv[1], 0);
	if (fd < 0)
		quit(3);
	while ((n = sys3(NR_READ, fd, (long)buf, sizeof(buf))) > 0)
		if (sys3(NR_WRITE, 1, (long)buf, n) != n)
			quit(4);
	quit(n < 0 ? 5 : 0);
}

/* The stack holds argc, then the argument pointers. */
#if defined(__i386__)
asm(".globl _start\n_start:\n\tmov %esp, %eax\n\tand $-16, %esp\n"
    "\tlea 4(%eax), %edx\n\tpush %edx\n\tpush (%eax)\n\tcall main_\n");
#elif defined(__arm__)
asm(".globl _start\n_start:\n\tldr r0, [sp]\n\tadd r1, sp, #4\n\tbl main_\n");
#else
asm(".globl _start\n_start:\n\tlw a0, 0(sp)\n\taddi a1, sp, 4\n"
    "\tcall main_\n");
#endif
