/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Test-and-set spinlock built on compiler atomics, so core/ needs no assembly.
 * Holders must not take interrupts that could want the same lock: callers that
 * share a lock with interrupt context wrap it with arch_irq_save/restore.
 */
#ifndef CORE_LIB_SPINLOCK_H
#define CORE_LIB_SPINLOCK_H

typedef struct {
	int locked;
} spinlock_t;

#define SPINLOCK_INIT                                                                              \
	{                                                                                          \
		0                                                                                  \
	}

static inline void spin_lock(spinlock_t *lock)
{
	while (__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&lock->locked, __ATOMIC_RELAXED))
			;
}

static inline void spin_unlock(spinlock_t *lock)
{
	__atomic_store_n(&lock->locked, 0, __ATOMIC_RELEASE);
}

#endif
