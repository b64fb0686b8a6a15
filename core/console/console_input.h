/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Input from the physical console: bytes go to the guest that has the
 * focus; the escape key (Ctrl-], which QEMU's -nographic leaves alone)
 * opens Erg's monitor instead.
 */
#ifndef CORE_CONSOLE_CONSOLE_INPUT_H
#define CORE_CONSOLE_CONSOLE_INPUT_H

#define CONSOLE_ESCAPE 0x1d /* Ctrl-] */

/* Read whatever the UART has waiting and pass it on; a no-op but on the console's hart. */
void console_input_poll(void);

/* One byte typed on the console. */
void console_input_byte(char c);

/*
 * Give the focus to guest index i (-1 when there is no such guest); said on
 * the console when the monitor closes.
 */
int console_input_focus(unsigned i);

#endif
