/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Vector state moves lazily, as FP state does (fp_switch.c): a hart's vector
 * registers belong to the vCPU that last ran there with them
 * (vector_owner), are saved only when that vCPU dirtied them and restored
 * only when another vCPU had the hart meanwhile or it was reset. Erg never
 * uses V itself. The state lives beside the vCPU, in pages of its own: its
 * size follows the hart's VLEN, up to 8 KiB and more.
 */
#include "vector_switch.h"

#include <string.h>

#include "console/console.h"
#include "csr.h"
#include "lib/hart.h"
#include "mem/page_alloc.h"
#include "ports/arch_hooks.h"

size_t vector_state_bytes(void);
void vector_state_save(void *state);
void vector_state_restore(const void *state);

static __thread const struct vcpu_arch *vector_owner;
static size_t vector_bytes; /* the state's size, the same on every hart */

/* sstatus.VS is set while Erg moves the state: with VS off, vector instructions trap. */
static void vector_switch_enable(void)
{
	csr_set(sstatus, SSTATUS_VS_DIRTY);
}

int vector_switch_create(struct vcpu_arch *a)
{
	paddr_t pages;

	vector_switch_enable();
	if (!vector_bytes)
		vector_bytes = vector_state_bytes();
	pages = page_alloc((vector_bytes + PAGE_SIZE - 1) / PAGE_SIZE, 1);
	if (!pages)
		return -1;
	a->vector = (void *)(uintptr_t)pages;
	vector_switch_reset(a);
	return 0;
}

void vector_switch_reset(struct vcpu_arch *a)
{
	memset(a->vector, 0, vector_bytes);
	a->vector_fresh = true;
}

void vector_switch_save(struct vcpu_arch *a)
{
	vector_switch_enable();
	vector_state_save(a->vector);
}

void vector_switch_restore(struct vcpu_arch *a)
{
	if (vector_owner == a && !a->vector_fresh)
		return;
	vector_switch_enable();
	vector_state_restore(a->vector);
	vector_owner = a;
	a->vector_fresh = false;
}

void vector_switch_hart_init(void)
{
	if (!vector_bytes)
		return;
	vector_switch_enable();
	if (vector_state_bytes() == vector_bytes)
		return;
	/* A vCPU moved here would find its registers cut or overrun. */
	console_log("hart %llu: its VLEN differs from the boot hart's, and guests have V; "
		    "halted",
		    (unsigned long long)hart_self());
	arch_hart_halt();
}
