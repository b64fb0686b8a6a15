# SPDX-License-Identifier: BSD-2-Clause
"""Svpbmt for guests (guests/memtypes/): where the host has it and the H back end runs them,
a guest is told so in its riscv,isa and its own page tables may give a page the NC or IO
memory type; elsewhere it is not told, and those PTE bits fault as reserved ones, as on a hart
without Svpbmt (a store page fault, scause 15)."""
import pytest

MT = r"^\[memtypes\] memtypes: "


@pytest.mark.parametrize("cpu,offered", [
    ("rv64,svpbmt=true", True),
    ("rv64,svpbmt=true,sstc=false", True),
    ("rv64", False),  # the host has no Svpbmt
    ("rv64,h=false,svpbmt=true", False),  # no H: shadow tables carry no memory types
])
def test_memory_types_only_where_offered(boot, cpu, offered):
    qemu = boot(config="memtypes", smp=1, cpu=cpu)
    qemu.expect(r"^\[erg\] guests get: Sstc \w+, V no, Svpbmt " + ("yes" if offered else "no") + "$")
    qemu.expect(MT + "riscv,isa " + ("names" if offered else "does not name") + " svpbmt$")
    for name, value in (("NC", "0x5eed0001"), ("IO", "0x5eed0002")):
        qemu.expect(MT + rf"{name} page: " +
                    (f"read back {value}" if offered else "scause 15") + "$")
    qemu.expect(MT + "PMA page: read back 0x5eed0003$")
    qemu.expect(MT + "done$")
    assert qemu.wait_exit(20) == 0
