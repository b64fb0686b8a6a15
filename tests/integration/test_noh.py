# SPDX-License-Identifier: BSD-2-Clause
"""The trap-and-emulate back end, on a hart without H (QEMU's virt with
`-cpu rv64,h=false`, with and without Sstc): the same image picks it at boot,
and the guests and attacks of the other modules run on it unchanged. Their
tests are collected here a second time with a `boot` that starts QEMU on a
hart without H (the scheduling, hart-state and lifecycle ones on a hart
with Sstc only); what only this back end has (its own attacks, Linux on one
vCPU) is tested below them."""
import functools
import re

import pytest
import test_crash
import test_guests
import test_hartstate
import test_hostile
import test_irqtest
import test_lifecycle
import test_linux
import test_sbi
import test_sched
import test_uboot

ERG = r"^\[erg\] "
NOH_CPUS = ["rv64,h=false", "rv64,h=false,sstc=false"]


@pytest.fixture(params=NOH_CPUS, ids=["sstc", "no-sstc"])
def boot(boot, request):
    """conftest's boot, on a hart without H unless a test names its own CPU."""

    def start(**options):
        options.setdefault("cpu", request.param)
        qemu = boot(**options)
        qemu.wait_seen(ERG + r"virtualization: trap-and-emulate ")
        return qemu

    return start


# The same tests as with H, on this back end.
test_two_guests_print_their_own_lines = test_guests.test_two_guests_print_their_own_lines
test_guest_reading_outside_its_memory_is_stopped_neighbour_runs_on = \
    test_guests.test_guest_reading_outside_its_memory_is_stopped_neighbour_runs_on
test_guest_reboot_reloads_only_that_guest = test_guests.test_guest_reboot_reloads_only_that_guest
test_hypervisor_instruction_faults_in_the_guest = \
    test_guests.test_hypervisor_instruction_faults_in_the_guest
test_smp_guest_rings_ipis_and_fences = test_sbi.test_smp_guest_rings_ipis_and_fences
test_rtc_and_uart_interrupts_through_the_plic = \
    test_irqtest.test_rtc_and_uart_interrupts_through_the_plic
test_crasher_restarts_twice_then_halts_neighbour_beats_on = \
    test_crash.test_crasher_restarts_twice_then_halts_neighbour_beats_on
test_trap_vector_outside_ram_or_in_a_device_is_a_crash = \
    test_crash.test_trap_vector_outside_ram_or_in_a_device_is_a_crash
test_hostile_guest_is_contained_and_victim_beats_on = \
    test_hostile.test_hostile_guest_is_contained_and_victim_beats_on
test_uboot_reaches_its_prompt_and_answers = test_uboot.test_uboot_reaches_its_prompt_and_answers
test_linux_boots_with_all_cpus_runs_commands_and_powers_off = \
    test_linux.test_linux_boots_with_all_cpus_runs_commands_and_powers_off
test_linux_reboot_restarts_the_guest = test_linux.test_linux_reboot_restarts_the_guest
test_default_demo_linux_uboot_and_rt_side_by_side_each_answer = \
    test_linux.test_default_demo_linux_uboot_and_rt_side_by_side_each_answer


def host_sstc_only(test):
    """A test of another module, on a hart with Sstc only: the host's Sstc changes only
    Erg's own timer here (guests never get it without H), so once is enough."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return test(*args, **kwargs)

    return pytest.mark.parametrize("boot", [NOH_CPUS[0]], indirect=True, ids=["sstc"])(run)


for _module, _names in (
        (test_hartstate, ["test_user_mode_faults_reach_the_kernel_vector_in_s_mode",
                          "test_counter_reads_in_user_mode_are_answered",
                          "test_counters_stand_still_while_the_neighbour_runs",
                          "test_senvcfg_is_the_guests_own",
                          "test_fp_registers_and_fs_survive_a_neighbour_on_the_hart"]),
        (test_sched, ["test_slices_share_a_hart_in_proportion",
                      "test_high_priority_wakeup_preempts_a_spinner",
                      "test_guests_run_only_inside_their_windows",
                      "test_smp_guest_with_more_vcpus_than_harts",
                      "test_a_hart_with_one_vcpu_goes_tickless"]),
        (test_lifecycle, ["test_passthrough_claim_held_across_reboots_and_masked_while_stopped",
                          "test_monitor_restarts_and_halts_50_times_without_a_loss",
                          "test_rebooting_guest_flooded_by_a_neighbour_sees_only_its_own_bytes"])):
    for _name in _names:
        globals()[_name] = host_sstc_only(getattr(_module, _name))


def test_linux_on_one_vcpu_boots_and_answers(boot):
    qemu = boot(config="linux1", smp=1)
    test_linux.reach_init(qemu, 1)
    isa = test_linux.run(qemu, "cat /proc/cpuinfo", r"isa\s*: (\S+)$").group(1)
    assert isa == "rv64imafdc_zihintpause", "no Sstc for guests without H: timers are SBI's"
    test_linux.run(qemu, "echo alive", r"alive$")


def test_wfi_blocks_the_vcpu_until_its_timer(boot):
    qemu = boot(config="idle", smp=1)
    match = qemu.expect(r"^\[idle\] idle: 20 wake-ups in (\d+) ms$")
    # The guest's timer is always Erg's without H: its 10 ms tick adds up to one period.
    assert 2000 <= int(match.group(1)) <= 2050
    exits = qemu.expect(ERG + r"guest idle exits: (.*)$").group(1).split()
    counts = dict(zip(exits[::2], map(int, exits[1::2])))
    assert counts["wfi"] == 20, "each WFI traps once and blocks until the timer"
    assert qemu.wait_exit(20) == 0


PGATTACK = r"^\[pgattack\] pgattack: "
PGATTACKS = [
    "leaf_nowhere.load", "leaf_nowhere.store", "leaf_nowhere.fetch",
    "leaf_beyond_ram.load", "leaf_beyond_ram.store", "leaf_beyond_ram.fetch",
    "leaf_absent_device.load", "leaf_absent_device.store", "leaf_absent_device.fetch",
    "table_nowhere", "table_in_uart", "erg_range.load", "erg_range.store",
    "user.csr", "user.sret", "user.sfence", "user.wfi", "user.satp", "user.ecall",
    "satp_garbage_ignored", "sret_spp_s_spie_1", "edit_then_fence_page", "edit_then_fence_all",
]


def test_page_table_attacks_end_as_on_hardware_neighbour_beats_on(boot):
    """Guest page tables aimed outside its RAM, at devices it lacks, at Erg's range;
    privileged instructions from its user mode; garbage satp; odd sret; tables edited in
    place: each ends as a hart ends it (guests/pgattack/pgattack.c), never in a crash."""
    qemu = boot(config="pgattack", smp=2)
    tally = qemu.expect(PGATTACK + r"(\d+) passed, (\d+) failed$", timeout=60)
    bad = [line for line in qemu.log.splitlines() if re.match(PGATTACK + r"FAIL ", line)]
    assert not bad, "attacks that did not end as on hardware:\n" + "\n".join(bad)
    passed = re.findall(PGATTACK + r"PASS (\S+):", qemu.log, re.MULTILINE)
    assert passed == PGATTACKS
    assert int(tally.group(2)) == 0
    qemu.expect(ERG + r"guest pgattack stopped: shut down$")
    before = qemu.expect(r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$")
    after = qemu.expect(r"^\[heartbeat\] heartbeat (\d+) checksum (0x[0-9a-f]+)$")
    assert int(after.group(1)) == int(before.group(1)) + 1
    assert after.group(2) == before.group(2)


@pytest.mark.parametrize("boot", [NOH_CPUS[0]], indirect=True, ids=["sstc"])
def test_scounteren_keeps_cycle_from_user_mode_time_is_firmwares(boot):
    """As with H, a cleared scounteren makes the guest's user-mode rdcycle illegal. Not
    rdtime: without H its trap goes to M-mode, and OpenSBI 1.1 answers a time read there
    whatever scounteren says (its emulation skips the check, for speed)."""
    qemu = boot(config="hartstate", smp=1)
    match = qemu.expect(test_hartstate.HS + r"user rdtime, scounteren 0: scause (\d+), ")
    assert match.group(1) == "8", "OpenSBI answered the read; the ecall after it came"
    match = qemu.expect(test_hartstate.HS + r"user rdcycle, scounteren 0: scause (\d+), SPP (\d), "
                        r"sepc (.*), stval (0x\w+)$")
    assert match.groups() == ("2", "0", "at it", hex(0xc0002573))

