# SPDX-License-Identifier: BSD-2-Clause
"""Erg's switch reaching outside through its uplink (config `uplink`): the machine's
virtio-net is QEMU's `-netdev socket` over UDP, whose other end is this test, a
station on the wire with a MAC of its own. No IP is involved: the test trades raw
frames of ethertype 0x88b5 with Linux's `net` commands (guests/linux/net_link.h).
Frames from outside reach Linux and its answers come back out; Linux's pings find
the test; a flood from outside is taken within Erg's budgets (the rest waits in
the device and is dropped on the wire), a port without room drops and counts it, while the heartbeat beside it keeps beating; and the frames a guest
sends from Linux's MAC never leave the machine."""
import re
import socket
import struct
import threading
import time

import pytest
from qemu_run import QemuSession, image_path
from test_virtio import BANNER, BOOT_TIMEOUT, Machine, after

ERG = r"^\[erg\] "
ETHERTYPE = 0x88B5
LINUX_MAC = bytes([2] * 6)  # Linux's MAC in the config, and the one the spoofer claims
OUTSIDE_MAC = bytes.fromhex("0a0000c0ffee")  # this test's station
BROADCAST = b"\xff" * 6
NIC_MAC = "52:54:00:12:34:56"  # QEMU's first virtio-net
FLOOD = 20000
MODERN = ("-global", "virtio-mmio.force-legacy=false")
MSG = struct.Struct("!BBHIIIQ")  # struct net_msg: kind, zero, len, seq, frames, reserved, bytes


def frame(dst, kind, seq, size=MSG.size, src=OUTSIDE_MAC):
    payload = MSG.pack(ord(kind), 0, size, seq, 0, 0, 0)
    return dst + src + struct.pack("!H", ETHERTYPE) + payload.ljust(size, b"\0")


def mac_text(mac):
    return ":".join(f"{b:02x}" for b in mac)


class Wire:
    """The other end of QEMU's UDP link: keeps every frame that comes out, answers
    pings to this station (or broadcast) with pongs."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        spare = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        spare.bind(("127.0.0.1", 0))
        self.qemu_port = spare.getsockname()[1]
        spare.close()
        self.frames = []
        self.lock = threading.Lock()
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def netdev(self):
        port = self.sock.getsockname()[1]
        return ("-netdev", f"socket,id=n0,udp=127.0.0.1:{port},"
                f"localaddr=127.0.0.1:{self.qemu_port}",
                "-device", "virtio-net-device,netdev=n0")

    def send(self, data):
        self.sock.sendto(data, ("127.0.0.1", self.qemu_port))

    def _serve(self):
        while self.running:
            try:
                data = self.sock.recv(2048)
            except (socket.timeout, OSError):
                continue
            with self.lock:
                self.frames.append(data)
            if (len(data) >= 14 + MSG.size and data[:6] in (OUTSIDE_MAC, BROADCAST)
                    and data[12:14] == struct.pack("!H", ETHERTYPE) and data[14] == ord("p")):
                self.send(data[6:12] + OUTSIDE_MAC + data[12:14] + b"r" + data[15:])

    def wait_for(self, test, timeout=20):
        """The first frame from here on for which test holds, or None."""
        deadline = time.monotonic() + timeout
        seen = 0
        while time.monotonic() < deadline:
            with self.lock:
                frames = self.frames[seen:]
                seen += len(frames)
            for f in frames:
                if test(f):
                    return f
            time.sleep(0.05)
        return None

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


def msg_of(f):
    """(kind, seq, frames) of a frame of our ethertype, else None."""
    if len(f) < 14 + MSG.size or f[12:14] != struct.pack("!H", ETHERTYPE):
        return None
    kind, _, _, seq, frames, _, _ = MSG.unpack(f[14:14 + MSG.size])
    return chr(kind), seq, frames


def monitor_list(qemu):
    """The monitor's list: each switch port's counters and the uplink's own line."""
    qemu.send("\x1d")
    qemu.expect(ERG + r"monitor: list ")
    qemu.send("list\r")
    qemu.expect(ERG + r"erg> list$")
    found = qemu.expect(ERG + r"uplink: (?P<passes>\d+) passes, held back in (?P<held>\d+) "
                        r"tick periods.*$", timeout=30)
    ports = {m.group(1): tuple(int(x) for x in m.groups()[1:]) for m in re.finditer(
        ERG + r"switch port \d+ \((\w+)\): sent (\d+), received (\d+), dropped (\d+), "
        r"refused (\d+)$", qemu.log, re.MULTILINE)}
    qemu.send("exit\r")
    qemu.expect(ERG + r"input goes to guest linux ")
    return ports, int(found.group("held"))


# Both back ends, and both virtio-mmio transports of the machine's device (legacy, with
# its 10-byte header, QEMU's default; modern, with VirtIO 1.x's 12-byte one).
@pytest.fixture(scope="module", params=[("rv64,h=true", ()),
                                        ("rv64,h=false", MODERN)], ids=["h-legacy", "noh-modern"])
def machine(request):
    cpu, transport = request.param
    wire = Wire()
    qemu = QemuSession(image_path("uplink"), smp=3, cpu=cpu, extra=wire.netdev() + transport)
    try:
        qemu.expect(ERG + rf"uplink: virtio-net at 0x10008000, mac {NIC_MAC}, on the switch$")
        qemu.expect(ERG + r"config uplink: 3 guests ready$")
        qemu.wait_seen(r"^\[linux\] " + BANNER, timeout=BOOT_TIMEOUT)
        qemu.wait_seen(after(r"^\[linux\] erg-init: type help for the commands$", "linux"),
                       timeout=BOOT_TIMEOUT)
        m = Machine(qemu, None, None)
        m.focus = "linux"
        m.wire = wire
        m.run("linux", "net up", rf"net: eth0 up, mac {mac_text(LINUX_MAC)}$")
        m.run("linux", "net serve", r"net: serving on eth0$")
        yield m
    finally:
        qemu.close()
        wire.close()


def test_frames_from_outside_reach_linux_and_its_answers_come_back(machine):
    for seq in range(1, 4):
        machine.wire.send(frame(LINUX_MAC, "p", seq))
        pong = machine.wire.wait_for(lambda f, s=seq: f[:6] == OUTSIDE_MAC
                                     and f[6:12] == LINUX_MAC and msg_of(f) == ("r", s, 0))
        assert pong, f"no pong for ping {seq}"


def test_linux_pings_a_station_outside(machine):
    machine.run("linux", "net ping 3",
                rf"net: ping 3/3 replies from {mac_text(OUTSIDE_MAC)}, rtt avg \d+ us$")


def test_a_guest_cannot_send_from_linux_mac(machine):
    """The spoofer floods broadcast frames from Linux's MAC (ethertype 0xeeee): the switch
    refuses every one, so none reaches the wire, and counts them."""
    machine.qemu.wait_seen(r"^\[spoofer\] netflood: flooding$")
    assert machine.wire.wait_for(lambda f: f[12:14] == b"\xee\xee", timeout=3) is None
    with machine.wire.lock:
        assert not [f for f in machine.wire.frames if f[12:14] == b"\xee\xee"]
    ports, _ = monitor_list(machine.qemu)
    sent, received, dropped, refused = ports["spoofer"]
    assert sent == 0 and refused > 0, ports
    # The spoofer has done its part: it stops, so that the flood below runs on a quiet machine.
    machine.qemu.send("\x1d")
    machine.qemu.send("halt spoofer\r")
    machine.qemu.expect(ERG + r"guest spoofer stopped: halted from the monitor$")
    machine.qemu.send("exit\r")
    machine.qemu.expect(ERG + r"input goes to guest linux ")


def beat_times(qemu, count):
    """Host times at which the next count heartbeats arrive."""
    last = int(re.findall(r"^\[heartbeat\] heartbeat (\d+) ", qemu.log, re.MULTILINE)[-1])
    times = []
    for n in range(last + 1, last + 1 + count):
        qemu.wait_seen(rf"^\[heartbeat\] heartbeat {n} checksum ", timeout=30)
        times.append(time.monotonic())
    return times


def test_flood_from_outside_is_bounded_dropped_and_counted_heartbeat_beats_on(machine):
    qemu, wire = machine.qemu, machine.wire
    before, _ = monitor_list(qemu)
    # Broadcast: Linux counts them, and the halted spoofer's port, which has no buffers
    # any more, drops and counts each one.
    data = frame(BROADCAST, "d", 0, size=1500)
    flood = threading.Thread(target=lambda: [wire.send(data) for _ in range(FLOOD)])
    flood.start()
    times = beat_times(qemu, 20)
    flood.join()
    gaps = [b - a for a, b in zip(times, times[1:])]
    # Beats every 100 ms; the margin is for a loaded 2-core host, not for Erg.
    assert max(gaps) < 1.5, f"heartbeat gaps {gaps}"
    assert "MEMORY CORRUPTED" not in qemu.log
    # Linux counted what reached it; far fewer than were sent.
    for attempt in range(5):
        wire.send(frame(LINUX_MAC, "f", 777))
        count = wire.wait_for(lambda f: msg_of(f) is not None and msg_of(f)[:2] == ("c", 777),
                              timeout=3)
        if count:
            break
    assert count, "no count from linux"
    counted = msg_of(count)[2]
    after_ports, held = monitor_list(qemu)
    taken = after_ports["uplink"][0] - before["uplink"][0]
    print(f"flood: {FLOOD} frames sent, {taken} taken by the uplink, {counted} counted by "
          f"linux, budget spent in {held} tick periods, linux port {after_ports['linux']}")
    assert 0 < counted <= taken < FLOOD
    assert held > 0
    assert after_ports["spoofer"][2] - before["spoofer"][2] >= counted
    # Linux still answers afterwards.
    wire.send(frame(LINUX_MAC, "p", 4242))
    assert wire.wait_for(lambda f: msg_of(f) == ("r", 4242, 0), timeout=20)


def test_switch_counters_at_power_off(machine):
    qemu = machine.qemu
    qemu.send("\x1d")
    qemu.send("halt heartbeat\r")
    qemu.expect(ERG + r"guest heartbeat stopped: halted from the monitor$")
    qemu.send("exit\r")
    machine.run("linux", "poweroff", r"reboot: Power down$", prompt=False)
    qemu.expect(ERG + r"switch port 0 \(linux\): sent \d+, received \d+, dropped \d+, "
                r"refused 0$")
    qemu.expect(ERG + r"switch port 2 \(uplink\): sent [1-9]\d*, received [1-9]\d*, ")
    qemu.expect(ERG + r"uplink: \d+ passes, held back in [1-9]\d* tick periods")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(30) == 0

def test_without_uplink_in_the_config_the_device_is_left_alone(boot):
    qemu = boot(smp=2, extra=("-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0"))
    qemu.expect(ERG + r"virtio-mmio 0x10008000: virtio-net left alone \(the config has no "
                r"uplink\)$")
    qemu.expect(ERG + r"ready$")


def test_uplink_on_a_machine_without_a_network_device(boot):
    qemu = boot(config="uplink", smp=3)
    qemu.expect(ERG + r"uplink: the machine has no virtio-net; the switch stays among the "
                r"guests$")
    qemu.expect(ERG + r"config uplink: 3 guests ready$")
    qemu.wait_seen(r"^\[heartbeat\] heartbeat 3 checksum ", timeout=60)
