/* rill-fiber-switch-aarch64.S: register-only fiber switch for AArch64 (AAPCS64)
 *
 * Copyright 2026 The Rill authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * void rill_fiber_swap (void **save_sp, void *load_sp);
 *
 * Saves x19-x30 and d8-d15 (the callee-saved registers) in a 176-byte frame,
 * stores sp in *save_sp, switches to load_sp and restores the frame there.
 */

  .text
  .globl  rill_fiber_swap
  .hidden rill_fiber_swap
  .type   rill_fiber_swap, %function
  .p2align 4
rill_fiber_swap:
  .cfi_startproc
  sub   sp, sp, #176
  stp   x19, x20, [sp, #0]
  stp   x21, x22, [sp, #16]
  stp   x23, x24, [sp, #32]
  stp   x25, x26, [sp, #48]
  stp   x27, x28, [sp, #64]
  stp   x29, x30, [sp, #80]
  stp   d8,  d9,  [sp, #96]
  stp   d10, d11, [sp, #112]
  stp   d12, d13, [sp, #128]
  stp   d14, d15, [sp, #144]
  mov   x2, sp
  str   x2, [x0]
  mov   sp, x1
  ldp   x19, x20, [sp, #0]
  ldp   x21, x22, [sp, #16]
  ldp   x23, x24, [sp, #32]
  ldp   x25, x26, [sp, #48]
  ldp   x27, x28, [sp, #64]
  ldp   x29, x30, [sp, #80]
  ldp   d8,  d9,  [sp, #96]
  ldp   d10, d11, [sp, #112]
  ldp   d12, d13, [sp, #128]
  ldp   d14, d15, [sp, #144]
  add   sp, sp, #176
  ret
  .cfi_endproc
  .size rill_fiber_swap, .-rill_fiber_swap

/* The initial frame leaves the entry function in x19 and its argument in x20. */
  .globl  rill_fiber_trampoline
  .hidden rill_fiber_trampoline
  .type   rill_fiber_trampoline, %function
  .p2align 4
rill_fiber_trampoline:
  .cfi_startproc
  .cfi_undefined x30
  mov   x0, x20
  mov   x29, xzr
  blr   x19
  brk   #0
  .cfi_endproc
  .size rill_fiber_trampoline, .-rill_fiber_trampoline

  .section .note.GNU-stack,"",%progbits
