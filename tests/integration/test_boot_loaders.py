# SPDX-License-Identifier: BSD-2-Clause
"""Erg started the ways a board starts it. Debian's S-mode U-Boot loads erg.bin
with booti, reading the RISC-V Image header as it would a Linux kernel's, on
harts with and without H; and one erg.bin runs from another load address than
the one it was linked at, moving its own pointers at entry."""
import re

import pytest

from qemu_run import QemuSession, image_path, uboot_booti

ERG = r"^\[erg\] "
HELLO = r"^\[hello\] hello from hart 0, dtb at 0x83ff0000$"
HEARTBEAT = r"^\[heartbeat\] heartbeat 3 checksum 0x[0-9a-f]+$"
# A jump of 14 MiB, loaded where the firmware enters its payload (0x80200000):
# auipc t0, 0xe00; jr t0. Harts the firmware sends there take it too.
JUMP_14M = bytes.fromhex("9702e000" "67800200")


def expect_pair_runs(qemu):
    qemu.expect(ERG + r"harts online: 2 of 2$", timeout=60)
    qemu.wait_seen(HELLO)
    qemu.wait_seen(HEARTBEAT)


@pytest.mark.parametrize("cpu", ["rv64,h=true", "rv64,h=false"], ids=["h", "noh"])
def test_uboot_booti_starts_erg_like_a_linux_image(cpu):
    with uboot_booti(image_path("pair"), smp=2, cpu=cpu) as qemu:
        # text_offset 2 MiB: booti moves Erg to RAM's base plus 2 MiB, keeping image_size.
        moved = qemu.expect(r"^Moving Image from 0x84000000 to 0x80200000, end=([0-9a-f]+)$")
        qemu.expect(r"^Starting kernel \.\.\.$")
        image = qemu.expect(ERG + r"reserved 0x80200000-0x([0-9a-f]+) Erg image$")
        assert int(image.group(1), 16) + 1 == int(moved.group(1), 16)
        expect_pair_runs(qemu)


@pytest.mark.parametrize("load", [0x80200000, 0x81000000], ids=["linked", "moved"])
def test_one_image_runs_at_two_load_addresses(load, tmp_path):
    erg = image_path("pair")
    extra = []
    if load != 0x80200000:
        jump = tmp_path / "jump.bin"
        jump.write_bytes(JUMP_14M)
        extra = ["-device", f"loader,file={erg},addr={load:#x},force-raw=on"]
        erg = str(jump)
    with QemuSession(erg, smp=2, extra=extra) as qemu:
        qemu.expect(ERG + rf"reserved 0x{load:08x}-0x[0-9a-f]+ Erg image$")
        expect_pair_runs(qemu)
        assert not re.search(r"panic|trap in Erg", qemu.log)
