# SPDX-License-Identifier: BSD-2-Clause
"""Guests in VS-mode: two guests print side by side, each under its own name;
a guest that reads outside its memory is stopped and named while its
neighbour's heartbeat goes on; SRST shutdown of the last guest ends the run;
SRST reboot restarts only the guest that asked, with its RAM zeroed; guests
that must share VMID 0 (erg.vmidlen=0 makes Erg act as if the hart had no
VMID bits) still each run in their own memory on a shared hart."""
import re

import pytest

ERG = r"^\[erg\] "


def test_two_guests_print_their_own_lines(boot):
    qemu = boot(config="pair", smp=2)
    qemu.expect(ERG + r"guest hello: 1 vCPU, 64 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(ERG + r"guest heartbeat: 1 vCPU, 64 MiB, entry 0x80200000, vCPU 0 on hart 1$")
    qemu.expect(r"^\[hello\] hello from hart 0, dtb at 0x83ff0000$")
    qemu.expect(r"^\[hello\] hello: done$")
    qemu.expect(ERG + r"guest hello stopped: shut down$")
    qemu.expect(r"^\[heartbeat\] heartbeat 20 checksum 0x[0-9a-f]+$")
    assert "[hello] heartbeat" not in qemu.log and "[heartbeat] hello" not in qemu.log


def test_guest_reading_outside_its_memory_is_stopped_neighbour_runs_on(boot):
    qemu = boot(config="isolation", smp=2)
    qemu.expect(r"^\[attacker\] attacker: reading 0xa0000000$")
    qemu.expect(ERG + r"guest attacker stopped: vCPU 0: load guest-page fault at "
                r"guest-physical 0xa0000000 outside its memory \(pc 0x802\w+\)$")
    before = qemu.expect(r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$")
    after = qemu.expect(r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$")
    assert int(after.group(1)) == int(before.group(1)) + 1
    assert after.group(2) == before.group(2)
    assert "ESCAPED" not in qemu.log and "CORRUPTED" not in qemu.log


def test_machine_runs_on_while_a_guest_remains(boot):
    qemu = boot(config="pair", smp=2)
    qemu.expect(ERG + r"guest hello stopped: shut down$")
    qemu.expect(r"^\[heartbeat\] heartbeat 5 ")
    assert qemu.proc.poll() is None
    assert "powering off" not in qemu.log


def test_last_guest_shutting_down_powers_off(boot):
    qemu = boot(config="hello", smp=2)
    qemu.expect(r"^\[hello\] hello: done$")
    qemu.expect(ERG + r"guest hello stopped: shut down$")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(20) == 0


def test_guest_reboot_reloads_only_that_guest(boot):
    qemu = boot(config="reboot", smp=2)
    for _ in range(8):
        qemu.expect(r"^\[reboot\] reboot: boot on hart 0, marker (\w+)")
        qemu.expect(ERG + r"guest reboot: rebooting$")
    # A reboot loop is bounded: the 9th quick reboot in a row stops it.
    qemu.expect(r"^\[reboot\] reboot: boot on hart 0, marker (\w+)")
    qemu.expect(ERG + r"guest reboot stopped: reboot loop \(asked for reboot 9 in a row, "
                r"each within 5000 ms of its boot\)$")
    markers = re.findall(r"^\[reboot\] reboot: boot on hart 0, marker (.*)$", qemu.log, re.MULTILINE)
    assert markers and all(m == "absent" for m in markers), "RAM must be zeroed on reboot"
    qemu.expect(r"^\[heartbeat\] heartbeat 3 checksum ")
    beats = re.findall(r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$", qemu.log,
                       re.MULTILINE)
    assert len({c for _, c in beats}) == 1, "the neighbour's memory must not change"
    assert "powering off" not in qemu.log


def test_hypervisor_instruction_faults_in_the_guest(boot):
    qemu = boot(config="privileged", smp=1)
    qemu.expect(r"^\[privileged\] privileged: reading hstatus$")
    # stval carries the instruction bits: a csrr (CSRRS, rs1 = x0) of CSR 0x600, hstatus
    match = qemu.expect(r"^\[privileged\] guest: trap scause 0x2 sepc 0x802\w+ stval (0x\w+)$")
    assert int(match.group(1), 16) & 0xffff707f == 0x60002073, "csrr of CSR 0x600"
    qemu.expect(ERG + r"guest privileged stopped: shut down$")
    assert "ESCAPED" not in qemu.log


@pytest.mark.parametrize("cpu", ["rv64,h=true", "rv64,h=true,sstc=false"])
def test_wfi_blocks_the_vcpu_until_its_timer(boot, cpu):
    qemu = boot(config="idle", smp=1, cpu=cpu)
    match = qemu.expect(r"^\[idle\] idle: 20 wake-ups in (\d+) ms$")
    # 20 deadlines 100 ms apart; without Sstc Erg's 10 ms tick adds up to one period
    assert 2000 <= int(match.group(1)) <= 2050
    exits = qemu.expect(ERG + r"guest idle exits: (.*)$").group(1).split()
    counts = dict(zip(exits[::2], map(int, exits[1::2])))
    assert counts["wfi"] == 20, "each WFI traps once and blocks until the timer"
    assert counts["timer"] <= 5, "Erg's own ticks are taken while the vCPU sleeps, not as exits"
    assert qemu.wait_exit(20) == 0


def exit_counts(qemu, guest):
    exits = qemu.expect(ERG + rf"guest {guest} exits: (.*)$").group(1).split()
    return dict(zip(exits[::2], map(int, exits[1::2])))


@pytest.mark.parametrize("cpu", ["rv64,h=true", "rv64,h=true,sstc=false"])
def test_wfi_of_a_vcpu_alone_on_its_hart_waits_there(boot, cpu):
    """On a hart of its own that no longer takes Erg's tick, the guest's WFI does not trap:
    its timer wakes it in place (with Sstc, with no exit at all)."""
    qemu = boot(config="idle1", smp=2, cpu=cpu, extra=("-icount", "shift=0,sleep=off"))
    qemu.expect(ERG + r"harts online: 2 of 2$")
    match = qemu.expect(r"^\[idle\] idle: 20 wake-ups in (\d+) ms$")
    assert 2000 <= int(match.group(1)) <= 2050
    counts = exit_counts(qemu, "idle")
    # Its first 500 ms, while hart 1 still takes Erg's tick to report it, its WFIs trap (one
    # per 100 ms deadline); from then on none does.
    assert counts["wfi"] <= 5, counts
    # Without Sstc its deadlines are Erg's timer to raise: one exit each once WFI no longer traps.
    assert counts["timer"] <= (20 - counts["wfi"] if "sstc=false" in cpu else 0), counts
    assert qemu.wait_exit(20) == 0


def test_wfi_traps_again_on_a_hart_two_vcpus_share(boot):
    """The same guest beside another on hart 1: each WFI traps, so the other can run."""
    qemu = boot(config="idle1_shared", smp=2, extra=("-icount", "shift=0,sleep=off"))
    for guest in ("idle", "idle2"):
        qemu.expect(rf"^\[{guest}\] idle: 20 wake-ups in \d+ ms$")
        assert exit_counts(qemu, guest)["wfi"] == 20
    assert qemu.wait_exit(20) == 0


def test_guests_sharing_vmid_zero_switch_on_one_hart(boot):
    qemu = boot(config="slices", smp=1, append="erg.vmidlen=0")
    qemu.expect(ERG + r"VMIDLEN 0: up to 0 guests with a VMID of their own$")
    qemu.expect(ERG + r"VMIDs: 3 guests, VMIDLEN 0 gives 0; all share VMID 0, guest "
                r"translations flushed at each switch between guests$")
    for name in ("spin1", "spin2", "spin3"):
        for _ in range(2):
            qemu.expect(rf"^\[{name}\] spin: count \d+ at \d+$", timeout=30)
    assert "stopped" not in qemu.log
