/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SBI extension ids (SBI specification), shared by the SBI Erg gives its
 * guests and the calls Erg makes to its own firmware.
 */
#ifndef CORE_SBI_SBI_IDS_H
#define CORE_SBI_SBI_IDS_H

/* Legacy calls are EIDs 0x00 up to SBI_EXT_LEGACY_LAST, each an extension of its own. */
#define SBI_EXT_LEGACY_PUTCHAR 0x01
#define SBI_EXT_LEGACY_LAST    0x0f
#define SBI_EXT_BASE	       0x10
#define SBI_EXT_TIME	       0x54494d45
#define SBI_EXT_IPI	       0x735049
#define SBI_EXT_RFENCE	       0x52464e43
#define SBI_EXT_HSM	       0x48534d
#define SBI_EXT_SRST	       0x53525354
#define SBI_EXT_DBCN	       0x4442434e
#define SBI_EXT_SUSP	       0x53555350
#define SBI_EXT_STA	       0x535441
#define SBI_EXT_FWFT	       0x46574654

#endif
