/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Little-endian config-space fields for the virtio device models.
 */
#include "virtio/virtio_config.h"

int virtio_config_read(const uint8_t *space, size_t size, uint64_t offset, unsigned width,
		       uint64_t *value)
{
	uint64_t v = 0;

	if (offset >= size || width > size - offset)
		return -1;
	for (unsigned i = width; i-- > 0;)
		v = v << 8 | space[offset + i];
	*value = v;
	return 0;
}

void virtio_config_put(uint8_t *p, uint64_t value, unsigned len)
{
	for (unsigned i = 0; i < len; i++, value >>= 8)
		p[i] = (uint8_t)value;
}
