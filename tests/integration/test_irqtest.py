# SPDX-License-Identifier: BSD-2-Clause
"""External interrupts through Erg's emulated PLIC: irqtest takes QEMU's
goldfish RTC (passed through, source 11) and the emulated 16550A's receive
interrupt (source 10) fed from the console, and checks the PLIC's and the
UART's defined answers to bad accesses, the threshold and claim/complete."""
import re

ERG = r"^\[erg\] "
IRQ = r"^\[irqtest\] irqtest: "
CHECKS = [
    "plic.priority_read32", "plic.priority_read16_zero", "plic.priority_read8_zero",
    "plic.unaligned_read32_zero", "plic.priority_write8_dropped",
    "uart.lsr_read8", "uart.lsr_read32_zero",
    "plic.pending_write_ignored", "plic.pending_write_raises_nothing",
    "plic.claim_idle_zero", "plic.complete_idle_raises_nothing",
    "plic.complete_idle_claim_zero", "plic.complete_idle_enables_kept",
    "rtc.interrupt", "rtc.claim_11", "rtc.claim_after_complete_0", "rtc.not_early",
    "rtc.once_per_alarm", "rtc.not_pending_after",
    "plic.threshold_reads_back", "plic.threshold_masks_priority_1",
    "plic.pending_while_masked", "plic.complete_not_in_service_ignored",
    "plic.threshold_lowered_delivers", "plic.threshold_lowered_claim_11",
    "uart.line_ended", "uart.got_ping", "uart.rx_interrupts", "uart.iir_rx_data",
    "uart.iir_none_when_drained", "irq.no_spurious", "irq.no_other",
]


def test_rtc_and_uart_interrupts_through_the_plic(boot):
    qemu = boot(config="irqtest", smp=1)
    qemu.expect(ERG + r"guest irqtest: 1 vCPU, 64 MiB, entry 0x80200000, vCPU 0 on hart 0$")
    qemu.expect(IRQ + r"rtc interrupt \(claim 11\)$")
    qemu.expect(IRQ + r"claim after complete 0$")
    qemu.expect(IRQ + r"ready$")
    qemu.send("ping\r")
    for shown in ["p", "i", "n", "g", r"\\r"]:
        qemu.expect(IRQ + rf"uart rx '{shown}'$")
    qemu.expect(IRQ + r"got ping$")
    tally = qemu.expect(IRQ + r"(\d+) passed, (\d+) failed$")
    bad = [line for line in qemu.log.splitlines() if re.match(IRQ + r"FAIL ", line)]
    assert not bad, "checks that did not pass:\n" + "\n".join(bad)
    passed = re.findall(IRQ + r"PASS (\S+)$", qemu.log, re.MULTILINE)
    assert sorted(passed) == sorted(CHECKS)
    assert int(tally.group(1)) == len(CHECKS)
    assert int(tally.group(2)) == 0
    qemu.expect(ERG + r"guest irqtest stopped: shut down$")
    qemu.expect(ERG + r"all guests stopped; powering off$")
    assert qemu.wait_exit(20) == 0
