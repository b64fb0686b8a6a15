# SPDX-License-Identifier: BSD-2-Clause
"""A hostile guest against Erg's virtio emulation: vqattack (hart 0)
attacks its own virtio-blk device with broken virtqueues, impossible
buffers, hostile requests and garbage register accesses, and its virtio-rng
and virtio-console with chains asking for unbounded work (buffers naming all
its RAM or the same page again and again, an available index its second
vCPU on hart 2 keeps feeding, receive buffers without writable bytes while
console input waits), while diskcheck (hart 1) keeps writing and checking
its own slice of the same physical disk and heartbeat shares hart 0 with
the attacker. The attacker also reads its whole slice in one buffer, and resets
its device straight after notifying such a read. Every attack must be contained (an error status,
DEVICE_NEEDS_RESET with Erg's "[erg]" line, ignored, or served in bounded
batches to the end), the attacker must still get a good read afterwards,
the victims' rounds and beats must go on, Erg must not panic, and the disk
image must show no write outside what the two guests may write."""
import os
import random
import re
import struct

ERG = r"^\[erg\] "
VQA = r"^\[vqattack\] vqattack: "
SECTOR = 512
MIB = 1 << 20
DISK_BYTES = 4 * MIB
SLICES = {"vqattack": 0, "diskcheck": MIB}  # offset of each guest's 1 MiB slice
VQA_SCRATCH = (1024 * SECTOR, 1032 * SECTOR)  # where vqattack puts its first code page
DC_FIRST, DC_COUNT = 8, 8  # the sectors diskcheck writes each round
GUEST_BIN = os.path.join(os.path.dirname(__file__), "..", "..", "build", "guests",
                         "vqattack.bin")

# The attacks the brief of this test names, with the outcome Erg gives each.
EXPECTED = {
    "data buffer at GPA 0x0": "needs reset",
    "data buffer at GPA 0x10000000": "needs reset",
    "data buffer at GPA 0xfffffffffffff000": "needs reset",
    "data buffer straddling the end of RAM": "needs reset",
    "data buffer wrapping 2^64": "needs reset",
    "data buffer of 0xffffffff bytes": "needs reset",
    "data buffer of 0 bytes": "completed OK",
    "next index beyond the table": "needs reset",
    "descriptor looping to itself": "needs reset",
    "descriptor 2-cycle": "needs reset",
    "indirect table at GPA 0x0": "needs reset",
    "indirect table of 24 bytes": "needs reset",
    "indirect table inside an indirect table": "needs reset",
    "INDIRECT together with NEXT": "needs reset",
    "indirect table longer than the queue": "needs reset",
    "readable descriptor after a writable one": "needs reset",
    "avail idx 1000 ahead of the device": "needs reset",
    "request without a status byte": "needs reset",
    "write to the sector past the slice": "error status 1",
    "read across the end of the slice": "error status 1",
    "read into its own code": "completed OK",
    "read of the whole 1 MiB slice in one buffer": "completed OK",
    "queue size 3 (not a power of 2)": "needs reset",
    "queue size 512 (above QueueNumMax)": "needs reset",
    "descriptor table misaligned": "needs reset",
    "used ring at GPA 0x0": "needs reset",
    "notify of queues 5 and 0xffffffff": "ignored",
    "FEATURES_OK without VERSION_1": "refused",
    "garbage at undefined registers and widths": "completed OK",
    "virtio-rng: 64 buffers each all of its RAM": "needs reset",
    "virtio-rng: 64 buffers over the same page": "needs reset",
    "virtio-console: 64 buffers each all of its RAM": "needs reset",
    "virtio-console: 64 buffers over the same page": "completed OK",
    "virtio-rng: avail idx fed by a second vCPU": "completed OK",
    "virtio-console: receive buffer without writable bytes": "needs reset",
}

# Lines "[erg] guest vqattack: <device>: <reason>; device needs reset" the flood attacks cause.
FLOOD_REASONS = [
    ("virtio-rng", "chain has more than 1 MiB of buffers"),
    ("virtio-rng", "buffers of the chain overlap"),
    ("virtio-console", "chain has more than 1 MiB of buffers"),
    ("virtio-console", "receive buffer without writable bytes"),
]
BEAT = re.compile(r"^\[heartbeat\] heartbeat (\d+) checksum", re.MULTILINE)

# Reasons Erg logs as "[erg] guest vqattack: virtio-blk: <reason>; device needs reset".
NEEDS_RESET_REASONS = [
    "buffer outside guest RAM",
    "chain has more than 64 MiB of buffers",
    "descriptor index beyond the table",
    "descriptor chain loops or is longer than the queue",
    "chain head beyond the descriptor table",
    "available index ran more than the queue size ahead",
    "readable buffer after a writable one",
    "request without a status byte",
    "indirect table outside guest RAM",
    "indirect table length not a multiple of 16",
    "indirect table inside an indirect table",
    "indirect descriptor with NEXT set",
    "indirect table longer than the queue",
    r"queue size not a power of 2 from 1 to \d+",
    "descriptor table not aligned to 16 bytes",
    "used ring outside guest RAM",
    "DRIVER_OK without FEATURES_OK",
]

PANIC = re.compile(r"^\[erg\] (panic on hart|unexpected trap|hart \d+ halted)", re.MULTILINE)


def make_disk(path):
    """Random bytes, each slice starting with "ERGDISK\\0<guest name>\\0"."""
    data = bytearray(random.Random(2024).randbytes(DISK_BYTES))
    for name, offset in SLICES.items():
        header = b"ERGDISK\0" + name.encode() + b"\0"
        data[offset:offset + len(header)] = header
    path.write_bytes(bytes(data))
    return bytes(data)


def diskcheck_sector(round_no, sector):
    """What diskcheck writes to sector in round round_no (guests/diskcheck)."""
    head = struct.pack("<QQ", round_no, sector)
    return head + bytes((round_no * 31 + sector * 7 + i) & 0xFF for i in range(16, SECTOR))


def check_diskcheck_sectors(after, last_ok):
    """Each written sector holds a whole pattern of a round no older than the last reported."""
    rounds = []
    for s in range(DC_FIRST, DC_FIRST + DC_COUNT):
        offset = SLICES["diskcheck"] + s * SECTOR
        got = after[offset:offset + SECTOR]
        round_no, sector = struct.unpack("<QQ", got[:16])
        assert sector == s and got == diskcheck_sector(round_no, s), f"sector {s} is torn"
        assert round_no >= last_ok, f"sector {s} holds round {round_no} < {last_ok}"
        rounds.append(round_no)
    assert max(rounds) - min(rounds) <= 1, f"rounds out of step: {rounds}"


def check_heartbeat(log):
    """The neighbour on the attacker's hart beat on throughout, the fed queue's second too."""
    assert "MEMORY CORRUPTED" not in log
    beats = [int(n) for n in BEAT.findall(log)]
    assert beats and beats == list(range(1, len(beats) + 1)), "heartbeats missing or repeated"
    start = log.index("vqattack: feeder running")
    end = log.index("vqattack: feeder stopped after")
    during = len(BEAT.findall(log[start:end]))
    # The feed lasts 1 s and a beat comes every 100 ms: a stalled hart shows none.
    assert during >= 4, f"only {during} heartbeats while the second vCPU fed the queue"
    assert len(BEAT.findall(log[end:])) >= 2, "heartbeat stopped after the feed"


def test_hostile_virtqueues_are_contained(boot, tmp_path):
    image = tmp_path / "disk.img"
    before = make_disk(image)
    qemu = boot(config="vqattack", smp=3,
                extra=("-drive", f"if=none,file={image},format=raw,id=d0",
                       "-device", "virtio-blk-device,drive=d0"))
    qemu.expect(ERG + r"disk 0: virtio-blk at 0x10008000, 8192 sectors \(4 MiB\)$")
    qemu.expect(ERG + r"ready$")
    # Input for vqattack (the first guest), kept until its virtio console takes it.
    qemu.send("x")
    qemu.wait_seen(r"^\[diskcheck\] diskcheck: round \d+ ok$")
    summary = qemu.expect(VQA + r"(\d+) attacks, (\d+) contained$", timeout=120)
    qemu.expect(ERG + r"guest vqattack stopped: shut down$")
    # The victim goes on after the attacker is gone: two more rounds reported.
    first = qemu.expect(r"^\[diskcheck\] diskcheck: round (\d+) ok$")
    second = qemu.expect(r"^\[diskcheck\] diskcheck: round (\d+) ok$")
    assert int(second.group(1)) > int(first.group(1))
    log = qemu.log
    qemu.close()

    attacks = dict(re.findall(r"^\[vqattack\] vqattack: (.+?): (contained \(.*\)|ESCAPED.*)$",
                              log, re.MULTILINE))
    escaped = {name: how for name, how in attacks.items() if not how.startswith("contained")}
    assert not escaped, f"attacks that escaped: {escaped}"
    assert int(summary.group(1)) == int(summary.group(2)) == len(attacks) >= 15
    for name, how in EXPECTED.items():
        assert name in attacks, f"attack {name!r} did not run"
        assert attacks[name].startswith(f"contained ({how}"), f"{name}: {attacks[name]}"
    assert re.search(VQA + r"final read of sector 0: ERGDISK ok$", log, re.MULTILINE)
    # Whether the answer beat the reset depends on timing; nothing may land after it.
    assert attacks["reset straight after notifying a 1 MiB read"] in (
        "contained (completed OK: answered before the reset)",
        "contained (ignored: nothing landed after the reset)")
    for reason in NEEDS_RESET_REASONS:
        assert re.search(ERG + rf"guest vqattack: virtio-blk: {reason}; device needs reset$",
                         log, re.MULTILINE), f"no needs-reset line for {reason!r}"
    assert "guest diskcheck: virtio-blk" not in log, "the victim's device was disturbed"
    for device, reason in FLOOD_REASONS:
        assert re.search(ERG + rf"guest vqattack: {device}: {reason}; device needs reset$",
                         log, re.MULTILINE), f"no needs-reset line for {device}: {reason!r}"
    check_heartbeat(log)
    assert "MISMATCH" not in log and "guest: trap" not in log
    assert "guest diskcheck stopped" not in log
    assert not PANIC.search(log), "Erg panicked"

    after = image.read_bytes()
    assert len(after) == DISK_BYTES
    assert b"ESCAPED!" not in after, "a refused write reached the disk"
    # vqattack wrote only its first code page, to its scratch sectors.
    lo, hi = VQA_SCRATCH
    with open(GUEST_BIN, "rb") as f:
        assert after[lo:hi] == f.read(hi - lo), "the code page did not reach the disk"
    assert after[:lo] == before[:lo] and after[hi:MIB] == before[hi:MIB]
    # diskcheck wrote only its round sectors, whole and recent.
    dc = SLICES["diskcheck"]
    dc_lo, dc_hi = dc + DC_FIRST * SECTOR, dc + (DC_FIRST + DC_COUNT) * SECTOR
    assert after[dc:dc_lo] == before[dc:dc_lo] and after[dc_hi:dc + MIB] == before[dc_hi:dc + MIB]
    check_diskcheck_sectors(after, int(second.group(1)))
    # Nothing outside the two slices changed.
    assert after[2 * MIB:] == before[2 * MIB:]
