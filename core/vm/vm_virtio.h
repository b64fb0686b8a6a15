/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's virtio-mmio devices at run time: for each slot of its config,
 * the transport and the device model behind it.
 */
#ifndef CORE_VM_VM_VIRTIO_H
#define CORE_VM_VM_VIRTIO_H

#include "virtio/virtio_blk.h"
#include "virtio/virtio_console.h"
#include "virtio/virtio_net.h"

struct vm;

struct vm_virtio {
	struct virtio_mmio transport;
	struct vm *vm;
	unsigned slot;
	union {
		struct virtio_blk blk;
		struct virtio_net net;
		struct virtio_console console;
	} dev;
};

/* Build the guest's virtio devices from its config (once, at creation). 0 or -1 (logged). */
int vm_virtio_create(struct vm *vm);

/* Reset its virtio devices as a driver writing status 0 would: none of them is live after. */
void vm_virtio_quiesce(struct vm *vm);

/* Reset its virtio devices as a driver would, and map their windows again (reboot). */
int vm_virtio_reset(struct vm *vm);

/*
 * Serve one more batch of each virtio queue of the guest that had work left
 * over (VCPU_REQ_VIRTIO, on a vCPU of the guest between two of its exits).
 */
void vm_virtio_resume(struct vm *vm);

/* Hand waiting console input to its live virtio-console; false when input goes to its UART. */
bool vm_virtio_console_drain(struct vm *vm);

#endif
