# SPDX-License-Identifier: BSD-2-Clause
"""Harts with H but without Sstc (QEMU's `-cpu rv64,sstc=false`), as on the
HiFive Premier P550 class: the guests' timers go through SBI set_timer, which
Erg emulates with the hart's own timer, and Erg's own tick goes through SBI.
The guest tests of the other modules are collected here again with a `boot`
that starts QEMU on such harts (those that name their own CPU keep it)."""
import pytest
from guest_suite import CORE, adopt

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


adopt(globals(), CORE, (
    ("test_linux", ["test_linux_reboot_restarts_the_guest",
                    "test_default_demo_linux_uboot_and_rt_side_by_side_each_answer"]),
    ("test_hartstate", ["test_counters_stand_still_while_the_neighbour_runs",
                        "test_fp_registers_and_fs_survive_a_neighbour_on_the_hart"]),
    ("test_sched", ["test_slices_share_a_hart_in_proportion",
                    "test_high_priority_wakeup_preempts_a_spinner",
                    "test_smp_guest_with_more_vcpus_than_harts"]),
))
