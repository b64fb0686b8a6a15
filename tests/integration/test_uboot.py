# SPDX-License-Identifier: BSD-2-Clause
"""Emulated devices: Debian's S-mode U-Boot runs unmodified on the emulated
16550A UART and PLIC beside another guest, and answers a command typed on
the console through Erg's input multiplexer."""

ERG = r"^\[erg\] "


def test_uboot_reaches_its_prompt_and_answers(boot):
    qemu = boot(config="uboot", smp=2)
    qemu.expect(ERG + r"guest uboot: 1 vCPU, 128 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(r"^\[uboot\] U-Boot 20\d\d\.\d\d")
    qemu.expect(r"^\[uboot\] In:    serial@10000000$")
    qemu.expect(r"^\[uboot\] DRAM:  128 MiB$|^\[uboot\] Out:   serial@10000000$")
    qemu.expect(r"^\[uboot\] => $", timeout=60)
    qemu.send("version\r")
    qemu.expect(r"^\[uboot\] version$")
    qemu.expect(r"^\[uboot\] U-Boot 20\d\d\.\d\d")
    qemu.expect(r"^\[uboot\] => $")
    qemu.expect(r"^\[heartbeat\] heartbeat \d+ checksum ")


def test_monitor_lists_restarts_and_halts_guests(boot):
    qemu = boot(config="uboot", smp=2)
    qemu.expect(r"^\[uboot\] => $", timeout=60)
    qemu.send("\x1d")
    qemu.expect(ERG + r"monitor: list \| focus GUEST \| halt GUEST \| restart GUEST \| exit")
    qemu.send("list\r")
    qemu.expect(ERG + r"erg> list$")
    qemu.expect(ERG + r"0 uboot +running, 1 vCPU, exits: sbi \d+ fault [1-9]\d* ")
    qemu.expect(ERG + r"1 heartbeat +running, 1 vCPU, exits: sbi [1-9]\d* ")
    qemu.send("restart heartbeat\r")
    qemu.expect(ERG + r"guest heartbeat: rebooting$")
    qemu.expect(r"^\[heartbeat\] heartbeat: hart 0, checksum ")
    qemu.send("halt 1\r")
    qemu.expect(ERG + r"guest heartbeat stopped: halted from the monitor$")
    qemu.send("list\r")
    qemu.expect(ERG + r"1 heartbeat +stopped, ")
    qemu.send("halt nosuch\r")
    qemu.expect(ERG + r'monitor: no guest "nosuch"$')
    qemu.send("exit\r")
    qemu.expect(ERG + r"input goes to guest uboot \(Ctrl-\] for the monitor\)$")
    qemu.send("version\r")
    qemu.expect(r"^\[uboot\] U-Boot 20\d\d\.\d\d")
    assert qemu.proc.poll() is None
