# SPDX-License-Identifier: BSD-2-Clause
"""Erg's VirtIO devices used by real guests (config `virtio`): two Linux guests and
Debian's U-Boot, each on its own slice of one physical disk that Erg drives itself.
Linux mounts ext4 from its slice and finds its data again after a guest reboot; the
slices do not see each other; the two Linux guests (BusyBox, 10.0.2.15 and .16) ping
each other over Erg's switch with IPv4 and IPv6, fetch a page over HTTP and move 16 MiB
over TCP; beta's shell runs on its virtio console and its entropy device gives bytes;
U-Boot reads its slice with `virtio read`, moves 4 MiB each way in single requests
(served in pieces), and reads a read-only image from its config. One machine serves the
whole module, in order, once with H and once on the trap-and-emulate back end."""
import hashlib
import os
import re
import subprocess
import zlib

import pytest
from qemu_run import ROOT, QemuSession, echoed, image_path

MIB = 1 << 20
SLICES = {"alpha": (0, 16 * MIB), "beta": (16 * MIB, 16 * MIB), "uboot": (32 * MIB, 8 * MIB)}
DISK_SIZE = 48 * MIB  # the last 8 MiB belong to no guest
BOOT_TIMEOUT = 120
BENCH_DIR = os.path.join(os.environ.get("ERG_BUILD", os.path.join(ROOT, "build")), "bench")
BANNER = r"erg-init: Linux 6\.1\.\d+ up, 1 CPUs online$"
IP = {"alpha": "10.0.2.15", "beta": "10.0.2.16"}
# Erg's switch gives guest G's first port the MAC 52:54:00:45:0G:01; the IPv6
# link-local address follows from it (EUI-64).
LINK_LOCAL = {"alpha": "fe80::5054:ff:fe45:1", "beta": "fe80::5054:ff:fe45:101"}
PING = r"3 packets transmitted, 3 packets received, 0% packet loss$"


def pattern(length, seed):
    """What `seq -w SEED 9999999 | head -c LENGTH` prints: 7-digit numbers, one a line."""
    out = bytearray()
    while len(out) < length:
        out += b"%07d\n" % seed
        seed += 1
    return bytes(out[:length])


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def ext4_image(tmp, size):
    """An ext4 file system of size bytes holding hello.txt, made by the host's mke2fs with
    its inode tables and journal zeroed: Linux would zero them itself after mounting,
    naming the zero page many times in one request, which Erg's virtio-blk refuses."""
    src = tmp / "ext4-src"
    src.mkdir()
    (src / "hello.txt").write_text("hello from the host\n")
    image = tmp / "alpha.ext4"
    # mke2fs's defaults: Linux zeroes the inode tables after mounting, naming its
    # zero page many times in each request.
    subprocess.run(["/sbin/mke2fs", "-q", "-F", "-t", "ext4", "-d", str(src),
                    str(image), str(size // 1024)], check=True)
    return image.read_bytes()


def make_disk(tmp):
    """The disk: alpha's slice an ext4 image, the others and the spare tail random bytes."""
    data = bytearray(os.urandom(DISK_SIZE))
    start, size = SLICES["alpha"]
    data[start:start + size] = ext4_image(tmp, size)
    path = tmp / "disk.img"
    path.write_bytes(data)
    return path, bytes(data)


def slice_of(data, guest, offset=0, length=None):
    start, size = SLICES[guest]
    length = size - offset if length is None else length
    return data[start + offset:start + offset + length]


class Machine:
    """The booted `virtio` config and what each guest answers."""

    def __init__(self, qemu, disk, original):
        self.qemu, self.disk, self.original = qemu, disk, original
        self.focus = "alpha"

    def focus_on(self, guest):
        if self.focus != guest:
            self.qemu.send("\x1d")
            self.qemu.send(f"focus {guest}\r")
            self.qemu.expect(rf"^\[erg\] input goes to guest {guest} ")
            self.focus = guest

    def type(self, guest, command, timeout=60):
        """Types a command for guest and waits for its echo."""
        self.focus_on(guest)
        self.qemu.send(command + "\r")
        self.qemu.expect(rf"^\[{guest}\] (# )?" + echoed(f"[{guest}] ", command) + "$",
                         timeout=timeout)

    def run(self, guest, command, answer, timeout=60, prompt=True):
        """Types a command for guest, waits for its echo and a line of its answer, then
        for the shell's next prompt, so that the next command's echo does not land in
        this one's output. A prompt may share its line with other output of the guest
        (two shells, or the kernel): a line that starts with one counts."""
        self.type(guest, command, timeout)
        found = self.qemu.expect(rf"^\[{guest}\] " + answer, timeout=timeout)
        if prompt:
            self.qemu.expect(rf"^\[{guest}\] # ", timeout=timeout)
        return found


def after(line, guest):
    """A regex for line followed, later, by a line of guest that starts with its prompt."""
    return line + rf"\n(?:.*\n)*?\[{guest}\] # "


READY = r"erg-init: {} ready, shell on the console$"


@pytest.fixture(scope="module", params=["rv64,h=true", "rv64,h=false"], ids=["h", "noh"])
def machine(tmp_path_factory, request):
    tmp = tmp_path_factory.mktemp("virtio")
    disk, original = make_disk(tmp)
    drive = ("-drive", f"if=none,file={disk},format=raw,id=d0",
             "-device", "virtio-blk-device,drive=d0")
    qemu = QemuSession(image_path("virtio"), smp=3, cpu=request.param, extra=drive)
    try:
        qemu.expect(r"^\[erg\] disk 0: virtio-blk at 0x[0-9a-f]+, 98304 sectors \(48 MiB\)$")
        qemu.expect(r"^\[erg\] config virtio: 3 guests ready$")
        qemu.wait_seen(r"^\[alpha\] erg-init: eth0 52:54:00:45:00:01 10\.0\.2\.15/24$",
                       timeout=BOOT_TIMEOUT)
        qemu.wait_seen(r"^\[alpha\] " + BANNER, timeout=BOOT_TIMEOUT)
        qemu.wait_seen(after(r"^\[alpha\] " + READY.format("alpha"), "alpha"),
                       timeout=BOOT_TIMEOUT)
        qemu.wait_seen(r"^\[beta\] " + BANNER, timeout=BOOT_TIMEOUT)
        # Beta's UART and hvc0 share its console stream, and input goes to hvc0: once
        # its shell has worked something out, the next command meets a ready shell.
        qemu.wait_seen(r"^\[beta\] (# )?erg-init: shell on hvc0", timeout=BOOT_TIMEOUT)
        qemu.wait_seen(r"^\[uboot\] => $", timeout=BOOT_TIMEOUT)
        found = Machine(qemu, disk, original)
        found.focus_on("beta")
        qemu.send("echo hvc0-$((6 * 7))\r")
        # The answer may share its line with the UART shell's banner ("[beta] Bushvc0-42").
        qemu.expect(r"hvc0-42$", timeout=BOOT_TIMEOUT)
        qemu.expect(r"^\[beta\] # ")
        # Beta's UART shell starts beside hvc0's, on the same console stream: once its
        # banner and prompt are out, they cannot land inside a typed command's echo. Either
        # banner may follow the other shell's prompt on its line, and the last prompt may
        # be the line still open ("[beta] # # ").
        banner = r"\[beta\] (?:# )?BusyBox .*built-in shell \(ash\)(?:.*\n)+?"
        qemu.wait_seen(banner + banner + r"\[beta\] # ", timeout=BOOT_TIMEOUT, partial=True)
        yield found
    finally:
        qemu.close()


def test_linux_sees_its_slice_as_vda(machine):
    machine.qemu.wait_seen(r"^\[alpha\] virtio_blk virtio0: \[vda\] 32768 512-byte logical "
                           r"blocks \(16\.8 MB/16\.0 MiB\)$")
    digest = sha256(slice_of(machine.original, "alpha", 0, 65536))
    machine.run("alpha", "dd if=/dev/vda bs=64k count=1 status=none | sha256sum",
                rf"{digest}  -$")


def test_linux_mounts_ext4_writes_and_finds_it_after_a_guest_reboot(machine):
    machine.run("alpha", "mount -t ext4 /dev/vda /mnt && grep /mnt /proc/mounts",
                r"/dev/vda /mnt ext4 rw,")
    machine.run("alpha", "cat /mnt/hello.txt", r"hello from the host$")
    machine.run("alpha", "echo written by alpha before its reboot >/mnt/note.txt && sync "
                "&& echo synced", r"synced$")
    machine.run("alpha", "reboot", r"reboot: Restarting system$", prompt=False)
    machine.qemu.expect(r"^\[erg\] guest alpha: rebooting$")
    machine.qemu.expect(r"^\[alpha\] " + BANNER, timeout=BOOT_TIMEOUT)
    machine.qemu.expect(after(r"^\[alpha\] " + READY.format("alpha"), "alpha"),
                        timeout=BOOT_TIMEOUT)
    machine.run("alpha", "mount -t ext4 /dev/vda /mnt && grep /mnt /proc/mounts",
                r"/dev/vda /mnt ext4 rw,")
    machine.run("alpha", "cat /mnt/note.txt", r"written by alpha before its reboot$")


def test_slices_of_one_disk_do_not_see_each_other(machine):
    digest = sha256(slice_of(machine.original, "beta", 0, 65536))
    machine.run("beta", "dd if=/dev/vda bs=64k count=1 status=none | sha256sum",
                rf"{digest}  -$")
    # Beta's device ends where its slice ends: alpha's and uboot's bytes are not there.
    machine.run("beta", "blockdev --getsize64 /dev/vda", rf"{16 * MIB}$")
    machine.run("beta", "dd if=/dev/vda bs=512 skip=32768 count=1 status=none | wc -c",
                r"0$")
    machine.run("beta", "seq -w 7 9999999 | head -c 8192 | dd of=/dev/vda bs=4096 seek=1 "
                "iflag=fullblock conv=fsync status=none && echo written", r"written$")


def test_virtio_console_carries_beta_shell_and_rng_gives_bytes(machine):
    # Beta's input goes to its virtio console (hvc0), whose shell answers.
    machine.run("beta", "tty", r"/dev/hvc0$")
    machine.run("beta", "echo over-hvc0", r"over-hvc0$")
    rng = "head -c 16 /dev/hwrng | xxd -p"
    first = machine.run("beta", rng, r"(?P<hex>[0-9a-f]{32})$").group("hex")
    second = machine.run("beta", rng, r"(?P<hex>[0-9a-f]{32})$").group("hex")
    assert first != second


def test_two_linux_guests_ping_each_other_over_the_switch(machine):
    machine.run("alpha", "hostname", r"alpha$")
    machine.run("beta", f"ping -c 3 {IP['alpha']}", PING)
    machine.run("alpha", f"ping -c 3 {IP['beta']}", PING)
    machine.run("beta", f"ping6 -c 3 -I eth0 {LINK_LOCAL['alpha']}", PING)
    machine.run("alpha", f"ping6 -c 3 -I eth0 {LINK_LOCAL['beta']}", PING)


def test_beta_fetches_a_page_from_alpha_httpd(machine):
    machine.run("alpha", "mkdir -p /tmp/www && echo served by alpha >/tmp/www/index.html "
                "&& httpd -h /tmp/www && echo serving", r"serving$")
    machine.run("beta", f"wget -q -O - http://{IP['alpha']}/index.html", r"served by alpha$")


def test_16_mib_cross_the_switch_over_tcp_intact(machine):
    """Beta sends 16 MiB with nc to alpha, which checksums what came: a random MiB,
    sixteen times, each copy after its number so that no two are alike. Beta then
    checksums the same stream itself."""
    machine.run("beta", "head -c 1048576 /dev/urandom >/tmp/mib && echo made", r"made$")
    data = "for i in $(seq 16); do echo $i; cat /tmp/mib; done"
    machine.type("alpha", "nc -l -p 5000 | sha256sum | sed s/-/received/")
    # Beta tries again until alpha's nc listens.
    sent = machine.run("beta", f"time sh -c 'until {data} | nc {IP['alpha']} 5000; do :; done'",
                       r"real\s+(?P<m>\d+)m (?P<s>[\d.]+)s$", timeout=300)
    received = r"^\[alpha\] (?P<sum>[0-9a-f]{64})  received$"
    machine.qemu.wait_seen(received, timeout=60)
    digest = re.search(received, machine.qemu.log, re.MULTILINE).group("sum")
    machine.run("beta", f"{data} | sha256sum", rf"{digest}  -$", timeout=120)
    seconds = int(sent.group("m")) * 60 + float(sent.group("s"))
    line = (f"guest-to-guest TCP over Erg's switch (BusyBox nc, 1 vCPU each): "
            f"16 MiB in {seconds:.2f} s, {16 / seconds:.2f} MiB/s")
    os.makedirs(BENCH_DIR, exist_ok=True)
    with open(os.path.join(BENCH_DIR, "net.txt"), "w") as out:
        out.write(line + "\n")
    print(line)


def test_uboot_reads_its_slice(machine):
    machine.focus_on("uboot")
    machine.qemu.send("virtio scan\r")
    machine.qemu.expect(r"^\[uboot\] virtio scan$")
    machine.qemu.send("virtio info\r")
    machine.qemu.expect(r"^\[uboot\] +Capacity: 8\.0 MB = 0\.0 GB \(16384 x 512\)$")
    machine.qemu.send("virtio read 0x82000000 0 0x80\r")
    machine.qemu.expect(r"^\[uboot\] virtio read: device 0 block # 0, count 128 \.\.\. "
                        r"128 blocks read: OK$")
    crc = zlib.crc32(slice_of(machine.original, "uboot", 0, 65536))
    machine.qemu.send("crc32 0x82000000 0x10000\r")
    machine.qemu.expect(rf"^\[uboot\] crc32 for 82000000 \.\.\. 8200ffff ==> {crc:08x}$")


def test_uboot_moves_4_mib_in_one_request_each_way(machine):
    """U-Boot sends a whole `virtio read` or `write` as one buffer, whatever size_max
    says: Erg serves such a request in pieces over several exits. 4 MiB are read and
    checked, then the first 2 MiB written back 2 MiB into the slice (the disk is checked
    at the end) and read back again elsewhere in RAM."""
    machine.focus_on("uboot")
    machine.qemu.send("virtio dev 0\r")
    machine.qemu.expect(r"^\[uboot\] +Capacity: 8\.0 MB = 0\.0 GB \(16384 x 512\)$")
    machine.qemu.send("virtio read 0x82000000 0 0x2000\r")
    machine.qemu.expect(r"^\[uboot\] virtio read: device 0 block # 0, count 8192 \.\.\. "
                        r"8192 blocks read: OK$", timeout=60)
    crc = zlib.crc32(slice_of(machine.original, "uboot", 0, 4 * MIB))
    machine.qemu.send("crc32 0x82000000 0x400000\r")
    machine.qemu.expect(rf"^\[uboot\] crc32 for 82000000 \.\.\. 823fffff ==> {crc:08x}$")
    machine.qemu.send("virtio write 0x82000000 0x1000 0x1000\r")
    machine.qemu.expect(r"^\[uboot\] virtio write: device 0 block # 4096, count 4096 \.\.\. "
                        r"4096 blocks written: OK$", timeout=60)
    machine.qemu.send("virtio read 0x82400000 0x1000 0x1000\r")
    machine.qemu.expect(r"^\[uboot\] virtio read: device 0 block # 4096, count 4096 \.\.\. "
                        r"4096 blocks read: OK$", timeout=60)
    crc = zlib.crc32(slice_of(machine.original, "uboot", 0, 2 * MIB))
    machine.qemu.send("crc32 0x82400000 0x200000\r")
    machine.qemu.expect(rf"^\[uboot\] crc32 for 82400000 \.\.\. 825fffff ==> {crc:08x}$")


def test_uboot_reads_a_read_only_image_and_cannot_write_it(machine):
    """uboot's second device is backed by build/guests/blk-image.img in the config."""
    image = bytes((i * 7 + i // 256) % 256 for i in range(65536))
    machine.focus_on("uboot")
    machine.qemu.send("virtio dev 1\r")
    machine.qemu.expect(r"^\[uboot\] +Capacity: 0\.0 MB = 0\.0 GB \(128 x 512\)$")
    machine.qemu.send("virtio read 0x82000000 0 0x80\r")
    machine.qemu.expect(r"^\[uboot\] virtio read: device 1 block # 0, count 128 \.\.\. "
                        r"128 blocks read: OK$")
    machine.qemu.send("crc32 0x82000000 0x10000\r")
    machine.qemu.expect(rf"^\[uboot\] crc32 for 82000000 \.\.\. 8200ffff ==> "
                        rf"{zlib.crc32(image):08x}$")
    machine.qemu.send("virtio write 0x82000000 0 1\r")
    machine.qemu.expect(r"^\[uboot\] virtio write: device 1 block # 0, count 1 \.\.\. "
                        r"-5 blocks written: ERROR$")


def test_disk_after_poweroff_holds_each_guest_writes_and_nothing_else(machine):
    machine.run("alpha", "poweroff", r"reboot: Power down$", prompt=False)
    machine.run("beta", "poweroff", r"reboot: Power down$", prompt=False)
    machine.focus = None
    machine.qemu.send("\x1d")
    machine.qemu.send("halt uboot\r")
    machine.qemu.expect(r"^\[erg\] all guests stopped; powering off$")
    assert machine.qemu.wait_exit(30) == 0
    after = machine.disk.read_bytes()
    expected = bytearray(machine.original)
    beta = SLICES["beta"][0] + 4096
    expected[beta:beta + 8192] = pattern(8192, 7)
    uboot = SLICES["uboot"][0]
    expected[uboot + 2 * MIB:uboot + 4 * MIB] = machine.original[uboot:uboot + 2 * MIB]
    alpha_end = SLICES["alpha"][0] + SLICES["alpha"][1]
    # Alpha's ext4 changed where its file system put note.txt; everything past it is exact.
    assert after[alpha_end:] == bytes(expected[alpha_end:])
    note = subprocess.run(["/sbin/debugfs", "-R", "cat /note.txt", str(machine.disk)],
                          capture_output=True, text=True, check=True)
    assert note.stdout == "written by alpha before its reboot\n"
