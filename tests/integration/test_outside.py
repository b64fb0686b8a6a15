# SPDX-License-Identifier: BSD-2-Clause
"""The demo's Linux on the outside network, as `make run` starts it: the machine's
virtio-net is QEMU's user networking, the uplink of Erg's switch. The host fetches
the page the guest's BusyBox httpd serves through a forwarded port, and the guest
fetches a file from a web server on the host through the user network's gateway
(10.0.2.2), its checksum the same on both sides."""
import functools
import hashlib
import http.server
import os
import threading
import urllib.request

import pytest
from qemu_run import QemuSession, image_path
from test_linux import BOOT_TIMEOUT, LINUX, reach_init, run
from test_linux_native import free_port

ERG = r"^\[erg\] "
GATEWAY = "10.0.2.2"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A web server on the host's loopback, serving one file of 1 MiB: (port, its sha256)."""
    root = tmp_path_factory.mktemp("www")
    data = os.urandom(1 << 20)
    (root / "blob").write_bytes(data)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hashlib.sha256(data).hexdigest()
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module", params=["rv64,h=true", "rv64,h=false"], ids=["h", "noh"])
def demo(request):
    """The default config on QEMU user networking with a host port forwarded to the
    guest's port 80: (session, that host port)."""
    port = free_port()
    net = ("-netdev", f"user,id=n0,hostfwd=tcp:127.0.0.1:{port}-10.0.2.15:80",
           "-device", "virtio-net-device,netdev=n0")
    qemu = QemuSession(image_path("default"), smp=3, cpu=request.param, extra=net)
    try:
        qemu.expect(ERG + r"uplink: virtio-net at 0x[0-9a-f]+, mac 52:54:00:12:34:56, on "
                    r"the switch$")
        qemu.expect(LINUX + r"erg-init: httpd serving /run/www on port 80$",
                    timeout=BOOT_TIMEOUT)
        reach_init(qemu, 2)
        yield qemu, port
    finally:
        qemu.close()


def test_the_host_fetches_the_guest_page_through_the_forwarded_port(demo):
    qemu, port = demo
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as answer:
        page = answer.read().decode()
    assert page == "Hello from linux, a Linux guest in an Erg partition.\n"


def test_the_guest_fetches_a_file_from_the_host_through_the_gateway(demo, served):
    qemu, _ = demo
    port, digest = served
    run(qemu, f"wget -q -O - http://{GATEWAY}:{port}/blob | sha256sum",
        rf"{digest}  -$")
    run(qemu, f"ping -c 1 -W 5 {GATEWAY}", r"1 packets transmitted, 1 packets received")
