# SPDX-License-Identifier: BSD-2-Clause
"""Guest timers without Sstc: a guest that arms its timer with SBI set_timer and then
spins, never exiting to Erg, still takes its timer interrupt, because Erg programs the
hart's own timer for the guest's deadline at once (the bench guest's timer-spin-sbi
figure; before, a lone vCPU waited for some unrelated event). Under -icount, so that
the guest's 20 ms wait for each interrupt is the same on any host."""
INTERRUPTS = r"^\[bench\] bench: timer-irqs (?P<n>\d+)\.00 "


def test_spinning_guest_without_sstc_gets_its_sbi_timer_interrupt(boot):
    qemu = boot(config="bench", smp=3, cpu="rv64,h=true,sstc=false",
                extra=("-icount", "shift=0,sleep=off"))
    qemu.expect(r"^\[bench\] bench: start on hart 0 of 2, Sstc no, single guest$", timeout=60)
    qemu.expect(r"^\[bench\] bench: timer-spin-sbi [\d.]+ \(mean of 100 deadlines", timeout=120)
    qemu.expect(r"^\[bench\] bench: timer-wfi-sbi [\d.]+ \(mean of 100 deadlines", timeout=120)
    # 100 deadlines while spinning and 100 in WFI: every one interrupted the guest.
    assert int(qemu.expect(INTERRUPTS, timeout=60).group("n")) == 200
