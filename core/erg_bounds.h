/*
 * The bounds on what a guest can make Erg do for it, in one place. Erg runs
 * a guest's exit with interrupts off on a hart other guests may share, so
 * each bound caps the time one exit (or one burst of exits) can take from
 * the scheduler; together they are what "no guest can stall another" rests
 * on. The README's isolation section lists them with their reasons.
 */
#ifndef CORE_ERG_BOUNDS_H
#define CORE_ERG_BOUNDS_H

/*
 * A guest that reboots itself (SBI SRST) this many times in a row, each
 * within ERG_REBOOT_QUICK_MS of its boot, is in a reboot loop: the next
 * reboot halts it. Each reload scrubs and reloads its RAM with the hart's
 * interrupts off, so a loop would otherwise take its hart's time for ever;
 * a guest that runs for a while between reboots never meets the bound.
 */
#define ERG_REBOOT_LOOP_MAX 8
#define ERG_REBOOT_QUICK_MS 5000

/*
 * The most bytes one SBI debug console call (DBCN write or read) moves. Each
 * byte passes through the guest's console line, so this caps the time one
 * such exit keeps its hart from its scheduling decisions. It costs the
 * guest nothing it may count on: SBI 2.0 lets both calls do part of the
 * work and return the bytes done, and callers loop on the rest.
 */
#define ERG_SBI_DBCN_MAX_BYTES 512

#endif
