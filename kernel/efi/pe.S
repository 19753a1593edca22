/*
 * pe.S: BOOTX64.EFI, a PE32+ EFI application that carries the kernel.
 *
 * The kernel is linked for a fixed address and is not relocatable, so
 * the PE image is not the kernel itself but a wrapper: written here by
 * hand (headers, one .text section, an empty .reloc), assembled as one
 * flat section and turned into bytes by objcopy -O binary.  Its code is
 * position independent, so the firmware may load it anywhere (the
 * relocation table is present and holds only a padding entry, and the
 * relocations-stripped flag is clear).  It asks boot services for the
 * pages at KERN_BASE (AllocatePages, AllocateAddress, EfiLoaderData),
 * copies the kernel's loaded bytes there (the first PAYLOAD bytes of
 * build/kernel-efi.elf: its headers, text, rodata and data, at file
 * offsets equal to their addresses less KERN_BASE) and jumps to
 * kern_efi_entry (boot.S) with RDI = ImageHandle, RSI = SystemTable.
 * If the pages are taken, it prints so on ConOut and returns the status
 * to the firmware.
 *
 * Built by the Makefile with -DKERN_BASE, -DKERN_PAGES (the image to
 * __image_end, in 4 KiB pages), -DKERN_ENTRY and -DPAYLOAD_FILE; not
 * part of the kernel's objects.
 */
#define SECT_ALIGN	0x1000
#define FILE_ALIGN	0x200

	.section .text, "ax"
	.code64
pe_start:
/* DOS header: only "MZ" and e_lfanew matter. */
	.ascii "MZ"
	.org pe_start + 0x3c
	.long pe_header - pe_start

	.balign 8
pe_header:
	.ascii "PE\0\0"
	/* COFF file header */
	.word 0x8664			/* Machine: x86-64 */
	.word 2				/* NumberOfSections */
	.long 0				/* TimeDateStamp */
	.long 0, 0			/* symbol table, symbols */
	.word opt_end - opt_start	/* SizeOfOptionalHeader */
	.word 0x0222			/* executable, large address aware,
					 * debug stripped; relocs NOT stripped */
opt_start:
	.word 0x20b			/* PE32+ */
	.byte 0, 0			/* linker version */
	.long text_vsize		/* SizeOfCode */
	.long reloc_vsize		/* SizeOfInitializedData */
	.long 0				/* SizeOfUninitializedData */
	.long entry - pe_start		/* AddressOfEntryPoint (RVA) */
	.long text_start - pe_start	/* BaseOfCode */
	.quad 0x10000000		/* ImageBase (any: we relocate nothing) */
	.long SECT_ALIGN
	.long FILE_ALIGN
	.word 0, 0			/* OS version */
	.word 0, 0			/* image version */
	.word 0, 0			/* subsystem version */
	.long 0				/* Win32VersionValue */
	.long image_end - pe_start	/* SizeOfImage */
	.long text_start - pe_start	/* SizeOfHeaders */
	.long 0				/* CheckSum */
	.word 10			/* Subsystem: EFI application */
	.word 0				/* DllCharacteristics */
	.quad 0x10000, 0x10000		/* stack reserve, commit */
	.quad 0, 0			/* heap reserve, commit */
	.long 0				/* LoaderFlags */
	.long 16			/* NumberOfRvaAndSizes */
	/* Data directories: only [5], the base relocation table. */
	.quad 0, 0, 0, 0, 0
	.long reloc_start - pe_start, reloc_end - reloc_start
	.quad 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
opt_end:
	/* Section table */
	.ascii ".text\0\0\0"
	.long text_vsize
	.long text_start - pe_start	/* VirtualAddress */
	.long text_vsize		/* SizeOfRawData */
	.long text_start - pe_start	/* PointerToRawData */
	.long 0, 0
	.word 0, 0
	.long 0x60000020		/* code, execute, read */
	.ascii ".reloc\0\0"
	.long reloc_vsize
	.long reloc_start - pe_start
	.long reloc_vsize
	.long reloc_start - pe_start
	.long 0, 0
	.word 0, 0
	.long 0x42000040		/* data, discardable, read */

	.balign SECT_ALIGN, 0
text_start:
entry:
	/* MS ABI: RCX = ImageHandle, RDX = SystemTable. */
	pushq %rbp
	movq %rsp, %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	movq %rcx, %r12
	movq %rdx, %r13
	andq $-16, %rsp
	subq $48, %rsp			/* shadow space, the address slot */

	movq $KERN_BASE, %rax
	movq %rax, 40(%rsp)
	movq 0x60(%r13), %rax		/* SystemTable->BootServices */
	movl $2, %ecx			/* AllocateAddress */
	movl $2, %edx			/* EfiLoaderData */
	movq $KERN_PAGES, %r8
	leaq 40(%rsp), %r9
	call *0x28(%rax)		/* AllocatePages */
	testq %rax, %rax
	jnz fail

	leaq payload(%rip), %rsi
	movq $KERN_BASE, %rdi
	movq $(payload_end - payload), %rcx
	cld
	rep movsb
	movq %r12, %rdi
	movq %r13, %rsi
	movq $KERN_ENTRY, %rax
	jmp *%rax

fail:
	movq %rax, %rbx
	movq 0x40(%r13), %rcx		/* SystemTable->ConOut */
	leaq msg(%rip), %rdx
	call *0x08(%rcx)		/* ConOut->OutputString */
	movq %rbx, %rax
	leaq -24(%rbp), %rsp
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

	.balign 2
msg:
	/* UTF-16: "appliance: the kernel's pages are taken\r\n" */
	.word 97, 112, 112, 108, 105, 97, 110, 99, 101, 58, 32, 116
	.word 104, 101, 32, 107, 101, 114, 110, 101, 108, 39, 115, 32
	.word 112, 97, 103, 101, 115, 32, 97, 114, 101, 32, 116, 97
	.word 107, 101, 110, 13, 10, 0

	.balign 16
payload:
	.incbin PAYLOAD_FILE
payload_end:
	.balign SECT_ALIGN, 0
text_end:
	.set text_vsize, text_end - text_start

reloc_start:
	/* One block, page 0, holding only an ABSOLUTE (padding) entry. */
	.long 0
	.long 10
	.word 0
reloc_end:
	.balign FILE_ALIGN, 0
	.set reloc_vsize, FILE_ALIGN
	.balign SECT_ALIGN, 0
image_end:
