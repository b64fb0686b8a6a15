# SPDX-License-Identifier: BSD-2-Clause
"""Erg on QEMU's sifive_u, a HiFive Unleashed: hart 0 an E51 monitor core
without S-mode, harts 1-4 U54 cores without H, the console on the SiFive
UART. Erg boots on harts 1-4 and never starts hart 0; Linux with 2 vCPUs
and Debian's U-Boot run side by side on the trap-and-emulate back end
(guests/configs/sifive_u.dts), and Linux answers commands typed on the
SiFive UART, which reach Erg as its receive interrupt. The VisionFive 2's
config, whose harts are the same, runs there the way the board starts it:
Debian's U-Boot loads erg.bin and the boot archive and starts Erg with booti."""
import re

import os

from qemu_run import QemuSession, image_path, uboot_booti
from test_linux import BOOT_TIMEOUT, reach_init, run

ERG = r"^\[erg\] "


def test_sifive_u_runs_linux_and_uboot_without_h_on_its_u54_harts():
    with QemuSession(image_path("sifive_u"), smp=5, cpu=None, machine="sifive_u") as qemu:
        qemu.expect(ERG + r"virtualization: trap-and-emulate ")
        qemu.expect(ERG + r"machine: SiFive HiFive Unleashed A00$")
        qemu.expect(ERG + r"harts: 4 \(ids 1 2 3 4\), timebase 1000000 Hz$")
        qemu.expect(ERG + r"UART: sifive,uart0 at 0x10010000")
        qemu.expect(ERG + r"harts online: 4 of 4$")
        assert not re.search(ERG + r"hart 0 online", qemu.log, re.MULTILINE)
        qemu.wait_seen(r"^\[uboot\] => $", timeout=BOOT_TIMEOUT)
        qemu.expect(r"^\[linux\] erg-init: Linux 6\.1\.\d+ up, 2 CPUs online$",
                    timeout=BOOT_TIMEOUT)
        run(qemu, "nproc", r"2$")
        run(qemu, "echo on-a-u54", r"on-a-u54$")


def test_visionfive2_config_under_uboot_booti_on_the_sifive_u():
    archive = os.path.join(os.path.dirname(image_path("visionfive2")), "guests.cpio")
    with uboot_booti(image_path("visionfive2"), archive, smp=5, cpu=None,
                     machine="sifive_u") as qemu:
        qemu.expect(r"^Moving Image from 0x84000000 to 0x80200000, ", timeout=30)
        qemu.expect(ERG + r"virtualization: trap-and-emulate ", timeout=30)
        qemu.expect(ERG + r"harts: 4 \(ids 1 2 3 4\), timebase 1000000 Hz$")
        qemu.expect(ERG + r"boot archive: 2 files, \d+ bytes$")
        qemu.expect(ERG + r"harts online: 4 of 4$")
        qemu.wait_seen(r"^\[uboot\] => $", timeout=BOOT_TIMEOUT)
        qemu.wait_seen(r"^\[rt\] rt: 200 periods, ", timeout=BOOT_TIMEOUT)
        reach_init(qemu, 2)
        run(qemu, "echo from-the-archive", r"from-the-archive$")
