# SPDX-License-Identifier: BSD-2-Clause
"""Crash policies (guests/configs/crash.dts): a guest that crashes is stopped
or restarted as its on-crash property says, each restart logged with its
count, and halted with a budget line once max-restarts are spent; a shutdown
for a system failure counts as a crash; a trap vector outside RAM or in a
device window is a crash, not a silent loop; the heartbeat beside them beats
on with its memory unchanged, and the monitor shows policies and counts."""
import re

ERG = r"^\[erg\] "
BEAT = r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$"
STORE = (r"vCPU [01]: store guest-page fault at guest-physical 0x100000000 outside its memory "
         r"\(pc 0x802[0-9a-f]+\)")
CRASHER_BOOT = r"^\[crasher\] crasher: boot, 2 vCPUs up, crashing$"


def assert_contained(qemu):
    """No panic in Erg, no power-off, and the neighbour's memory never changed."""
    assert "panic" not in qemu.log and "unexpected trap in Erg" not in qemu.log
    assert "powering off" not in qemu.log and qemu.proc.poll() is None
    assert "FAILED" not in qemu.log and "CORRUPTED" not in qemu.log
    sums = {s for _, s in re.findall(BEAT, qemu.log, re.MULTILINE)}
    assert len(sums) == 1, sums


def test_crasher_restarts_twice_then_halts_neighbour_beats_on(boot):
    qemu = boot(config="crash", smp=4)
    for k in (1, 2):
        qemu.expect(CRASHER_BOOT)
        qemu.expect(ERG + rf"guest crasher crashed: {STORE}; restarting \(restart {k} of 2\)$")
    qemu.expect(CRASHER_BOOT)
    qemu.expect(ERG + rf"guest crasher crashed: {STORE}; halted \(2 restarts used\)$")
    qemu.expect(ERG + r"guest crasher: restart budget spent \(2 of 2 restarts used\)$")
    qemu.expect(ERG + r"guest crasher exits: ")
    beat = int(qemu.expect(BEAT).group(1))
    for n in range(beat + 1, beat + 4):
        qemu.expect(rf"^\[heartbeat\] heartbeat {n} checksum ")
    # Both vCPUs crash at once: each crash is one restart, never two.
    assert len(re.findall(CRASHER_BOOT, qemu.log, re.MULTILINE)) == 3
    assert len(re.findall(ERG + r"guest crasher crashed: ", qemu.log, re.MULTILINE)) == 3
    assert_contained(qemu)


def test_monitor_lists_policy_and_restart_count(boot):
    qemu = boot(config="crash", smp=4)
    qemu.expect(ERG + r"guest crasher: restart budget spent \(2 of 2 restarts used\)$")
    qemu.send("\x1d")
    qemu.expect(ERG + r"monitor: list \| focus GUEST \| halt GUEST \| restart GUEST \| exit")
    qemu.send("list\r")
    qemu.expect(ERG + r"erg> list$")
    qemu.expect(ERG + r"0 crasher +stopped, 2 vCPUs, exits: sbi \d+ fault [3-6] ")
    qemu.expect(ERG + r"guest crasher: on-crash restart, 2 of 2 restarts used$")
    qemu.expect(ERG + r"1 heartbeat +running, 1 vCPU, exits: ")
    qemu.expect(ERG + r"guest heartbeat: on-crash halt$")
    qemu.expect(ERG + r"guest failer: on-crash restart, [0-3] of 3 restarts used$")
    qemu.expect(ERG + r"guest trapper: on-crash halt$")
    qemu.expect(ERG + r"guest trapdev: on-crash restart, [01] of 1 restarts used$")
    # The operator's restart gives the guest its whole budget again.
    qemu.send("restart crasher\r")
    qemu.expect(ERG + r"guest crasher: rebooting$")
    qemu.expect(CRASHER_BOOT)
    qemu.expect(ERG + rf"guest crasher crashed: {STORE}; restarting \(restart 1 of 2\)$")
    qemu.expect(CRASHER_BOOT)
    qemu.expect(BEAT)
    assert_contained(qemu)


def test_system_failure_shutdown_restarts_up_to_the_default_budget(boot):
    qemu = boot(config="crash", smp=4)
    failure = r"shut down \(system failure\)"
    for k in (1, 2, 3):
        qemu.expect(r"^\[failer\] crasher: boot, shutting down for a system failure$")
        qemu.expect(ERG + rf"guest failer crashed: {failure}; restarting \(restart {k} of 3\)$")
    qemu.expect(r"^\[failer\] crasher: boot, shutting down for a system failure$")
    qemu.expect(ERG + rf"guest failer crashed: {failure}; halted \(3 restarts used\)$")
    qemu.expect(ERG + r"guest failer: restart budget spent \(3 of 3 restarts used\)$")
    qemu.expect(BEAT)
    assert_contained(qemu)


def test_trap_vector_outside_ram_or_in_a_device_is_a_crash(boot):
    qemu = boot(config="crash", smp=4)
    # The guest's own trap vector cannot be fetched: Erg sees the fetch fault at once.
    qemu.wait_seen(ERG + r"guest trapper stopped: vCPU 0: fetch guest-page fault at guest-physical "
                   r"0x100000000 outside its memory \(pc 0x100000000\)$")
    # A vector in the UART's window: a fetch from a device is a crash, not an MMIO retry loop.
    fetch = (r"vCPU 0: fetch guest-page fault at guest-physical 0x10000000 outside its memory "
             r"\(pc 0x10000000\)")
    qemu.expect(r"^\[trapdev\] crasher: boot, trap vector at 0x10000000, faulting$")
    qemu.expect(ERG + rf"guest trapdev crashed: {fetch}; restarting \(restart 1 of 1\)$")
    qemu.expect(r"^\[trapdev\] crasher: boot, trap vector at 0x10000000, faulting$")
    qemu.expect(ERG + rf"guest trapdev crashed: {fetch}; halted \(1 restart used\)$")
    exits = qemu.expect(ERG + r"guest trapdev exits: (.*)$").group(1).split()
    assert dict(zip(exits[::2], map(int, exits[1::2])))["fault"] == 2, "one exit per crash"
    assert len(re.findall(r"^\[trapper\] crasher: boot", qemu.log, re.MULTILINE)) == 1
    qemu.expect(BEAT)
    assert_contained(qemu)
