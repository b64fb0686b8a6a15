# SPDX-License-Identifier: BSD-2-Clause
"""A benchmark, not a timed test: sequential virtio-blk throughput from the Linux guest
(BusyBox's dd: O_DIRECT, 64 KiB requests one at a time, 4 KiB ones, and four readers at
once) and the latency of a 4 KiB read under Erg, on a slice of a disk Erg
drives itself, against the same kernel and initramfs natively on QEMU's own modern
virtio-blk. It asserts that both runs complete and writes the figures and their ratio
to build/bench/blk.txt; the figures depend on the host and are not judged."""
import os

from qemu_run import ROOT, QemuSession, image_path

MIB = 1 << 20
BENCH_MIB = 16
BOOT_TIMEOUT = 120
BUILD = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
GUEST_IMAGES = os.path.join(BUILD, "guests")
READY = r"erg-init: \S+ ready, shell on the console$"
# Debian's dd says only how many records went; BusyBox's time applet gives the
# span ("real	0m 1.23s").
RESULT = r"real\s+(?P<m>\d+)m (?P<s>[\d.]+)s$"
STREAMS = 4
# (what, command, records dd reports, MiB moved): 64 KiB requests one at a time, 4 KiB
# ones one at a time (each one's latency), and four 64 KiB readers at once, so that
# several requests are in flight.
COMMANDS = [
    ("write", f"time dd if=/dev/zero of=/dev/vda bs=64k count={BENCH_MIB * 16} oflag=direct",
     BENCH_MIB * 16, BENCH_MIB),
    ("read", f"time dd if=/dev/vda of=/dev/null bs=64k count={BENCH_MIB * 16} iflag=direct",
     BENCH_MIB * 16, BENCH_MIB),
    ("read 4 KiB", "time dd if=/dev/vda of=/dev/null bs=4k count=1024 iflag=direct", 1024, 4),
    (f"read, {STREAMS} readers",
     "time sh -c '" + " & ".join(
         f"dd if=/dev/vda of=/dev/null bs=64k count={BENCH_MIB * 4} skip={k * BENCH_MIB * 4} "
         "iflag=direct 2>/dev/null" for k in range(STREAMS)) + " & wait; echo 0+0 records out'",
     0, BENCH_MIB),
]


def drive(path):
    return ("-drive", f"if=none,file={path},format=raw,id=d0",
            "-device", "virtio-blk-device,drive=d0")


def bench(qemu, prefix):
    """Writes then reads BENCH_MIB MiB at the prompt; the write and read rates in MiB/s."""
    qemu.expect(prefix + r"(# )?" + READY, timeout=BOOT_TIMEOUT)
    # A sum the shell works out: the shell that gets the input (hvc0's under Erg) is up.
    qemu.send("echo ready-$((6 * 7))\r")
    # Under Erg the answer may share its line with the UART shell's banner.
    qemu.expect(r"ready-42$", timeout=BOOT_TIMEOUT)
    rates = {}
    for what, command, records, mib in COMMANDS:
        qemu.send(command + "\r")
        qemu.expect(prefix + r"(# )?" + rf"{records}\+0 records out$", timeout=300)
        m = qemu.expect(prefix + r"(# )?" + RESULT, timeout=30)
        rates[what] = mib / (int(m.group("m")) * 60 + float(m.group("s")))
    return rates


def test_blk_throughput_erg_vs_native(tmp_path):
    disk = tmp_path / "disk.img"
    disk.write_bytes(bytes(64 * MIB))
    # Erg: the linux_virtio config's 32 MiB slice of disk 0; its shell is on hvc0.
    with QemuSession(image_path("linux_virtio"), smp=2, extra=drive(disk)) as qemu:
        erg = bench(qemu, r"^\[linux\] ")
    # Natively: QEMU's virtio-blk with the modern transport, as Erg offers its guests.
    with QemuSession(os.path.join(GUEST_IMAGES, "linux-Image"), smp=2, mem="256M", cpu="rv64",
                     append="console=ttyS0",
                     extra=("-initrd", os.path.join(GUEST_IMAGES, "linux-initramfs.cpio"),
                            "-global", "virtio-mmio.force-legacy=false") + drive(disk)) as qemu:
        native = bench(qemu, r"^")
    lines = [f"virtio-blk sequential {what}, O_DIRECT{'' if '4 KiB' in what else ' 64 KiB'}: "
             f"native {native[what]:.2f} MiB/s, under Erg {erg[what]:.2f} MiB/s "
             f"(ratio {erg[what] / native[what]:.2f})\n" for what, *_ in COMMANDS]
    lines.append(f"virtio-blk 4 KiB read latency: native {4096 / MIB / native['read 4 KiB'] * 1e6:.0f}"
                 f" us, under Erg {4096 / MIB / erg['read 4 KiB'] * 1e6:.0f} us\n")
    os.makedirs(os.path.join(BUILD, "bench"), exist_ok=True)
    with open(os.path.join(BUILD, "bench", "blk.txt"), "w") as out:
        out.writelines(lines)
    print("".join(lines), end="")
    assert all(erg[w] > 0 and native[w] > 0 for w, *_ in COMMANDS)
