#!/usr/bin/python3
# SPDX-License-Identifier: BSD-2-Clause
"""Erg's benchmarks (`make bench`): per-operation costs in instructions, native vs Erg.

Under QEMU's -icount shift=0 guest time counts instructions (1 per ns; one
10 MHz timebase tick is 100), so the bench guest (guests/bench/) measures
its figures with the time CSR, natively as an S-mode payload on OpenSBI and
as an Erg guest, in this one run. Linux 6.1 is timed to its init the same
way (its init prints the time counter), and Erg's monitor gives its exits
by cause. Both back ends are measured: H (VS-mode guests) and, on a hart
without H, trap-and-emulate with shadow page tables ("no H" rows). Linux's
network figures come from tools/bench_net.py. Prints a table, writes
build/bench/results.json and draws build/bench/results.png.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_net import bench_net, net_text  # noqa: E402
from qemu_run import ROOT, QemuSession, image_path  # noqa: E402

BUILD = os.environ.get("ERG_BUILD", os.path.join(ROOT, "build"))
OUT = os.path.join(BUILD, "bench")
GUESTS = os.path.join(BUILD, "guests")
ICOUNT = ("-icount", "shift=0,sleep=off")
CPU = {True: "rv64,h=true", False: "rv64,h=true,sstc=false"}
NOH_CPU = "rv64,h=false"
BENCH_LINE = re.compile(r"^(?:\[\w+\] )?bench: (\S+) (-?\d+\.\d+|timeout)(.*)$", re.MULTILINE)
EXITS = r"((?: [a-z]+ \d+)+)$"
TIMEOUT = 600
IDLE_SECONDS = 10


def exits_of(text):
    """' sbi 3 fault 4 ...' -> {'sbi': 3, 'fault': 4, ...}"""
    words = text.split()
    return {words[i]: int(words[i + 1]) for i in range(0, len(words), 2)}


def bench_lines(log):
    """Every 'bench: NAME VALUE detail' line: NAME -> (value or None on timeout, detail)."""
    return {m.group(1): (None if m.group(2) == "timeout" else float(m.group(2)),
                         m.group(3).strip()) for m in BENCH_LINE.finditer(log)}


def run_to_end(qemu, what):
    """Waits for QEMU to power off by itself; the log, or an error naming the run."""
    if qemu.wait_exit(TIMEOUT) is None:
        raise RuntimeError(f"{what}: still running after {TIMEOUT} s; tail:\n{qemu.log[-2000:]}")
    return qemu.log


def bench_native(sstc):
    image = os.path.join(GUESTS, "bench.bin")
    with QemuSession(image, smp=2, mem="256M", cpu=CPU[sstc].replace(",h=true", ""),
                     extra=ICOUNT) as qemu:
        log = run_to_end(qemu, f"native bench (Sstc {sstc})")
    return {"figures": bench_lines(log)}


def bench_erg(config, sstc, cpu=None):
    """The bench configs leave hart 0 to Erg (its console tick): -smp 3, guests on harts 1-2."""
    with QemuSession(image_path(config), smp=3, cpu=cpu or CPU[sstc], extra=ICOUNT) as qemu:
        log = run_to_end(qemu, f"Erg {config} (Sstc {sstc})")
    exits = {m.group(1): exits_of(m.group(2))
             for m in re.finditer(r"^\[erg\] guest (\S+) exits:" + EXITS, log, re.MULTILINE)}
    return {"figures": bench_lines(log), "exits": exits}


def init_instructions(qemu):
    counter = qemu.expect(r"erg-init: time counter at start: (\d+)$", timeout=TIMEOUT)
    return int(counter.group(1)) * 100


def monitor_list(qemu, opened=False):
    """Erg's monitor `list`: the linux guest's exits by cause. Ctrl-] opens the monitor
    (and would close an open one); it stays open."""
    if not opened:
        qemu.send("\x1d")
    qemu.send("list\r")
    return exits_of(qemu.expect(r"^\[erg\] 0 linux +\w+, .*exits:" + EXITS).group(1))


def linux_erg_boot(cpu=CPU[True]):
    """linux1 under -icount: instructions to init, then the exits so far (the boot profile)."""
    with QemuSession(image_path("linux1"), smp=1, cpu=cpu, extra=ICOUNT) as qemu:
        insns = init_instructions(qemu)
        qemu.expect(r"^\[linux\] # $")
        exits = monitor_list(qemu)
    return {"instructions": insns, "exits": exits}


def linux_native_boot():
    with QemuSession(os.path.join(GUESTS, "linux-Image"), smp=1, mem="256M", cpu="rv64",
                     append="console=ttyS0",
                     extra=("-initrd", os.path.join(GUESTS, "linux-initramfs.cpio")) + ICOUNT
                     ) as qemu:
        return {"instructions": init_instructions(qemu)}


def uptime(qemu):
    """The guest's uptime, once its shell has printed the next prompt."""
    qemu.send("cat /proc/uptime\r")
    seconds = float(qemu.expect(r"^\[linux\] (\d+\.\d+) \d+\.\d+$").group(1))
    qemu.expect(r"^\[linux\] # $")
    return seconds


def linux_idle(cpu=CPU[True]):
    """Exits per second of an idle Linux. With sleep=on idle guest time follows the host's
    clock, so ten host seconds are about ten guest seconds; the guest's own uptime, read
    just before the first snapshot and just after the second, gives the exact span."""
    with QemuSession(image_path("linux1"), smp=1, cpu=cpu,
                     extra=("-icount", "shift=0,sleep=on")) as qemu:
        init_instructions(qemu)
        qemu.expect(r"^\[linux\] # $")
        start = uptime(qemu)
        first = monitor_list(qemu)
        time.sleep(IDLE_SECONDS)
        second = monitor_list(qemu, opened=True)
        qemu.send("exit\r")
        span = uptime(qemu) - start
    return {"seconds": span, "exits": {k: second[k] - first[k] for k in first},
            "per_second": {k: (second[k] - first[k]) / span for k in first}}


def output(*cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def gstage_pages(regions):
    """Table pages arch/riscv/h/gstage.c builds for these (gpa, size) regions: the 4-page root,
    a level-1 page per GiB holding RAM and a level-0 page per 2 MiB no 2 MiB leaf covers
    (RAM of 2 MiB or more is 2 MiB aligned in the host too; 1 GiB leaves, which need a
    1 GiB aligned host address, are not counted on)."""
    gib, small = set(), set()
    for gpa, size in regions:
        whole = size >= 1 << 21
        for chunk in range(gpa >> 21, (gpa + size - 1 >> 21) + 1):
            gib.add(chunk >> 9)
            if not (whole and chunk << 21 >= gpa and (chunk + 1) << 21 <= gpa + size):
                small.add(chunk)
    return 4 + len(gib) + len(small)


def guest_overhead(config):
    """Erg's memory per guest beyond its RAM: its G-stage tables, computed from its config,
    and its struct vm, one slot of the static guests_vms table in erg.elf."""
    elf, dtb = (os.path.join(BUILD, config, f) for f in ("erg.elf", "config.dtb"))
    slots = int(re.search(r"#define CONFIG_MAX_GUESTS\s+(\d+)",
                          open(os.path.join(ROOT, "core", "config", "config.h")).read()).group(1))
    vms = re.search(r"^\w+ (\w+) \w guests_vms$", output("riscv64-unknown-elf-nm", "-S", elf),
                    re.MULTILINE)
    state = int(vms.group(1), 16) // slots
    result = {}
    # fdtget -l stops at the NOP tokens config_align.py adds; dtc reads them as the spec says.
    dts = output("dtc", "-q", "-I", "dtb", "-O", "dts", dtb)
    guests = re.search(r"^\tguests \{\n(.*?)^\t\};", dts, re.MULTILINE | re.DOTALL).group(1)
    for name in re.findall(r"^\t\t([^\s{]+) \{$", guests, re.MULTILINE):
        cells = [int(c, 16) for c in output("fdtget", "-t", "x", dtb, f"/guests/{name}",
                                            "memory").split()]
        regions = [(cells[i] << 32 | cells[i + 1], cells[i + 2] << 32 | cells[i + 3])
                   for i in range(0, len(cells), 4)]
        tables = gstage_pages(regions) * 4096
        result[name] = {"ram": sum(size for _, size in regions), "tables": tables,
                        "state": state, "total": tables + state}
    return result


def footprint():
    sizes = {}
    for config in ("empty", "default"):
        out = output("riscv64-unknown-elf-size", os.path.join(BUILD, config, "erg.elf"))
        text, data, bss = (int(x) for x in out.splitlines()[1].split()[:3])
        sizes[config] = {"text": text, "data": data, "bss": bss}
    sizes["per_guest"] = {config: guest_overhead(config) for config in ("bench", "linux1")}
    return sizes


# (key, figure, source: (run, name), target or None)
OPS = [
    ("sbi_null", "null SBI call (get_spec_version)", (True, "sbi-null"), 100),
    ("set_timer_sstc", "SBI set_timer, Sstc", (True, "sbi-set-timer"), 200),
    ("set_timer_nosstc", "SBI set_timer, no Sstc", (False, "sbi-set-timer"), 200),
    ("plic_read", "MMIO read, PLIC priority", (True, "mmio-plic-read"), 250),
    ("plic_write", "MMIO write, PLIC priority", (True, "mmio-plic-write"), 250),
    ("uart_lsr_read", "MMIO read, UART LSR", (True, "mmio-uart-lsr-read"), 250),
    ("uart_scr_write", "MMIO write, UART SCR", (True, "mmio-uart-scr-write"), 150),
    ("wfi_resume", "WFI that resumes at once", (True, "wfi-resume"), 150),
    ("illegal_redirect", "illegal instruction, redirected through M-mode",
     (True, "illegal-redirect"), None),
    ("timer_sstc_spin", "timer irq latency, Sstc, spinning", (True, "timer-spin-stimecmp"), None),
    ("timer_sbi_spin", "timer irq latency, no Sstc, spinning", (False, "timer-spin-sbi"), 300),
    ("timer_sstc_wfi", "timer irq latency, Sstc, in WFI", (True, "timer-wfi-stimecmp"), 50),
    ("timer_sbi_wfi", "timer irq latency, no Sstc, in WFI", (False, "timer-wfi-sbi"), None),
    ("ipi", "IPI latency, 2 vCPUs on 2 harts", (True, "ipi"), 1500),
]


# The trap-and-emulate back end, from the bench guest on a hart without H (host Sstc on;
# guests get no Sstc there). (key, figure, bench name, target or None); "2x redirect" is
# twice the native M-mode redirect of one illegal instruction.
NOH_OPS = [
    ("noh_sbi_null", "no H: null SBI call", "sbi-null", None),
    ("noh_set_timer", "no H: SBI set_timer", "sbi-set-timer", None),
    ("noh_plic_read", "no H: MMIO read, PLIC priority", "mmio-plic-read", None),
    ("noh_uart_lsr_read", "no H: MMIO read, UART LSR", "mmio-uart-lsr-read", None),
    ("noh_csr_read", "no H: CSR read (sscratch), emulated", "csr-read", "2x redirect"),
    ("noh_csr_write", "no H: CSR write (sscratch), emulated", "csr-write", "2x redirect"),
    ("noh_sret", "no H: sret, emulated", "sret", None),
    ("noh_sfence_page", "no H: sfence.vma of one page", "sfence-page", None),
    ("noh_sfence_all", "no H: sfence.vma of all, with the refills after it", "sfence-all", None),
    ("noh_page_fill", "no H: first touch of a page (shadow fill)", "page-fill", None),
    ("noh_wfi_resume", "no H: WFI that resumes at once", "wfi-resume", None),
    ("noh_timer_sbi_wfi", "no H: timer irq latency, in WFI", "timer-wfi-sbi", None),
    ("noh_ipi", "no H: IPI latency, 2 vCPUs on 2 harts", "ipi", None),
]


def figure_value(run, name):
    value = run["figures"].get(name)
    return "n/a" if value is None else ("timeout" if value[0] is None else value[0])


def met(value, target):
    if target is None or value == "n/a":
        return "-"
    return "yes" if value != "timeout" and value <= target else "no"


def rows_of(r):
    rows = []
    for key, figure, (sstc, name), target in OPS:
        native = figure_value(r["native"][sstc], name)
        erg = figure_value(r["erg"][sstc], name)
        rows.append((key, figure, native, erg, target, met(erg, target)))
    for sstc, label, target in ((True, "Sstc", 1000), (False, "no Sstc", None)):
        erg = figure_value(r["switch"][sstc], "switch-stimecmp" if sstc else "switch-sbi")
        rows.append((f"switch_{'sstc' if sstc else 'nosstc'}",
                     f"guest-to-guest switch, {label}", "n/a", erg, target, met(erg, target)))
    timer_exits = r["erg"][True]["exits"]["bench"]["timer"]
    irqs = int(figure_value(r["erg"][True], "timer-irqs"))
    rows.append(("sstc_timer_exits", f"timer exits of an Sstc guest ({irqs} timer irqs)", "n/a",
                 timer_exits, 0, met(timer_exits, 0)))
    native, erg = r["linux"]["native"]["instructions"], r["linux"]["erg"]["instructions"]
    rows.append(("linux_boot", "Linux 6.1 boot to init, instructions", native, erg,
                 "native+3%", "yes" if erg <= native * 1.03 else "no"))
    idle = sum(r["linux"]["idle"]["per_second"].values())
    rows.append(("linux_idle_exits", "idle Linux, exits per second", "n/a", round(idle, 1),
                 "< 100", "yes" if idle < 100 else "no"))
    return rows + noh_rows_of(r)


def noh_rows_of(r):
    rows = []
    redirect = figure_value(r["native"][True], "illegal-redirect")
    rows.append(("noh_redirect", "no H: illegal instruction, M-mode redirect alone", redirect,
                 "n/a", None, "-"))
    for key, figure, name, target in NOH_OPS:
        native = figure_value(r["native"][True], name)
        erg = figure_value(r["noh"], name)
        limit = 2 * redirect if target == "2x redirect" else target
        rows.append((key, figure, native, erg, target, met(erg, limit)))
    native, noh = r["linux"]["native"]["instructions"], r["linux"]["noh"]["instructions"]
    rows.append(("noh_linux_boot", "no H: Linux 6.1 boot to init, instructions", native, noh,
                 "native x10", "yes" if noh <= native * 10 else "no"))
    idle = sum(r["linux"]["noh_idle"]["per_second"].values())
    rows.append(("noh_linux_idle_exits", "no H: idle Linux, exits per second", "n/a",
                 round(idle, 1), "< 100", "yes" if idle < 100 else "no"))
    return rows


def fmt(value):
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) < 10000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def linux_exits_text(title, boot, idle):
    """Exits by cause of one back end: to init, per second of the boot, per second idle."""
    seconds = boot["instructions"] / 1e9
    lines = ["", f"{title}: to init ({seconds:.3f} s of guest time) and idle "
             f"({idle['seconds']:.1f} s)",
             f"{'cause':<10} {'to init':>10} {'per s':>10} {'idle per s':>12}"]
    for cause, count in boot["exits"].items():
        lines.append(f"{cause:<10} {count:>10,} {count / seconds:>10,.0f} "
                     f"{idle['per_second'][cause]:>12,.1f}")
    return lines


def table_text(rows, r):
    lines = [f"{'figure (instructions per operation)':<46} {'native':>12} {'Erg':>12} "
             f"{'target':>10} {'met?':>5}"]
    for _, figure, native, erg, target, ok in rows:
        lines.append(f"{figure:<46} {fmt(native):>12} {fmt(erg):>12} "
                     f"{fmt(target if target is not None else '-'):>10} {ok:>5}")
    lines += linux_exits_text("Linux exits by cause", r["linux"]["erg"], r["linux"]["idle"])
    lines += linux_exits_text("Linux exits by cause without H", r["linux"]["noh"],
                              r["linux"]["noh_idle"])
    lines += net_text(r["net"])
    lines.append("")
    for config in ("empty", "default"):
        s = r["footprint"][config]
        lines.append(f"erg.elf, config {config:<8} text {s['text']:>9,}  data {s['data']:>5,}  "
                     f"bss {s['bss']:>8,} bytes")
    for config, guests in r["footprint"]["per_guest"].items():
        for name, g in guests.items():
            lines.append(f"Erg's memory for guest {name} ({config}, {g['ram'] >> 20} MiB) beyond "
                         f"its RAM: {g['total'] / 1024:.1f} KiB = G-stage tables "
                         f"{g['tables'] >> 10} KiB + struct vm {g['state'] / 1024:.1f} KiB")
    return "\n".join(lines)


def chart(rows, path):
    """Native and Erg bars per figure on a log scale (values under 0.5 drawn at 0.5), Erg's
    targets as black marks; the Linux boot beside them."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ops = [row for row in rows if row[0] in {k for k, *_ in OPS} or row[0].startswith("switch")
           or row[0] in {k for k, *_ in NOH_OPS}]
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 6.5), gridspec_kw={"width_ratios": [6, 1]})
    for offset, column, label in ((-0.2, 2, "native"), (0.2, 3, "Erg")):
        for x, row in enumerate(ops):
            value = row[column]
            if isinstance(value, (int, float)):
                left.bar(x + offset, max(value, 0.5), 0.4, color="C0" if column == 2 else "C1",
                         label=label if x == 0 else None)
            else:
                left.text(x + offset, 0.6, value, rotation=90, ha="center", fontsize=8)
    targets = [(x, row[4]) for x, row in enumerate(ops) if isinstance(row[4], int)]
    redirect = next(row[2] for row in rows if row[0] == "noh_redirect")
    targets += [(x, 2 * redirect) for x, row in enumerate(ops) if row[4] == "2x redirect"]
    left.scatter([x + 0.2 for x, _ in targets], [t for _, t in targets], marker="_", s=300,
                 color="black", label="Erg target", zorder=3)
    left.set_yscale("log")
    left.set_ylim(bottom=0.4)
    left.set_xticks(range(len(ops)))
    left.set_xticklabels([row[1] for row in ops], rotation=60, ha="right", fontsize=8)
    left.set_ylabel("instructions per operation (QEMU -icount shift=0)")
    left.legend()
    boot = next(row for row in rows if row[0] == "linux_boot")
    noh = next(row for row in rows if row[0] == "noh_linux_boot")
    right.bar(["native", "Erg", "Erg no H"], [boot[2] / 1e6, boot[3] / 1e6, noh[3] / 1e6],
              color=["C0", "C1", "C2"])
    right.set_ylabel("Linux 6.1 boot to init, million instructions")
    fig.tight_layout()
    fig.savefig(path, dpi=100)


def main():
    r = {"native": {}, "erg": {}, "switch": {}, "linux": {}, "noh": {}}
    for sstc in (True, False):
        print(f"bench: bench guest, Sstc {'on' if sstc else 'off'}: native, Erg, guest switch",
              flush=True)
        r["native"][sstc] = bench_native(sstc)
        r["erg"][sstc] = bench_erg("bench", sstc)
        r["switch"][sstc] = bench_erg("bench_switch", sstc)
    print("bench: bench guest on a hart without H", flush=True)
    r["noh"] = bench_erg("bench", True, cpu=NOH_CPU)
    print("bench: Linux boot under Erg and native, then 10 s idle under Erg; both back ends",
          flush=True)
    r["linux"]["erg"] = linux_erg_boot()
    r["linux"]["native"] = linux_native_boot()
    r["linux"]["idle"] = linux_idle()
    r["linux"]["noh"] = linux_erg_boot(NOH_CPU)
    r["linux"]["noh_idle"] = linux_idle(NOH_CPU)
    print("bench: Linux networking under Erg and native", flush=True)
    r["net"] = bench_net(GUESTS)
    r["footprint"] = footprint()
    rows = rows_of(r)
    text = table_text(rows, r)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "results.json"), "w") as out:
        json.dump({"table": [dict(zip(("key", "figure", "native", "erg", "target", "met"), row))
                             for row in rows],
                   "runs": {k: ({str(s): v for s, v in r[k].items()}
                                if k in ("native", "erg", "switch") else r[k]) for k in r}},
                  out, indent=1)
    chart(rows, os.path.join(OUT, "results.png"))
    print(text)
    print(f"bench: wrote {OUT}/results.json and {OUT}/results.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
