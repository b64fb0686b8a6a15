/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest images from the boot archive, the boot loader's initrd: what it
 * holds, logged once at boot, and each guest's kernel-file and initrd-file
 * taken from it before the guest is built.
 */
#ifndef CORE_VM_VM_IMAGES_H
#define CORE_VM_VM_IMAGES_H

#include "config/config.h"
#include "platform/platform.h"

/* Log how many files the archive holds and their bytes, or that there is none. */
void vm_images_survey(const struct platform *p);

/*
 * Find g's named images in the archive, check their sums and place them in
 * g's first region (config_place_images). 0, or -1 with one line of why.
 */
int vm_images_fetch(struct config_guest *g, const struct platform *p, char *why, size_t len);

#endif
