# SPDX-License-Identifier: BSD-2-Clause
"""Per-hart state under Erg, checked by the hartstate guest beside a neighbour
on one hart (guests/hartstate/): exceptions a guest's user mode raises reach
its kernel's trap vector in S-mode with SPP = 0, including those that pass
through Erg (a hypervisor CSR, WFI); its cycle and instret are its own and
stand still while the neighbour runs; senvcfg is its own; the riscv,isa
in its device tree names only what Erg virtualizes, whatever the host has;
and its FP and vector registers and sstatus.FS and VS are its own (guests/fpstate/)."""
import re

import pytest

HS = r"^\[hartstate\] hartstate: "
ISA_SSTC = "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"

# The instruction bits of each U-mode body in guests/hartstate/hartstate_user.S.
USER_FAULTS = {"sret": 0x10200073, "csrr sstatus": 0x10002573,
               "csrr hstatus": 0x60002573, "wfi": 0x10500073}


def test_user_mode_faults_reach_the_kernel_vector_in_s_mode(boot):
    qemu = boot(config="hartstate", smp=1)
    for name, bits in USER_FAULTS.items():
        match = qemu.expect(HS + rf"user {name}: scause (\d+), SPP (\d), sepc (.*), "
                            r"stval (0x\w+)$")
        assert match.group(1) == "2", f"{name}: illegal instruction"
        assert match.group(2) == "0", f"{name}: SPP must say U-mode"
        assert match.group(3) == "at it", f"{name}: sepc at the instruction"
        assert int(match.group(4), 16) == bits, f"{name}: stval holds its bits"


def test_counter_reads_in_user_mode_are_answered(boot):
    qemu = boot(config="hartstate", smp=1)
    qemu.expect(HS + r"user rdcycle: scause 8, advanced$")
    qemu.expect(HS + r"user rdinstret: scause 8, advanced$")


def test_scounteren_keeps_counters_from_user_mode(boot):
    qemu = boot(config="hartstate", smp=1)
    for name, bits in (("rdtime", 0xc0102573), ("rdcycle", 0xc0002573)):
        match = qemu.expect(HS + rf"user {name}, scounteren 0: scause (\d+), SPP (\d), "
                            r"sepc (.*), stval (0x\w+)$")
        assert match.groups() == ("2", "0", "at it", hex(bits)), name


def test_counters_stand_still_while_the_neighbour_runs(boot):
    qemu = boot(config="hartstate", smp=1)
    asleep = qemu.expect(HS + r"asleep 200 ms: cycle \+(\d+), instret \+(\d+)$", timeout=30)
    busy = qemu.expect(HS + r"busy 200 ms: cycle \+(\d+), instret \+(\d+)$")
    assert re.search(r"^\[neighbour\] hartstate: neighbour running$", qemu.log, re.MULTILINE)
    for i, name in ((1, "cycle"), (2, "instret")):
        # the hart's own counters would run on through the sleep as fast as through the spin
        assert int(busy.group(i)) > 0, f"{name} counts while the guest runs"
        assert int(asleep.group(i)) * 10 < int(busy.group(i)), f"{name} ran on in the sleep"


def test_senvcfg_is_the_guests_own(boot):
    qemu = boot(config="hartstate", smp=1)
    qemu.expect(HS + r"senvcfg 0x1 set$")
    qemu.expect(HS + r"senvcfg 0x1 after the neighbour ran$", timeout=30)


@pytest.mark.parametrize("cpu,isa", [
    ("rv64,h=true", ISA_SSTC),
    # QEMU 7.2's RVA23-like options: V and Svpbmt reach the guest, Sscofpmf does not
    ("rv64,h=true,v=true,svpbmt=true,sscofpmf=true",
     ISA_SSTC.replace("rv64imafdc_", "rv64imafdcv_") + "_svpbmt"),
    ("rv64,h=true,sstc=false", ISA_SSTC[:-len("_sstc")]),
])
def test_guest_isa_names_only_what_erg_virtualizes(boot, cpu, isa):
    qemu = boot(config="hartstate", smp=1, cpu=cpu)
    qemu.expect(HS + rf"riscv,isa {isa}$")


def fpstate_rounds(qemu):
    """What each copy of guests/fpstate/ says of its 40 rounds, once no check failed."""
    for name in ("fp1", "fp2"):
        qemu.wait_seen(rf"^\[{name}\] fpstate: 40 rounds.*, (\d+) failed$", timeout=60)
    fails = [line for line in qemu.log.splitlines() if "fpstate: FAIL" in line]
    assert not fails, "\n".join(fails)
    rounds = re.findall(r"fpstate: (.*), (\d+) failed$", qemu.log, re.MULTILINE)
    assert qemu.wait_exit(20) == 0
    return rounds


def test_fp_registers_and_fs_survive_a_neighbour_on_the_hart(boot):
    """Two copies of guests/fpstate/ on one hart: each one's f0-f31, fcsr and sstatus.FS
    come back as it left them while the other ran, and FS turns Dirty on a write."""
    qemu = boot(config="fpstate", smp=1)
    assert fpstate_rounds(qemu) == [("40 rounds", "0")] * 2


@pytest.mark.parametrize("cpu,rounds", [
    ("rv64,v=true", "40 rounds with V"),  # VLEN 128: 544 bytes of vector state
    ("rv64,v=true,vlen=1024", "40 rounds with V"),  # 4,128 bytes, over a page
    ("rv64,v=true,sstc=false", "40 rounds with V"),
    ("rv64,h=false,v=true", "40 rounds"),  # without H guests get no V
])
def test_vector_registers_and_vs_survive_a_neighbour_on_the_hart(boot, cpu, rounds):
    """The same with V: v0-v31, vl, vtype, vcsr and sstatus.VS come back as each copy left
    them, across the other's slices and across a nap alone on the hart, and VS turns Dirty
    on a write; FP alongside."""
    qemu = boot(config="fpstate", smp=1, cpu=cpu)
    qemu.wait_seen(r"^\[erg\] guests get: .*, V " + ("yes" if "V" in rounds else "no") + ",")
    assert fpstate_rounds(qemu) == [(rounds, "0")] * 2

