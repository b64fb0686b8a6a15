# SPDX-License-Identifier: BSD-2-Clause
"""Build Erg's relocation table from two links of the same objects.

usage: relocs.py LINK.elf LINK.bin SHIFTED.elf SHIFTED.bin TABLE.bin

The second link is the first moved by a whole number of pages, so the two flat
images agree everywhere except in the 64-bit words that hold an address of the
image: those differ by exactly the shift, and are the words Erg adjusts when
it runs somewhere else (arch/riscv/relocate.S). Any other difference is code
or data that cannot move, and fails the build. TABLE.bin is the new content of
the .erg_relocs section: its marker, the count, its room, and each word's
offset from the start of the image.
"""
import struct
import sys

MAGIC = b"ERGRELOC"


def fail(why):
    sys.exit(f"relocs.py: {why}")


def entry_point(elf_path):
    """e_entry of a 64-bit little-endian ELF."""
    with open(elf_path, "rb") as f:
        header = f.read(32)
    if header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
        fail(f"{elf_path}: not a 64-bit little-endian ELF")
    return struct.unpack_from("<Q", header, 24)[0]


def moved_words(link, shifted, shift):
    """Offsets of the 8-byte words that hold addresses; fails on any other difference."""
    if len(link) != len(shifted):
        fail(f"the two links differ in size ({len(link)} and {len(shifted)} bytes)")
    offsets = []
    for off in range(0, len(link) - len(link) % 8, 8):
        a, b = link[off:off + 8], shifted[off:off + 8]
        if a == b:
            continue
        va, vb = struct.unpack("<QQ", a + b)
        if (vb - va) % (1 << 64) != shift:
            fail(f"offset 0x{off:x}: 0x{va:x} in one link, 0x{vb:x} in the other; "
                 "only whole 64-bit addresses can move (is some code not pc-relative?)")
        offsets.append(off)
    tail = len(link) - len(link) % 8
    if link[tail:] != shifted[tail:]:
        fail(f"offset 0x{tail:x}: the image's last bytes differ between the links")
    return offsets


def table(link, offsets):
    """The .erg_relocs content, as long as the slot it replaces: magic, count, room, offsets."""
    start = link.find(MAGIC)
    if start < 0 or link.find(MAGIC, start + 1) >= 0:
        fail(f"the image must hold the marker {MAGIC.decode()} exactly once")
    room = struct.unpack_from("<I", link, start + 12)[0]
    if len(offsets) > room:
        fail(f"{len(offsets)} addresses to move, room for {room}: raise ERG_RELOC_MAX "
             "in arch/riscv/layout.h")
    body = MAGIC + struct.pack("<II", len(offsets), room)
    body += b"".join(struct.pack("<I", off) for off in offsets)
    return body + bytes(4 * (room - len(offsets)))


def main():
    if len(sys.argv) != 6:
        fail(__doc__.split("\n\n")[1])
    link_elf, link_bin, shifted_elf, shifted_bin, out = sys.argv[1:]
    shift = (entry_point(shifted_elf) - entry_point(link_elf)) % (1 << 64)
    if not shift or shift % 4096:
        fail(f"the second link must move the first by whole pages (moved by 0x{shift:x})")
    with open(link_bin, "rb") as f:
        link = f.read()
    with open(shifted_bin, "rb") as f:
        shifted = f.read()
    offsets = moved_words(link, shifted, shift)
    with open(out, "wb") as f:
        f.write(table(link, offsets))


if __name__ == "__main__":
    main()
