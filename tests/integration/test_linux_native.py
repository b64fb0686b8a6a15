# SPDX-License-Identifier: BSD-2-Clause
"""The Linux guest's BusyBox userland on VirtIO devices, proven natively: the same
Image and initramfs boot on QEMU's own virtio-mmio devices, without Erg. Erg's virtio
devices implement the same specification, so what the guest does here must work under
Erg too. QEMU's devices are legacy (version 1) unless told otherwise; the block test
also runs them as modern (version 2) devices, the transport Erg offers. Natively, typed
input reaches the shell directly: the echo or the answer may share a line with the "# "
prompt."""
import contextlib
import hashlib
import os
import random
import re
import shutil
import socket
import subprocess
import time

import pytest
from qemu_run import ROOT, QemuSession
from test_virtio import PING, pattern

BUILD = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
IMAGE = os.path.join(BUILD, "guests", "linux-Image")
INITRAMFS = os.path.join(BUILD, "guests", "linux-initramfs.cpio")
# Under TCG the banner comes within seconds; CI machines may be far slower.
BOOT_TIMEOUT = 120
MIB = 1024 * 1024
MODERN = ("-global", "virtio-mmio.force-legacy=false")
READY = r"^erg-init: \S+ ready, shell on the console$"


def start(*devices, append="console=ttyS0"):
    """Starts QEMU on the Linux guest with these extra options, one hart."""
    assert os.path.exists(IMAGE) and os.path.exists(INITRAMFS), "run `make linux` first"
    return QemuSession(IMAGE, smp=1, mem="256M", cpu="rv64", append=append,
                       extra=("-initrd", INITRAMFS) + devices)


def settle(qemu):
    """Waits for the console's shell: a sum it works out shows it reads what is typed."""
    qemu.expect(READY, timeout=BOOT_TIMEOUT)
    run(qemu, "echo ready-$((6 * 7))", r"ready-42$", timeout=BOOT_TIMEOUT)


@contextlib.contextmanager
def guest(*devices):
    """A booted guest at its shell; stopped afterwards whatever happens."""
    with start(*devices) as qemu:
        settle(qemu)
        yield qemu


def run(qemu, command, answer, timeout=30):
    """Types a command line and waits for a line of its answer."""
    qemu.send(command + "\r")
    return qemu.expect(r"^(# )?" + answer, timeout=timeout)


def poweroff(qemu):
    run(qemu, "poweroff", r"reboot: Power down$")
    assert qemu.wait_exit(30) == 0


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read_range(offset, length):
    """A shell line printing the SHA-256 of bytes offset..offset+length of /dev/vda."""
    return (f"dd if=/dev/vda bs=64k iflag=skip_bytes,count_bytes skip={offset} "
            f"count={length} status=none | sha256sum")


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
        run(qemu, read_range(1049088, 200000), rf"{sha256(original[1049088:1249088])}  -$")
        run(qemu, "dd if=/dev/vda bs=1M status=none | sha256sum", rf"{sha256(original)}  -$")
        # Only the 100 bytes before the end of the device are there.
        run(qemu, f"dd if=/dev/vda bs=512 iflag=skip_bytes,count_bytes skip={16 * MIB - 100} "
            "count=200 status=none | wc -c", r"100$")
        run(qemu, "dd if=/dev/nosuch", r"dd: can't open '/dev/nosuch': No such file or directory$")
        expected = pattern(write_len, seed)
        run(qemu, f"seq -w {seed} 9999999 | head -c {write_len} | dd of=/dev/vda bs=64k "
            f"iflag=fullblock oflag=seek_bytes seek={write_at} conv=fsync status=none && "
            "echo wrote", r"wrote$")
        run(qemu, read_range(write_at, write_len), rf"{sha256(expected)}  -$")
        if transport == "modern":
            run(qemu, "dd if=/dev/zero of=/dev/vda bs=64k count=64 oflag=direct",
                r"64\+0 records out$")
            run(qemu, "dd if=/dev/vda of=/dev/null bs=64k count=64 iflag=direct",
                r"64\+0 records out$")
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
        run(qemu, "mount -t ext2 /dev/vda /mnt && grep /mnt /proc/mounts",
            r"/dev/vda /mnt ext2 rw,")
        run(qemu, "cat /mnt/hello.txt", r"put there by the host$")
        run(qemu, "echo written by the guest >/mnt/newfile && cat /mnt/newfile",
            r"written by the guest$")
        run(qemu, "sync && umount /mnt && echo unmounted", r"unmounted$")
        run(qemu, "cat /mnt/newfile",
            r"cat: can't open '/mnt/newfile': No such file or directory$")
        poweroff(qemu)
    found = subprocess.run(["debugfs", "-R", "cat /newfile", str(image)], check=True,
                           capture_output=True, text=True)
    assert found.stdout == "written by the guest\n"
    # The file system was left clean: nothing for a check to repair.
    subprocess.run(["e2fsck", "-fn", str(image)], check=True, capture_output=True)


RNG = "head -c 16 /dev/hwrng | xxd -p"


def test_rng_prints_bytes_from_the_virtio_entropy_device():
    with guest("-device", "virtio-rng-device") as qemu:
        first = run(qemu, RNG, r"(?P<hex>[0-9a-f]{32})$").group("hex")
        second = run(qemu, RNG, r"(?P<hex>[0-9a-f]{32})$").group("hex")
        assert first != second
        poweroff(qemu)


def test_rng_and_net_say_why_without_their_devices():
    with guest() as qemu:
        run(qemu, "head -c 4 /dev/hwrng", r"head: /dev/hwrng: Input/output error$")
        run(qemu, "ls /sys/class/net/eth0",
            r"ls: /sys/class/net/eth0: No such file or directory$")
        poweroff(qemu)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_net_two_guests_ping_and_move_2_mib_over_tcp():
    port = free_port()

    def nic(mode, n):
        return ("-netdev", f"socket,id=n0,{mode}=127.0.0.1:{port}",
                "-device", f"virtio-net-device,netdev=n0,mac=52:54:00:00:00:0{n}")

    with contextlib.ExitStack() as stack:
        server = stack.enter_context(start(*nic("listen", 1),
                                           append="console=ttyS0 erg.ip=10.0.2.15/24"))
        # The listening socket exists once QEMU runs its firmware.
        server.expect(r"^OpenSBI v", timeout=BOOT_TIMEOUT)
        client = stack.enter_context(start(*nic("connect", 2),
                                           append="console=ttyS0 erg.ip=10.0.2.16/24"))
        server.expect(r"^erg-init: eth0 52:54:00:00:00:01 10\.0\.2\.15/24$",
                      timeout=BOOT_TIMEOUT)
        client.expect(r"^erg-init: eth0 52:54:00:00:00:02 10\.0\.2\.16/24$",
                      timeout=BOOT_TIMEOUT)
        for qemu in (server, client):
            settle(qemu)
        run(client, "ping -c 3 10.0.2.15", PING)
        run(server, "ping -c 3 10.0.2.16", PING)
        size = 2 * MIB
        data = f"seq -w 0 9999999 | head -c {size}"
        server.send("nc -l -p 5000 | sha256sum\r")
        # The client tries again until the server listens. Between two QEMUs on one
        # socket the 2 MiB take about 55 s on an idle 2-core host: the margin is the host's.
        run(client, f"until {data} | nc 10.0.2.15 5000; do :; done; echo sent", r"sent$",
            timeout=240)
        server.expect(rf"^(# )?{sha256(pattern(size, 0))}  -$", timeout=60)
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
        qemu.expect(READY, timeout=BOOT_TIMEOUT)
        # The UART's shell is still there.
        run(qemu, "echo still here", r"still here$")
        poweroff(qemu)
