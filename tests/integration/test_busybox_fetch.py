# SPDX-License-Identifier: BSD-2-Clause
"""The Linux guest's BusyBox comes from Debian 13's busybox-static through
tools/debian-riscv64.sh, unpacked once into the cache: a later build must not go
to the network, however old the package lists are. Checked on a copy of the cache
whose lists are three days old, with an apt-get that fails if anything runs it."""
import glob
import os
import shutil
import subprocess
import time

import pytest
from qemu_run import ROOT

CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")),
                     "erg", "debian-riscv64")


def test_a_cached_busybox_is_found_without_apt_get(tmp_path):
    unpacked = glob.glob(os.path.join(CACHE, "unpacked", "busybox-static_*"))
    if not unpacked or not os.path.isdir(os.path.join(CACHE, "lists")):
        pytest.skip("busybox-static was never fetched: run `make linux` first")
    cache = tmp_path / "erg" / "debian-riscv64"
    shutil.copytree(os.path.join(CACHE, "lists"), cache / "lists")
    for path in unpacked:
        (cache / "unpacked").mkdir(parents=True, exist_ok=True)
        os.symlink(path, cache / "unpacked" / os.path.basename(path))
    old = time.time() - 3 * 24 * 3600
    for path in (cache / "lists").iterdir():
        os.utime(path, (old, old))
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "apt-get").write_text("#!/bin/sh\necho 'apt-get ran' >&2\nexit 1\n")
    (stub / "apt-get").chmod(0o755)
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path), PATH=f"{stub}:{os.environ['PATH']}",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    found = subprocess.run([os.path.join(ROOT, "tools", "debian-riscv64.sh"), "busybox-static"],
                           env=env, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    assert "apt-get ran" not in found.stderr
    assert os.path.isfile(os.path.join(found.stdout.strip(), "usr", "bin", "busybox"))
