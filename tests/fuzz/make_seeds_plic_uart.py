#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_plic_uart.c into tests/fuzz/corpus/fuzz_plic_uart/.

Each seed is a header (PLIC sources, contexts, flags) and a run of 8-byte
steps in the harness's layout (see the comment atop fuzz_plic_uart.c), each
one a driver's typical sequence: arm and claim a source, read a burst from
the UART's FIFO, program the divisor and loop back, take the UART's
interrupt through the PLIC, and a few accesses of odd widths and offsets.
"""
import os
import struct

PLIC_READ, PLIC_WRITE, UART_READ, UART_WRITE, LEVEL, EDGE, RECEIVE, BURST = range(8)
WIDTH1, WIDTH2, WIDTH4, WIDTH8 = 1 << 3, 2 << 3, 3 << 3, 0x20
RAW, SKEW = 0x40, 0x80
HOOKS, RETRIGGER = 1, 2
PRIO, PENDING, ENABLE, THRESH, CLAIM = range(5)
RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR = range(8)
UART_IRQ = 10


def step(op, a=0, b=0, c=0, value=0):
    return struct.pack("<BBBBI", op, a, b, c, value)


def plic_wr(kind, b, value, c=0):
    return step(PLIC_WRITE, kind, b, c, value)


def plic_rd(kind, b=0, c=0):
    return step(PLIC_READ, kind, b, c)


def uart_wr(reg, value):
    return step(UART_WRITE, reg, value=value)


def uart_rd(reg):
    return step(UART_READ, reg)


def seed(sources, contexts, flags, steps):
    return bytes([sources, contexts, flags]) + b"".join(steps)


SEEDS = {
    "claim_cycle": seed(40, 3, HOOKS, [
        plic_wr(PRIO, 5, 3), plic_wr(PRIO, 35, 5), plic_wr(ENABLE, 0, 1 << 5),
        plic_wr(ENABLE, 0, 1 << 3, c=1), step(LEVEL, 5, 1), step(EDGE, 35),
        plic_rd(PENDING, 0), plic_rd(PENDING, 1), plic_rd(CLAIM, 0), plic_wr(THRESH, 0, 4),
        plic_wr(ENABLE, 1, 1 << 3, c=1), plic_wr(PRIO, 35, 6), plic_rd(CLAIM, 1),
        plic_wr(CLAIM, 0, 5), plic_wr(CLAIM, 1, 35), step(LEVEL, 5, 0), plic_rd(CLAIM, 0),
    ]),
    "retrigger": seed(64, 8, HOOKS | RETRIGGER, [
        plic_wr(PRIO, 63, 7), plic_wr(ENABLE, 7, 1 << 31, c=1), step(EDGE, 63),
        plic_rd(CLAIM, 7), plic_wr(CLAIM, 7, 63), plic_rd(CLAIM, 7), plic_wr(CLAIM, 7, 63),
    ]),
    "uart_fifo": seed(64, 2, 0, [
        uart_wr(IER, 0x05), uart_wr(IIR, 0xC7), step(BURST, 18, value=0x64636261),
        uart_rd(IIR), uart_rd(LSR), uart_rd(RBR), uart_rd(RBR), uart_rd(IIR), uart_rd(LSR),
        uart_wr(IIR, 0x41), step(RECEIVE, ord("z")), uart_rd(IIR), uart_wr(IIR, 0),
        uart_rd(RBR), uart_rd(RBR), uart_rd(LSR),
    ]),
    "uart_loop": seed(16, 1, 0, [
        uart_wr(LCR, 0x83), uart_wr(RBR, 2), uart_wr(IER, 0), uart_rd(RBR), uart_wr(LCR, 0x03),
        uart_wr(MCR, 0x1F), uart_rd(MSR), uart_wr(RBR, ord("L")), uart_wr(RBR, ord("M")),
        step(RECEIVE, ord("r")), uart_rd(LSR), uart_rd(RBR), uart_wr(MCR, 0x0B), uart_rd(MSR),
        uart_wr(IER, 0x0F), uart_rd(IIR), uart_wr(RBR, ord("x")), uart_wr(SCR, 0x5A),
        uart_rd(SCR), uart_rd(IIR),
    ]),
    "uart_irq": seed(64, 2, HOOKS, [
        plic_wr(PRIO, UART_IRQ, 1), plic_wr(ENABLE, 1, 1 << UART_IRQ), uart_wr(MCR, 0x08),
        uart_wr(IER, 0x01), step(RECEIVE, ord("k")), plic_rd(CLAIM, 1), uart_rd(RBR),
        plic_wr(CLAIM, 1, UART_IRQ), uart_wr(IER, 0x02), plic_rd(CLAIM, 1), uart_rd(IIR),
        plic_wr(CLAIM, 1, UART_IRQ),
    ]),
    "odd_accesses": seed(33, 9, 0, [
        step(PLIC_READ | WIDTH1, PRIO, 1), step(PLIC_WRITE | WIDTH8, PRIO, 2, value=7),
        step(PLIC_READ | SKEW, CLAIM, 0, 2), step(PLIC_WRITE | RAW, 0x04, 0x00, 0x20, 1),
        step(PLIC_READ | RAW, 0xFC, 0xFF, 0x5F), step(PLIC_WRITE, PENDING, 0, value=~0 & 0xFFFFFFFF),
        step(UART_READ | WIDTH4, LSR), step(UART_WRITE | WIDTH2, RBR, value=0x41),
        step(UART_READ | RAW, 0x08), step(UART_WRITE | RAW, 0xFF, 1, value=1),
    ]),
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_plic_uart")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
