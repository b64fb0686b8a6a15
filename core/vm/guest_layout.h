/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where Erg puts its emulated devices in a guest's physical address space:
 * the QEMU virt layout, so guests written for that machine find them.
 */
#ifndef CORE_VM_GUEST_LAYOUT_H
#define CORE_VM_GUEST_LAYOUT_H

#define GUEST_PLIC_BASE 0x0c000000ULL
#define GUEST_PLIC_SIZE 0x00600000ULL /* priorities .. the contexts of 8 vCPUs */
#define GUEST_UART_BASE 0x10000000ULL
#define GUEST_UART_SIZE 0x00000100ULL
#define GUEST_UART_IRQ	10 /* its source on the guest's PLIC */

/* virtio-mmio slot i of a guest: its window and its source on the guest's PLIC. */
#define GUEST_VIRTIO_BASE	0x10001000ULL
#define GUEST_VIRTIO_SLOT	0x1000ULL
#define GUEST_VIRTIO_IRQ	1
#define GUEST_VIRTIO_SLOTS	8
#define GUEST_VIRTIO_ADDR(slot) (GUEST_VIRTIO_BASE + (slot)*GUEST_VIRTIO_SLOT)

/* Interrupt sources of a guest's PLIC (ids 1 .. GUEST_PLIC_SOURCES - 1). */
#define GUEST_PLIC_SOURCES 64

#endif
