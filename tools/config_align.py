#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Start every large property of a compiled config (the guests' images) 8-byte aligned.

dtc aligns property values to 4 bytes only. Erg copies each image from its config into the
guest's RAM at every (re)boot, and a copy whose source and destination disagree modulo 8
takes three times the instructions of one that can move whole doublewords. A NOP token
(4 bytes, skipped by every DTB reader) before such a property moves its value to the next
8-byte boundary. The blob itself starts 8-byte aligned in Erg's image (config_blob.S).

    tools/config_align.py CONFIG.dtb      (rewritten in place)
"""
import struct
import sys

FDT_MAGIC = 0xD00DFEED
FDT_BEGIN_NODE, FDT_END_NODE, FDT_PROP, FDT_NOP, FDT_END = 1, 2, 3, 4, 9
LARGE = 4096  # values at least this long are worth aligning
HEADER = struct.Struct(">10I")


def aligned_struct(blob, off_struct, size_struct):
    """The structure block with a NOP before each large value that would start 8-aligned + 4."""
    src, out, off = blob[off_struct:off_struct + size_struct], bytearray(), 0
    while off < len(src):
        tag = struct.unpack_from(">I", src, off)[0]
        start = off
        off += 4
        if tag == FDT_BEGIN_NODE:
            off = (src.index(b"\0", off) + 1 + 3) & ~3
        elif tag == FDT_PROP:
            length = struct.unpack_from(">I", src, off)[0]
            off = (off + 8 + length + 3) & ~3
            value_at = off_struct + len(out) + 12  # where the value lands in the new blob
            if length >= LARGE and value_at % 8:
                out += struct.pack(">I", FDT_NOP)
        elif tag not in (FDT_END_NODE, FDT_NOP, FDT_END):
            sys.exit(f"config_align: unknown token {tag:#x} at {off_struct + start:#x}")
        out += src[start:off]
        if tag == FDT_END:
            break
    return bytes(out) + src[off:]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: config_align.py CONFIG.dtb")
    path = sys.argv[1]
    blob = open(path, "rb").read()
    (magic, total, off_struct, off_strings, off_rsv, version, last_comp, boot_cpu,
     size_strings, size_struct) = HEADER.unpack_from(blob)
    if magic != FDT_MAGIC or version < 16 or not off_rsv < off_struct < off_strings:
        sys.exit(f"config_align: {path}: not a DTB laid out as dtc lays it out")
    new_struct = aligned_struct(blob, off_struct, size_struct)
    grown = len(new_struct) - size_struct
    if not grown:
        return 0
    header = HEADER.pack(magic, total + grown, off_struct, off_strings + grown, off_rsv, version,
                         last_comp, boot_cpu, size_strings, size_struct + grown)
    with open(path, "wb") as f:
        f.write(header + blob[HEADER.size:off_struct] + new_struct +
                blob[off_struct + size_struct:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
