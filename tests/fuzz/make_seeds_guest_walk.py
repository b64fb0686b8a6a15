#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_guest_walk.c into tests/fuzz/corpus/fuzz_guest_walk/.

Each seed is the harness's 16-byte header (mode, root page, access bits, va)
and then guest RAM holding small, well-formed Sv39 or Sv48 tables: a 4 KiB
page, a 2 MiB and a 1 GiB superpage, a four-level Sv48 walk, a U page read
from S with SUM, an X-only page read with MXR, a leaf without A and D for a
store. Starting from good tables lets the fuzzer reach the leaf checks quickly.
"""
import os
import struct

RAM_BASE = 0x80000000
PAGE = 4096
V, R, W, X, U, G, A, D = 1, 2, 4, 8, 16, 32, 64, 128
SV39, SV48 = 0x00, 0x40
READ, WRITE, EXEC = 3, 1, 2
USER, SUM, MXR, CANON = 4, 8, 16, 32


def pte(pa, flags):
    return (pa >> 12) << 10 | flags


def vpn(va, level):
    return (va >> (12 + 9 * level)) & 511


class Tables:
    """Guest RAM from RAM_BASE: page 0 the root, pointers allocated below it."""

    def __init__(self, levels):
        self.levels, self.pages = levels, 1
        self.ram = bytearray(PAGE)

    def slot(self, table_page, index):
        return table_page * PAGE + 8 * index

    def map(self, va, level, leaf):
        table = 0
        for lvl in range(self.levels - 1, level, -1):
            off = self.slot(table, vpn(va, lvl))
            entry = struct.unpack_from("<Q", self.ram, off)[0]
            if not entry:
                entry = pte(RAM_BASE + self.pages * PAGE, V)
                struct.pack_into("<Q", self.ram, off, entry)
                self.pages += 1
                self.ram.extend(bytes(PAGE))
            table = ((entry >> 10) << 12) - RAM_BASE >> 12
        struct.pack_into("<Q", self.ram, self.slot(table, vpn(va, level)), leaf)
        return self

    def seed(self, mode, access, va):
        return struct.pack("<BBBxxxxxQ", mode, 0, access | CANON, va) + bytes(self.ram)


SEEDS = {
    "sv39_4k": Tables(3).map(0x12345000, 0, pte(0x90000000, V | R | W | A)).seed(SV39, WRITE, 0x12345678),
    "sv39_2m": Tables(3).map(0x40200000, 1, pte(0xC0000000, V | R | X | G)).seed(SV39, EXEC, 0x40321ABC),
    "sv39_1g": Tables(3).map(0x40000000, 2, pte(0x100000000, V | R | A | D)).seed(SV39, READ, 0x7FFFFFFF),
    "sv48_4k": Tables(4).map(0xFFFF800000403000, 0, pte(0x87654000, V | R | W)).seed(SV48, WRITE, 0xFFFF800000403008),
    "sum": Tables(3).map(0x5000, 0, pte(0x90000000, V | R | U | A)).seed(SV39, READ | SUM, 0x5010),
    "mxr": Tables(3).map(0x6000, 0, pte(0x90000000, V | X | U | A)).seed(SV39, READ | USER | MXR, 0x6020),
    "misaligned": Tables(3).map(0x200000, 1, pte(0xC0001000, V | R | W | A | D)).seed(SV39, READ, 0x200000),
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_guest_walk")
    os.makedirs(out, exist_ok=True)
    for name, seed in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed)


if __name__ == "__main__":
    main()
