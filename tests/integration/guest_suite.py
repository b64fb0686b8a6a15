# SPDX-License-Identifier: BSD-2-Clause
"""The guest tests that modules for other CPU models collect again: each such
module defines its own `boot` fixture for its CPU and adopts these tests (and
any of its own choosing), which then run with that fixture."""
import importlib

# (module, tests): the guests and attacks every CPU model must run.
CORE = (
    ("test_guests", ["test_two_guests_print_their_own_lines",
                     "test_guest_reading_outside_its_memory_is_stopped_neighbour_runs_on",
                     "test_guest_reboot_reloads_only_that_guest"]),
    ("test_sbi", ["test_smp_guest_rings_ipis_and_fences"]),
    ("test_irqtest", ["test_rtc_and_uart_interrupts_through_the_plic"]),
    ("test_crash", ["test_crasher_restarts_twice_then_halts_neighbour_beats_on"]),
    ("test_hostile", ["test_hostile_guest_is_contained_and_victim_beats_on"]),
    ("test_uboot", ["test_uboot_reaches_its_prompt_and_answers"]),
    ("test_linux", ["test_linux_boots_with_all_cpus_runs_commands_and_powers_off"]),
)


def adopt(namespace, *tables):
    """Put each named test of each table into namespace (a module's globals())."""
    for table in tables:
        for module, names in table:
            found = importlib.import_module(module)
            for name in names:
                namespace[name] = getattr(found, name)
