# SPDX-License-Identifier: BSD-2-Clause
"""Erg's switch reaching outside through its uplink (config `uplink`): the machine's
virtio-net is QEMU's `-netdev socket` over UDP, whose other end is this test, a
station on the wire at 10.0.2.2 with a MAC of its own that answers ARP and ICMP echo.
Linux (BusyBox, 10.0.2.15) answers the station's pings and pings it back; a flood of
broadcast frames from outside is taken within Erg's budgets (the rest waits in the
device and is dropped on the wire), a port without room drops and counts it, while
the heartbeat beside it keeps beating; and the frames a guest sends from Linux's MAC
never leave the machine."""
import re
import socket
import struct
import threading
import time

import pytest
from qemu_run import QemuSession, image_path
from test_virtio import BANNER, BOOT_TIMEOUT, READY, Machine, after

ERG = r"^\[erg\] "
LINUX_MAC = bytes([2] * 6)  # Linux's MAC in the config, and the one the spoofer claims
OUTSIDE_MAC = bytes.fromhex("0a0000c0ffee")  # this test's station
BROADCAST = b"\xff" * 6
LINUX_IP = socket.inet_aton("10.0.2.15")
OUTSIDE_IP = socket.inet_aton("10.0.2.2")  # Linux's gateway in the config's bootargs
ARP, IPV4, FLOOD_TYPE = 0x0806, 0x0800, 0x88B5
NIC_MAC = "52:54:00:12:34:56"  # QEMU's first virtio-net
FLOOD = 20000
MODERN = ("-global", "virtio-mmio.force-legacy=false")
PING = r"3 packets transmitted, 3 packets received, 0% packet loss$"


def checksum(data):
    """The Internet checksum (RFC 1071) of data."""
    data += b"\0" * (len(data) & 1)
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ether(dst, ethertype, payload, src=OUTSIDE_MAC):
    return dst + src + struct.pack("!H", ethertype) + payload


def ipv4_icmp(src, dst, icmp):
    """An IPv4 packet carrying icmp (its checksum filled in here)."""
    icmp = icmp[:2] + struct.pack("!H", checksum(icmp[:2] + b"\0\0" + icmp[4:])) + icmp[4:]
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(icmp), 0, 0x4000, 64, 1, 0,
                         src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + icmp


def echo_request(ident, seq):
    """The station's ping to Linux."""
    icmp = struct.pack("!BBHHH", 8, 0, 0, ident, seq) + b"erg uplink test"
    return ether(LINUX_MAC, IPV4, ipv4_icmp(OUTSIDE_IP, LINUX_IP, icmp))


def echo_reply_of(f):
    """(ident, seq) of an ICMP echo reply to the station, else None."""
    if len(f) < 42 or f[12:14] != struct.pack("!H", IPV4) or f[23] != 1:
        return None
    ihl = (f[14] & 15) * 4
    icmp = f[14 + ihl:]
    if f[30:34] != OUTSIDE_IP or icmp[0] != 0:
        return None
    return struct.unpack("!HH", icmp[4:8])


class Wire:
    """The other end of QEMU's UDP link: keeps every frame that comes out, and answers
    as 10.0.2.2: ARP requests for it and ICMP echo requests to it."""

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

    def _answer(self, f):
        """The station's answer to frame f, or None."""
        kind = f[12:14]
        if kind == struct.pack("!H", ARP) and len(f) >= 42 and f[20:22] == b"\0\1" \
                and f[38:42] == OUTSIDE_IP:
            arp = f[14:22] + OUTSIDE_MAC + OUTSIDE_IP + f[22:28] + f[28:32]
            return ether(f[6:12], ARP, arp[:7] + b"\2" + arp[8:])
        if kind == struct.pack("!H", IPV4) and len(f) >= 42 and f[23] == 1 \
                and f[30:34] == OUTSIDE_IP:
            ihl = (f[14] & 15) * 4
            icmp = f[14 + ihl:14 + struct.unpack("!H", f[16:18])[0]]
            if icmp[0] == 8:
                return ether(f[6:12], IPV4, ipv4_icmp(OUTSIDE_IP, f[26:30], b"\0" + icmp[1:]))
        return None

    def _serve(self):
        while self.running:
            try:
                data = self.sock.recv(2048)
            except (socket.timeout, OSError):
                continue
            with self.lock:
                self.frames.append(data)
            answer = self._answer(data)
            if answer:
                self.send(answer)

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

    def ping(self, seq, timeout=20):
        """Pings Linux from the station; whether the reply came."""
        self.send(echo_request(0xE16, seq))
        return self.wait_for(lambda f: echo_reply_of(f) == (0xE16, seq), timeout)

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


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
        qemu.wait_seen(r"^\[linux\] erg-init: eth0 02:02:02:02:02:02 10\.0\.2\.15/24$",
                       timeout=BOOT_TIMEOUT)
        qemu.wait_seen(r"^\[linux\] " + BANNER, timeout=BOOT_TIMEOUT)
        qemu.wait_seen(after(r"^\[linux\] " + READY.format("linux"), "linux"),
                       timeout=BOOT_TIMEOUT)
        m = Machine(qemu, None, None)
        m.focus = "linux"
        m.wire = wire
        yield m
    finally:
        qemu.close()
        wire.close()


def test_the_outside_pings_linux_and_its_answers_come_back(machine):
    for seq in range(1, 4):
        assert machine.wire.ping(seq), f"no reply to ping {seq}"


def test_linux_pings_a_station_outside(machine):
    machine.run("linux", "ping -c 3 -W 5 10.0.2.2", PING)


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


def linux_rx_packets(machine):
    """What Linux's virtio-net driver has received so far."""
    found = machine.run("linux", "cat /sys/class/net/eth0/statistics/rx_packets", r"(\d+)$")
    return int(found.group(1))


def test_flood_from_outside_is_bounded_dropped_and_counted_heartbeat_beats_on(machine):
    qemu, wire = machine.qemu, machine.wire
    before, _ = monitor_list(qemu)
    received_before = linux_rx_packets(machine)
    # Broadcast: Linux's driver counts them, and the halted spoofer's port, which has no
    # buffers any more, drops and counts each one.
    data = ether(BROADCAST, FLOOD_TYPE, bytes(1500 - 14))
    flood = threading.Thread(target=lambda: [wire.send(data) for _ in range(FLOOD)])
    flood.start()
    times = beat_times(qemu, 20)
    flood.join()
    gaps = [b - a for a, b in zip(times, times[1:])]
    # Beats every 100 ms; the margin is for a loaded 2-core host, not for Erg.
    assert max(gaps) < 1.5, f"heartbeat gaps {gaps}"
    assert "MEMORY CORRUPTED" not in qemu.log
    # Linux still answers afterwards.
    assert wire.ping(4242), "no reply from linux after the flood"
    counted = linux_rx_packets(machine) - received_before
    after_ports, held = monitor_list(qemu)
    taken = after_ports["uplink"][0] - before["uplink"][0]
    print(f"flood: {FLOOD} frames sent, {taken} taken by the uplink, {counted} received by "
          f"linux, budget spent in {held} tick periods, linux port {after_ports['linux']}")
    assert 0 < counted <= taken < FLOOD
    assert held > 0
    assert after_ports["spoofer"][2] - before["spoofer"][2] >= counted - 16


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
