# SPDX-License-Identifier: BSD-2-Clause
"""Durability: every block write Erg acknowledged is on the disk even when the machine
dies without a shutdown. Linux (config linux_virtio, its shell on the virtio console)
writes patterns through virtio-blk with BusyBox's dd and fsync (a FLUSH, which Erg passes
to its disk before answering), then QEMU is killed; the image must hold them all. The
host keeps what QEMU wrote to the image file, so this shows that Erg acknowledges a
write only once its disk has done it, and loses nothing it acknowledged."""

from qemu_run import QemuSession, echoed, image_path
from test_virtio import pattern

MIB = 1 << 20
BOOT_TIMEOUT = 120
PROMPT = r"^\[linux\] # "
# (offset, length, seed) of each write: sector-aligned and not, small and large.
WRITES = [(0, 65536, 3), (5 * MIB + 512, 4096, 9), (17 * MIB - 1000, 3000, 21),
          (31 * MIB, MIB, 42)]


def write_command(offset, length, seed):
    """A shell line writing pattern(length, seed) at byte offset of /dev/vda, then fsync."""
    return (f"seq -w {seed} 9999999 | head -c {length} | dd of=/dev/vda bs=64k "
            f"iflag=fullblock oflag=seek_bytes seek={offset} conv=fsync status=none "
            f"&& echo wrote {length} at {offset}")


def test_acknowledged_writes_survive_a_killed_machine(tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(64 * MIB))
    drive = ("-drive", f"if=none,file={disk},format=raw,id=d0",
             "-device", "virtio-blk-device,drive=d0")
    qemu = QemuSession(image_path("linux_virtio"), smp=2, extra=drive)
    try:
        # hvc0's prompt may join the UART's line (one console stream per guest); a sum
        # worked out by the shell shows that it reads what is typed.
        qemu.expect(r"^\[linux\] (# )?erg-init: shell on hvc0", timeout=BOOT_TIMEOUT)
        # The UART's shell starts beside hvc0's, on the same console stream, so the answer
        # may share its line with the UART shell's banner ("[linux] Bushvc0-42").
        qemu.send("echo hvc0-$((6 * 7))\r")
        qemu.expect(r"hvc0-42$", timeout=BOOT_TIMEOUT)
        qemu.expect(PROMPT)
        # Once that shell's banner and prompt are out, they cannot land inside a typed
        # command's echo; the last prompt may be the line still open.
        qemu.wait_seen(r"built-in shell \(ash\)(?:.*\n)+?.*built-in shell \(ash\)(?:.*\n)+?"
                       r"\[linux\] # ", timeout=BOOT_TIMEOUT, partial=True)
        for offset, length, seed in WRITES:
            command = write_command(offset, length, seed)
            qemu.send(command + "\r")
            qemu.expect(r"^\[linux\] (# )?" + echoed("[linux] ", command) + "$")
            qemu.expect(rf"^\[linux\] (# )?wrote {length} at {offset}$", timeout=60)
            qemu.expect(PROMPT)
    finally:
        qemu.close()  # SIGKILL: no shutdown, no chance to write anything more
    data = disk.read_bytes()
    for offset, length, seed in WRITES:
        assert data[offset:offset + length] == pattern(length, seed), f"write at {offset} lost"
