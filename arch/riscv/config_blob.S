/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The partition config, compiled from guests/configs/<name>.dts by dtc and
 * placed in the image's read-only data. ERG_CONFIG_DTB is its path.
 */
	.section .rodata.config, "a"
	.balign	8
	.globl	erg_config_blob
erg_config_blob:
	.incbin	ERG_CONFIG_DTB
