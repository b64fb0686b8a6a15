/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest table. vCPU i of a guest goes to the i-th hart its config
 * allows (wrapping); a hart that would get two vCPUs refuses the second
 * guest, since one hart runs one vCPU until the scheduler exists.
 */
#include "vm/guests.h"

#include <string.h>

#include "console/console.h"
#include "dev/passthrough.h"
#include "ports/arch_hooks.h"
#include "sched/sched_hart.h"
#include "virtio/uplink.h"
#include "vm/vm_images.h"
#include "vm/vmid.h"

static struct config guests_config;
static struct vm guests_vms[CONFIG_MAX_GUESTS];
static unsigned guests_count;
struct isa_offer guests_offer;

static uint64_t guests_nth_hart(uint64_t mask, unsigned n)
{
	unsigned count = (unsigned)__builtin_popcountll(mask);
	unsigned skip = n % count;

	for (uint64_t h = 0; h < ERG_MAX_HARTS; h++)
		if ((mask >> h) & 1 && skip-- == 0)
			return h;
	return 0;
}

static uint64_t guests_us_to_ticks(uint64_t us, const struct platform *p)
{
	return us * p->timebase_hz / 1000000;
}

/* vCPU i goes to the i-th hart the config allows, wrapping; harts may be shared. */
static int guests_place(struct vm *vm, const struct platform *p)
{
	uint64_t mask = vm->config->hart_mask;
	uint64_t online = 0;

	for (size_t i = 0; i < p->hart_count; i++)
		online |= p->harts[i].id < ERG_MAX_HARTS ? 1ULL << p->harts[i].id : 0;
	mask &= online;
	if (!mask)
		return -1;
	for (unsigned i = 0; i < vm->vcpu_count; i++)
		if (sched_hart_place(&vm->vcpus[i], guests_nth_hart(mask, i), vm->config->priority,
				     guests_us_to_ticks(vm->config->slice_us, p)))
			return -1;
	return 0;
}

/* The config's window tables, in timebase ticks, all counted from one start. */
static void guests_set_tables(const struct platform *p)
{
	uint64_t start = arch_time_now();

	for (size_t t = 0; t < guests_config.table_count; t++) {
		const struct config_table *ct = &guests_config.tables[t];
		struct sched_table table = {.count = ct->count};

		table.frame = guests_us_to_ticks(ct->frame_us, p);
		for (size_t w = 0; w < ct->count; w++)
			table.windows[w] = (struct sched_window){
			    guests_us_to_ticks(ct->length_us[w], p), ct->owner[w], ct->background};
		sched_hart_set_table(ct->hart, &table, start);
		console_log("hart %u: window table, frame %llu us in %zu windows, from time %llu",
			    ct->hart, (unsigned long long)ct->frame_us, ct->count,
			    (unsigned long long)start);
	}
}

unsigned guests_create(const void *config_blob, const struct platform *p,
		       const struct isa_offer *offer)
{
	char err[128];
	unsigned running = 0;

	guests_offer = *offer;
	vm_images_survey(p);
	if (config_parse(config_blob, &guests_config, err, sizeof(err))) {
		console_log("config: %s; no guest started", err);
		return 0;
	}
	guests_count = (unsigned)guests_config.guest_count;
	vmid_plan(guests_count);
	for (unsigned i = 0; i < guests_count; i++) {
		struct vm *vm = &guests_vms[i];

		if (vm_create(vm, i, &guests_config.guests[i], p))
			continue;
		if (guests_place(vm, p)) {
			vm_stop(vm,
				"no room on its allowed harts (none online, or 16 vCPUs on one)");
			continue;
		}
		if (passthrough_attach(vm, p)) {
			vm_stop(vm, "its passthrough devices could not be attached");
			continue;
		}
		console_log("guest %s: %u vCPU%s, %llu MiB, entry 0x%llx, vCPU 0 on hart %llu",
			    vm->config->name, vm->vcpu_count, vm->vcpu_count == 1 ? "" : "s",
			    (unsigned long long)(config_guest_memory(vm->config) >> 20),
			    (unsigned long long)vm->config->entry_gpa,
			    (unsigned long long)vm->vcpus[0].hart);
		running++;
	}
	guests_set_tables(p);
	if (guests_config.uplink)
		uplink_start();
	else
		uplink_report_unused();
	for (unsigned i = 0; i < guests_count; i++)
		if (guests_vms[i].state == VM_RUNNING)
			sched_wake(&guests_vms[i].vcpus[0]);
	return running;
}

bool guests_all_stopped(void)
{
	for (unsigned i = 0; i < guests_count; i++)
		if (__atomic_load_n(&guests_vms[i].state, __ATOMIC_ACQUIRE) != VM_STOPPED)
			return false; /* running, or restarting */
	return true;
}

struct vm *guests_vm(unsigned i)
{
	return i < guests_count ? &guests_vms[i] : NULL;
}

struct vm *guests_find(const char *name)
{
	for (unsigned i = 0; i < guests_count; i++)
		if (strcmp(guests_vms[i].config->name, name) == 0)
			return &guests_vms[i];
	return NULL;
}
