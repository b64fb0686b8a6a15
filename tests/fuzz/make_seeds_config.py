#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Writes the seed corpus of tests/fuzz/fuzz_config.c into tests/fuzz/corpus/fuzz_config/.

Each seed is a shipped partition config (guests/configs/*.dts) or a good one
of the checker's corpus (tests/configs/good/*.dts), compiled with dtc. Their
/incbin/ images are replaced by small stand-ins (a whole sector for a disk
image), so that the seeds stay a few KiB each and still pass the parser: the
fuzzer starts from configs that reach every rule.
"""
import glob
import os
import re
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
INCBIN = re.compile(r'/incbin/\("([^"]+)"\)')
SOURCES = {"guests": "guests/configs/*.dts", "good": "tests/configs/good/*.dts"}


def stand_in(name):
    """Bytes for the image name: a sector of a disk image, else a jump-to-self and a tag."""
    if name.endswith(".img"):
        return bytes(512)
    return bytes([0x6F, 0, 0, 0]) + name.encode()[:12].ljust(12, b".")


def compile_seed(dts, images, out):
    """Compile dts with its images swapped for stand-ins in the directory images."""
    with open(dts) as f:
        text = f.read()
    for path in INCBIN.findall(text):
        name = os.path.basename(path)
        with open(os.path.join(images, name), "wb") as f:
            f.write(stand_in(name))
    local = os.path.join(images, os.path.basename(dts))
    with open(local, "w") as f:
        f.write(INCBIN.sub(lambda m: '/incbin/("%s")' % os.path.basename(m.group(1)), text))
    subprocess.run(["dtc", "-q", "-i", images, "-I", "dts", "-O", "dtb", "-o", out, local],
                   check=True)


def main():
    out = os.path.join(HERE, "corpus", "fuzz_config")
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as images:
        for prefix, pattern in SOURCES.items():
            for dts in sorted(glob.glob(os.path.join(ROOT, pattern))):
                name = os.path.basename(dts)[:-len(".dts")]
                compile_seed(dts, images, os.path.join(out, f"{prefix}-{name}.dtb"))


if __name__ == "__main__":
    main()
