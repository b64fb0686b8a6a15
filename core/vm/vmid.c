/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VMID assignment (vmid.h). VMID 0 is what every hart holds before it
 * runs a guest, so guests with VMIDs of their own use 1 and up:
 * bits VMID bits give 2^bits - 1 of them. With fewer than the guests, all
 * share VMID 0 rather than some: one rule (same VMID, other table: flush)
 * then covers every switch, and no guest's translations are trusted to a
 * VMID another guest also uses.
 */
#include "vm/vmid.h"

#include "console/console.h"

static unsigned vmid_len = VMID_BITS_MAX;
static unsigned vmid_guests;

bool vmid_fits(unsigned guests, unsigned bits)
{
	if (bits > VMID_BITS_MAX)
		bits = VMID_BITS_MAX;
	return guests <= (1u << bits) - 1;
}

uint16_t vmid_for(unsigned index, unsigned guests, unsigned bits)
{
	return vmid_fits(guests, bits) && index < guests ? (uint16_t)(index + 1) : 0;
}

void vmid_set_bits(unsigned bits)
{
	vmid_len = bits > VMID_BITS_MAX ? VMID_BITS_MAX : bits;
}

unsigned vmid_bits(void)
{
	return vmid_len;
}

void vmid_plan(unsigned guests)
{
	vmid_guests = guests;
	if (!vmid_fits(guests, vmid_len))
		console_log("VMIDs: %u guests, VMIDLEN %u gives %u; all share VMID 0, guest "
			    "translations flushed at each switch between guests",
			    guests, vmid_len, (1u << vmid_len) - 1);
}

uint16_t vmid_of(unsigned index)
{
	return vmid_for(index, vmid_guests, vmid_len);
}
