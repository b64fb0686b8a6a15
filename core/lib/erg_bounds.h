/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The bounds on what a guest can make Erg do for it, in one place. Erg runs
 * a guest's exit with interrupts off on a hart other guests may share, so
 * each bound caps the time one exit (or one burst of exits) can take from
 * the scheduler; together they are what "no guest can stall another" rests
 * on. guests/README.md lists them with their reasons; each
 * module that meets a bound includes this file rather than naming its own.
 */
#ifndef CORE_LIB_ERG_BOUNDS_H
#define CORE_LIB_ERG_BOUNDS_H

/*
 * A guest that reboots itself (SBI SRST) this many times in a row, each
 * within ERG_REBOOT_QUICK_MS of its boot, is in a reboot loop: the next
 * reboot halts it. Each reload scrubs and reloads its RAM with the hart's
 * interrupts off, so a loop would otherwise take its hart's time for ever;
 * a guest that runs for a while between reboots never meets the bound.
 */
#define ERG_REBOOT_LOOP_MAX 8
#define ERG_REBOOT_QUICK_MS 5000

/*
 * The most bytes one SBI debug console call (DBCN write or read) moves. Each
 * byte passes through the guest's console line, so this caps the time one
 * such exit keeps its hart from its scheduling decisions. It costs the
 * guest nothing it may count on: SBI 2.0 lets both calls do part of the
 * work and return the bytes done, and callers loop on the rest.
 */
#define ERG_SBI_DBCN_MAX_BYTES 512

/*
 * The most bytes one chain may describe, its buffers added up, unless the
 * queue's device sets its own cap (struct virtq, chain_max). What a device
 * does with a chain grows with its bytes, so without a cap 64 buffers each
 * naming all of a guest's RAM would be GiBs of work in one exit. 1 MiB is far
 * more than entropy or console buffers need; virtio-blk, which serves a
 * large request in pieces across exits, sets a larger cap of its own.
 */
#define VIRTQ_MAX_CHAIN_BYTES (1u << 20)

/*
 * What one notify of a queue, or one deferred service of it, may take from
 * it: VIRTIO_MMIO_BATCH_CHAINS chains, and no further chain once
 * VIRTIO_MMIO_BATCH_BYTES bytes of chains were taken. Erg serves a notify in
 * the notifying vCPU's exit, with interrupts off, so without a bound a
 * second vCPU of the guest feeding avail->idx would keep the hart for ever.
 * An exit thus moves at most 256 KiB plus one chain (VIRTQ_MAX_CHAIN_BYTES,
 * less where a device caps its work per chain); virtio-blk hands its data to
 * the disk instead (an image's, whose chains may be larger, is copied at most
 * 256 KiB per service, a larger request in pieces across services). 16 chains are more than a
 * driver makes available in one go in the common case (a few frames, one disk request), so an
 * honest driver rarely meets the bound. What is left is deferred: see virtio_mmio_pop_batch.
 */
#define VIRTIO_MMIO_BATCH_CHAINS 16
#define VIRTIO_MMIO_BATCH_BYTES	 (256u << 10)

/*
 * The most bytes one request's chain may describe. The data itself goes to
 * the disk, or is copied from an image in pieces of one batch's budget per
 * service (virtio_blk.c), so this does not bound an exit's disk work; what
 * still grows with a chain in the exit that
 * takes it is the walk readying guest RAM its buffers name for the first
 * time (zeroed chunk by chunk): 64 buffers of a 1 MiB chain may touch 128
 * chunks of 2 MiB already, and 64 MiB adds at most 33. 64 MiB holds what a
 * boot loader reads in one go (a kernel image of a few tens of MiB, or an
 * initrd), and stays far below the 4 GiB a used length can carry.
 */
#define VIRTIO_BLK_CHAIN_MAX (64u << 20)

/*
 * Bytes of one transmit chain that reach the console; the rest are counted
 * in tx_dropped. Each byte goes out through Erg's console, a slow shared
 * thing, so a chain's share is kept to what Linux's hvc driver ever puts in
 * one buffer (a page), well below VIRTQ_MAX_CHAIN_BYTES.
 */
#define VIRTIO_CONSOLE_TX_MAX 4096

/*
 * Bytes generated for one chain. Generating costs far more per byte than
 * copying, so this is well below VIRTQ_MAX_CHAIN_BYTES; drivers ask for a
 * few dozen bytes to a page, so none sees the cap.
 */
#define VIRTIO_RNG_FILL_MAX (64u << 10)

/*
 * Data bytes in one request to the disk: a larger transfer queues again
 * behind the others after each request, so a guest's large transfer holds
 * up another's on the same disk by one such request at most. 64 KiB takes
 * well under a millisecond on a real virtio disk and a few on QEMU's,
 * against a 10 s time limit. A whole number of sectors.
 */
#define HOST_DISK_HOLD_BYTES (64u << 10)

/*
 * Requests of one guest's virtio-blk device with the disk at once: what
 * Linux keeps in flight for sequential I/O, while the disk's eight slots
 * (host_disk.c) stay shared among the guests on it; the device takes no
 * further chain until one comes back.
 */
#define VIRTIO_BLK_IN_FLIGHT 8

/*
 * Frames the uplink takes from the machine's network device in one
 * interrupt, and in one tick period of the hart that serves it. Each frame
 * is copied to every guest it is for, a few microseconds each; 32 per
 * interrupt keeps one well under a millisecond, and 128 per 10 ms tick
 * keeps a flood from outside to a small share of that hart (the device
 * keeps, then drops, what waits). 12800 frames a second is still about
 * 150 Mbit/s of full frames.
 */
#define UPLINK_RX_PER_PASS 32
#define UPLINK_RX_PER_TICK 128

#endif
