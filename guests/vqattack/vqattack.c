/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A hostile guest for Erg's virtio devices: it drives its own virtio-blk
 * device (slot 0, a 1 MiB slice of disk 0 starting with "ERGDISK\0vqattack")
 * with broken virtqueues, impossible buffers and garbage register accesses,
 * one attack at a time on a freshly initialised device; then its virtio-rng
 * (slot 1) and virtio-console (slot 2) with chains that ask for unbounded
 * work, its second vCPU feeding a queue for one of them. Erg may answer with
 * an error status, put the device in DEVICE_NEEDS_RESET or ignore the
 * attack; an attack that gets more than it may (a transfer to or from memory
 * outside the guest, a refused set-up that sticks) or that leaves the device
 * unusable after a reset is reported ESCAPED. The guest surviving every
 * attack is itself part of the proof: a fault would end it early.
 */
#include <stdio.h>
#include <string.h>

#include "guest.h"
#include "guest_fdt.h"
#include "guest_time.h"
#include "vqattack.h"

#define VQA_MAGIC     "ERGDISK\0vqattack"
#define VQA_MAGIC_LEN 16

static struct virtio_dev vqa_dev, vqa_rng, vqa_con_rx, vqa_con_tx;
static uint8_t vqa_buf[VQA_BUF_BYTES] __attribute__((aligned(4096)));

static const char *const vqa_outcome_names[VQA_OUTCOMES] = {
    [VQA_OK] = "completed OK", [VQA_ERROR] = "error status", [VQA_NEEDS_RESET] = "needs reset",
    [VQA_IGNORED] = "ignored", [VQA_REFUSED] = "refused",
};

void vqa_observe(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	bool answered = virtq_wait(d, VQA_WAIT_US, NULL) != VIRTQ_WAIT_TIMEOUT;

	r->status = d->blk_status;
	if (answered && r->status == VIRTIO_BLK_S_OK)
		r->outcome = VQA_OK;
	else if (virtio_needs_reset(d))
		r->outcome = VQA_NEEDS_RESET;
	else if (answered)
		r->outcome = VQA_ERROR;
	else
		r->outcome = VQA_IGNORED;
	/* A broken driver is told through a config interrupt; we poll, so just ack it. */
	virtio_interrupt_ack(d, virtio_interrupt_status(d));
}

void vqa_submit(struct vqa_env *env, uint16_t head, struct vqa_result *r)
{
	virtq_publish(env->dev, head);
	virtq_notify(env->dev, 0);
	vqa_observe(env, r);
}

bool vqa_restart(struct vqa_env *env, uint16_t size)
{
	return virtio_init(env->dev, VIRTIO_F_INDIRECT_DESC, size) == 0;
}

/* After a reset the device must serve a good read of our sector 0 again. */
static const char *vqa_recover(struct vqa_env *env)
{
	int status;

	if (!vqa_restart(env, VQA_QUEUE_SIZE))
		return "device cannot be initialised after a reset";
	memset(env->buf, 0, VIRTIO_BLK_SECTOR);
	status = virtio_blk_read(env->dev, 0, env->buf, 1);
	if (status != VIRTIO_BLK_S_OK)
		return status == VIRTIO_BLK_NEEDS_RESET ? "good read after reset: needs reset"
							: "good read after reset failed";
	if (memcmp(env->buf, VQA_MAGIC, VQA_MAGIC_LEN))
		return "good read after reset: sector 0 lost its ERGDISK magic";
	return NULL;
}

/* One attack from a clean device; prints its line and says whether it was contained. */
static bool vqa_run(struct vqa_env *env, const struct vqa_attack *a)
{
	struct vqa_result r = {.outcome = VQA_IGNORED};
	const char *how, *after;

	if (!vqa_restart(env, VQA_QUEUE_SIZE)) {
		printf("vqattack: %s: ESCAPED (device unusable before the attack)\n", a->name);
		return false;
	}
	a->run(env, &r);
	how = vqa_outcome_names[r.outcome];
	after = vqa_recover(env);
	if (!r.breach && !after && (a->allow & VQA_ALLOW(r.outcome))) {
		if (r.outcome == VQA_ERROR)
			printf("vqattack: %s: contained (%s %d)\n", a->name, how, r.status);
		else if (r.note)
			printf("vqattack: %s: contained (%s: %s)\n", a->name, how, r.note);
		else
			printf("vqattack: %s: contained (%s)\n", a->name, how);
		return true;
	}
	if (r.breach || after)
		printf("vqattack: %s: ESCAPED (%s)\n", a->name, r.breach ? r.breach : after);
	else
		printf("vqattack: %s: ESCAPED (%s, status %d)\n", a->name, how, r.status);
	return false;
}

static bool vqa_find_ram(struct vqa_env *env, const void *dtb)
{
	uint64_t base, size;

	if (!guest_fdt_memory(dtb, &base, &size))
		return false;
	env->ram_base = base;
	env->ram_end = base + size;
	return true;
}

int main(unsigned long hartid, const void *dtb)
{
	static const struct vqa_attack *const tables[] = {vqa_chain_attacks, vqa_request_attacks,
							  vqa_setup_attacks, vqa_flood_attacks};
	struct vqa_env env = {.dev = &vqa_dev,
			      .rng = &vqa_rng,
			      .con_rx = &vqa_con_rx,
			      .con_tx = &vqa_con_tx,
			      .buf = vqa_buf};
	unsigned attacks = 0, contained = 0;
	const char *final;

	time_init(dtb);
	if (!vqa_find_ram(&env, dtb) || !virtio_probe(&vqa_dev, 0, VIRTIO_ID_BLOCK)) {
		printf("vqattack: no RAM or no virtio-blk in slot 0\n");
		return 1;
	}
	if (!virtio_probe(&vqa_rng, 1, VIRTIO_ID_ENTROPY) ||
	    !virtio_probe(&vqa_con_rx, 2, VIRTIO_ID_CONSOLE) ||
	    !virtio_probe(&vqa_con_tx, 2, VIRTIO_ID_CONSOLE)) {
		printf("vqattack: no virtio-rng in slot 1 or no virtio-console in slot 2\n");
		return 1;
	}
	vqa_con_tx.queue = 1;
	printf("vqattack: hart %lu, RAM 0x%lx-0x%lx, virtio-blk at 0x%lx\n", hartid,
	       (unsigned long)env.ram_base, (unsigned long)env.ram_end,
	       (unsigned long)vqa_dev.base);
	/* The DTB sits at the top of RAM, which some attacks overwrite: it is not read again. */
	for (unsigned t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct vqa_attack *a = tables[t]; a->name; a++) {
			attacks++;
			contained += vqa_run(&env, a);
		}
	final = vqa_recover(&env);
	printf("vqattack: final read of sector 0: %s\n", final ? final : "ERGDISK ok");
	printf("vqattack: %u attacks, %u contained\n", attacks, contained);
	return final || contained != attacks;
}
