# SPDX-License-Identifier: BSD-2-Clause
"""Guests from the boot archive (build/archive/guests.cpio, passed to Erg as its
initrd by QEMU or by U-Boot's booti): big, whose 40 MiB image verifies itself,
and hello boot from it beside an embedded heartbeat, and a restart from the
monitor reloads big from the archive; a byte flipped in big's data, an archive without big.bin, and no
archive at all each stop only the guests whose images are missing, with one
line, while Erg and the other guests run on."""
import os
import subprocess

from qemu_run import image_path, uboot_booti

ERG = r"^\[erg\] "
BUILD = os.path.dirname(os.path.dirname(image_path("archive")))
ARCHIVE = os.path.join(BUILD, "archive", "guests.cpio")
NOT_STARTED = "; guest not started$"


def boot_archive(boot, archive=ARCHIVE):
    """The archive config under fw_jump, with archive as its initrd (None: no initrd)."""
    extra = ["-initrd", str(archive)] if archive else []
    return boot(config="archive", smp=3, extra=extra)


def heartbeat_runs(qemu):
    qemu.wait_seen(r"^\[heartbeat\] heartbeat 3 checksum 0x[0-9a-f]+$", timeout=30)
    assert "CORRUPTED" not in qemu.log and qemu.proc.poll() is None


def data_offset(archive, name):
    """Where the data of the entry called name starts in a cpio newc/crc archive."""
    offset = 0
    while True:
        namesize = int(archive[offset + 94:offset + 102], 16)
        filesize = int(archive[offset + 54:offset + 62], 16)
        start = (offset + 110 + namesize + 3) & ~3
        if archive[offset + 110:offset + 110 + namesize - 1] == name:
            return start
        offset = (start + filesize + 3) & ~3


def test_guests_boot_from_the_archive_and_reload_from_it(boot):
    qemu = boot_archive(boot)
    qemu.expect(ERG + r"boot archive: 0x[0-9a-f]+-0x[0-9a-f]+ \(\d+ bytes\) "
                r"from /chosen/linux,initrd-\*$")
    qemu.expect(ERG + r"reserved 0x[0-9a-f]+-0x[0-9a-f]+ boot archive$")
    qemu.expect(ERG + r"boot archive: 2 files, \d+ bytes$")
    qemu.expect(ERG + r"guest big: 1 vCPU, 64 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(ERG + r"config archive: 3 guests ready$")
    qemu.wait_seen(r"^\[hello\] hello: done$", timeout=30)
    qemu.expect(r"^\[big\] big: 40 MiB image verified$", timeout=60)
    qemu.expect(r"^\[big\] big: tail scribbled over; sleeping$")
    heartbeat_runs(qemu)
    # The tail big scribbled over is whole again only if the restart reloads the image.
    qemu.send("\x1d")
    qemu.send("restart big\r")
    qemu.expect(ERG + r"guest big: rebooting$")
    qemu.expect(r"^\[big\] big: 40 MiB image verified$", timeout=60)
    assert "differs" not in qemu.log and "not started" not in qemu.log


def test_archive_from_fw_dynamic(boot):
    """fw_dynamic leaves the DTB high in RAM; the initrd's range comes through all the same."""
    qemu = boot(config="archive", smp=3, bios="fw_dynamic", extra=["-initrd", ARCHIVE])
    qemu.expect(ERG + r"boot archive: 2 files, \d+ bytes$")
    qemu.expect(r"^\[big\] big: 40 MiB image verified$", timeout=60)


def test_archive_from_uboot_booti():
    """A board's flow: U-Boot loads Erg and the archive and names the archive to booti,
    which writes its range into the device tree it hands Erg."""
    size = os.path.getsize(ARCHIVE)
    with uboot_booti(image_path("archive"), ARCHIVE, smp=3) as qemu:
        qemu.expect(ERG + rf"boot archive: 0x[0-9a-f]+-0x[0-9a-f]+ \({size} bytes\) "
                    r"from /chosen/linux,initrd-\*$", timeout=60)
        qemu.expect(ERG + r"boot archive: 2 files, \d+ bytes$")
        qemu.expect(r"^\[big\] big: 40 MiB image verified$", timeout=60)
        heartbeat_runs(qemu)


def test_damaged_image_stops_only_its_guest(boot, tmp_path):
    data = bytearray(open(ARCHIVE, "rb").read())
    flip = data_offset(data, b"big.bin") + 20 * 1024 * 1024
    stored = data[flip]
    data[flip] ^= 0x40
    damaged = tmp_path / "damaged.cpio"
    damaged.write_bytes(data)
    qemu = boot_archive(boot, damaged)
    match = qemu.expect(ERG + r'guest big: kernel "big.bin": checksum (0x[0-9a-f]{8}), '
                        r"archive says (0x[0-9a-f]{8})" + NOT_STARTED)
    difference = int(match.group(1), 16) - int(match.group(2), 16)
    assert difference % 2**32 == ((stored ^ 0x40) - stored) % 2**32
    qemu.expect(ERG + r"config archive: 2 guests ready$")
    qemu.expect(ERG + r"ready$")
    qemu.wait_seen(r"^\[hello\] hello: done$", timeout=30)
    heartbeat_runs(qemu)
    # A restart from the monitor cannot bring back what the archive did not give.
    qemu.send("\x1d")
    qemu.send("restart big\r")
    qemu.expect(ERG + r"guest big: rebooting$")
    qemu.expect(ERG + r"guest big: its images did not come from the boot archive" + NOT_STARTED)
    qemu.expect(r"^\[heartbeat\] heartbeat \d+ checksum 0x[0-9a-f]+$")
    assert "[big]" not in qemu.log


def test_file_missing_from_the_archive(boot, tmp_path):
    only_hello = tmp_path / "hello.cpio"
    with open(only_hello, "wb") as out:
        subprocess.run(["cpio", "--quiet", "-o", "-H", "crc"], input=b"hello.bin\n",
                       cwd=os.path.join(BUILD, "guests"), stdout=out, check=True)
    qemu = boot_archive(boot, only_hello)
    qemu.expect(ERG + r"boot archive: 1 file, \d+ bytes$")
    qemu.expect(ERG + r'guest big: kernel "big.bin": not in the boot archive' + NOT_STARTED)
    qemu.expect(ERG + r"config archive: 2 guests ready$")
    qemu.expect(ERG + r"ready$")
    qemu.wait_seen(r"^\[hello\] hello: done$", timeout=30)
    heartbeat_runs(qemu)


def test_no_archive_at_all(boot):
    qemu = boot_archive(boot, None)
    qemu.expect(ERG + r"boot archive: none$")
    qemu.expect(ERG + r'guest big: kernel "big.bin": no boot archive \(no initrd\)' + NOT_STARTED)
    qemu.expect(ERG + r'guest hello: kernel "hello.bin": no boot archive \(no initrd\)' +
                NOT_STARTED)
    qemu.expect(ERG + r"config archive: 1 guest ready$")
    qemu.expect(ERG + r"ready$")
    heartbeat_runs(qemu)


def test_archive_cut_short(boot, tmp_path):
    """An archive whose end lies inside big.bin's data: its header is read, its data is not."""
    data = open(ARCHIVE, "rb").read()
    cut = tmp_path / "cut.cpio"
    cut.write_bytes(data[:data_offset(data, b"big.bin") + 4096])
    qemu = boot_archive(boot, cut)
    qemu.expect(ERG + r"boot archive: cut short at offset 0x0, after 0 files$")
    qemu.expect(ERG + r'guest big: kernel "big.bin": boot archive damaged at offset 0x0 '
                r"\(cut short\)" + NOT_STARTED)
    heartbeat_runs(qemu)
