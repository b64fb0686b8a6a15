# SPDX-License-Identifier: BSD-2-Clause
"""Linux with its root on disk (config linux_root): the ext4 image the build makes with
mke2fs -d (build/guests/linux-root.ext4, the same BusyBox userland as the initramfs),
on a virtio-blk slice that starts at byte 0 of disk 0. A file written in the guest is
there after a guest reboot and after QEMU is started again, and the host reads it from
the image with debugfs; the guest's shutdown leaves the file system clean. Every file
of the image belongs to root, as in the initramfs."""
import os
import shutil
import subprocess

from qemu_run import QemuSession, image_path
from test_linux import BUILD, READY, power, reach_init, run

LINUX = r"^\[linux\] "
ROOT_IMAGE = os.path.join(BUILD, "guests", "linux-root.ext4")


def boot(disk):
    qemu = QemuSession(image_path("linux_root"), smp=2,
                       extra=("-drive", f"if=none,file={disk},format=raw,id=d0",
                              "-device", "virtio-blk-device,drive=d0"))
    reach_init(qemu, 2)
    qemu.expect(LINUX + READY)
    return qemu


def test_root_on_ext4_keeps_a_file_across_reboots_and_machines(tmp_path):
    assert os.path.exists(ROOT_IMAGE), "run `make linux` first"
    disk = tmp_path / "disk.img"
    shutil.copyfile(ROOT_IMAGE, disk)
    with boot(disk) as qemu:
        run(qemu, "grep ' / ' /proc/mounts", r"/dev/root / ext4 rw,")
        # The image's files belong to root, whoever built it.
        run(qemu, "find / -xdev ! -user 0 -o -xdev ! -group 0 | wc -l", r"0$")
        run(qemu, "echo written before a reboot >/root/note.txt && sync && echo synced",
            r"synced$")
        power(qemu, "reboot", r"reboot: Restarting system$")
        qemu.expect(r"^\[erg\] guest linux: rebooting$")
        reach_init(qemu, 2)
        run(qemu, "cat /root/note.txt", r"written before a reboot$")
        run(qemu, "echo and after it >>/root/note.txt && echo appended", r"appended$")
        power(qemu, "poweroff", r"reboot: Power down$")
        assert qemu.wait_exit(30) == 0
    with boot(disk) as qemu:
        run(qemu, "tail -n 1 /root/note.txt", r"and after it$")
        power(qemu, "poweroff", r"reboot: Power down$")
        assert qemu.wait_exit(30) == 0
    note = subprocess.run(["/sbin/debugfs", "-R", "cat /root/note.txt", str(disk)],
                          capture_output=True, text=True, check=True)
    assert note.stdout == "written before a reboot\nand after it\n"
    subprocess.run(["/sbin/e2fsck", "-fn", str(disk)], check=True, capture_output=True)
