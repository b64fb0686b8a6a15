#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_virtq.c into tests/fuzz/corpus/fuzz_virtq/.

Each seed is a small well-formed guest in the harness's input layout (see the
comment atop fuzz_virtq.c): control bytes, then the start of guest RAM with
the rings packed from offset 0 and buffers after them. The fuzzer mutates
these into broken guests; starting from good ones lets it reach the deep
paths (indirect tables, wrap-around, event_idx) quickly.
"""
import os
import struct

MODE_EVENT_IDX, MODE_PLACED, MODE_WRITE, MODE_LATE_PUSH = 1, 2, 4, 8
F_NEXT, F_WRITE, F_INDIRECT = 1, 2, 4
RAM_BASE = 0x80000000


class Guest:
    """Guest RAM with a queue of 2**log2 entries packed from offset 0."""

    def __init__(self, log2, mode=0, start=0):
        self.log2, self.mode, self.start, self.size = log2, mode, start, 1 << log2
        self.avail = 16 * self.size
        self.used = (self.avail + 6 + 2 * self.size + 3) & ~3
        self.free = self.used + 6 + 8 * self.size
        self.ram = bytearray(self.free)
        self.offered = 0

    def put(self, off, data):
        end = off + len(data)
        if end > len(self.ram):
            self.ram.extend(bytes(end - len(self.ram)))
        self.ram[off:end] = data

    def buffer(self, data):
        """A buffer holding data after everything else; its guest-physical address."""
        off = self.free
        self.put(off, data)
        self.free += len(data)
        return RAM_BASE + off

    def desc(self, table, i, addr, length, flags=0, nxt=0):
        self.put(table + 16 * i, struct.pack("<QIHH", addr, length, flags, nxt))

    def offer(self, head):
        slot = (self.start + self.offered) % self.size
        self.put(self.avail + 4 + 2 * slot, struct.pack("<H", head))
        self.offered += 1

    def seed(self):
        ctrl = struct.pack("<BBHH", self.log2, self.mode, self.start, self.offered)
        return ctrl + bytes(6) + bytes(self.ram)


def simple():
    g = Guest(2)
    g.desc(0, 1, g.buffer(b"hello, device"), 13)
    g.offer(1)
    return g.seed()


def read_write():
    g = Guest(3, MODE_WRITE)
    g.desc(0, 0, g.buffer(b"header16bytes..."), 16, F_NEXT, 5)
    g.desc(0, 5, g.buffer(b"payload"), 7, F_NEXT, 2)
    g.desc(0, 2, g.buffer(bytes(8)), 8, F_WRITE | F_NEXT, 7)
    g.desc(0, 7, g.buffer(bytes(1)), 1, F_WRITE)
    g.offer(0)
    return g.seed()


def indirect():
    g = Guest(3, MODE_WRITE)
    table = g.free
    g.free += 3 * 16
    g.desc(table, 0, g.buffer(b"request"), 7, F_NEXT, 2)
    g.desc(table, 2, g.buffer(bytes(32)), 32, F_WRITE | F_NEXT, 1)
    g.desc(table, 1, g.buffer(bytes(1)), 1, F_WRITE)
    g.desc(0, 3, g.buffer(b"x"), 1, F_NEXT, 4)
    g.desc(0, 4, RAM_BASE + table, 3 * 16, F_INDIRECT)
    g.offer(3)
    return g.seed()


def event_idx_wrap():
    g = Guest(2, MODE_EVENT_IDX | MODE_WRITE, start=0xFFFE)
    for head in range(3):
        g.desc(0, head, g.buffer(bytes(4)), 4, F_WRITE)
        g.offer(head)
    g.put(g.avail + 4 + 2 * g.size, struct.pack("<H", 0xFFFF))  # used_event
    return g.seed()


def full_ring_late_push():
    g = Guest(3, MODE_LATE_PUSH)
    for head in range(8):
        g.desc(0, head, g.buffer(bytes([head]) * (head + 1)), head + 1)
        g.offer(7 - head)
    return g.seed()


def placed():
    g = Guest(1, MODE_PLACED)
    g.desc(0, 0, g.buffer(b"placed"), 6)
    g.offer(0)
    seed = bytearray(g.seed())
    seed[6:12] = struct.pack("<HHH", 0, g.avail, g.used)
    return bytes(seed)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_virtq")
    os.makedirs(out, exist_ok=True)
    for make in (simple, read_write, indirect, event_idx_wrap, full_ring_late_push, placed):
        with open(os.path.join(out, make.__name__), "wb") as f:
            f.write(make())


if __name__ == "__main__":
    main()
