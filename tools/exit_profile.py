#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Where Erg's instructions go between a guest's instructions, function by function.

Boots a built config under -icount, waits for a console line, then has QEMU log
every instruction one hart executes (monitor: singlestep, log exec,nochain) for
a while. The trace is cut into Erg's stretches: from trap_entry to the sret
that returns to the guest. Stretches are grouped by length and, for the
commonest lengths, each function's share of the instructions is printed:

    tools/exit_profile.py --config bench --after 'bench: sbi-set-timer' --hart 1

Used to find what to shorten on the exit paths that `make bench` measures.
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from qemu_run import QemuSession, image_path  # noqa: E402

TRACE_LINE = re.compile(r"^Trace (\d+): \S+ \[[0-9a-f]+/([0-9a-f]+)/")


def functions(elf):
    """Sorted (address, name) of the image's functions, and the addresses of its srets."""
    syms = []
    for line in subprocess.run(["nm", "-n", elf], capture_output=True, text=True).stdout.split("\n"):
        parts = line.split()
        if len(parts) == 3 and parts[1] in "tT" and not parts[2].startswith("$"):
            syms.append((int(parts[0], 16), parts[2]))
    dump = subprocess.run(["riscv64-unknown-elf-objdump", "-d", elf], capture_output=True,
                          text=True).stdout
    srets = {int(m.group(1), 16) for m in re.finditer(r"^\s*([0-9a-f]+):\s+\S+\s+sret", dump,
                                                        re.MULTILINE)}
    return syms, srets


def stretches(trace, hart, syms, srets):
    """Erg's stretches on one hart: each a list of function names, one per instruction.

    A guest linked where Erg is (the bench guest is) could pass through trap_entry's address
    in its own code; its images are small enough that it does not.
    """
    addrs = [a for a, _ in syms]
    entry = next(a for a, n in syms if n == "trap_entry")
    out, cur = [], None
    with open(trace) as log:
        for line in log:
            m = TRACE_LINE.match(line)
            if not m or int(m.group(1)) != hart:
                continue
            pc = int(m.group(2), 16)
            if pc == entry and cur is None:
                cur = []
            if cur is None:
                continue
            at = bisect.bisect_right(addrs, pc) - 1
            # Below Erg's image: the firmware, where an SBI call of Erg's own runs in M-mode.
            cur.append((syms[at][1] if at >= 0 else "(firmware)", pc))
            if pc in srets:
                out.append(cur)
                cur = None
    return out


def report(runs, top, listing):
    """Each commonest length's instructions by function; with listing, every pc of the first."""
    lengths = collections.Counter(len(r) for r in runs)
    print(f"{len(runs)} stretches of Erg between guest instructions; commonest lengths:")
    for length, count in lengths.most_common(top):
        run = next(r for r in runs if len(r) == length)
        print(f"\n{length} instructions, {count} times:")
        for name, n in collections.Counter(name for name, _ in run).most_common():
            print(f"  {n:6d}  {name}")
        if listing:
            for name, pc in run:
                print(f"    {pc:#x}  {name}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--config", default="bench")
    ap.add_argument("--after", default="bench: start", help="console line to start tracing at")
    ap.add_argument("--delay", type=float, default=0, help="host time to wait after that line")
    ap.add_argument("--seconds", type=float, default=0.3, help="host time to trace for")
    ap.add_argument("--hart", type=int, default=1)
    ap.add_argument("--smp", type=int, default=3)
    ap.add_argument("--cpu", default="rv64,h=true")
    ap.add_argument("--top", type=int, default=3, help="how many lengths to break down")
    ap.add_argument("--list", action="store_true", help="print each pc of those stretches")
    args = ap.parse_args()
    elf = os.path.splitext(image_path(args.config))[0] + ".elf"
    syms, srets = functions(elf)
    with tempfile.TemporaryDirectory() as tmp:
        trace = os.path.join(tmp, "exec.log")
        with QemuSession(image_path(args.config), smp=args.smp, cpu=args.cpu,
                         extra=("-icount", "shift=0,sleep=off")) as qemu:
            qemu.expect(re.escape(args.after), timeout=120)
            time.sleep(args.delay)
            qemu.send(f"\x01clogfile {trace}\nsinglestep on\nlog exec,nochain\n")
            time.sleep(args.seconds)
            qemu.send("log none\n")
            time.sleep(0.3)
        if not os.path.exists(trace):
            print("exit_profile: no trace (did the guest finish first?)", file=sys.stderr)
            return 1
        report(stretches(trace, args.hart, syms, srets), args.top, args.list)
    return 0


if __name__ == "__main__":
    sys.exit(main())
