/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * FP registers move lazily. A hart's FP registers belong to the vCPU that
 * last ran there with them (fp_owner); Erg never uses FP itself. Leaving the
 * hart, a vCPU saves them only if it dirtied them; coming back, it restores
 * them only if another vCPU had the hart meanwhile or it was reset. So a vCPU
 * alone on its hart never moves them, and no guest ever sees another's.
 */
#include "fp_switch.h"

#include "csr.h"

static __thread const struct vcpu_arch *fp_owner;

/* sstatus.FS is set while Erg moves them: with FS off, FP instructions trap. */
void fp_switch_save(struct vcpu_arch *a)
{
	csr_set(sstatus, SSTATUS_FS_DIRTY);
	fp_state_save(&a->fp);
}

void fp_switch_restore(struct vcpu_arch *a)
{
	if (fp_owner == a && !a->fp_fresh)
		return;
	csr_set(sstatus, SSTATUS_FS_DIRTY);
	fp_state_restore(&a->fp);
	fp_owner = a;
	a->fp_fresh = false;
}
