# SPDX-License-Identifier: BSD-2-Clause
# Bare-metal test guests, included by the top Makefile. Every folder under
# guests/ other than configs/, lib/ and linux/ (built by guests/linux/linux.mk)
# is one guest: its .c and .S files linked with guests/lib/ give
# build/guests/<name>.elf and <name>.bin, linked at 0x80200000 so the same
# image runs natively under OpenSBI (`make guest-run GUEST=hello`) and as an
# Erg guest (kernel-offset 0x200000).
# Guests read the device tree with libfdt, built here with Erg's flags and
# linked into every guest; --gc-sections drops what a guest does not call.

GUEST_OUT := $(BUILD)/guests
GUEST_NAMES := $(filter-out configs lib linux,$(patsubst guests/%/,%,$(wildcard guests/*/)))
GUEST_BINS := $(GUEST_NAMES:%=$(GUEST_OUT)/%.bin)
GUEST_ELFS := $(GUEST_NAMES:%=$(GUEST_OUT)/%.elf)
GUEST_LD := guests/lib/guest.ld
GUEST_CFLAGS := $(RV_BASE) $(WARN) -Iguests/lib -I$(LIBFDT_DIR) -MMD -MP
# Integer-only printf keeps the images small.
GUEST_LDFLAGS := $(RV_LDFLAGS) -DPICOLIBC_INTEGER_PRINTF_SCANF -T $(GUEST_LD)
guest_objs = $(patsubst guests/%,$(GUEST_OUT)/obj/%.o,$(basename \
	$(wildcard guests/$1/*.c guests/$1/*.S)))
GUEST_LIB_OBJS := $(call guest_objs,lib) $(call libfdt_objs,$(GUEST_OUT)/obj/libfdt)
GUEST ?= hello
# A read-only disk image configs may back a virtio-blk with: 64 KiB, byte i = (i * 7 + i / 256) mod 256.
GUEST_DISK_IMAGE := $(GUEST_OUT)/blk-image.img
GUEST_BINS += $(GUEST_DISK_IMAGE)

# The big guest's 40 MiB image tail: 32-bit words, word i = i * 0x9e3779b1 mod 2^32,
# little-endian; guests/big/big.c checks the same words at run time.
BIG_TAIL := $(GUEST_OUT)/big-tail.bin
$(GUEST_OUT)/obj/big/tail.o: $(BIG_TAIL)
$(GUEST_OUT)/obj/big/tail.o: GUEST_CFLAGS += -DBIG_TAIL='"$(BIG_TAIL)"'

# Before any explicit rule, so `all` stays the default goal.
all: $(GUEST_BINS)

.PHONY: guests guest-run
guests: $(GUEST_BINS)

$(GUEST_DISK_IMAGE):
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	@$(PYTHON) -c 'import sys; sys.stdout.buffer.write(bytes((i * 7 + i // 256) % 256 for i in range(65536)))' >$@

$(BIG_TAIL):
	@mkdir -p $(@D)
	@echo "  IMAGE   $@"
	@$(PYTHON) -c 'import array, sys; a = array.array("I", (i * 0x9E3779B1 & 0xFFFFFFFF for i in range(10 << 20))); sys.byteorder == "little" or a.byteswap(); sys.stdout.buffer.write(a.tobytes())' >$@

guest-run: $(GUEST_OUT)/$(GUEST).bin
	$(QEMU) -M virt -cpu rv64 -smp 2 -m 256M -nographic -bios $(FW_JUMP) -kernel $<

$(eval $(call libfdt_rule,$(GUEST_OUT)/obj/libfdt,CC,$(RV_CC),$(RV_BASE)))

$(GUEST_OUT)/obj/%.o: guests/%.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

$(GUEST_OUT)/obj/%.o: guests/%.S
	@mkdir -p $(@D)
	@echo "  AS      $@"
	@$(RV_CC) $(GUEST_CFLAGS) -c $< -o $@

define guest_link_rule
$(GUEST_OUT)/$1.elf: $(call guest_objs,$1) $(GUEST_LIB_OBJS) $(GUEST_LD)
	@echo "  LD      $$@"
	@$(RV_CC) $(GUEST_LDFLAGS) $(call guest_objs,$1) $(GUEST_LIB_OBJS) -o $$@
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_link_rule,$g)))

$(GUEST_OUT)/%.bin: $(GUEST_OUT)/%.elf
	@echo "  OBJCOPY $@"
	@$(RV_OBJCOPY) -O binary $< $@
