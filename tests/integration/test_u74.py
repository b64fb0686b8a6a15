# SPDX-License-Identifier: BSD-2-Clause
"""Harts like the VisionFive 2's U74 cores, as near as QEMU 7.2 models them:
no H, no Sstc, and the privileged spec 1.11 (`priv_spec=v1.11.0`), which has
no senvcfg or menvcfg, so every probe of them traps. Erg picks the
trap-and-emulate back end, and guest tests of the other modules are collected
here again with a `boot` that starts QEMU on such harts."""
import pytest
import test_crash
import test_guests
import test_hartstate
import test_hostile
import test_irqtest
import test_linux
import test_noh
import test_sbi
import test_uboot

ERG = r"^\[erg\] "
U74 = "rv64,h=false,sstc=false,priv_spec=v1.11.0"


@pytest.fixture
def boot(boot):
    """conftest's boot, on U74-like harts."""

    def start(**options):
        options["cpu"] = U74
        qemu = boot(**options)
        qemu.wait_seen(ERG + r"virtualization: trap-and-emulate ")
        qemu.wait_seen(ERG + r"extensions: H no, Sstc no ")
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
        (test_linux, ["test_linux_boots_with_all_cpus_runs_commands_and_powers_off"]),
        (test_hartstate, ["test_user_mode_faults_reach_the_kernel_vector_in_s_mode",
                          "test_counter_reads_in_user_mode_are_answered",
                          "test_senvcfg_is_the_guests_own",
                          "test_fp_registers_and_fs_survive_a_neighbour_on_the_hart"]),
        (test_noh, ["test_page_table_attacks_end_as_on_hardware_neighbour_beats_on"])):
    for _name in _names:
        globals()[_name] = getattr(_module, _name)
