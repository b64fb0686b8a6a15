/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the fast lane does after it served an exit, shared by its two
 * entries (vcpu_fast_exit, vcpu_fast_access): inline, as it is on every
 * exit's path.
 */
#ifndef CORE_VCPU_VCPU_FAST_H
#define CORE_VCPU_VCPU_FAST_H

#include "sched/sched_hart.h"
#include "vm/vm.h"

/*
 * v goes straight back in unless its run loop must look (stopped, blocked, a
 * yield). Each read is only a hint, so none orders anything: the run loop
 * reads the states again in order, and vcpu_do_requests takes the requests
 * with a full fence.
 */
static inline enum vcpu_fast vcpu_fast_next(struct vcpu *v)
{
	if (!vcpu_state_started(__atomic_load_n(&v->state, __ATOMIC_RELAXED)) ||
	    __atomic_load_n(&v->vm->state, __ATOMIC_RELAXED) != VM_RUNNING || v->blocked ||
	    sched_should_yield(v))
		return VCPU_FAST_LEAVE;
	if (__atomic_load_n(&v->requests, __ATOMIC_RELAXED))
		vcpu_do_requests(v);
	return VCPU_FAST_RESUME;
}

#endif
