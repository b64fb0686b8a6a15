#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Boot an Erg image in QEMU without a terminal and return its console log.

Used by the integration tests (import QemuSession) and by people (run it):

    tools/qemu_run.py [--config default] [--smp 4] [--mem 2G] [--cpu rv64,h=true]
                      [--bios fw_jump|fw_dynamic|default|PATH] [--append ARGS]
                      [--until REGEX] [--timeout SECONDS]

It prints the console as it arrives and exits 0 when --until matched (or, without
--until, when QEMU powered off by itself), 1 on timeout.
"""
import argparse
import os
import re
import select
import subprocess
import sys
import time

OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic"
FIRMWARE = {
    "fw_jump": f"{OPENSBI}/fw_jump.bin",
    "fw_dynamic": f"{OPENSBI}/fw_dynamic.bin",
    "default": "default",  # QEMU's own OpenSBI build, fw_dynamic flavour
}
# Debian's S-mode U-Boot for QEMU (u-boot-qemu): the boot loader a board runs. Its
# kernel_addr_r and ramdisk_addr_r, where uboot_booti has QEMU place the files.
UBOOT = "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"
UBOOT_KERNEL_ADDR_R = 0x84000000
UBOOT_RAMDISK_ADDR_R = 0x8c300000
CURSOR_QUERY = "\x1b[6n"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def image_path(config="default"):
    build = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
    return os.path.join(build, config, "erg.bin")


def echoed(prefix, text):
    """A regex for text as a guest echoes it on Erg's console, where each line carries
    prefix (say, "[linux] "): a partial line that sits idle for 200 ms goes out on its own
    (a slow echo under a busy host), so the text may come split over several lines."""
    split = r"(?:\n" + re.escape(prefix) + ")?"
    return split.join(re.escape(c) for c in text)


class QemuTimeout(AssertionError):
    """A console line did not arrive in time; the message carries the log tail."""


class QemuSession:
    """One QEMU run of an Erg image, read line by line with deadlines."""

    def __init__(self, image=None, smp=4, mem="2G", cpu="rv64,h=true", bios="fw_jump",
                 append=None, extra=(), echo=False, machine="virt"):
        """machine is QEMU's -M; cpu None keeps the machine's own CPUs (sifive_u's)."""
        self.cmd = ["qemu-system-riscv64", "-M", machine]
        if cpu:
            self.cmd += ["-cpu", cpu]
        self.cmd += ["-smp", str(smp), "-m", mem, "-nographic", "-bios",
                     FIRMWARE.get(bios, bios), "-kernel", image or image_path()]
        if append:
            self.cmd += ["-append", append]
        self.cmd += list(extra)
        self.echo = echo
        self.log = ""
        self._seen = 0  # expect() searches from here on
        self._held = ""  # the start of a terminal question, until its end comes
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)

    def _read(self, timeout):
        """Append what QEMU printed within timeout seconds; False once it has exited."""
        ready, _, _ = select.select([self.proc.stdout], [], [], max(timeout, 0))
        if not ready:
            return True
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            self.proc.wait()
            return False
        text = self._held + data.decode("utf-8", "replace").replace("\r", "")
        # BusyBox's line editor asks the terminal where its cursor is after each
        # prompt (ESC [ 6 n); nobody here answers, and the question is not text.
        # A question cut in two by the read waits for its end.
        self._held = next((text[-n:] for n in (3, 2, 1) if text.endswith(CURSOR_QUERY[:n])), "")
        text = text[:len(text) - len(self._held)].replace(CURSOR_QUERY, "")
        if self.echo:
            sys.stdout.write(text)
            sys.stdout.flush()
        self.log += text
        return True

    def _complete_lines(self):
        """The log up to its last newline: a line still arriving must not match early."""
        return self.log[:self.log.rfind("\n") + 1]

    def expect(self, pattern, timeout=30, partial=False):
        """Wait for a regex (multiline) in whole lines after the previous match;
        partial also searches the line still arriving (a boot loader's prompt)."""
        regex = re.compile(pattern, re.MULTILINE)
        text = (lambda: self.log) if partial else self._complete_lines
        deadline = time.monotonic() + timeout
        while True:
            match = regex.search(text(), self._seen)
            if match:
                self._seen = match.end()
                return match
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.5)):
                if not regex.search(text(), self._seen):
                    raise QemuTimeout(f"no match for {pattern!r} within {timeout}s "
                                      f"(QEMU {'exited' if self.proc.poll() is not None else 'running'})"
                                      f"; console tail:\n{self.log[-3000:]}{self.cpu_state()}")

    def wait_seen(self, pattern, timeout=30, since=0, partial=False):
        """Wait until a regex matches anywhere in the whole lines so far (from offset since
        of the log on); the expect() position stays where it is (for lines of guests
        running side by side, whose order is not fixed). The first match. partial also
        searches the line still arriving (a shell's prompt)."""
        regex = re.compile(pattern, re.MULTILINE)
        text = (lambda: self.log) if partial else self._complete_lines
        deadline = time.monotonic() + timeout
        while not (match := regex.search(text(), since)):
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(min(left, 0.5)):
                if match := regex.search(text(), since):
                    break
                raise QemuTimeout(f"never saw {pattern!r} within {timeout}s; console tail:\n"
                                  f"{self.log[-3000:]}{self.cpu_state()}")
        return match

    def cpu_state(self):
        """Where each hart is, from QEMU's monitor (Ctrl-A c), for a test that timed out
        while QEMU still runs; the console is of no more use to the test after this."""
        if self.proc.poll() is not None:
            return ""
        mark = len(self.log)
        probes = "info registers -a\n"
        lock = self._symbol("console_lock")
        if lock:
            probes += f"xp /1gx 0x{lock}\n"
        try:
            self.send("\x01c" + probes)
        except OSError:
            return ""
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and self._read(0.2):
            pass
        out = self.log[mark:]
        regs = re.findall(r"^CPU#(\d+)|^ pc +([0-9a-f]+)", out, re.MULTILINE)
        words = re.findall(r"^0*([0-9a-f]+): ((?:0x[0-9a-f]+ ?)+)$", out, re.MULTILINE)
        return ("\nharts at timeout: " + " ".join(f"cpu{c}" if c else f"pc={pc}" for c, pc in regs)
                + "".join(f"\n  memory {addr}: {vals}" for addr, vals in words))

    def _symbol(self, name):
        """The address (hex) of one of Erg's symbols in the ELF beside the booted image."""
        elf = os.path.splitext(self.cmd[self.cmd.index("-kernel") + 1])[0] + ".elf"
        try:
            nm = subprocess.run(["riscv64-unknown-elf-nm", elf], capture_output=True, text=True)
        except OSError:
            return None
        found = re.search(rf"^([0-9a-f]+) \w {name}$", nm.stdout, re.MULTILINE)
        return found.group(1) if found else None

    def wait_exit(self, timeout=30):
        """Wait for QEMU to end by itself; return its exit code or None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._read(min(deadline - time.monotonic(), 0.5)):
                return self.proc.returncode
        return None

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()
        self.proc.stdin.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def uboot_booti(erg, archive=None, **options):
    """A QemuSession in which Debian's U-Boot starts erg with booti, as on a board, with
    archive (a boot archive) as its ramdisk; options are QemuSession's."""
    extra = ["-device", f"loader,file={erg},addr={UBOOT_KERNEL_ADDR_R:#x},force-raw=on"]
    ramdisk = "-"
    if archive:
        extra += ["-device", f"loader,file={archive},addr={UBOOT_RAMDISK_ADDR_R:#x},force-raw=on"]
        ramdisk = f"${{ramdisk_addr_r}}:{os.path.getsize(archive):#x}"
    qemu = QemuSession(UBOOT, extra=extra + list(options.pop("extra", ())), **options)
    qemu.expect(r"Hit any key to stop autoboot", timeout=60, partial=True)
    qemu.send(" ")
    qemu.expect(r"^=> ", timeout=30, partial=True)
    qemu.send(f"booti ${{kernel_addr_r}} {ramdisk} ${{fdtcontroladdr}}\n")
    return qemu


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="default")
    parser.add_argument("--smp", type=int, default=4)
    parser.add_argument("--mem", default="2G")
    parser.add_argument("--cpu", default="rv64,h=true")
    parser.add_argument("--bios", default="fw_jump")
    parser.add_argument("--append")
    parser.add_argument("--until", help="stop successfully once this regex is printed")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    with QemuSession(image_path(args.config), args.smp, args.mem, args.cpu, args.bios,
                     args.append, echo=True) as qemu:
        if args.until:
            try:
                qemu.expect(args.until, args.timeout)
                print()
                return 0
            except QemuTimeout:
                print(f"\nqemu_run: timed out after {args.timeout}s waiting for {args.until!r}",
                      file=sys.stderr)
                return 1
        code = qemu.wait_exit(args.timeout)
        if code is None:
            print(f"\nqemu_run: still running after {args.timeout}s; stopped", file=sys.stderr)
            return 1
        return 0


if __name__ == "__main__":
    sys.exit(main())
