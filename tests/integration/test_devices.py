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
