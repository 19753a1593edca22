/*
 * boot.S: PVH entry, from 32-bit protected mode to 64-bit C.
 *
 * QEMU (-kernel, q35 or microvm) finds the XEN_ELFNOTE_PHYS32_ENTRY note
 * below and enters kern_pvh_start in 32-bit protected mode, paging off,
 * EBX = physical address of struct hvm_start_info.  We clear .bss, build
 * temporary page tables (the low 4 GiB identity mapped with 2 MiB pages),
 * turn on PAE, long mode, NX, SYSCALL, SSE and write protection, load a
 * flat GDT, point FS at a boot TCB whose stack-protector canary is random,
 * and call kern_pvh_main(start_info) on the boot stack.  mm.c replaces the
 * temporary tables with the final ones.  kern_efi_entry below is the
 * UEFI way in, to the same kern_main.
 *
 * Memory map of the running appliance (virtual == physical below 1 TiB):
 *
 *   0 .. 4 KiB           unmapped, so NULL dereferences fault
 *   4 KiB .. 1 MiB       low RAM, BIOS data, hvm_start_info: RW, NX
 *   1 MiB                the image (kernel.ld; 32 MiB when booted by UEFI,
 *                        kernel/efi/pe.S): headers and .text RX,
 *                        .rodata RO NX, .data/.bss RW NX
 *     in .bss            (4 KiB aligned) each stack below an unmapped
 *                        guard page: boot 64 KiB, IST1 (IRQs) 16 KiB,
 *                        IST2 (exceptions) 16 KiB, IST3 (#PF) 64 KiB,
 *                        IST4 (#DF) 8 KiB, IST5 (NMI) 8 KiB, IST6 (#MC)
 *                        8 KiB, syscall 64 KiB
 *   end of image         the page allocator's bitmap (1 bit per page of
 *                        RAM), then free RAM: kern_page_alloc() serves
 *                        page tables, DMA rings, anonymous mmap and the
 *                        1 MiB musl main stack (with its own guard page)
 *   all other RAM        RW, NX, identity mapped, 2 MiB pages where
 *                        possible
 *   MMIO                 identity mapped on request by kern_map_mmio(),
 *                        uncached, NX: LAPIC 0xFEE00000, HPET 0xFED00000,
 *                        PCI BARs
 *   1 TiB .. 2 TiB       KERN_FS_MAP_BASE: the LMDB file map, filled on
 *                        page fault by fs.c
 *   2 TiB .. +1 GiB      the brk heap, mapped page by page as it grows
 */

#define CR0_PE		(1 << 0)
#define CR0_MP		(1 << 1)
#define CR0_NE		(1 << 5)
#define CR0_WP		(1 << 16)
#define CR0_PG		(1 << 31)
#define CR4_PAE		(1 << 5)
#define CR4_OSFXSR	(1 << 9)
#define CR4_OSXMMEXCPT	(1 << 10)
#define MSR_EFER	0xc0000080
#define EFER_SCE	(1 << 0)
#define EFER_LME	(1 << 8)
#define EFER_NXE	(1 << 11)
#define MSR_FS_BASE	0xc0000100

/* The PVH entry note: name "Xen", type 18, an 8-byte zero-extended
 * 32-bit entry address (QEMU reads a pointer-sized value for ELF64). */
	.section .note.Xen, "a", @note
	.balign 4
	.long 4
	.long 8
	.long 18
	.asciz "Xen"
	.balign 4
	.quad kern_pvh_start
	.balign 4

/* A stack: an unmapped guard page, then size bytes, then a top label.
 * The guard addresses are listed in kern_guard_pages for mm.c. */
.macro STACK name, size
	.section .bss_stacks, "aw", @nobits
	.balign 4096
\name\()_guard:
	.skip 4096
\name:
	.skip \size
	.globl \name\()_top
\name\()_top:
	.section .rodata
	.quad \name\()_guard
.endm

	.section .rodata
	.balign 8
	.globl kern_guard_pages
kern_guard_pages:
	STACK kern_boot_stack, 65536
	STACK kern_ist1_stack, 16384
	STACK kern_ist2_stack, 16384
	STACK kern_ist3_stack, 65536
	STACK kern_ist4_stack, 8192
	STACK kern_ist5_stack, 8192
	STACK kern_ist6_stack, 8192
	STACK kern_syscall_stack, 65536
	.section .rodata
	.quad 0

/* GDT: null, 64-bit code (0x08), data (0x10), and a 16-byte TSS
 * descriptor (0x18) that irq.c fills in. */
	.section .data
	.balign 16
	.globl kern_gdt
kern_gdt:
	.quad 0
	.quad 0x00af9a000000ffff
	.quad 0x00cf92000000ffff
	.quad 0, 0
kern_gdt_end:
	.balign 8
kern_gdt_ptr:
	.word kern_gdt_end - kern_gdt - 1
	.quad kern_gdt

/* The TCB FS points at until musl installs its own: a self pointer at
 * +0 and the stack-protector canary at +0x28. */
	.balign 64
	.globl kern_boot_tcb
kern_boot_tcb:
	.quad kern_boot_tcb
	.skip 0x78

	.globl kern_start_info
kern_start_info:
	.quad 0

/* Temporary page tables: PML4 -> one PDPT -> four PDs of 2 MiB pages. */
	.section .bss_stacks, "aw", @nobits
	.balign 4096
boot_pml4:
	.skip 4096
boot_pdpt:
	.skip 4096
boot_pd:
	.skip 4 * 4096

	.section .text.boot, "ax"
	.code32
	.globl kern_pvh_start
kern_pvh_start:
	cli
	cld
	movl %ebx, kern_start_info

	/* Clear .bss (it includes the stacks and the tables below). */
	movl $__bss_start, %edi
	movl $__image_end, %ecx
	subl %edi, %ecx
	shrl $2, %ecx
	xorl %eax, %eax
	rep stosl
	movl $kern_boot_stack_top, %esp

	/* PML4[0] -> PDPT; PDPT[0..3] -> PDs; PD entries map 2 MiB each. */
	movl $boot_pdpt + 3, boot_pml4
	movl $boot_pd + 3, %eax
	movl $boot_pdpt, %edi
	movl $4, %ecx
1:	movl %eax, (%edi)
	addl $4096, %eax
	addl $8, %edi
	loop 1b
	movl $boot_pd, %edi
	movl $0x83, %eax		/* present, writable, 2 MiB */
	xorl %edx, %edx
	movl $2048, %ecx
2:	movl %eax, (%edi)
	movl %edx, 4(%edi)
	addl $0x200000, %eax
	adcl $0, %edx
	addl $8, %edi
	loop 2b
	movl $boot_pml4, %eax
	movl %eax, %cr3

	movl %cr4, %eax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_SCE | EFER_LME | EFER_NXE), %eax
	wrmsr
	lgdt kern_gdt_ptr
	movl %cr0, %eax
	andl $~(1 << 2), %eax		/* CR0.EM off: SSE must not trap */
	orl $(CR0_PE | CR0_MP | CR0_NE | CR0_WP | CR0_PG), %eax
	movl %eax, %cr0
	ljmp $0x08, $start64

	.code64
start64:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	movq $kern_boot_stack_top, %rsp

	call boot_tcb_init
	xorl %ebp, %ebp
	movl kern_start_info, %edi
	call kern_pvh_main
6:	cli
	hlt
	jmp 6b

/* Point FS at kern_boot_tcb with a random stack-protector canary:
 * RDRAND if CPUID.1:ECX[30], retried; else the TSC.  Clobbers rax, rbx,
 * rcx, rdx. */
boot_tcb_init:
	movl $1, %eax
	cpuid
	btl $30, %ecx
	jnc 4f
	movl $32, %ecx
3:	rdrand %rax
	jc 5f
	loop 3b
4:	rdtsc
	shlq $32, %rdx
	orq %rdx, %rax
	rolq $17, %rax
5:	movq %rax, kern_boot_tcb + 0x28
	movq $kern_boot_tcb, %rax
	movq %rax, %rdx
	shrq $32, %rdx
	movl $MSR_FS_BASE, %ecx
	wrmsr
	ret

/*
 * The UEFI entry.  The PE32+ stub (kernel/efi/pe.S) has copied this
 * image to its link address and jumps here in long mode on the
 * firmware's identity-mapped page tables and stack, boot services still
 * up, with RDI = ImageHandle and RSI = SystemTable.  We clear .bss, set up
 * the boot TCB (C code checks its canary) and call kern_efi_main, which
 * reads the configuration and memory map and exits boot services.  Then
 * the machine is ours: interrupts off, our GDT and segments, the same
 * control registers and temporary page tables as the PVH path (the
 * firmware's tables lie in memory that is now free RAM), the boot stack,
 * and kern_main with the boot information kern_efi_main filled.
 */
	.globl kern_efi_entry
kern_efi_entry:
	cld
	movq %rdi, %r12
	movq %rsi, %r13
	movl $__bss_start, %edi
	movl $__image_end, %ecx
	subl %edi, %ecx
	shrl $3, %ecx
	xorl %eax, %eax
	rep stosq
	andq $-16, %rsp
	call boot_tcb_init
	movq %r12, %rdi
	movq %r13, %rsi
	call kern_efi_main
	cli

	lgdt kern_gdt_ptr
	pushq $0x08
	leaq 7f(%rip), %rax
	pushq %rax
	lretq
7:	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movq %cr4, %rax
	orl $(CR4_PAE | CR4_OSFXSR | CR4_OSXMMEXCPT), %eax
	movq %rax, %cr4
	movl $MSR_EFER, %ecx
	rdmsr
	orl $(EFER_SCE | EFER_LME | EFER_NXE), %eax
	wrmsr
	movq %cr0, %rax
	andl $~(1 << 2), %eax
	orl $(CR0_MP | CR0_NE | CR0_WP), %eax
	movq %rax, %cr0

	/* The temporary tables, built as in kern_pvh_start. */
	movl $boot_pdpt + 3, %eax
	movq %rax, boot_pml4
	movl $boot_pd + 3, %eax
	movl $boot_pdpt, %edi
	movl $4, %ecx
1:	movq %rax, (%rdi)
	addq $4096, %rax
	addq $8, %rdi
	loop 1b
	movl $boot_pd, %edi
	movl $0x83, %eax
	movl $2048, %ecx
2:	movq %rax, (%rdi)
	addq $0x200000, %rax
	addq $8, %rdi
	loop 2b
	movl $boot_pml4, %eax
	movq %rax, %cr3

	movq $kern_boot_stack_top, %rsp
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	call boot_tcb_init
	xorl %ebp, %ebp
	movq $kern_bootinfo, %rdi
	call kern_main
8:	cli
	hlt
	jmp 8b
