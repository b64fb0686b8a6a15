#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_cpio.c into tests/fuzz/corpus/fuzz_cpio/.

Each seed is a small archive as `cpio -o -H newc` or `-H crc` writes it: a
header of ASCII hex fields, the name padded to 4 with the header, the data
padded to 4, and the TRAILER!!! entry; one mixes both magics, one names its
files with "./", one is cut short. The fuzzer mutates them into broken ones.
"""
import os


def entry(name, data, magic="070701"):
    check = sum(data) & 0xFFFFFFFF if magic == "070702" else 0
    fields = [1, 0o100644, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, check]
    head = (magic + "".join(f"{f:08X}" for f in fields)).encode() + name.encode() + b"\0"
    head += bytes(-len(head) % 4)
    return head + data + bytes(-len(data) % 4)


def archive(files, magic="070701"):
    out = b"".join(entry(n, d, magic) for n, d in files) + entry("TRAILER!!!", b"")
    return out + bytes(-len(out) % 512)


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "fuzz_cpio")
    os.makedirs(out, exist_ok=True)
    files = [("hello.bin", b"hello"), ("big.bin", bytes(range(256)) * 2), ("empty", b"")]
    seeds = {
        "newc": archive(files),
        "crc": archive(files, "070702"),
        "dot_slash": archive([("./" + n, d) for n, d in files], "070702"),
        "mixed": entry("a", b"abc", "070702") + archive([("b", b"defg")]),
        "cut": archive(files, "070702")[:300],
    }
    for name, data in seeds.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
