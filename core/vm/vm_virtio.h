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

#endif
