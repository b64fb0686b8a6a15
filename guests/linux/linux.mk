# SPDX-License-Identifier: BSD-2-Clause
# The Linux guest, included by the top Makefile: the kernel Image built from
# Debian's linux-source-6.1 by tools/build-linux.sh (cached outside the
# checkout, minutes the first time, seconds after), and one userland in two
# forms: an initramfs packed by the kernel's gen_init_cpio and an ext4 root
# image made by mke2fs -d. The userland is Debian's static BusyBox (riscv64,
# from Debian 13 through tools/debian-riscv64.sh, cached by version), the files
# of guests/linux/rootfs/ and our rdtime.
# `make linux` builds them all; a config that /incbin/s them waits for them,
# the others (`make` with the default config) never build the kernel.

LINUX_IMAGE := $(GUEST_OUT)/linux-Image
LINUX_INITRAMFS := $(GUEST_OUT)/linux-initramfs.cpio
LINUX_ROOT_IMAGE := $(GUEST_OUT)/linux-root.ext4
LINUX_ROOT_MIB := 32
LINUX_ROOTFS := $(GUEST_OUT)/linux-rootfs
LINUX_ROOTFS_STAMP := $(LINUX_ROOTFS).stamp
LINUX_RDTIME := $(GUEST_OUT)/linux-rdtime
GEN_INIT_CPIO := $(TOOLS_OUT)/gen_init_cpio
LINUX_CC := riscv64-linux-gnu-gcc
LINUX_ROOTFS_FILES := $(shell find guests/linux/rootfs -type f)

.PHONY: linux
linux: $(LINUX_IMAGE) $(LINUX_INITRAMFS) $(LINUX_ROOT_IMAGE)

$(LINUX_IMAGE) $(GEN_INIT_CPIO) &: guests/linux/kernel.config tools/build-linux.sh
	@tools/build-linux.sh $(LINUX_IMAGE) $(GEN_INIT_CPIO)

$(LINUX_RDTIME): guests/linux/rdtime.c
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(LINUX_CC) -static -Os -s $(WARN) -o $@ $<

# The root tree both forms hold. BusyBox makes its applet links at boot
# (rcS: busybox --install -s); the tree needs only the links that run before.
$(LINUX_ROOTFS_STAMP): $(LINUX_ROOTFS_FILES) $(LINUX_RDTIME) tools/debian-riscv64.sh
	@echo "  ROOTFS  $(LINUX_ROOTFS)"
	@busybox=$$(tools/debian-riscv64.sh busybox-static)/usr/bin/busybox && \
		rm -rf $(LINUX_ROOTFS) && cp -R guests/linux/rootfs $(LINUX_ROOTFS) && \
		cd $(LINUX_ROOTFS) && mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run mnt root && \
		cp "$$busybox" bin/busybox && cp $(CURDIR)/$(LINUX_RDTIME) usr/bin/rdtime && \
		ln -s bin/busybox init && ln -s busybox bin/sh && ln -s ../bin/busybox sbin/init
	@touch $@

# gen_init_cpio takes a list, not a tree: each entry of the tree becomes a line,
# owned by root, plus the console that the kernel opens before /init runs.
$(LINUX_INITRAMFS): $(LINUX_ROOTFS_STAMP) $(GEN_INIT_CPIO)
	@echo "  CPIO    $@"
	@(cd $(LINUX_ROOTFS) && find . -mindepth 1 | sort | while read -r p; do \
			if [ -L "$$p" ]; then echo "slink $${p#.} $$(readlink "$$p") 0777 0 0"; \
			elif [ -d "$$p" ]; then echo "dir $${p#.} 0755 0 0"; \
			else echo "file $${p#.} $$PWD/$${p#./} $$(stat -c %a "$$p") 0 0"; fi; \
		done; echo "nod /dev/console 0600 0 0 c 5 1") >$@.list
	@$(GEN_INIT_CPIO) -t 0 $@.list >$@.$$$$ && mv $@.$$$$ $@

# The same tree as an ext4 root (root=/dev/vda), made without privileges. Its
# inode tables and journal are zeroed now, so that Linux need not do it in the
# background after its first mount. mke2fs -d copies the builder's uid and gid;
# debugfs then gives every file to root, as the initramfs has them.
LINUX_MKE2FS_EXT4 := /sbin/mke2fs -q -F -t ext4 -E lazy_itable_init=0,lazy_journal_init=0
$(LINUX_ROOT_IMAGE): $(LINUX_ROOTFS_STAMP)
	@echo "  MKE2FS  $@"
	@rm -f $@.tmp && truncate -s $(LINUX_ROOT_MIB)M $@.tmp && \
		$(LINUX_MKE2FS_EXT4) -L erg-root -d $(LINUX_ROOTFS) $@.tmp && \
		(cd $(LINUX_ROOTFS) && find . | while read -r p; do \
			echo "sif /$${p#./} uid 0"; echo "sif /$${p#./} gid 0"; done) >$@.owners && \
		/sbin/debugfs -w -f $@.owners $@.tmp >/dev/null 2>&1 && mv $@.tmp $@

# Only a config that names the Linux images depends on them.
ifneq ($(shell grep -ls 'linux-Image\|linux-initramfs' guests/configs/$(CONFIG).dts),)
$(OUT)/config.dtb: $(LINUX_IMAGE) $(LINUX_INITRAMFS) $(LINUX_ROOT_IMAGE)
endif

# The config corpus compiles every shipped config, the Linux ones included.
config-test: $(LINUX_IMAGE) $(LINUX_INITRAMFS)
