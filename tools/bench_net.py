# SPDX-License-Identifier: BSD-2-Clause
"""The network part of `make bench`: TCP throughput and ping round trips of Linux guests
(BusyBox nc and ping), under QEMU's -icount shift=0 like the rest, so that a second of
guest time is 10^9 instructions and the figures do not depend on the host's load.

Under Erg (config bench_net): alpha to beta over Erg's switch, and alpha to a sink on the
host through the switch's uplink (the machine's virtio-net on QEMU's user network, the
host behind its gateway 10.0.2.2). Natively, the same Linux Image and initramfs on the
same QEMU machine with that virtio-net as its own: to the host, and ping of the gateway.
Throughput is timed by the receiving guest's time counter from the first byte to the
last (for the host sink, by the sender's around its whole run); each figure is the median
of three transfers. Guest to host under Erg, the uplink's inbound budget (128 frames per
10 ms tick) bounds the acknowledgements QEMU's user network sends back, one a segment."""
import os
import re
import socket
import statistics
import threading
import time

from qemu_run import QemuSession, echoed, image_path

ICOUNT = ("-icount", "shift=0,sleep=off")
MIB = 16
TIMEBASE = 10_000_000  # QEMU virt's time counter, in Hz
SEND = f"dd if=/dev/zero bs=64k count={MIB * 16} 2>/dev/null"
RTT = re.compile(r"round-trip min/avg/max = [\d.]+/(?P<avg>[\d.]+)/[\d.]+ ms$")
TIMEOUT = 600
ECHO = bool(os.environ.get("ERG_BENCH_ECHO"))


class HostSink:
    """A TCP server on the host's loopback that reads each connection to its end."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            total = 0
            with conn:
                while data := conn.recv(1 << 16):
                    total += len(data)
            self.received.append(total)

    def close(self):
        self.sock.close()


class Shell:
    """Typing at a guest's BusyBox shell through Erg's console (prefix "[name] "), or at
    a native Linux's console (no prefix)."""

    def __init__(self, qemu, guest=None):
        self.qemu, self.guest = qemu, guest
        self.prefix = f"[{guest}] " if guest else ""

    def line(self, regex, partial=False):
        return self.qemu.expect("^" + re.escape(self.prefix) + regex, timeout=TIMEOUT,
                                partial=partial)

    def run(self, command, answer):
        """Types command; the first line of its answer that matches, once the shell's next
        prompt is out. Erg sends a guest's prompt out as a line of its own once it sits
        idle; natively, the echo follows the prompt on its line."""
        if self.guest:
            self.qemu.send("\x1d")
            self.qemu.send(f"focus {self.guest}\r")
            self.qemu.expect(rf"^\[erg\] input goes to guest {self.guest} ")
        self.qemu.send(command + "\r")
        if self.guest:  # natively, the tty folds the echo: the answers never match it
            self.line("(# )?" + echoed(self.prefix, command) + "$")
        found = self.line(answer)
        self.line(r"# ", partial=True)
        return found

    def rtt_us(self, address):
        """Average round trip of 10 pings, in microseconds of guest time."""
        return float(self.run(f"ping -c 10 -q {address}", RTT.pattern).group("avg")) * 1000

    def send_to_host(self, sink):
        """MiB/s of guest time for MIB MiB to the host sink, timed by this sender."""
        found = self.run(f"a=$(rdtime); {SEND} | nc 10.0.2.2 {sink.port}; "
                         "echo bench-net: sent $(( $(rdtime) - a ))", r"bench-net: sent (\d+)$")
        deadline = time.monotonic() + 30
        while not sink.received and time.monotonic() < deadline:
            time.sleep(0.1)
        assert sink.received and sink.received.pop() == MIB << 20, sink.received
        return MIB * TIMEBASE / int(found.group(1))


def boot_erg(sink_netdev):
    qemu = QemuSession(image_path("bench_net"), smp=3, cpu="rv64,h=true", echo=ECHO,
                       extra=ICOUNT + sink_netdev)
    for guest in ("alpha", "beta"):
        qemu.wait_seen(rf"^\[{guest}\] erg-init: {guest} ready(.*\n)*\[{guest}\] # ",
                       timeout=TIMEOUT)
    return qemu


def guest_to_guest(alpha, beta):
    """MiB/s of guest time from alpha to beta, timed by beta from first byte to last."""
    beta.run("nc -l -p 5001 | { dd bs=1 count=1 of=/dev/null 2>/dev/null; a=$(rdtime); "
             "n=$(wc -c); echo bench-net: got $((n + 1)) in $(( $(rdtime) - a )); } & "
             "echo bench-net: listening", r"bench-net: listening$")
    start = len(alpha.qemu.log)
    alpha.run(f"until {SEND} | nc 10.0.2.16 5001; do :; done; echo bench-net: done",
              r"bench-net: done$")
    found = beta.qemu.wait_seen(r"^\[beta\] bench-net: got (\d+) in (\d+)$", TIMEOUT, start)
    assert int(found.group(1)) == MIB << 20, found.group(0)
    return MIB * TIMEBASE / int(found.group(2))


def median(measure, runs=3):
    """The median of a few runs: the first transfer also pays for TCP's slow start and
    the host's sockets warming up."""
    return statistics.median(measure() for _ in range(runs))


def net_netdev():
    return ("-netdev", "user,id=n0", "-device", "virtio-net-device,netdev=n0")


def bench_net(guests):
    """{'erg': {...}, 'native': {...}}: MiB/s and microseconds of guest time."""
    sink = HostSink()
    try:
        with boot_erg(net_netdev()) as qemu:
            alpha, beta = Shell(qemu, "alpha"), Shell(qemu, "beta")
            erg = {"rtt_guest_us": alpha.rtt_us("10.0.2.16"),
                   "rtt_gateway_us": alpha.rtt_us("10.0.2.2"),
                   "tcp_guest_mib_s": median(lambda: guest_to_guest(alpha, beta)),
                   "tcp_host_mib_s": median(lambda: alpha.send_to_host(sink))}
        with QemuSession(os.path.join(guests, "linux-Image"), smp=1, mem="256M", cpu="rv64",
                         append="console=ttyS0 erg.name=native erg.ip=10.0.2.15/24 "
                         "erg.gw=10.0.2.2",
                         extra=("-initrd", os.path.join(guests, "linux-initramfs.cpio"))
                         + ICOUNT + net_netdev(), echo=ECHO) as qemu:
            native = Shell(qemu)
            native.line(r"erg-init: native ready")
            native.line(r"# ", partial=True)
            native = {"rtt_gateway_us": native.rtt_us("10.0.2.2"),
                      "tcp_host_mib_s": median(lambda: native.send_to_host(sink))}
    finally:
        sink.close()
    return {"erg": erg, "native": native}


def net_text(net):
    """The table's network section."""
    rows = [("ping round trip, guest to guest (us)", None, net["erg"]["rtt_guest_us"]),
            ("ping round trip, guest to gateway (us)", net["native"]["rtt_gateway_us"],
             net["erg"]["rtt_gateway_us"]),
            (f"TCP, {MIB} MiB guest to guest (MiB/s)", None, net["erg"]["tcp_guest_mib_s"]),
            (f"TCP, {MIB} MiB guest to host (MiB/s)", net["native"]["tcp_host_mib_s"],
             net["erg"]["tcp_host_mib_s"])]
    lines = ["", "Linux networking, BusyBox ping and nc (guest time: 1 s = 10^9 instructions)",
             f"{'figure':<46} {'native':>12} {'Erg':>12}"]
    for figure, native, erg in rows:
        lines.append(f"{figure:<46} {'n/a' if native is None else f'{native:,.1f}':>12} "
                     f"{erg:>12,.1f}")
    return lines
