# SPDX-License-Identifier: BSD-2-Clause
"""A guest's lives: a passthrough device interrupting while its guest reboots
and stops (guests/configs/ptlife.dts), a console line the old life left
unfinished (ptlife's prompt), which the new life's first line must never
join, monitor restarts that are never lost, and a rebooting guest flooded
with frames by its neighbour."""
import re

ERG = r"^\[erg\] "
LIFE = r"^\[ptlife\] ptlife: life begins, claim (\d+)$"
HOLDING = r"^\[ptlife\] ptlife: holding the claim; r reboots, s stops$"
BEAT = r"^\[heartbeat\] heartbeat (\d+) checksum "


def beats_on(qemu, count=3):
    """The neighbour on the same hart still beats: count more heartbeats arrive."""
    last = int(qemu.expect(BEAT, timeout=30).group(1))
    for n in range(last + 1, last + 1 + count):
        qemu.expect(rf"^\[heartbeat\] heartbeat {n} checksum ", timeout=30)


def test_passthrough_claim_held_across_reboots_and_masked_while_stopped(boot):
    qemu = boot(config="ptlife", smp=1)
    assert qemu.expect(LIFE).group(1) == "11"
    qemu.expect(HOLDING)
    # Each reboot leaves source 11 claimed on the real PLIC: Erg completes it, so the
    # next life gets the next alarm.
    for _ in range(3):
        qemu.send("r")
        qemu.expect(ERG + r"guest ptlife: rebooting$")
        qemu.expect(r"^\[ptlife\] ptlife> $")  # the old life's prompt, ended on its own
        assert qemu.expect(LIFE, timeout=10).group(1) == "11"
        qemu.expect(HOLDING)
    # Stopped with an alarm still to come: its interrupt must not storm the shared hart.
    qemu.send("s")
    qemu.expect(ERG + r"guest ptlife stopped: shut down$")
    beats_on(qemu, 5)
    # A restart unmasks the source again for the new life.
    qemu.send("\x1d")
    qemu.send("restart ptlife\r")
    qemu.expect(ERG + r"guest ptlife: rebooting$")
    assert qemu.expect(LIFE, timeout=10).group(1) == "11"
    beats_on(qemu)
    assert "panic" not in qemu.log and qemu.proc.poll() is None


def test_monitor_restarts_and_halts_50_times_without_a_loss(boot):
    """Restart and halt the heartbeat 50 times in a row, each while it may be mid-line:
    every command is answered, every new life starts its own line."""
    qemu = boot(config="uboot", smp=2)
    qemu.expect(r"^\[uboot\] => $", timeout=60)
    qemu.send("\x1d")
    for _ in range(50):
        qemu.send("restart heartbeat\r")
        qemu.expect(ERG + r"erg> restart heartbeat$")
        qemu.expect(ERG + r"guest heartbeat: rebooting$")
        qemu.expect(r"^\[heartbeat\] heartbeat: hart \d, checksum ", timeout=10)
        qemu.expect(BEAT)
        qemu.send("halt 1\r")
        qemu.expect(ERG + r"erg> halt 1$")
        qemu.expect(ERG + r"guest heartbeat stopped: halted from the monitor$")
    qemu.send("restart 1\r")
    qemu.expect(ERG + r"guest heartbeat: rebooting$")
    qemu.expect(BEAT, timeout=10)
    lives = re.findall(r"^\[heartbeat\] heartbeat: hart", qemu.log, re.MULTILINE)
    assert len(lives) == 52, "one first line per life"
    assert not re.search(r"\[heartbeat\] .*\S(heartbeat: hart)", qemu.log), "two lives in a line"
    assert "powering off" not in qemu.log and qemu.proc.poll() is None


def test_rebooting_guest_flooded_by_a_neighbour_sees_only_its_own_bytes(boot):
    """victim reboots itself while flooder sends it broadcast frames without pause;
    every life finds its RAM zero outside its image, until the reboot loop bound
    stops it after 8 reboots in a row."""
    qemu = boot(config="netflood", smp=2)
    qemu.expect(r"^\[flooder\] netflood: flooding$")
    for _ in range(9):
        qemu.expect(r"^\[victim\] netflood: (RAM clean, \d+ KiB checked|DIRTY at .*)$")
        qemu.expect(r"^\[victim\] netflood: 16 frames taken, rebooting$", timeout=30)
    qemu.expect(ERG + r"guest victim stopped: reboot loop \(asked for reboot 9 in a row, ")
    lives = re.findall(r"^\[victim\] netflood: (RAM clean|DIRTY at .*)", qemu.log, re.MULTILINE)
    assert lives == ["RAM clean"] * 9, lives
    assert "panic" not in qemu.log and qemu.proc.poll() is None
