# SPDX-License-Identifier: BSD-2-Clause
"""The Linux guest's VirtIO commands (guests/linux/*_commands.c), proven natively: the
same Image and initramfs boot on QEMU's own virtio-mmio devices, without Erg. Erg's
virtio devices implement the same specification, so what the init does here must
work under Erg too. QEMU's devices are legacy (version 1) unless told otherwise;
the block test also runs them as modern (version 2) devices, the transport Erg
offers. Natively, typed input reaches the shell directly: the echo or the answer
may share a line with the "# " prompt."""
import contextlib
import os
import random
import re
import shutil
import socket
import subprocess
import time
import zlib

import pytest
from qemu_run import ROOT, QemuSession

BUILD = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
IMAGE = os.path.join(BUILD, "guests", "linux-Image")
INITRAMFS = os.path.join(BUILD, "guests", "linux-initramfs.cpio")
# Under TCG the banner comes within seconds; CI machines may be far slower.
BOOT_TIMEOUT = 120
MIB = 1024 * 1024
MODERN = ("-global", "virtio-mmio.force-legacy=false")


def pattern(length, seed):
    """The bytes `blkwrite DEV OFFSET LENGTH SEED` writes (see blk_commands.c)."""
    return bytes((((i + seed) * 2654435761) & 0xFFFFFFFF) >> 24 for i in range(length))


def start(*devices):
    """Starts QEMU on the Linux guest with these extra options, one hart."""
    assert os.path.exists(IMAGE) and os.path.exists(INITRAMFS), "run `make linux` first"
    return QemuSession(IMAGE, smp=1, mem="256M", cpu="rv64", append="console=ttyS0",
                       extra=("-initrd", INITRAMFS) + devices)


@contextlib.contextmanager
def guest(*devices):
    """A booted guest at its shell; stopped afterwards whatever happens."""
    with start(*devices) as qemu:
        qemu.expect(r"^erg-init: type help for the commands$", timeout=BOOT_TIMEOUT)
        yield qemu


def run(qemu, command, answer, timeout=30):
    """Types a command line and waits for a line of its answer."""
    qemu.send(command + "\r")
    return qemu.expect(r"^(# )?" + answer, timeout=timeout)


def poweroff(qemu):
    run(qemu, "poweroff", r"reboot: Power down$")
    assert qemu.wait_exit(30) == 0


def crc(data):
    return f"0x{zlib.crc32(data):08x}"


@pytest.mark.parametrize("transport", ["legacy", "modern"])
def test_blk_reads_and_writes_byte_ranges_of_a_disk_image(tmp_path, transport):
    disk = tmp_path / "disk.img"
    original = random.Random(7).randbytes(16 * MIB)
    disk.write_bytes(original)
    drive = ("-drive", f"if=none,file={disk},format=raw,id=d0",
             "-device", "virtio-blk-device,drive=d0")
    write_at, write_len, seed = 9 * MIB + 1234, 300000, 42
    with guest(*drive, *(MODERN if transport == "modern" else ())) as qemu:
        # Feature bit 32, VIRTIO_F_VERSION_1, exists only on modern devices.
        features = run(qemu, "cat /sys/bus/virtio/devices/virtio0/features", r"(?P<bits>[01]{64})$")
        assert features.group("bits")[32] == ("1" if transport == "modern" else "0")
        run(qemu, "blkread /dev/vda 1049088 200000",
            rf"blkread: 200000 bytes at 1049088 crc32 {crc(original[1049088:1249088])}$")
        run(qemu, f"blkread /dev/vda 0 {16 * MIB}",
            rf"blkread: {16 * MIB} bytes at 0 crc32 {crc(original)}$")
        run(qemu, f"blkread /dev/vda {16 * MIB - 100} 200",
            rf"blkread: read /dev/vda at {16 * MIB}: end of device$")
        run(qemu, "blkread /dev/vda x 1", r"usage: blkread DEV OFFSET LENGTH$")
        run(qemu, "blkread /dev/nosuch 0 1",
            r"blkread: open /dev/nosuch: No such file or directory$")
        expected = pattern(write_len, seed)
        run(qemu, f"blkwrite /dev/vda {write_at} {write_len} {seed}",
            rf"blkwrite: {write_len} bytes at {write_at} crc32 {crc(expected)}$")
        run(qemu, f"blkread /dev/vda {write_at} {write_len}",
            rf"blkread: {write_len} bytes at {write_at} crc32 {crc(expected)}$")
        if transport == "modern":
            run(qemu, "blkbench /dev/vda 4",
                r"blkbench: write 4 MiB in \d+\.\d{3} s, \d+\.\d\d MiB/s$")
            qemu.expect(r"^blkbench: read 4 MiB in \d+\.\d{3} s, \d+\.\d\d MiB/s$")
        poweroff(qemu)
    data = disk.read_bytes()
    assert data[write_at:write_at + write_len] == expected
    assert data[4 * MIB:write_at] == original[4 * MIB:write_at]
    assert data[write_at + write_len:] == original[write_at + write_len:]


def test_ext2_file_from_the_host_is_read_and_a_new_one_reaches_the_image(tmp_path):
    if not (shutil.which("mke2fs") and shutil.which("debugfs")):
        pytest.skip("e2fsprogs is missing: run tools/install-deps.sh")
    root = tmp_path / "root"
    root.mkdir()
    (root / "hello.txt").write_text("put there by the host\n")
    image = tmp_path / "fs.img"
    subprocess.run(["mke2fs", "-q", "-F", "-t", "ext2", "-d", str(root), str(image), "8M"],
                   check=True)
    with guest("-drive", f"if=none,file={image},format=raw,id=d0",
               "-device", "virtio-blk-device,drive=d0") as qemu:
        run(qemu, "mount /dev/vda /mnt", r"mount: /dev/vda on /mnt type ext2$")
        run(qemu, "cat /mnt/hello.txt", r"put there by the host$")
        run(qemu, "write /mnt/newfile written by the guest", r"write: 21 bytes to /mnt/newfile$")
        run(qemu, "cat /mnt/newfile", r"written by the guest$")
        run(qemu, "sync", r"sync: done$")
        run(qemu, "umount /mnt", r"umount: /mnt unmounted$")
        run(qemu, "cat /mnt/newfile", r"cat: /mnt/newfile: No such file or directory$")
        poweroff(qemu)
    found = subprocess.run(["debugfs", "-R", "cat /newfile", str(image)], check=True,
                           capture_output=True, text=True)
    assert found.stdout == "written by the guest\n"
    # The file system was left clean: nothing for a check to repair.
    subprocess.run(["e2fsck", "-fn", str(image)], check=True, capture_output=True)


def test_rng_prints_bytes_from_the_virtio_entropy_device():
    with guest("-device", "virtio-rng-device") as qemu:
        first = run(qemu, "rng 16", r"rng: 16 bytes (?P<hex>[0-9a-f]{32})$").group("hex")
        second = run(qemu, "rng 16", r"rng: 16 bytes (?P<hex>[0-9a-f]{32})$").group("hex")
        assert first != second
        run(qemu, "rng 0", r"usage: rng N \(1 to 256 bytes\)$")
        poweroff(qemu)


def test_rng_and_net_say_why_without_their_devices():
    with guest() as qemu:
        run(qemu, "rng 4", r"rng: read /dev/hwrng: No such device$")
        run(qemu, "net up", r"net: SIOCGIFFLAGS eth0: No such device$")
        run(qemu, "net ping x", r"usage: net up \[IF\] \| net serve")
        poweroff(qemu)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_net_two_guests_ping_and_blast_raw_frames():
    port = free_port()

    def nic(mode, n):
        return ("-netdev", f"socket,id=n0,{mode}=127.0.0.1:{port}",
                "-device", f"virtio-net-device,netdev=n0,mac=52:54:00:00:00:0{n}")

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(start(*nic("listen", 1)))
        # The listening socket exists once QEMU runs its firmware.
        server.expect(r"^OpenSBI v", timeout=BOOT_TIMEOUT)
        client = stack.enter_context(start(*nic("connect", 2)))
        for qemu in (server, client):
            qemu.expect(r"^erg-init: type help for the commands$", timeout=BOOT_TIMEOUT)
        run(server, "net up", r"net: eth0 up, mac 52:54:00:00:00:01$")
        run(server, "net serve", r"net: serving on eth0$")
        run(client, "net up", r"net: eth0 up, mac 52:54:00:00:00:02$")
        run(client, "net ping 3", r"net: ping 3/3 replies from 52:54:00:00:00:01, "
            r"rtt avg \d+ us$")
        frames = -(-2 * MIB // 1500)
        run(client, "net blast 2", rf"net: sent 2 MiB in \d+\.\d{{3}} s, peer got {frames} "
            rf"frames \({2 * MIB} bytes\), \d+\.\d\d MiB/s$", timeout=60)
        poweroff(client)
        poweroff(server)


def test_virtio_console_gets_a_second_shell(tmp_path):
    path = str(tmp_path / "hvc.sock")
    with start("-device", "virtio-serial-device",
               "-chardev", f"socket,id=c0,path={path},server=on,wait=off",
               "-device", "virtconsole,chardev=c0") as qemu:
        # Connect before the guest boots, so that the banner is not missed.
        deadline = time.monotonic() + 30
        while not os.path.exists(path):
            assert time.monotonic() < deadline, "QEMU never created the console socket"
            time.sleep(0.01)
        with socket.socket(socket.AF_UNIX) as hvc:
            hvc.connect(path)
            hvc.settimeout(1)
            console = []

            def hvc_expect(regex, timeout=BOOT_TIMEOUT):
                deadline = time.monotonic() + timeout
                while not re.search(regex, "".join(console), re.MULTILINE):
                    assert time.monotonic() < deadline, f"no {regex!r} on hvc0: {console}"
                    with contextlib.suppress(socket.timeout):
                        console.append(hvc.recv(4096).decode(errors="replace"))

            hvc_expect(r"^erg-init: shell on hvc0\r$")
            hvc.sendall(b"echo hi\r")
            # As on the UART, the answer may follow the prompt on its line.
            hvc_expect(r"^(# )?hi\r$", timeout=30)
        qemu.expect(r"^erg-init: type help for the commands$", timeout=BOOT_TIMEOUT)
        # The UART's shell is still there.
        run(qemu, "echo still here", r"still here$")
        poweroff(qemu)
