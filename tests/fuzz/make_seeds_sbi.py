#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_sbi.c into tests/fuzz/corpus/fuzz_sbi/.

Each seed is a short run of well-formed ecalls in the harness's record layout
(see the comment atop fuzz_sbi.c), one seed per extension or scenario: the
fuzzer then varies ids, arguments and order from calls that succeed.
"""
import os
import struct

# Indexes into the harness's eids[] table.
LEGACY_TIMER, LEGACY_PUTCHAR, LEGACY_GETCHAR, LEGACY_SHUTDOWN = 0, 1, 2, 4
BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN, PMU = 6, 7, 8, 9, 10, 11, 12, 14
RAW_EID = 17
RAW, SMALL, RAM0, RAM1 = 0, 1, 2, 3
RAM0_GPA, RAM1_GPA, SLACK = 0x80000000, 0x90000000, 32
ALL = (1 << 64) - 1


def gpa(region_base, addr):
    """The raw value a region-shaped argument needs to become addr."""
    return addr - region_base + SLACK


def call(ext, fid, *args, vcpu=0, console=0, shapes=()):
    """One record: args are raw values, shapes their SHAPE_* (RAW when not given)."""
    shapes = list(shapes) + [RAW] * (6 - len(shapes))
    args = list(args) + [0] * (6 - len(args))
    bits = sum(s << (2 * i) for i, s in enumerate(shapes))
    fid_byte = fid if fid >= 0 else 0x100 + fid
    return struct.pack("<BBBH6Q", ext, fid_byte, vcpu | console << 2, bits, *args)


SEEDS = {
    "base": [call(BASE, f) for f in range(7)]
    + [call(BASE, 3, eid) for eid in (0x10, 0x48534D, 0x4442434E, 0x504D55)]
    + [call(PMU, 0)],
    "dbcn": [
        call(DBCN, 0, 6, gpa(RAM0_GPA, 0x80000100), 0, shapes=(SMALL, RAM0)),
        call(DBCN, 2, ord("!")),
        call(DBCN, 1, 8, gpa(RAM1_GPA, 0x90001ff8), 0, console=5, shapes=(SMALL, RAM1)),
        call(DBCN, 0, 16, gpa(RAM0_GPA, 0x8001fff8), 0, shapes=(SMALL, RAM0)),
    ],
    "hsm": [
        call(HSM, 0, 1, gpa(RAM0_GPA, 0x80000400), 7, shapes=(SMALL, RAM0)),
        call(HSM, 2, 1, vcpu=1),
        call(HSM, 0, 2, gpa(RAM1_GPA, 0x90000000), 9, vcpu=1, shapes=(SMALL, RAM1)),
        call(HSM, 3, 0x80000000, gpa(RAM0_GPA, 0x80002000), 0x55, vcpu=2, shapes=(RAW, RAM0)),
        call(HSM, 1, vcpu=1),
        call(HSM, 3, 0),
        call(HSM, 2, 2),
    ],
    "ipi_rfence": [
        call(HSM, 0, 3, gpa(RAM0_GPA, 0x80000000), 0, shapes=(SMALL, RAM0)),
        call(IPI, 0, 0xF, 0),
        call(IPI, 0, 0, ALL),
        call(RFENCE, 0, 0xA, 0),
        call(RFENCE, 1, 1, 3, 0x1000, 0x2000, vcpu=3),
        call(RFENCE, 2, 0, ALL, 0, ALL, 7),
        call(RFENCE, 1, 1, 0, ALL - 4095, 0x2000),
    ],
    "timer_console": [
        call(TIME, 0, 5000),
        call(LEGACY_TIMER, 0, 0),
        call(LEGACY_PUTCHAR, 0, ord("O")),
        call(LEGACY_PUTCHAR, 0, ord("\n")),
        call(LEGACY_GETCHAR, 0, console=2),
        call(LEGACY_GETCHAR, 0),
        call(LEGACY_GETCHAR, 0),
    ],
    "reboot": [
        call(HSM, 0, 1, gpa(RAM0_GPA, 0x80000400), 0, shapes=(SMALL, RAM0)),
        call(SRST, 0, 1, 0, vcpu=1),
        call(BASE, 0),
        call(SRST, 0, 2, 1),
        call(HSM, 2, 0),
    ],
    "shutdown": [call(SRST, 0, 0, 1), call(BASE, 0)],
    "legacy_shutdown": [call(LEGACY_PUTCHAR, 0, ord("x")), call(LEGACY_SHUTDOWN, 0)],
    "unknown": [call(RAW_EID, 0, 0, 0, 0, 0, 0, 0x4E41434C), call(RAW_EID, -1), call(SRST, 1)],
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_sbi")
    os.makedirs(out, exist_ok=True)
    for name, records in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b"".join(records))


if __name__ == "__main__":
    main()
