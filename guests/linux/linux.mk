# SPDX-License-Identifier: BSD-2-Clause
# The Linux guest, included by the top Makefile: the kernel Image built from
# Debian's linux-source-6.1 by tools/build-linux.sh (cached outside the
# checkout, minutes the first time, seconds after) and an initramfs holding
# the static /init of this folder, packed by the kernel's gen_init_cpio.
# `make linux` builds both; a config that /incbin/s them waits for them, the
# others (`make` with the default config) never build the kernel.

LINUX_IMAGE := $(GUEST_OUT)/linux-Image
LINUX_INITRAMFS := $(GUEST_OUT)/linux-initramfs.cpio
LINUX_INIT := $(GUEST_OUT)/linux-init
GEN_INIT_CPIO := $(TOOLS_OUT)/gen_init_cpio
LINUX_CC := riscv64-linux-gnu-gcc
LINUX_INIT_SRCS := $(wildcard guests/linux/*.c)

.PHONY: linux
linux: $(LINUX_IMAGE) $(LINUX_INITRAMFS)

$(LINUX_IMAGE) $(GEN_INIT_CPIO) &: guests/linux/kernel.config tools/build-linux.sh
	@tools/build-linux.sh $(LINUX_IMAGE) $(GEN_INIT_CPIO)

$(LINUX_INIT): $(LINUX_INIT_SRCS) $(wildcard guests/linux/*.h)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(LINUX_CC) -static -Os -s $(WARN) -o $@ $(LINUX_INIT_SRCS)

$(LINUX_INITRAMFS): guests/linux/initramfs.list $(LINUX_INIT) $(GEN_INIT_CPIO)
	@echo "  CPIO    $@"
	@LINUX_INIT=$(LINUX_INIT) $(GEN_INIT_CPIO) -t 0 $< >$@.$$$$ && mv $@.$$$$ $@

# Only a config that names the Linux images depends on them.
ifneq ($(shell grep -ls 'linux-Image\|linux-initramfs' guests/configs/$(CONFIG).dts),)
$(OUT)/config.dtb: $(LINUX_IMAGE) $(LINUX_INITRAMFS)
endif

# The config corpus compiles every shipped config, the Linux ones included.
config-test: $(LINUX_IMAGE) $(LINUX_INITRAMFS)
