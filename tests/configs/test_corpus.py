"""The partition-config corpus, run through the build's checker (build/tools/erg-config-check).

Every tests/configs/bad/*.dts breaks one rule and names, in its first line
`/* expect: MESSAGE */`, the exact message the checker must print after "FILE: ".
Every tests/configs/good/*.dts and every shipped guests/configs/*.dts must pass.
Run with `make config-test` (part of `make test`).
"""
import glob
import os
import re
import subprocess

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, os.environ.get("ERG_BUILD", "build"))
CHECKER = os.path.join(BUILD, "tools", "erg-config-check")
EXPECT = re.compile(r"^/\* expect: (.+) \*/$")


def corpus(pattern):
    return sorted(os.path.relpath(p, ROOT) for p in glob.glob(os.path.join(ROOT, pattern)))


BAD = corpus("tests/configs/bad/*.dts")
GOOD = corpus("tests/configs/good/*.dts") + corpus("guests/configs/*.dts")


def expected_message(path):
    with open(os.path.join(ROOT, path)) as f:
        match = EXPECT.match(f.readline().rstrip("\n"))
    assert match, f"{path}: the first line must be /* expect: MESSAGE */"
    return match.group(1)


@pytest.fixture
def images(tmp_path):
    """A directory with the small images tests/configs/good/incbin.dts pulls in."""
    (tmp_path / "erg-test-kernel.bin").write_bytes(bytes([0x6F, 0, 0, 0]) * 1024)
    (tmp_path / "erg-test-initrd.cpio").write_bytes(b"070701" + bytes(10000))
    return tmp_path


def compile_config(path, dtb, include=()):
    """Compile path with dtc and align its images, as the Makefile does."""
    includes = [arg for d in include for arg in ("-i", str(d))]
    subprocess.run(["dtc", "-q", *includes, "-I", "dts", "-O", "dtb", "-o", str(dtb), path],
                   cwd=ROOT, check=True)
    subprocess.run([os.path.join(ROOT, "tools", "config_align.py"), str(dtb)], check=True)


def check(path, tmp_path, include=()):
    """Compile path as the Makefile does and run the checker on it."""
    assert os.path.exists(CHECKER), f"{CHECKER} is missing: run `make config-test`"
    dtb = tmp_path / "config.dtb"
    compile_config(path, dtb, include)
    return subprocess.run([CHECKER, path, str(dtb)], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize("path", BAD, ids=lambda p: os.path.basename(p)[:-4])
def test_bad_config_fails_with_its_message(path, tmp_path):
    result = check(path, tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == f"{path}: {expected_message(path)}\n"


@pytest.mark.parametrize("path", GOOD, ids=lambda p: os.path.relpath(p, "tests")[:-4])
def test_good_config_passes(path, tmp_path, images):
    result = check(path, tmp_path, include=(images, os.path.join(BUILD, "guests")))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_corpus_covers_many_rules_with_distinct_messages():
    messages = [expected_message(p) for p in BAD]
    assert len(messages) >= 20
    assert len(set(messages)) == len(messages)


def test_checker_usage_and_unreadable_input(tmp_path):
    usage = subprocess.run([CHECKER], capture_output=True, text=True)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: ")
    missing = subprocess.run([CHECKER, "x.dts", str(tmp_path / "none.dtb")],
                             capture_output=True, text=True)
    assert missing.returncode == 2
    assert missing.stderr.startswith("x.dts: cannot read ")


def test_checker_refuses_a_truncated_dtb(tmp_path):
    good = "tests/configs/good/two-guests.dts"
    assert check(good, tmp_path).returncode == 0
    dtb = tmp_path / "config.dtb"
    dtb.write_bytes(dtb.read_bytes()[:-16])
    result = subprocess.run([CHECKER, good, str(dtb)], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr == f"{good}: {dtb} is not a complete DTB\n"


def test_checker_refuses_a_file_that_is_no_dtb(tmp_path):
    junk = tmp_path / "junk.dtb"
    junk.write_bytes(b"\0" * 64)
    result = subprocess.run([CHECKER, "junk.dts", str(junk)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == "junk.dts: dtb: not a valid flattened device tree\n"
