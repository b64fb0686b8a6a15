/*
 * The guest table. vCPU i of a guest goes to the i-th hart its config
 * allows (wrapping); a hart that would get two vCPUs refuses the second
 * guest, since one hart runs one vCPU until the scheduler exists.
 */
#include "guests.h"

#include <string.h>

#include "console.h"

static struct config guests_config;
static struct vm guests_vms[CONFIG_MAX_GUESTS];
static unsigned guests_count;
static struct vcpu *guests_hart_vcpu[ERG_MAX_HARTS];
static bool guests_use_sstc;

static uint64_t guests_nth_hart(uint64_t mask, unsigned n)
{
	unsigned count = (unsigned)__builtin_popcountll(mask);
	unsigned skip = n % count;

	for (uint64_t h = 0; h < ERG_MAX_HARTS; h++)
		if ((mask >> h) & 1 && skip-- == 0)
			return h;
	return 0;
}

static int guests_place(struct vm *vm, const struct platform *p)
{
	uint64_t mask = vm->config->hart_mask;
	uint64_t online = 0;

	for (size_t i = 0; i < p->hart_count; i++)
		online |= p->harts[i].id < ERG_MAX_HARTS ? 1ULL << p->harts[i].id : 0;
	mask &= online;
	if (!mask)
		return -1;
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		uint64_t hart = guests_nth_hart(mask, i);

		if (guests_hart_vcpu[hart])
			return -1;
		vm->vcpus[i].hart = hart;
		guests_hart_vcpu[hart] = &vm->vcpus[i];
	}
	return 0;
}

unsigned guests_create(const void *config_blob, const struct platform *p, bool sstc)
{
	char err[128];
	unsigned running = 0;

	guests_use_sstc = sstc;
	if (config_parse(config_blob, &guests_config, err, sizeof(err))) {
		console_log("config: %s; no guest started", err);
		return 0;
	}
	guests_count = (unsigned)guests_config.guest_count;
	for (unsigned i = 0; i < guests_count; i++) {
		struct vm *vm = &guests_vms[i];

		if (vm_create(vm, i, &guests_config.guests[i], p))
			continue;
		if (guests_place(vm, p)) {
			vm_stop(vm, "its vCPUs need a free hart each among its allowed harts");
			continue;
		}
		console_log("guest %s: %u vCPU%s, %llu MiB, entry 0x%llx, vCPU 0 on hart %llu",
			    vm->config->name, vm->vcpu_count, vm->vcpu_count == 1 ? "" : "s",
			    (unsigned long long)(config_guest_memory(vm->config) >> 20),
			    (unsigned long long)vm->config->entry_gpa,
			    (unsigned long long)vm->vcpus[0].hart);
		running++;
	}
	return running;
}

struct vcpu *guests_vcpu_of_hart(uint64_t hartid)
{
	return hartid < ERG_MAX_HARTS ? guests_hart_vcpu[hartid] : NULL;
}

bool guests_all_stopped(void)
{
	for (unsigned i = 0; i < guests_count; i++)
		if (__atomic_load_n(&guests_vms[i].state, __ATOMIC_ACQUIRE) == VM_RUNNING)
			return false;
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

bool guests_sstc(void)
{
	return guests_use_sstc;
}
