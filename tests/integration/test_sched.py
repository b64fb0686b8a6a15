# SPDX-License-Identifier: BSD-2-Clause
"""The scheduler: vCPUs sharing harts by time slice, priority and cyclic
window tables; an SMP guest with more vCPUs than harts. Shares, wake-up latency
and window edges are measured under -icount shift=0 (guest time counts instructions),
so they do not depend on how busy the host is."""
import re

ERG = r"^\[erg\] "
ICOUNT = ("-icount", "shift=0,sleep=off")


def rates(log, names):
    """Each spinner's counting rate (counts per timebase tick) from its own reports."""
    result = {}
    for name in names:
        reports = [(int(c), int(t)) for c, t in re.findall(
            rf"^\[{name}\] spin: count (\d+) at (\d+)$", log, re.MULTILINE)]
        assert len(reports) >= 3, f"{name} reported too little"
        (c0, t0), (c1, t1) = reports[1], reports[-1]  # skip the first: start-up
        result[name] = (c1 - c0) / (t1 - t0)
    return result


def test_slices_share_a_hart_in_proportion(boot):
    qemu = boot(config="slices", smp=1, extra=ICOUNT)
    for _ in range(6):
        qemu.expect(r"^\[spin3\] spin: count \d+ at \d+$", timeout=30)
    shares = rates(qemu.log, ["spin1", "spin2", "spin3"])
    total = sum(shares.values())
    for name, want in (("spin1", 1 / 6), ("spin2", 2 / 6), ("spin3", 3 / 6)):
        got = shares[name] / total
        assert abs(got - want) <= 0.01 * want, f"{name}: share {got:.3f}, want {want:.3f}"


def test_high_priority_wakeup_preempts_a_spinner(boot):
    qemu = boot(config="priority", smp=1, extra=ICOUNT)
    match = qemu.expect(r"^\[sleeper\] sleeper: 50 wake-ups, latency max (\d+) us, "
                        r"average (\d+) us$", timeout=30)
    # under one slice (10 ms) of the low-priority spinner, which keeps running
    assert int(match.group(1)) < 10000
    assert int(match.group(2)) < 3000
    qemu.expect(ERG + r"guest sleeper exits: .* wfi 50 ")
    acct = qemu.expect(ERG + r"guest sleeper vCPU 0: ran \d+ ms in (\d+) slices, (\d+) wake-ups, "
                       r"latency max (\d+) us, average \d+ us$")
    assert int(acct.group(1)) >= 50 and int(acct.group(2)) == 50
    assert int(acct.group(3)) < 10000, "Erg's own measure: wake-up to dispatch"
    qemu.expect(r"^\[spin\] spin: count \d+ at \d+$")


def test_guests_run_only_inside_their_windows(boot):
    qemu = boot(config="windows", smp=1, extra=ICOUNT)
    start = int(qemu.expect(ERG + r"hart 0: window table, frame 30000 us in 2 windows, "
                            r"from time (\d+)$").group(1))
    for _ in range(40):
        qemu.expect(r"^\[(a|b)\] spin: ran \d+\.\.\d+$", timeout=30)
    # timebase ticks: a 30 ms frame; a switch is due within 0.2 ms of a window's edge (the
    # spinner reports its last tick before it is switched out); never 3 ms late
    frame, tight = 300000, 2000
    windows = {"a": (0, 100000), "b": (100000, 300000)}
    stretches = re.findall(r"^\[(a|b)\] spin: ran (\d+)\.\.(\d+)$", qemu.log, re.MULTILINE)
    for name, first, last in stretches:
        first, last = int(first), int(last)
        frame_start = start + (first - start) // frame * frame
        lo, hi = windows[name]
        over = max(frame_start + lo - first, last - (frame_start + hi), 0)
        assert first <= last and over <= tight, \
            f"{name} ran {first - frame_start}..{last - frame_start} into its frame"
    assert {name for name, _, _ in stretches} == {"a", "b"}


def test_smp_guest_with_more_vcpus_than_harts(boot):
    qemu = boot(config="smp", smp=2)
    qemu.expect(r"^\[smp\] smp: 4 vcpus, 10 ipi rounds, fences ok$", timeout=30)
    up = re.findall(r"^\[smp\] smp: vcpu (\d) up$", qemu.log, re.MULTILINE)
    assert sorted(up) == ["0", "1", "2", "3"]
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(20) == 0


def list_timer_exits(qemu):
    """Timer exits of spin0 (hart 0) and spin1 (hart 1) from the monitor's list."""
    qemu.send("list\r")
    return {hart: int(qemu.expect(ERG + rf"{hart} spin{hart} +running, 1 vCPU, exits: .* "
                                  r"timer (\d+) ").group(1)) for hart in (0, 1)}


def test_a_hart_with_one_vcpu_goes_tickless(boot):
    """After its 50 ticks to report, the quiet hart takes no timer exit; the console's
    hart ticks on. Counted between two lists, so a busy host (which merges late ticks)
    cannot move the figures."""
    qemu = boot(config="tickless", smp=2)
    console_hart = int(qemu.expect(ERG + r"Erg \S+ starting on hart (\d)").group(1))
    qemu.expect(ERG + rf"hart {1 - console_hart}: tick running, 50 ticks in \d+ ms", timeout=30)
    qemu.expect(r"^\[spin1\] spin: count \d+ at \d+$", timeout=30)
    qemu.send("\x1d")
    before = list_timer_exits(qemu)
    for _ in range(2):  # 1 s of running
        qemu.expect(r"^\[spin1\] spin: count \d+ at \d+$", timeout=30)
    after = list_timer_exits(qemu)
    quiet = 1 - console_hart
    assert before[quiet] <= 55 and after[quiet] == before[quiet], (before, after)
    assert after[console_hart] >= before[console_hart] + 10, (before, after)
