# SPDX-License-Identifier: BSD-2-Clause
"""A hostile guest against Erg itself: hostile (2 vCPUs, harts 0 and 1) runs
its attacks on SBI, the emulated PLIC and UART, privileged instructions,
interrupt floods and the edges of its RAM (guests/hostile), each of which
Erg must refuse as it documents or answer with a fault the guest catches,
then stores to the host address of the victim's heartbeat buffer, for which
Erg must stop it. fetcher and straddler, the same image, only jump into their
UART or load 8 bytes across the end of their RAM, and must be stopped too.
victim (hart 2, the heartbeat guest, RAM pinned at host 0xc0000000) must beat
on throughout and after, its checksum never changing. Erg must not panic."""
import re

ERG = r"^\[erg\] "
HOSTILE = r"^\[hostile\] hostile: "
BEAT = r"^\[victim\] heartbeat (\d+) checksum (0x[0-9a-f]+)$"
ATTACK = re.compile(r"^\[hostile\] hostile: (.+?): (contained|ESCAPED) \((.*)\)$", re.MULTILINE)
PANIC = re.compile(r"^\[erg\] (panic on hart|unexpected trap in Erg|hart \d+ halted)",
                   re.MULTILINE)
MIN_ATTACKS = 50
FOREIGN = "0xc0280000"  # hostile.foreign= in guests/configs/hostile.dts
RUN_TIMEOUT = 600  # the floods are slow under TCG on a busy host
BEAT_TIMEOUT = 30

# One attack of each group, so a group that silently stopped running is noticed.
REQUIRED = [
    "unknown extension 0x12345678",
    "probe of legacy send_ipi 0x04, not offered",
    "IPI naming vCPU 0 and vCPU 2 together",
    "hart_start of vCPU 1 at another guest's host address",
    "DBCN read into another guest's host address",
    "SRST with reserved and vendor types",
    "PLIC misaligned 4-byte access at 0x0c000005",
    "UART word store to THR in loopback",
    "hgatp set to 0 (G-stage off)",
    "hlv.d of another guest's host address",
    "set_timer(0) 10000 times",
    "hart_start/hart_stop churn of vCPU 1 200 times",
    "last doubleword of its RAM",
]


def test_hostile_guest_is_contained_and_victim_beats_on(boot):
    qemu = boot(config="hostile", smp=3)
    qemu.expect(ERG + r"guest victim: 1 vCPU, 16 MiB, entry 0x80200000, vCPU 0 on hart 2$")
    qemu.expect(ERG + r"ready$")
    qemu.wait_seen(ERG + r"guest fetcher stopped: vCPU 0: fetch guest-page fault at "
                   r"guest-physical 0x10000000 outside its memory \(pc 0x10000000\)$")
    qemu.wait_seen(ERG + r"guest straddler stopped: vCPU 0: load guest-page fault at "
                   r"guest-physical 0x81000000 outside its memory \(pc 0x802[0-9a-f]+\)$")
    summary = qemu.expect(HOSTILE + r"(\d+) attacks, (\d+) contained$", timeout=RUN_TIMEOUT)
    qemu.expect(HOSTILE + rf"final: store to guest-physical {FOREIGN}, another guest's host "
                r"address$")
    qemu.expect(ERG + rf"guest hostile stopped: vCPU 0: store guest-page fault at "
                rf"guest-physical {FOREIGN} outside its memory \(pc 0x802[0-9a-f]+\)$")
    # The victim beats on after the attacker is gone (expect() reads on from the stop line).
    after = [qemu.expect(BEAT, timeout=BEAT_TIMEOUT) for _ in range(3)]
    log = qemu.log
    qemu.close()

    attacks = {m.group(1): (m.group(2), m.group(3)) for m in ATTACK.finditer(log)}
    escaped = {name: how for name, (verdict, how) in attacks.items() if verdict != "contained"}
    assert not escaped, "attacks that escaped:\n" + "\n".join(
        f"  {name}: {how}" for name, how in escaped.items())
    total, contained = int(summary.group(1)), int(summary.group(2))
    assert total == contained == len(attacks) >= MIN_ATTACKS, \
        f"summary {total}/{contained}, {len(attacks)} attack lines"
    missing = [name for name in REQUIRED if name not in attacks]
    assert not missing, f"attacks that did not run: {missing}"

    assert not PANIC.search(log), "Erg panicked"
    assert "guest: trap" not in log, "a guest died of a trap it did not expect"
    assert "guest victim stopped" not in log and "CORRUPTED" not in log
    golden = re.search(r"^\[victim\] heartbeat: hart 0, checksum (0x[0-9a-f]+)$", log,
                       re.MULTILINE).group(1)
    beats = [(int(n), c) for n, c in re.findall(BEAT, log, re.MULTILINE)]
    assert [n for n, _ in beats] == list(range(1, len(beats) + 1)), "the victim missed a beat"
    assert {c for _, c in beats} == {golden}, "the victim's memory changed"
    assert all(m.group(2) == golden for m in after), "the victim's memory changed at the end"
