/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks on the transport rather than on a chain: queue sizes the device
 * cannot take, rings misaligned, outside RAM or wrapping 2^64, notifies of
 * queues that do not exist, ring addresses rewritten while the queue runs,
 * feature negotiation without VIRTIO_F_VERSION_1 or with features never
 * offered, DRIVER_OK without FEATURES_OK, status bits taken back without a
 * reset, and accesses at undefined offsets and widths. A set-up step the
 * spec says the device must refuse is a breach when it sticks.
 */
#include "guest_mmio.h"
#include "vqattack.h"

#define VQA_FEATURES	(VIRTIO_F_VERSION_1 | VIRTIO_F_INDIRECT_DESC)
#define VQA_NOT_OFFERED (1ULL << 50)

/* Reset and negotiate, then set queue 0 up as given; what the device made of it in *r. */
static void vqa_queue(struct vqa_env *env, struct vqa_result *r, uint32_t size, uint64_t desc,
		      uint64_t avail, uint64_t used)
{
	struct virtio_dev *d = env->dev;
	bool ready;

	virtio_reset(d);
	if (!virtio_negotiate(d, VQA_FEATURES)) {
		r->outcome = VQA_REFUSED;
		r->note = "features refused";
		return;
	}
	ready = virtio_queue_setup(d, size, desc, avail, used);
	if (ready) {
		r->breach = "QueueReady reads 1: the device took the queue";
		return;
	}
	r->outcome = virtio_needs_reset(d) ? VQA_NEEDS_RESET : VQA_REFUSED;
	r->note = "QueueReady reads 0";
}

static void vqa_queue_size3(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, 3, vqa_gpa(d->desc), vqa_gpa(&d->avail), vqa_gpa(&d->used));
}

static void vqa_queue_size512(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, 512, vqa_gpa(d->desc), vqa_gpa(&d->avail), vqa_gpa(&d->used));
}

static void vqa_queue_size0(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, 0, vqa_gpa(d->desc), vqa_gpa(&d->avail), vqa_gpa(&d->used));
}

static void vqa_desc_misaligned(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, VQA_QUEUE_SIZE, vqa_gpa(d->desc) + 8, vqa_gpa(&d->avail),
		  vqa_gpa(&d->used));
}

static void vqa_desc_wrap(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, VQA_QUEUE_SIZE, 0xffffffffffffff80ULL, vqa_gpa(&d->avail),
		  vqa_gpa(&d->used));
}

static void vqa_used_zero(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, VQA_QUEUE_SIZE, vqa_gpa(d->desc), vqa_gpa(&d->avail), 0x0);
}

static void vqa_avail_straddle(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	vqa_queue(env, r, VQA_QUEUE_SIZE, vqa_gpa(d->desc), env->ram_end - 16, vqa_gpa(&d->used));
}

/* A good request published, but the notifies name queues the device does not have. */
static void vqa_notify_missing(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
	virtq_publish(d, 0);
	virtq_notify(d, 5);
	virtq_notify(d, 0xffffffff);
	vqa_observe(env, r);
}

/* While the queue is ready its addresses and size are fixed: a good read must still work. */
static void vqa_rings_moved(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	static const uint32_t regs[] = {
	    VIRTIO_MMIO_QUEUE_DESC_LOW,	  VIRTIO_MMIO_QUEUE_DESC_HIGH,
	    VIRTIO_MMIO_QUEUE_DRIVER_LOW, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
	    VIRTIO_MMIO_QUEUE_DEVICE_LOW, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
	};

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		virtio_write(d, regs[i], 0);
	virtio_write(d, VIRTIO_MMIO_QUEUE_NUM, 3);
	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
	vqa_submit(env, 0, r);
}

/* Negotiation that must end with FEATURES_OK clear. */
static void vqa_features(struct vqa_env *env, struct vqa_result *r, uint64_t features)
{
	virtio_reset(env->dev);
	if (virtio_negotiate(env->dev, features)) {
		r->breach = "FEATURES_OK stuck";
		return;
	}
	r->outcome = VQA_REFUSED;
	r->note = "FEATURES_OK reads back clear";
}

static void vqa_features_legacy(struct vqa_env *env, struct vqa_result *r)
{
	vqa_features(env, r, VIRTIO_F_INDIRECT_DESC);
}

static void vqa_features_unoffered(struct vqa_env *env, struct vqa_result *r)
{
	vqa_features(env, r, VQA_FEATURES | VQA_NOT_OFFERED);
}

static void vqa_driver_ok_early(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	uint32_t status;

	virtio_reset(d);
	virtio_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	virtio_write(d, VIRTIO_MMIO_STATUS,
		     VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK);
	status = virtio_status(d);
	if (status & VIRTIO_STATUS_DRIVER_OK)
		r->breach = "DRIVER_OK stuck without FEATURES_OK";
	else
		r->outcome =
		    status & VIRTIO_STATUS_DEVICE_NEEDS_RESET ? VQA_NEEDS_RESET : VQA_REFUSED;
}

/* Only a reset may clear status bits; the device runs on either way. */
static void vqa_status_taken_back(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	virtio_write(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	r->note =
	    virtio_status(d) & VIRTIO_STATUS_DRIVER_OK ? "status unchanged" : "status bits cleared";
	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
	vqa_submit(env, 0, r);
}

/* Queue 7 does not exist: its set-up must not make anything ready. */
static void vqa_queue_missing(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;

	virtio_reset(d);
	virtio_negotiate(d, VQA_FEATURES);
	virtio_write(d, VIRTIO_MMIO_QUEUE_SEL, 7);
	if (virtio_read(d, VIRTIO_MMIO_QUEUE_NUM_MAX))
		r->breach = "queue 7 has a QueueNumMax";
	virtio_write(d, VIRTIO_MMIO_QUEUE_NUM, VQA_QUEUE_SIZE);
	virtio_write(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)vqa_gpa(d->desc));
	virtio_write(d, VIRTIO_MMIO_QUEUE_READY, 1);
	if (virtio_read(d, VIRTIO_MMIO_QUEUE_READY))
		r->breach = "queue 7 became ready";
	virtio_driver_ok(d);
	virtq_notify(d, 7);
	r->outcome = virtio_needs_reset(d) ? VQA_NEEDS_RESET : VQA_REFUSED;
}

/*
 * Writes at offsets the spec leaves undefined or read-only, and 8- and
 * 16-bit accesses to 32-bit registers: none may change what the device is.
 */
static void vqa_register_garbage(struct vqa_env *env, struct vqa_result *r)
{
	struct virtio_dev *d = env->dev;
	static const uint32_t regs[] = {0x000, 0x008, 0x028, 0x034, 0x03c, 0x040, 0x048, 0x0a8,
					0x0c4, 0x0f8, 0x0fc, 0x100, 0x104, 0x200, 0xffc};
	uint32_t status = virtio_status(d), capacity = virtio_read(d, VIRTIO_MMIO_CONFIG);
	volatile uint32_t sink = 0;

	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++)
		virtio_write(d, regs[i], 0xdeadbeef);
	mmio_write8(d->base + VIRTIO_MMIO_STATUS, 0);
	mmio_write8(d->base + VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	mmio_write8(d->base + VIRTIO_MMIO_CONFIG + 3, 0xff);
	sink += mmio_read8(d->base + VIRTIO_MMIO_STATUS);
	sink += mmio_read16(d->base + VIRTIO_MMIO_DEVICE_ID);
	sink += mmio_read16(d->base + VIRTIO_MMIO_MAGIC + 2);
	sink += virtio_read(d, 0x0f0) + virtio_read(d, 0xffc);
	(void)sink;
	if (virtio_read(d, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE ||
	    virtio_read(d, VIRTIO_MMIO_DEVICE_ID) != VIRTIO_ID_BLOCK ||
	    virtio_read(d, VIRTIO_MMIO_CONFIG) != capacity)
		r->breach = "a read-only register changed";
	r->note = virtio_status(d) == status ? "registers unchanged" : "status changed";
	virtio_blk_prepare(d, VIRTIO_BLK_T_IN, 0, env->buf, VIRTIO_BLK_SECTOR);
	vqa_submit(env, 0, r);
}

const struct vqa_attack vqa_setup_attacks[] = {
    {"queue size 3 (not a power of 2)", vqa_queue_size3, VQA_ALLOW_REFUSAL},
    {"queue size 512 (above QueueNumMax)", vqa_queue_size512, VQA_ALLOW_REFUSAL},
    {"queue size 0", vqa_queue_size0, VQA_ALLOW_REFUSAL},
    {"descriptor table misaligned", vqa_desc_misaligned, VQA_ALLOW_REFUSAL},
    {"descriptor table wrapping 2^64", vqa_desc_wrap, VQA_ALLOW_REFUSAL},
    {"used ring at GPA 0x0", vqa_used_zero, VQA_ALLOW_REFUSAL},
    {"available ring straddling the end of RAM", vqa_avail_straddle, VQA_ALLOW_REFUSAL},
    {"notify of queues 5 and 0xffffffff", vqa_notify_missing, VQA_ALLOW_ANY},
    {"ring addresses rewritten while ready", vqa_rings_moved, VQA_ALLOW_ANY},
    {"FEATURES_OK without VERSION_1", vqa_features_legacy, VQA_ALLOW_REFUSAL},
    {"features the device never offered", vqa_features_unoffered, VQA_ALLOW_REFUSAL},
    {"DRIVER_OK without FEATURES_OK", vqa_driver_ok_early, VQA_ALLOW_REFUSAL},
    {"status bits cleared without a reset", vqa_status_taken_back, VQA_ALLOW_ANY},
    {"set-up of nonexistent queue 7", vqa_queue_missing, VQA_ALLOW_REFUSAL},
    {"garbage at undefined registers and widths", vqa_register_garbage, VQA_ALLOW_ANY},
    {NULL, NULL, 0},
};
