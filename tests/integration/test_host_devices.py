# SPDX-License-Identifier: BSD-2-Clause
"""Erg's own drivers for the machine's virtio-mmio disk and entropy source,
checked through the boot self-tests (erg.selftest=disk, erg.selftest=rng)
against disk images this test writes and reads back: both transport versions
QEMU offers, queues small enough that transfers are split or go through the
driver's bounce buffer, a read-only disk, two disks, and slots Erg leaves
alone."""
import random
import zlib

import pytest

ERG = r"^\[erg\] "
SECTOR = 512
MODERN = ("-global", "virtio-mmio.force-legacy=false")


def pattern():
    """What the self-test writes to a disk's last 8 sectors (core/boot/selftest_devices.c)."""
    return bytes((i * 13 + i // SECTOR + 1) & 0xFF for i in range(4096))


def make_image(path, mib, seed):
    data = random.Random(seed).randbytes(mib << 20)
    path.write_bytes(data)
    return data


def disk_args(path, ident, options="", readonly=False):
    ro = ",readonly=on" if readonly else ""
    return ("-drive", f"if=none,file={path},format=raw,id={ident}{ro}",
            "-device", f"virtio-blk-device,drive={ident}{options}")


def expect_self_test_passes(qemu, disk, data):
    crc = zlib.crc32(data[:4096])
    qemu.expect(ERG + rf"selftest disk {disk}: sectors 0-7 crc32 0x{crc:08x}$")
    qemu.expect(ERG + rf"selftest disk {disk}: scattered read matches$")
    qemu.expect(ERG + rf"selftest disk {disk}: read past the end refused$")


@pytest.mark.parametrize("transport,queue", [
    ("legacy", None), ("modern", None),
    ("legacy", 16),  # 14 buffers a request: transfers split mid-buffer
    ("modern", 4),   # 2 buffers a request: tiny buffers go through the bounce buffer
])
def test_disk_reads_writes_and_flushes(boot, tmp_path, transport, queue):
    image = tmp_path / "disk.img"
    data = make_image(image, 4, seed=1)
    options = f",queue-size={queue}" if queue else ""
    extra = disk_args(image, "d0", options) + (MODERN if transport == "modern" else ())
    qemu = boot(smp=2, append="erg.selftest=disk", extra=extra)
    qemu.expect(ERG + r"disk 0: virtio-blk at 0x10008000, 8192 sectors \(4 MiB\)$")
    expect_self_test_passes(qemu, 0, data)
    qemu.expect(ERG + r"selftest disk 0: wrote sectors 8184-8191, flushed, read back the same$")
    qemu.expect(ERG + r"selftest disk 0: passed$")
    qemu.expect(ERG + r"ready$")
    qemu.close()
    after = image.read_bytes()
    assert after[-4096:] == pattern(), "the written sectors did not reach the image"
    assert after[:-4096] == data[:-4096], "bytes outside the written sectors changed"


def test_read_only_disk_refuses_the_write(boot, tmp_path):
    image = tmp_path / "ro.img"
    data = make_image(image, 1, seed=2)
    qemu = boot(smp=2, append="erg.selftest=disk", extra=disk_args(image, "d0", readonly=True))
    qemu.expect(ERG + r"disk 0: virtio-blk at 0x10008000, 2048 sectors \(1 MiB\), read-only$")
    expect_self_test_passes(qemu, 0, data)
    qemu.expect(ERG + r"selftest disk 0: write refused \(read-only\)$")
    qemu.expect(ERG + r"selftest disk 0: passed$")
    qemu.close()
    assert image.read_bytes() == data


def test_two_disks_in_slot_order(boot, tmp_path):
    first, second = tmp_path / "a.img", tmp_path / "b.img"
    data_a, data_b = make_image(first, 2, seed=3), make_image(second, 1, seed=4)
    # QEMU fills the virtio-mmio slots from the top: the first disk given sits at 0x10008000.
    extra = disk_args(first, "d0") + disk_args(second, "d1")
    qemu = boot(smp=2, append="erg.selftest=disk", extra=extra)
    qemu.expect(ERG + r"disk 0: virtio-blk at 0x10008000, 4096 sectors \(2 MiB\)$")
    qemu.expect(ERG + r"disk 1: virtio-blk at 0x10007000, 2048 sectors \(1 MiB\)$")
    expect_self_test_passes(qemu, 0, data_a)
    qemu.expect(ERG + r"selftest disk 0: passed$")
    expect_self_test_passes(qemu, 1, data_b)
    qemu.expect(ERG + r"selftest disk 1: passed$")
    qemu.close()
    assert first.read_bytes()[-4096:] == pattern()
    assert second.read_bytes()[-4096:] == pattern()


@pytest.mark.parametrize("transport", ["legacy", "modern"])
def test_entropy_source_gives_bytes(boot, transport):
    extra = ("-device", "virtio-rng-device") + (MODERN if transport == "modern" else ())
    qemu = boot(smp=2, append="erg.selftest=rng", extra=extra)
    qemu.expect(ERG + r"entropy: virtio-rng at 0x10008000$")
    got = qemu.expect(ERG + r"selftest rng: (\d+) of 64 bytes came$")
    assert 0 < int(got.group(1)) <= 64


def test_other_devices_are_left_alone_and_absence_is_reported(boot):
    qemu = boot(smp=2, append="erg.selftest=disk erg.selftest=rng",
                extra=("-device", "virtio-serial-device"))
    qemu.expect(ERG + r"virtio-mmio 0x10008000: device 3 left alone$")
    qemu.expect(ERG + r"selftest disk: no disks$")
    qemu.expect(ERG + r"selftest rng: no bytes \(no entropy source\)$")
    qemu.expect(ERG + r"ready$")
