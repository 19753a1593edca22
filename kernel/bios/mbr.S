/*
 * mbr.S: the legacy BIOS boot code in sector 0 of build/disk.img.
 *
 * The BIOS loads this sector at 0x7c00 and runs it in real mode with DL =
 * the boot drive.  We read the kernel's loaded bytes (the first
 * __bss_start - 1 MiB bytes of build/kernel.elf, the PVH link: its ELF
 * headers, text, rodata and data, at file offsets equal to their
 * addresses less 1 MiB) from the sectors image/mkdisk.c wrote them to
 * (between the GPT's entries and the first partition; mkdisk patches
 * the start and count in at KERNEL_LBA) with INT 13h extended reads,
 * 32 KiB at a time into a low buffer, and copy each piece to 1 MiB and up
 * through FS in unreal mode (set again after every read: the BIOS may
 * reload segments).  Then the memory map from INT 15h E820, straight into
 * hvm_memmap_entry form (addr, size, type, and a zeroed fourth word), an
 * hvm_start_info (magic, version 1, that map, no command line, no RSDP:
 * acpi.c scans the BIOS area), and the PVH entry as QEMU's loader makes
 * it: 32-bit protected mode, paging off, flat segments, EBX = the start
 * info, at the ELF header's e_entry (kern_pvh_start).
 *
 * Fits in the MBR's first 440 bytes; the disk signature and partition
 * table after them are mkdisk's.  Built by the Makefile as a flat binary.
 */
#define BUF_SEG		0x1000		/* 0x10000: 64 sectors per read */
#define CHUNK		64
#define START_INFO	0x8000
#define MEMMAP		0x9000
#define KERNEL		0x100000

	.code16
	.section .text, "ax"
	.globl mbr_start
mbr_start:
	cli
	xorw %ax, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movw $0x7c00, %sp
	ljmp $0, $1f
1:	sti
	movb %dl, drive
	inb $0x92, %al			/* fast A20 */
	orb $2, %al
	andb $0xfe, %al
	outb %al, $0x92

	movl $KERNEL, %edi
read:
	movw left, %cx
	jcxz loaded
	movw $CHUNK, %ax
	cmpw %ax, %cx
	jae 2f
	movw %cx, %ax
2:	movw %ax, dap_count
	movb $0x42, %ah
	movb drive, %dl
	movw $dap, %si
	int $0x13
	jc fail
	call unreal
	movzwl dap_count, %ecx
	subw %cx, left
	addl %ecx, dap_lba
	shll $7, %ecx			/* sectors -> dwords */
	movl $(BUF_SEG << 4), %esi
3:	movl %fs:(%esi), %eax
	movl %eax, %fs:(%edi)
	addl $4, %esi
	addl $4, %edi
	decl %ecx
	jnz 3b
	jmp read

loaded:
	/* E820 into the PVH memory map. */
	movw $MEMMAP, %di
	xorl %ebx, %ebx
	xorw %bp, %bp
4:	movl $0, 20(%di)
	movl $0xe820, %eax
	movl $24, %ecx
	movl $0x534d4150, %edx		/* "SMAP" */
	int $0x15
	jc 5f
	cmpl $0x534d4150, %eax
	jne 5f
	addw $24, %di
	incw %bp
	testl %ebx, %ebx
	jnz 4b
5:	testw %bp, %bp
	jz fail

	/* hvm_start_info: 56 bytes, zeroed, then the fields we fill. */
	movw $START_INFO, %di
	movw $28, %cx
	xorw %ax, %ax
	rep stosw
	movl $0x336ec578, START_INFO	/* magic */
	movb $1, START_INFO + 4		/* version */
	movw $MEMMAP, START_INFO + 40	/* memmap_paddr */
	movw %bp, START_INFO + 48	/* memmap_entries */

	cli
	lgdtl gdt_ptr
	movl %cr0, %eax
	orb $1, %al
	movl %eax, %cr0
	ljmpl $0x08, $pm32

/* Unreal mode: FS keeps a 4 GiB limit after protected mode is left. */
unreal:
	cli
	lgdtl gdt_ptr
	movl %cr0, %eax
	orb $1, %al
	movl %eax, %cr0
	movw $0x10, %bx
	movw %bx, %fs
	andb $0xfe, %al
	movl %eax, %cr0
	xorw %bx, %bx
	movw %bx, %fs
	sti
	ret

fail:
	movw $msg, %si
6:	lodsb
	testb %al, %al
	jz 7f
	movb $0x0e, %ah
	xorw %bx, %bx
	int $0x10
	jmp 6b
7:	hlt
	jmp 7b

	.code32
pm32:
	movl $0x10, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	movl %eax, %fs
	movl %eax, %gs
	movl $START_INFO, %ebx
	jmp *KERNEL + 24		/* e_entry: kern_pvh_start */

	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code, flat */
	.quad 0x00cf92000000ffff	/* 0x10: data, flat */
gdt_ptr:
	.word gdt_ptr - gdt - 1
	.long gdt

msg:	.asciz "appliance: BIOS disk read failed\r\n"
drive:	.byte 0

	/* The disk address packet; mkdisk.c patches the kernel's first
	 * sector (dap_lba, at 0x1ae) and its sector count (left, 0x1b6). */
	.org mbr_start + 0x1a6
dap:
	.byte 16, 0
dap_count:
	.word 0
	.word 0, BUF_SEG		/* buffer offset, segment */
dap_lba:
	.quad 0
left:
	.word 0
	.org mbr_start + 0x1b8
