#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_insn.c into tests/fuzz/corpus/fuzz_insn/.

Each seed is a run of (instruction word, htinst) records, both little-endian:
every load and store form the decoder accepts, 32-bit and compressed, each
with the htinst the hardware would report for it, and a few neighbours it
must refuse (FP, AMO, reserved funct3, quadrant 1, VS-stage pseudoinstructions).
"""
import os
import struct

OP_LOAD, OP_LOAD_FP, OP_STORE, OP_AMO = 0x03, 0x07, 0x23, 0x2F
A0, A1, SP, S0, S1 = 10, 11, 2, 8, 9


def enc_i(op, f3, rd, rs1, imm):
    return (imm & 0xFFF) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op


def enc_s(op, f3, rs1, rs2, imm):
    return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1F) << 7 | op


def tinst(insn, was_32bit=True):
    """The transformed form: Addr. Offset and immediate zero, bit 1 clear for a compressed trap."""
    t = insn & ~(0x1F << 15)
    t &= ~(0x7F << 25 | 0x1F << 7) if insn & 0x7F == OP_STORE else ~(0xFFF << 20)
    return t if was_32bit else t & ~2


def records(pairs):
    return b"".join(struct.pack("<IQ", insn, htinst) for insn, htinst in pairs)


def loads_stores():
    out = [(enc_i(OP_LOAD, f3, A0, A1, 16), tinst(enc_i(OP_LOAD, f3, A0, A1, 16)))
           for f3 in range(7)]
    out += [(enc_s(OP_STORE, f3, SP, S1, -8), tinst(enc_s(OP_STORE, f3, SP, S1, -8)))
            for f3 in range(4)]
    return out


def compressed():
    # c.lw a0,0(a1); c.ld s0,8(s1); c.sw a0,4(a1); c.sd s1,0(s0);
    # c.lwsp a0,4(sp); c.ldsp ra,8(sp); c.swsp a0,0(sp); c.sdsp s11,0(sp)
    pairs = [(0x4188, enc_i(OP_LOAD, 2, A0, A1, 0)), (0x6480, enc_i(OP_LOAD, 3, S0, S1, 8)),
             (0xC1C8, enc_s(OP_STORE, 2, A1, A0, 4)), (0xE004, enc_s(OP_STORE, 3, S0, S1, 0)),
             (0x4512, enc_i(OP_LOAD, 2, A0, SP, 4)), (0x60A2, enc_i(OP_LOAD, 3, 1, SP, 8)),
             (0xC02A, enc_s(OP_STORE, 2, SP, A0, 0)), (0xE06E, enc_s(OP_STORE, 3, SP, 27, 0))]
    # The upper half of a compressed word is the next instruction's.
    return [(c | 0x00130000, tinst(wide, was_32bit=False)) for c, wide in pairs]


def refused():
    return [(enc_i(OP_LOAD_FP, 3, A0, A1, 0), tinst(enc_i(OP_LOAD_FP, 2, A0, A1, 0))),
            (OP_AMO | 2 << 12 | A0 << 7 | A1 << 20, 0x00002000),
            (enc_i(OP_LOAD, 7, A0, A1, 0), 0x00003000),
            (enc_s(OP_STORE, 4, SP, A0, 0), 1 << 32 | 0x2503),
            (0x4501, 0x0000250B), (0x2502, 0), (0x4002, 0x2502)]


SEEDS = {"loads_stores": loads_stores, "compressed": compressed, "refused": refused}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_insn")
    os.makedirs(out, exist_ok=True)
    for name, make in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(records(make()))


if __name__ == "__main__":
    main()
