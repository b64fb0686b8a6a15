# SPDX-License-Identifier: BSD-2-Clause
"""Harts with H but without Sstc (QEMU's `-cpu rv64,sstc=false`), as on the
HiFive Premier P550 class: the guests' timers go through SBI set_timer, which
Erg emulates with the hart's own timer, and Erg's own tick goes through SBI.
The guest tests of the other modules are collected here again with a `boot`
that starts QEMU on such harts (those that name their own CPU keep it)."""
import pytest
import test_crash
import test_guests
import test_hartstate
import test_hostile
import test_irqtest
import test_linux
import test_sbi
import test_sched
import test_uboot

ERG = r"^\[erg\] "


@pytest.fixture
def boot(boot):
    """conftest's boot, on harts with H and without Sstc unless a test names its own CPU."""

    def start(**options):
        options.setdefault("cpu", "rv64,h=true,sstc=false")
        qemu = boot(**options)
        if options["cpu"] == "rv64,h=true,sstc=false":
            qemu.wait_seen(ERG + r"extensions: H yes, Sstc no ")
        return qemu

    return start


for _module, _names in (
        (test_guests, ["test_two_guests_print_their_own_lines",
                       "test_guest_reading_outside_its_memory_is_stopped_neighbour_runs_on",
                       "test_guest_reboot_reloads_only_that_guest"]),
        (test_sbi, ["test_smp_guest_rings_ipis_and_fences"]),
        (test_irqtest, ["test_rtc_and_uart_interrupts_through_the_plic"]),
        (test_crash, ["test_crasher_restarts_twice_then_halts_neighbour_beats_on"]),
        (test_hostile, ["test_hostile_guest_is_contained_and_victim_beats_on"]),
        (test_uboot, ["test_uboot_reaches_its_prompt_and_answers"]),
        (test_linux, ["test_linux_boots_with_all_cpus_runs_commands_and_powers_off",
                      "test_linux_reboot_restarts_the_guest",
                      "test_default_demo_linux_uboot_and_rt_side_by_side_each_answer"]),
        (test_hartstate, ["test_counters_stand_still_while_the_neighbour_runs",
                          "test_fp_registers_and_fs_survive_a_neighbour_on_the_hart"]),
        (test_sched, ["test_slices_share_a_hart_in_proportion",
                      "test_high_priority_wakeup_preempts_a_spinner",
                      "test_smp_guest_with_more_vcpus_than_harts"])):
    for _name in _names:
        globals()[_name] = getattr(_module, _name)
