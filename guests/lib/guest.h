/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The runtime every test guest links with. A guest defines
 * main(hartid, dtb); the boot hart calls it with the MMU off, interrupts off,
 * a0 = hart (vCPU) id and a1 = the device tree. Returning from main powers
 * the guest off. printf goes to the SBI console.
 */
#ifndef GUESTS_LIB_GUEST_H
#define GUESTS_LIB_GUEST_H

/* A function a secondary hart runs; the hart stops when it returns. */
typedef void (*guest_hart_fn)(unsigned long hartid);

int main(unsigned long hartid, const void *dtb);

/* Starts hart hartid (SBI HSM) on fn with its own stack; an SBI error code. */
long guest_hart_start(unsigned long hartid, guest_hart_fn fn);

/* Shuts the guest down (SBI SRST); a nonzero code is printed first. */
__attribute__((noreturn)) void guest_exit(int code);

#endif
