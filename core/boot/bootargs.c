/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Word matching over the command line; a word matches only whole, so
 * "erg.selftest=faulty" does not select "erg.selftest=fault".
 */
#include "boot/bootargs.h"

#include <string.h>

bool bootargs_has(const char *args, const char *opt)
{
	size_t opt_len = strlen(opt);

	if (!args || !opt_len)
		return false;
	while (*args) {
		size_t len = strcspn(args, " \t");

		if (len == opt_len && strncmp(args, opt, len) == 0)
			return true;
		args += len;
		args += strspn(args, " \t");
	}
	return false;
}
