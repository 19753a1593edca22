/*
 * entry.S: the ways into kernel C after boot: interrupt and exception
 * stubs, the syscall entry, and the one-way jump into musl's _start.
 *
 * Every IDT vector runs on an IST stack (irq.c), so nothing is ever pushed
 * onto the interrupted stack, whose red zone musl may be using.  The stubs
 * save all general registers and the FPU/SSE state (fxsave) around the C
 * handler, which receives a struct kern_frame (kernel.h).
 *
 * Interface: kern_isr_table (256 stub addresses), kern_syscall_entry,
 * kern_enter_musl(sp).
 */


	.text
	.altmacro
.macro ISR v
	.balign 16
isr_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq $0
	.endif
	pushq $\v
	jmp isr_common
.endm

.set vec, 0
.rept 256
	ISR %vec
	.set vec, vec + 1
.endr

.macro ISR_ADDR v
	.quad isr_\v
.endm
	.section .rodata
	.balign 8
	.globl kern_isr_table
kern_isr_table:
.set vec, 0
.rept 256
	ISR_ADDR %vec
	.set vec, vec + 1
.endr

	.text
isr_common:
	cld
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rbx
	subq $512, %rsp
	andq $-16, %rsp
	fxsave (%rsp)
	movq %rbx, %rdi
	call kern_isr_dispatch
	fxrstor (%rsp)
	movq %rbx, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp
	iretq

/*
 * syscall from ring 0: RCX = return address, R11 = RFLAGS, IF/DF/TF/AC
 * masked by FMASK, RSP still the caller's (its red zone is live).  Switch
 * to the syscall stack before touching memory through RSP, keep every
 * register Linux keeps (all but RAX, RCX, R11) and the SSE state, call
 * kern_syscall(struct kern_sysargs *), and return with RFLAGS restored
 * and a jump through RCX (sysret would drop to ring 3).
 */
	.globl kern_syscall_entry
kern_syscall_entry:
	movq %rsp, syscall_user_rsp(%rip)
	leaq kern_syscall_stack_top(%rip), %rsp
	pushq syscall_user_rsp(%rip)
	pushq %rcx
	pushq %r11
	pushq %rbx
	pushq %r9
	pushq %r8
	pushq %r10
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rax
	movq %rsp, %rbx
	subq $512, %rsp
	andq $-16, %rsp
	fxsave (%rsp)
	movq %rbx, %rdi
	call kern_syscall
	fxrstor (%rsp)
	movq %rbx, %rsp
	addq $8, %rsp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %r10
	popq %r8
	popq %r9
	popq %rbx
	popq %r11
	popq %rcx
	pushq %r11
	popfq
	popq %rsp
	jmpq *%rcx

/* kern_enter_musl(sp): switch to the prepared process stack, clear the
 * frame pointer so backtraces end here, and enter crt1.o's _start. */
	.globl kern_enter_musl
kern_enter_musl:
	movq %rdi, %rsp
	xorl %ebp, %ebp
	xorl %edx, %edx		/* no rtld fini function */
	jmp _start

	.section .bss
	.balign 8
syscall_user_rsp:
	.quad 0
