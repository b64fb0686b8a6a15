/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where the no-H back end's trampoline lives, for C and assembly alike.
 *
 * A trap from a guest does not switch satp: the hart takes it in S-mode
 * still translating through the guest's shadow table. So one page of Erg,
 * the trampoline (noh_entry.S), is mapped supervisor-only at NOH_TRAMP_VA in
 * every shadow root and in every hart's own root. It switches satp between
 * the two; the rest of Erg runs under the hart's root, which maps physical
 * memory onto itself, so Erg's code and data keep their physical addresses.
 *
 * NOH_TRAMP_VA is the first address of Sv39's top half, root slot 256: Linux
 * leaves [0xffffffc000000000, 0xffffffc6fea00000) unused in Sv39 and a guest
 * without paging cannot reach the top half at all. The whole 1 GiB slot is
 * Erg's: a guest mapping there gets an access fault for it.
 */
#ifndef ARCH_RISCV_NOH_NOH_LAYOUT_H
#define ARCH_RISCV_NOH_NOH_LAYOUT_H

#define NOH_ERG_SLOT 256
#define NOH_TRAMP_VA 0xffffffc000000000
/* Offset of the way back into the guest within the trampoline page. */
#define NOH_TRAMP_RESUME 0x200

#endif
