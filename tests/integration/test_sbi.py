# SPDX-License-Identifier: BSD-2-Clause
"""SBI for guests, checked from inside a guest: sbi_check calls every SBI
function Erg offers (STA, SUSP and FWFT included) with good and bad
arguments and prints PASS or FAIL for each, on a CPU with Sstc (Erg hands the
guest its own stimecmp) and on one without (Erg emulates the guest's timer),
with and without H; smp starts four vCPUs with HSM, passes IPIs round a ring
and fences them all. Both shut down with SRST, which powers the machine off."""
import re

import pytest

ERG = r"^\[erg\] "
CHECK = r"^\[sbi_check\] sbi_check: "
MIN_CHECKS = 40


# One case of each SBI 2.0 extension that ends in the guest's own state, so a
# checker that stopped running one fails here.
SBI_2_CASES = ["sta.steal_counts_the_wait", "sta.disabled_leaves_record",
               "susp.denied_while_another_hart_runs", "susp.resumed_a1_is_opaque",
               "fwft.locked_denied"]

CPUS = {"sstc": "rv64", "no-sstc": "rv64,sstc=false",
        "noh-sstc": "rv64,h=false", "noh-no-sstc": "rv64,h=false,sstc=false"}


@pytest.mark.parametrize("cpu", sorted(CPUS))
@pytest.mark.parametrize("smp", [1, 2])
def test_every_sbi_check_passes(boot, smp, cpu):
    qemu = boot(config="sbi", smp=smp, cpu=CPUS[cpu])
    h = "no" if cpu.startswith("noh") else "yes"
    sstc = "no" if cpu.endswith("no-sstc") else "yes"
    qemu.expect(ERG + rf"extensions: H {h}, Sstc {sstc} ")
    tally = qemu.expect(CHECK + r"(\d+) passed, (\d+) failed$", timeout=60)
    verdicts = re.findall(CHECK + r"(PASS|FAIL|SKIP) (\S+)", qemu.log, re.MULTILINE)
    bad = [line for line in qemu.log.splitlines()
           if re.match(CHECK + r"(FAIL|SKIP) ", line)]
    assert not bad, "checks that did not pass:\n" + "\n".join(bad)
    names = [name for _, name in verdicts]
    assert len(names) == len(set(names)), "a check name appears twice"
    missing = [name for name in SBI_2_CASES if name not in names]
    assert not missing, f"cases that did not run: {missing}"
    assert int(tally.group(1)) == len(verdicts) >= MIN_CHECKS
    assert int(tally.group(2)) == 0
    qemu.expect(ERG + r"guest sbi_check stopped: shut down$")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(20) == 0


def test_dbcn_lines_reach_the_console(boot):
    qemu = boot(config="sbi", smp=1)
    qemu.expect(CHECK + r"dbcn write prints this line$")
    qemu.expect(CHECK + r"dbcn write ending at the last byte of RAM$")
    qemu.expect(CHECK + r"dbcn write_byte prints this line$")
    # One call of a 1 MiB buffer of 64-byte lines writes ERG_SBI_DBCN_MAX_BYTES (512).
    big = re.findall(CHECK + r"dbcn big write, a part of a 1 MiB buffer \.+$", qemu.log,
                     re.MULTILINE)
    assert len(big) == 512 // 64


def test_smp_guest_rings_ipis_and_fences(boot):
    qemu = boot(config="smp", smp=4)
    qemu.expect(ERG + r"guest smp: 4 vCPUs, 64 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(r"^\[smp\] smp: 4 vcpus, 10 ipi rounds, fences ok$", timeout=60)
    for vcpu in range(4):
        assert re.search(rf"^\[smp\] smp: vcpu {vcpu} up$", qemu.log, re.MULTILINE), \
            f"vcpu {vcpu} never came up"
    assert "FAIL" not in qemu.log
    qemu.expect(ERG + r"guest smp stopped: shut down$")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(20) == 0
