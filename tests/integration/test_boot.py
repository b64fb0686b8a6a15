# SPDX-License-Identifier: BSD-2-Clause
"""Boot Erg under OpenSBI in QEMU and check what it says on the console:
the boot summary, every hart online, the back end picked with and without
the H extension,
both firmware DTB placements, and the panic path."""
import re

import pytest

ERG = r"^\[erg\] "


def test_boot_summary_describes_the_machine(boot):
    qemu = boot(smp=4, mem="2G")
    qemu.expect(ERG + r"Erg \d+\.\d+\.\d+ starting on hart \d, firmware DTB at 0x82200000$")
    qemu.expect(ERG + r"RAM 0x80000000-0xffffffff \(2048 MiB\)$")
    qemu.expect(ERG + r"harts: 4 \(ids 0 1 2 3\), timebase 10000000 Hz$")
    qemu.expect(ERG + r"extensions: H yes, Sstc yes \(riscv,isa rv64imafdch_\S*_sstc\)$")
    # QEMU 7.2 keeps every bit written to hgatp.VMID
    qemu.expect(ERG + r"VMIDLEN 14: up to 16383 guests with a VMID of their own$")
    qemu.expect(ERG + r"UART: ns16550a at 0x10000000, reg-shift 0, reg-io-width 1, irq 10$")
    qemu.expect(ERG + r"PLIC: 0x0c000000, 96 sources, 8 contexts$")
    qemu.expect(ERG + r"virtio-mmio: 8 slots in 0x10001000-0x10008fff$")
    qemu.expect(ERG + r"reserved 0x80200000-0x802\w+ Erg image$")
    qemu.expect(ERG + r"reserved 0x82200000-0x822\w+ firmware DTB$")
    qemu.expect(ERG + r"free memory: \d+ MiB in \d+ ranges$")
    qemu.expect(ERG + r"config empty: 0 guests ready$")
    qemu.expect(ERG + r"harts online: 4 of 4$")
    qemu.expect(ERG + r"ready$")


@pytest.mark.parametrize("smp", [1, 2, 4, 8])
def test_every_hart_comes_online(boot, smp):
    qemu = boot(smp=smp)
    qemu.expect(ERG + rf"harts online: {smp} of {smp}$")
    online = set(re.findall(r"^\[erg\] hart (\d+) online", qemu.log, re.MULTILINE))
    assert online == {str(h) for h in range(smp)}


@pytest.mark.parametrize("cpu,engine", [
    ("rv64,h=true", r"H extension \(guests in VS-mode behind G-stage tables\)"),
    ("rv64,h=false", r"trap-and-emulate \(no H: guests in U-mode behind shadow page tables\)"),
])
def test_one_image_picks_its_back_end_from_the_boot_hart(boot, cpu, engine):
    qemu = boot(smp=2, cpu=cpu)
    qemu.expect(ERG + rf"virtualization: {engine}; riscv,isa \"rv64imafdc\S+\"$")
    qemu.expect(ERG + r"harts online: 2 of 2$")
    qemu.expect(ERG + r"ready$")


@pytest.mark.parametrize("cpu,timer", [("rv64,h=true", "sstc"),
                                       ("rv64,h=true,sstc=false", "sbi")])
def test_tick_runs_on_every_hart(boot, cpu, timer):
    qemu = boot(smp=4, cpu=cpu)
    qemu.expect(ERG + rf"timer: {timer}, tick 100 Hz on every hart$")
    for _ in range(4):
        qemu.expect(ERG + rf"hart \d: tick running, 50 ticks in \d+ ms \({timer} timer\)$")
    reports = re.findall(r"^\[erg\] hart (\d): tick running, 50 ticks in (\d+) ms",
                         qemu.log, re.MULTILINE)
    assert sorted(h for h, _ in reports) == ["0", "1", "2", "3"]
    # Deadlines are whole periods, so 50 ticks take at least 500 ms of timebase;
    # a timer that never re-arms or storms would miss this window.
    for _, ms in reports:
        assert 500 <= int(ms) <= 1500


@pytest.mark.parametrize("bios", ["default", "fw_dynamic"])
def test_boots_with_dtb_left_high_by_fw_dynamic(boot, bios):
    qemu = boot(smp=2, mem="2G", bios=bios)
    match = qemu.expect(ERG + r"Erg \S+ starting on hart \d, firmware DTB at (0x[0-9a-f]+)$")
    dtb = int(match.group(1), 16)
    assert 0xb0000000 <= dtb < 0xc0000000, "fw_dynamic leaves the DTB below 3 GiB, high in RAM"
    qemu.expect(ERG + rf"reserved {match.group(1)}-0x\w+ firmware DTB$")
    qemu.expect(ERG + r"harts online: 2 of 2$")
    qemu.expect(ERG + r"ready$")


@pytest.mark.parametrize("mem,ram", [("1000M", "0x80000000-0xbe7fffff"),
                                     ("5G", "0x80000000-0x1bfffffff")])
def test_odd_and_large_memory_sizes(boot, mem, ram):
    qemu = boot(smp=3, mem=mem)
    qemu.expect(ERG + rf"RAM {ram} ")
    qemu.expect(ERG + r"harts online: 3 of 3$")
    qemu.expect(ERG + r"ready$")


def test_panic_path_prints_cause_epc_tval_and_registers(boot):
    qemu = boot(smp=2, append="erg.selftest=fault")
    start = qemu.expect(ERG + r"unexpected trap in Erg: cause 5 \(load access fault\), "
                        r"epc 0x00000000802\w{5}, tval 0x0000000000000008$").start()
    end = qemu.expect(ERG + r"panic on hart \d: unexpected trap \(cause 5\) at 0x802\w+$").start()
    qemu.expect(ERG + r"hart \d halted$")
    dump = qemu.log[start:end]
    names = re.findall(r"\b([a-z0-9]+) 0x[0-9a-f]{16}\b", dump)
    for reg in ["zero", "ra", "sp", "gp", "tp", "a0", "a7", "s11", "t6", "sstatus", "scause"]:
        assert reg in names, f"register {reg} missing from the panic dump"


def test_console_lines_from_many_harts_never_mix(boot):
    qemu = boot(smp=8)
    for _ in range(8):
        qemu.expect(ERG + r"hart \d: tick running")
    erg_lines = qemu.log[qemu.log.index("[erg] "):].splitlines()
    for line in erg_lines:
        assert line.startswith("[erg] ") and line.count("[erg]") == 1, line
