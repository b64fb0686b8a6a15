# SPDX-License-Identifier: BSD-2-Clause
"""The Linux guest: Debian's linux-source-6.1 built by tools/build-linux.sh, with
the BusyBox initramfs of guests/linux/, boots under Erg with 2 and with 4 vCPUs to
its init's banner with every CPU online, answers shell commands typed through Erg's
input multiplexer on the emulated 16550A (its interrupt through the emulated PLIC),
reboots, and powers off through SBI SRST. On a host with V, Svpbmt and
Sscofpmf it boots too, seeing none of them. The same Image boots natively on
OpenSBI to the same banner."""
import os
import subprocess

import pytest
from qemu_run import ROOT, QemuSession, echoed, image_path

ERG = r"^\[erg\] "
LINUX = r"^\[linux\] "
BANNER = r"erg-init: Linux 6\.1\.\d+ up, {} CPUs online$"
# rcS's last line: BusyBox init starts the console's shell next.
READY = r"erg-init: \S+ ready, shell on the console$"
# Under TCG the banner comes within seconds; CI machines may be far slower.
BOOT_TIMEOUT = 120
BUILD = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
GUEST_IMAGES = os.path.join(BUILD, "guests")
BENCH_DIR = os.path.join(BUILD, "bench")


def reach_init(qemu, cpus):
    """Waits for the init banner with every CPU online."""
    qemu.expect(LINUX + BANNER.format(cpus), timeout=BOOT_TIMEOUT)


def prompt(qemu):
    """Waits for the shell's next prompt. It may share its line with what the kernel
    prints meanwhile (an IPv6 link coming up), so a line that starts with it counts."""
    qemu.expect(LINUX + r"# ", partial=True)


def run(qemu, command, answer):
    """Types a command line at the next prompt and waits for a line of its answer.
    Typing only once the prompt has gone out mostly keeps the tty's echo off its line:
    Erg sends a partial line such as the prompt once it sits idle."""
    prompt(qemu)
    qemu.send(command + "\r")
    qemu.expect(LINUX + "(# )?" + echoed("[linux] ", command) + "$")
    return qemu.expect(LINUX + answer)


def power(qemu, command, message):
    """Types poweroff or reboot at the next prompt and waits for the kernel's message.
    The kernel prints it straight to the UART while the tty's echo of the command
    may still wait for a transmit interrupt, so the two come in either order."""
    prompt(qemu)
    qemu.send(command + "\r")
    qemu.expect(LINUX + message)


@pytest.mark.parametrize("config,cpus", [("linux", 2), ("linux4", 4)])
def test_linux_boots_with_all_cpus_runs_commands_and_powers_off(boot, config, cpus):
    qemu = boot(config=config, smp=cpus)
    qemu.expect(ERG + rf"guest linux: {cpus} vCPUs, 128 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(LINUX + r"SBI HSM extension detected$")
    qemu.expect(LINUX + rf"smp: Brought up 1 node, {cpus} CPUs$")
    qemu.expect(LINUX + r"10000000\.serial: ttyS0 at MMIO 0x10000000 .* is a 16550A$")
    reach_init(qemu, cpus)
    run(qemu, "nproc", rf"{cpus}$")
    run(qemu, "hostname", r"linux$")
    run(qemu, "echo hello", r"hello$")
    # The characters typed so far reached Linux as 16550A interrupts via the PLIC.
    irq = run(qemu, "cat /proc/interrupts",
              r" +\d+:(?P<counts>(?: +\d+)+) +SiFive PLIC +10 .*ttyS0$")
    assert sum(int(n) for n in irq.group("counts").split()) > 0
    run(qemu, "nosuch", r"/bin/sh: nosuch: not found$")
    power(qemu, "poweroff", r"reboot: Power down$")
    qemu.expect(ERG + r"guest linux stopped: shut down$")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(30) == 0


def test_the_guest_kernel_vdso_needs_no_relocation(tmp_path):
    """The vDSO runs in user space, where nothing relocates it: it must need no dynamic
    relocation. (Without jump labels, 6.1's cpu_relax() in it reads a static key
    through a GOT entry left 0: a user clock read that met a timekeeping update on
    another vCPU died at address 4.)"""
    with open(os.path.join(GUEST_IMAGES, "linux-Image"), "rb") as image:
        data = image.read()
    start = next(i for i in range(0, len(data), 4096) if data.startswith(b"\x7fELF", i))
    vdso = tmp_path / "vdso.so"
    vdso.write_bytes(data[start:start + (64 << 10)])
    names = subprocess.run(["riscv64-linux-gnu-nm", "-D", str(vdso)], capture_output=True,
                           text=True, check=True).stdout
    assert "__vdso_clock_gettime" in names
    relocs = subprocess.run(["riscv64-linux-gnu-readelf", "-r", str(vdso)],
                            capture_output=True, text=True, check=True).stdout
    assert "There are no relocations in this file." in relocs, relocs


def test_linux_reboot_restarts_the_guest(boot):
    qemu = boot(config="linux", smp=2)
    reach_init(qemu, 2)
    power(qemu, "reboot", r"reboot: Restarting system$")
    qemu.expect(ERG + r"guest linux: rebooting$")
    qemu.expect(LINUX + r"Linux version 6\.1\.")
    reach_init(qemu, 2)
    run(qemu, "echo again", r"again$")


def test_linux_on_a_host_with_v_sees_only_what_erg_virtualizes(boot):
    qemu = boot(config="linux1", smp=1, cpu="rv64,h=true,v=true,svpbmt=true,sscofpmf=true")
    reach_init(qemu, 1)
    # Linux 6.1 names the letters and the extensions it knows of those it was given:
    # V and Svpbmt, which Erg switches and enables; not Sscofpmf, which it does not offer
    isa = run(qemu, "cat /proc/cpuinfo", r"isa\s*: (\S+)$").group(1)
    assert isa == "rv64imafdcv_sstc_svpbmt_zihintpause"
    run(qemu, "echo alive", r"alive$")


def test_same_image_boots_natively_to_the_same_banner():
    image = os.path.join(GUEST_IMAGES, "linux-Image")
    initramfs = os.path.join(GUEST_IMAGES, "linux-initramfs.cpio")
    assert os.path.exists(image) and os.path.exists(initramfs), "run `make linux` first"
    with QemuSession(image, smp=2, mem="256M", cpu="rv64", append="console=ttyS0",
                     extra=("-initrd", initramfs)) as qemu:
        qemu.expect(r"^" + BANNER.format(2), timeout=BOOT_TIMEOUT)
        qemu.expect(r"^" + READY)
        # Without Erg nobody ends the prompt's line: the echo or the answer follows it.
        qemu.send("nproc\r")
        qemu.expect(r"^(# )?2$")
        qemu.send("poweroff\r")
        qemu.expect(r"^(# )?reboot: Power down$")
        assert qemu.wait_exit(30) == 0


def test_default_demo_linux_uboot_and_rt_side_by_side_each_answer(boot):
    """The demo behind `make run`: four vCPUs on three harts, Linux and U-Boot each
    answering commands through the multiplexer while the real-time guest reports."""
    qemu = boot(config="default", smp=3)
    qemu.expect(ERG + r"config default: 3 guests ready$")
    reach_init(qemu, 2)
    qemu.wait_seen(r"^\[uboot\] => $", timeout=BOOT_TIMEOUT)
    run(qemu, "echo from-linux", r"from-linux$")
    qemu.send("\x1d")
    qemu.send("focus uboot\r")
    qemu.expect(ERG + r"input goes to guest uboot \(Ctrl-\] for the monitor\)$")
    qemu.send("version\r")
    qemu.expect(r"^\[uboot\] version$")
    qemu.expect(r"^\[uboot\] U-Boot 20\d\d\.\d\d")
    qemu.send("\x1d")
    qemu.send("focus linux\r")
    run(qemu, "nproc", r"2$")
    qemu.wait_seen(r"^\[rt\] rt: 200 periods, jitter max \d+ us, average \d+ us$",
                   timeout=BOOT_TIMEOUT)


def boot_instructions(qemu):
    """Instructions from power-on to /init under -icount shift=0 (1 per ns): the
    init prints the time counter, which counts the 10 MHz timebase, 100 per tick."""
    counter = qemu.expect(r"erg-init: time counter at start: (\d+)$", timeout=BOOT_TIMEOUT)
    return int(counter.group(1)) * 100


def test_linux_boot_instructions_to_init_erg_and_native():
    """A benchmark, not a timed test: it asserts that both boots reach init under
    -icount and reports their instruction counts (build/bench/linux-boot.txt).
    One hart: QEMU 7.2's round-robin icount does not start a native second hart."""
    icount = ("-icount", "shift=0,sleep=off")
    image = os.path.join(GUEST_IMAGES, "linux-Image")
    initramfs = os.path.join(GUEST_IMAGES, "linux-initramfs.cpio")
    with QemuSession(image_path("linux1"), smp=1, extra=icount) as qemu:
        erg = boot_instructions(qemu)
    with QemuSession(image, smp=1, mem="256M", cpu="rv64", append="console=ttyS0",
                     extra=("-initrd", initramfs) + icount) as qemu:
        native = boot_instructions(qemu)
    assert erg > native > 0
    report = (f"Linux 6.1 boot to init, 1 vCPU, -icount shift=0: native {native} "
              f"instructions, under Erg {erg} ({erg / native:.2f}x)\n")
    os.makedirs(BENCH_DIR, exist_ok=True)
    with open(os.path.join(BENCH_DIR, "linux-boot.txt"), "w") as out:
        out.write(report)
    print(report, end="")
