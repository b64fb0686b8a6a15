/*
 * What every hart does once boot is done: run the vCPU placed on it when it
 * is due to start, and sleep in between. A kick (IPI) or the tick wakes it.
 */
#include "arch_hooks.h"
#include "guests.h"
#include "hart.h"

void hart_loop(void)
{
	vcpu_arch_hart_init();
	arch_irq_enable();
	for (;;) {
		struct vcpu *v = guests_vcpu_of_hart(hart_self());

		if (v && __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_START_PENDING &&
		    __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_RUNNING) {
			vcpu_run(v);
			arch_irq_enable();
			continue;
		}
		arch_wait_for_interrupt();
	}
}
