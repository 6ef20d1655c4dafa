/* rill-fiber-switch-x86_64.S: register-only fiber switch for x86-64 System V
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * void rill_fiber_swap (void **save_sp, void *load_sp);
 *
 * Saves the callee-saved registers on the current stack, stores the stack
 * pointer in *save_sp, loads load_sp and restores the registers saved there.
 * No system call: the signal mask is per thread and fibers share it. The
 * SSE/x87 control words are left alone because fibers of one thread share the
 * floating-point environment.
 */

  .text
  .globl  rill_fiber_swap
  .hidden rill_fiber_swap
  .type   rill_fiber_swap, @function
  .p2align 4
rill_fiber_swap:
  .cfi_startproc
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq  %rsp, (%rdi)
  movq  %rsi, %rsp
  popq  %r15
  popq  %r14
  popq  %r13
  popq  %r12
  popq  %rbx
  popq  %rbp
  ret
  .cfi_endproc
  .size rill_fiber_swap, .-rill_fiber_swap

/* First code run on a new fiber: the initial frame built by
 * rill_fiber_init_frame() leaves the entry function in %rbx and its argument
 * in %r12. */
  .globl  rill_fiber_trampoline
  .hidden rill_fiber_trampoline
  .type   rill_fiber_trampoline, @function
  .p2align 4
rill_fiber_trampoline:
  .cfi_startproc
  .cfi_undefined rip
  movq  %r12, %rdi
  xorl  %ebp, %ebp
  callq *%rbx
  ud2
  .cfi_endproc
  .size rill_fiber_trampoline, .-rill_fiber_trampoline

  .section .note.GNU-stack,"",@progbits
