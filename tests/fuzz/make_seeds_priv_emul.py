#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_priv_emul.c into tests/fuzz/corpus/fuzz_priv_emul/.

Each seed is the harness's header (features byte, twelve CSR values, x1..x31)
and then steps of a selector byte and a 32-bit word: a guest kernel's boot
(stvec, sie, satp, sstatus writes, an SFENCE.VMA, an SRET to virtual U), a
trap back into S and an interrupt taken with vectored stvec, CSR accesses
from virtual U, and raw SYSTEM words. Starting from sensible programs lets the
fuzzer reach the SRET and trap paths quickly.
"""
import os
import struct

SV39, SV48, SSTC, FP, START_U, RAW = 1, 2, 4, 8, 16, 32
INSN, CSR, OTHER, TRAP = 0, 3, 6, 7
CSRS = [0x100, 0x104, 0x105, 0x106, 0x10A, 0x140, 0x141, 0x142, 0x143, 0x144, 0x14D, 0x180]
RW, RS, RC, RWI, RSI, RCI = 0, 1, 2, 3, 4, 5  # indices into the harness's funct3 table


def header(features, csrs=None, regs=None):
    csrs = csrs or {}
    regs = regs or {}
    out = bytes([features])
    for n in CSRS:
        out += struct.pack("<Q", csrs.get(n, 0))
    for r in range(1, 32):
        out += struct.pack("<Q", regs.get(r, 0))
    return out


def step(sel, word):
    return struct.pack("<BI", sel, word)


def insn(word):
    return step(INSN, word)


def csr(n, op, rd, rs1):
    """A CSR step: n is an index into the harness's CSR table, or a raw number with raw=True."""
    return step(CSR, n << 16 | op << 5 | rd << 8 | rs1)


def csr_raw(number, op, rd, rs1):
    return step(CSR, 0x80000000 | number << 16 | op << 5 | rd << 8 | rs1)


SRET, WFI = step(OTHER, 0 << 2), step(OTHER, 1 << 2)


def sfence(rs1, rs2):
    return step(OTHER, 1 | rs2 << 1 | rs1 << 6)


def trap(cause, interrupt=False, tval_reg=0):
    return step(TRAP, (0x80000000 if interrupt else 0) | cause << 8 | tval_reg << 1 | 1)


def sip_lines(stip, seip):
    return step(TRAP, (2 if stip else 0) | (4 if seip else 0))


BOOT_REGS = {1: 0x80201001, 2: 0x222, 3: 8 << 60 | 0x80400, 4: 0x40022, 5: 0x80300000, 6: 7, 7: 0x6000}
SEEDS = {
    "boot": header(SV39 | SV48 | SSTC | FP, regs=BOOT_REGS)
    + csr(2, RW, 0, 1)  # stvec = vectored
    + csr(1, RW, 0, 2)  # sie
    + csr(11, RW, 10, 3)  # satp = Sv39
    + sfence(0, 0)
    + csr(0, RS, 11, 4)  # sstatus |= SUM, SIE
    + csr(5, RW, 0, 5)  # sepc
    + csr(3, RW, 0, 6)  # scounteren
    + csr(10, RW, 0, 6)  # stimecmp
    + sfence(5, 6)
    + SRET
    + csr(0, RS, 12, 0)  # a CSR read from U: reflected
    + trap(8, tval_reg=7)  # ecall from U
    + csr(8, RS, 13, 0)  # scause
    + sip_lines(True, True)
    + trap(9, interrupt=True)
    + WFI
    + SRET,
    "user": header(SV39 | FP | START_U, csrs={0x100: 0x122, 0x104: 0x222, 0x105: 0x80201000, 0x141: 0x10000})
    + csr(4, RW, 1, 1)
    + SRET
    + WFI
    + sfence(1, 2)
    + sip_lines(True, False)
    + trap(5, interrupt=True)
    + csr(9, RC, 3, 4),
    "raw": header(SV48 | RAW, csrs={n: 0xFFFFFFFFFFFFFFFF for n in CSRS}, regs={r: r * 0x0101010101010101 for r in range(1, 32)})
    + csr_raw(0x100, RWI, 1, 31)
    + csr_raw(0x180, RW, 2, 9)
    + csr_raw(0xC00, RS, 3, 0)
    + csr_raw(0xDA0, RW, 4, 1)
    + csr_raw(0x300, RS, 5, 0)
    + insn(0x10500073)
    + insn(0x30200073)
    + insn(0x00000073)
    + insn(0x00001013)
    + insn(0x12000073)
    + trap(2, tval_reg=31),
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_priv_emul")
    os.makedirs(out, exist_ok=True)
    for name, seed in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed)


if __name__ == "__main__":
    main()
