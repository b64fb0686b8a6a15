/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The floods through SBI: one debug-console write of the whole of RAM per
 * call, IPIs and remote fences to every vCPU from both vCPUs at once, and a
 * cold reboot of itself as soon as it is up again. Each call is legal; what
 * is hostile is the size or the rate, which Erg must serve in bounded steps
 * (partial DBCN writes, coalesced IPIs, a reboot budget) so that the guest
 * of higher priority on the same hart keeps its deadlines.
 */
#include "guest_sbi.h"
#include "noisy.h"

void noisy_dbcn(struct noisy_env *env)
{
	uint64_t written = 0;
	long error = 0;

	do {
		struct sbiret r = sbi_ecall(SBI_EXT_DBCN, SBI_DBCN_WRITE, env->ram_size,
					    env->ram_base, env->ram_base >> 32);

		if (r.error)
			error = r.error;
		else
			written += (unsigned long)r.value;
		env->rounds++;
	} while (noisy_more(env));
	sbi_console_putchar('\n'); /* the end line on a line of its own, not after RAM's bytes */
	noisy_note(env, "%lu KiB written, last error %ld", (unsigned long)(written >> 10), error);
}

void noisy_ipi_round(void)
{
	sbi_send_ipi(0, SBI_HART_MASK_ALL);
	sbi_remote_fence_i(0, SBI_HART_MASK_ALL);
	sbi_remote_sfence_vma(0, SBI_HART_MASK_ALL, 0, SBI_FENCE_SIZE_ALL);
}

void noisy_ipi(struct noisy_env *env)
{
	noisy_second_run(noisy_ipi_round);
	do {
		noisy_ipi_round();
		env->rounds++;
	} while (noisy_more(env));
	if (!noisy_second_stop())
		noisy_note(env, "vCPU 1 did not stop storming");
}

void noisy_reboot(struct noisy_env *env)
{
	long error;

	if (!noisy_more(env))
		return;
	error = sbi_system_reset(SBI_SRST_COLD_REBOOT, 0);
	noisy_note(env, "reboot refused, error %ld", error);
}
