# SPDX-License-Identifier: BSD-2-Clause
"""Harts like the VisionFive 2's U74 cores, as near as QEMU 7.2 models them:
no H, no Sstc, and the privileged spec 1.11 (`priv_spec=v1.11.0`), which has
no senvcfg or menvcfg, so every probe of them traps. Erg picks the
trap-and-emulate back end, and guest tests of the other modules are collected
here again with a `boot` that starts QEMU on such harts."""
import pytest
from guest_suite import CORE, adopt

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


adopt(globals(), CORE, (
    ("test_hartstate", ["test_user_mode_faults_reach_the_kernel_vector_in_s_mode",
                        "test_counter_reads_in_user_mode_are_answered",
                        "test_senvcfg_is_the_guests_own",
                        "test_fp_registers_and_fs_survive_a_neighbour_on_the_hart"]),
    ("test_noh", ["test_page_table_attacks_end_as_on_hardware_neighbour_beats_on"]),
))
