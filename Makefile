# SPDX-License-Identifier: BSD-2-Clause
# Erg build. `make [CONFIG=name]` builds build/<name>/erg.elf and erg.bin from
# guests/configs/<name>.dts; `make run` boots it in QEMU; `make test` runs
# every test tier. `make help` lists the targets.
# This file holds the image, the config checker and the targets; the test
# guests are built by guests/guests.mk and guests/linux/linux.mk, the host unit
# tests by tests/unit/unit.mk, the libFuzzer harnesses by tests/fuzz/fuzz.mk.

# The QEMU machine `make run` boots: virt (harts with H), virt-noh (virt, harts without H:
# the trap-and-emulate back end; NOH=1 says the same) or sifive_u (a HiFive Unleashed: an
# E51 monitor hart and four U54 harts without H, with its own demo config).
BOARD ?= $(if $(NOH),virt-noh,virt)
ifeq ($(filter virt virt-noh sifive_u,$(BOARD)),)
$(error BOARD=$(BOARD): use virt, virt-noh or sifive_u)
endif
ifeq ($(BOARD),sifive_u)
CONFIG ?= sifive_u
SMP ?= 5
endif
CONFIG ?= default
SMP ?= 3
MEM ?= 2G
comma := ,
RUN_H := $(if $(filter virt-noh,$(BOARD)),false,true)
RUN_MACHINE := $(if $(filter sifive_u,$(BOARD)),-M sifive_u,-M virt -cpu rv64$(comma)h=$(RUN_H))
# A config with `uplink;` gets the machine's network device: QEMU's user networking (gateway
# 10.0.2.2, guests from 10.0.2.15 on), the host's port 8080 forwarded to the first guest's 80.
RUN_NET := $(if $(shell grep -sE '^[[:space:]]*uplink;' guests/configs/$(CONFIG).dts),\
	-netdev user$(comma)id=n0$(comma)hostfwd=tcp::8080-10.0.2.15:80 \
	-device virtio-net-device$(comma)netdev=n0)
# A config whose Linux roots on /dev/vda gets a disk: a copy of the ext4 root image, made
# once and kept in build/<config>/root.img, so what the guest writes is there next run.
RUN_ROOT = $(if $(shell grep -sl "root=/dev/vda" guests/configs/$(CONFIG).dts),$(OUT)/root.img)
RUN_DISK = $(if $(RUN_ROOT),-drive if=none$(comma)file=$(RUN_ROOT)$(comma)format=raw$(comma)id=d0 \
	-device virtio-blk-device$(comma)drive=d0)

BUILD := build
OUT := $(BUILD)/$(CONFIG)
LIBFDT_DIR := $(BUILD)/libfdt
TOOLS_OUT := $(BUILD)/tools

CROSS ?= riscv64-unknown-elf-
RV_CC := $(CROSS)gcc
RV_OBJCOPY := $(CROSS)objcopy
HOSTCC ?= gcc
DTC ?= dtc
QEMU ?= qemu-system-riscv64
PYTHON := /usr/bin/python3
LINUX_SOURCE_TAR := /usr/src/linux-source-6.1.tar.xz
FW_JUMP := /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin

WARN := -Wall -Wextra -Werror -Wmissing-prototypes -Wstrict-prototypes -Wshadow
# Where Erg's sources find their headers, whatever they are built for; each
# build adds only what it needs beyond these.
CORE_INCLUDES := -Icore -Iarch/riscv/include -I$(LIBFDT_DIR)
RV_ISA := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
RV_BASE := $(RV_ISA) --specs=picolibc.specs -std=gnu11 -O2 -g -ffreestanding -fno-pie \
	-fno-common -ffunction-sections -fdata-sections -flto
RV_CFLAGS := $(RV_BASE) $(WARN) $(CORE_INCLUDES) -DERG_CONFIG_NAME='"$(CONFIG)"' -MMD -MP
# Erg is optimized across its files at link time (-flto): every exit's path
# calls small functions of several subsystems. picolibc's multilib is chosen
# at link time from the plain ISA name, and that link also compiles: ISA spec
# 2.2 counts the CSR instructions in the base ISA, so the plain name has them.
RV_LDFLAGS := -march=rv64imac -misa-spec=2.2 -mabi=lp64 -mcmodel=medany --specs=picolibc.specs \
	-nostartfiles -static -O2 -g -flto -flto-partition=one \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments

LIBFDT_NAMES := fdt fdt_ro fdt_rw fdt_wip fdt_sw fdt_strerror fdt_addresses fdt_empty_tree
LIBFDT_STAMP := $(LIBFDT_DIR)/.extracted
LIBFDT_SRCS := $(LIBFDT_NAMES:%=$(LIBFDT_DIR)/%.c)
# libfdt is not ours: each build compiles it with its own compiler and base
# flags, without our warnings, through the one rule below:
# $(eval $(call libfdt_rule,dir,label,compiler,flags)) makes dir/<name>.o,
# and $(call libfdt_objs,dir) lists those objects.
define libfdt_rule
$1/%.o: $(LIBFDT_DIR)/%.c $(LIBFDT_STAMP)
	@mkdir -p $$(@D)
	@printf '  %-8s%s\n' $2 $$@
	@$3 $4 -I$(LIBFDT_DIR) -c $$< -o $$@
endef
libfdt_objs = $(LIBFDT_NAMES:%=$1/%.o)

CORE_SRCS := $(wildcard core/*/*.c)
# arch/riscv/ holds what every back end shares; arch/riscv/h/ the H-extension back end,
# arch/riscv/noh/ the trap-and-emulate one for harts without H.
RV_SRCS := $(CORE_SRCS) $(wildcard arch/riscv/*.c arch/riscv/h/*.c arch/riscv/noh/*.c) \
	$(wildcard drivers/*.c)
RV_ASM := $(wildcard arch/riscv/*.S arch/riscv/h/*.S arch/riscv/noh/*.S)
RV_OBJS := $(RV_SRCS:%.c=$(OUT)/obj/%.o) $(RV_ASM:%.S=$(OUT)/obj/%.o) \
	$(call libfdt_objs,$(OUT)/obj/libfdt)
# Host builds of core/ (unit tests, fuzzers) link with it the arch files that
# are plain C (table formats, no CSRs) and, for the rest, the stand-ins in
# tests/host/, which report failures through host_fail (tests/host/host_fail.h).
HOST_ARCH_SRCS := arch/riscv/h/gstage.c arch/riscv/vm_arch.c arch/riscv/insn_decode.c arch/riscv/hart_use.c \
	$(addprefix arch/riscv/noh/,guest_walk.c priv_emul.c shadow.c)
HOST_STANDIN_SRCS := $(wildcard tests/host/*.c)

# The partition-config checker: the hypervisor's own parser in a host tool.
CONFIG_CHECK := $(TOOLS_OUT)/erg-config-check
CONFIG_CHECK_SRCS := tools/config_check.c $(wildcard core/config/*.c) core/lib/fdt_util.c core/mem/mem_map.c
CONFIG_CHECK_OBJS := $(CONFIG_CHECK_SRCS:%.c=$(TOOLS_OUT)/obj/%.o) \
	$(call libfdt_objs,$(TOOLS_OUT)/obj/libfdt)
TOOL_CFLAGS := -std=gnu11 -O2 -g $(WARN) $(CORE_INCLUDES) -MMD -MP

.PHONY: all run test unit config-test integration deps format format-check clean help fuzz fuzz-short bench
include guests/guests.mk
include guests/linux/linux.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
# A config may /incbin/ any guest image, so images come first.
$(OUT)/config.dtb: $(GUEST_BINS)

# Configs the integration tests boot.
INTEGRATION_CONFIGS := empty default hello pair isolation reboot privileged sbi smp uboot irqtest idle idle1 idle1_shared slices priority windows tickless linux linux4 linux1 vqattack virtio linux_virtio crash hostile bench ptlife hartstate noisy noisy_alone netflood pgattack fpstate memtypes sifive_u visionfive2 archive uplink linux_root
# A config that names images by file (kernel-file, initrd-file) gets its boot archive,
# which the boot loader passes as Erg's initrd. The quick look at the source only
# decides whether to build it; its names come from the parser (erg-config-check --files).
ARCHIVE := $(if $(shell grep -sE '(kernel|initrd)-file' guests/configs/$(CONFIG).dts),$(OUT)/guests.cpio)
all: $(OUT)/erg.bin $(ARCHIVE)

help:
	@echo "make [CONFIG=name]   build build/<name>/erg.elf and erg.bin (default: default)"
	@echo "make run             install what is missing, build, boot in QEMU (SMP=$(SMP) MEM=$(MEM))"
	@echo "make run NOH=1       the same on harts without H (trap-and-emulate back end)"
	@echo "make run BOARD=b     on QEMU board b: virt, virt-noh or sifive_u"
	@echo "make test            install what is missing, then unit and integration tests"
	@echo "make unit            host unit tests (cmocka, ASan/UBSan)"
	@echo "make config-test     partition-config checker against tests/configs/ and guests/configs/"
	@echo "make integration     boot tests in QEMU (pytest)"
	@echo "make fuzz            run each libFuzzer harness in tests/fuzz/ for FUZZ_SECONDS (60) s"
	@echo "make fuzz-short      the same for 10 s each (part of make test)"
	@echo "make bench           benchmarks under -icount: a table, build/bench/results.json and .png"
	@echo "make format          clang-format every C source and header"
	@echo "make format-check    fail when a C source or header is not clang-formatted"
	@echo "make clean           remove build/"

deps:
	@tools/install-deps.sh

run:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory all
	@$(if $(RUN_ROOT),test -e $(RUN_ROOT) || cp $(LINUX_ROOT_IMAGE) $(RUN_ROOT))
	@echo "erg: booting $(OUT)/erg.bin on $(BOARD), $(SMP) harts; quit with Ctrl-A X"
	$(QEMU) $(RUN_MACHINE) -smp $(SMP) -m $(MEM) -nographic \
		-bios $(FW_JUMP) -kernel $(OUT)/erg.bin $(if $(ARCHIVE),-initrd $(ARCHIVE)) $(RUN_NET) \
		$(RUN_DISK)

test:
	@tools/install-deps.sh
	@$(MAKE) --no-print-directory format-check all
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory fuzz-short
	@$(MAKE) --no-print-directory config-test
	@$(MAKE) --no-print-directory integration

# --- libfdt, extracted from Debian's linux-source-6.1 (never committed) ---
$(LIBFDT_STAMP): $(LINUX_SOURCE_TAR)
	@echo "  EXTRACT libfdt from $<"
	@rm -rf $(LIBFDT_DIR) && mkdir -p $(LIBFDT_DIR)
	@tar -xJf $< -C $(LIBFDT_DIR) --strip-components=4 linux-source-6.1/scripts/dtc/libfdt
	@touch $@

$(LIBFDT_NAMES:%=$(LIBFDT_DIR)/%.c): $(LIBFDT_STAMP)

# --- the hypervisor image ---
$(eval $(call libfdt_rule,$(OUT)/obj/libfdt,CC,$(RV_CC),$(RV_BASE)))

$(OUT)/obj/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(RV_CC) $(RV_CFLAGS) -c $< -o $@

$(OUT)/obj/%.o: %.S $(OUT)/config.dtb
	@mkdir -p $(@D)
	@echo "  AS      $@"
	@$(RV_CC) $(RV_CFLAGS) -D__ASSEMBLER__ -DERG_CONFIG_DTB='"$(OUT)/config.dtb"' -c $< -o $@

# Guest images for /incbin/ are looked up in build/guests. dtc lists them in
# config.dep; each also becomes an empty target so a vanished image does not
# wedge make. A config the checker refuses is deleted so that the next make
# checks it again.
$(OUT)/config.dtb: guests/configs/$(CONFIG).dts $(CONFIG_CHECK) tools/config_align.py
	@mkdir -p $(@D) $(BUILD)/guests
	@echo "  DTC     $@"
	@$(DTC) -q -i $(BUILD)/guests -d $(OUT)/config.dep -I dts -O dtb -o $@ $<
	@$(PYTHON) tools/config_align.py $@
	@awk '{ print; for (i = 2; i <= NF; i++) print $$i ":" }' $(OUT)/config.dep >$(OUT)/config.d
	@echo "  CHECK   $<"
	@$(CONFIG_CHECK) $< $@ || { rm -f $@; exit 1; }

# The boot archive: the files the config names, from build/guests (where /incbin/ looks),
# in cpio's crc format, whose per-file sums Erg checks before it loads a guest.
ARCHIVE_FILES := $(shell sed -n 's/.*-file = "\(.*\)";.*/\1/p' guests/configs/$(CONFIG).dts)
$(OUT)/guests.cpio: $(OUT)/config.dtb $(GUEST_BINS) $(ARCHIVE_FILES:%=$(BUILD)/guests/%)
	@echo "  CPIO    $@"
	@names=$$($(CONFIG_CHECK) --files guests/configs/$(CONFIG).dts $<) && \
		(cd $(BUILD)/guests && printf '%s\n' $$names | cpio --quiet -o -H crc) >$@.tmp && \
		mv $@.tmp $@

$(OUT)/linker-link.lds $(OUT)/linker-shifted.lds: linker.ld arch/riscv/layout.h core/lib/erg_limits.h
	@mkdir -p $(@D)
	@$(RV_CC) -E -P -x c -D__ASSEMBLER__ $(if $(findstring shifted,$@),-DERG_SHIFTED_LINK) \
		-Iarch/riscv $(CORE_INCLUDES) $< -o $@

# Erg moves itself to wherever it is loaded: it is linked twice, the second
# time ERG_LINK_SHIFT higher, and tools/relocs.py writes the words that moved
# into the first link's .erg_relocs (arch/riscv/relocate.S).
$(OUT)/erg-link.elf $(OUT)/erg-shifted.elf: $(OUT)/erg-%.elf: $(RV_OBJS) $(OUT)/linker-%.lds
	@echo "  LD      $@"
	@$(RV_CC) $(RV_LDFLAGS) -T $(OUT)/linker-$*.lds $(RV_OBJS) -o $@

$(OUT)/erg-%.flat: $(OUT)/erg-%.elf
	@$(RV_OBJCOPY) -O binary $< $@

$(OUT)/erg.elf: $(OUT)/erg-link.elf $(OUT)/erg-link.flat $(OUT)/erg-shifted.elf \
		$(OUT)/erg-shifted.flat tools/relocs.py
	@echo "  RELOCS  $@"
	@$(PYTHON) tools/relocs.py $(wordlist 1,4,$^) $(OUT)/relocs.bin
	@$(RV_OBJCOPY) --update-section .erg_relocs=$(OUT)/relocs.bin $< $@

$(OUT)/erg.bin: $(OUT)/erg.elf
	@echo "  OBJCOPY $@"
	@$(RV_OBJCOPY) -O binary $< $@

# --- the config checker, a host tool built without sanitizers ---
$(eval $(call libfdt_rule,$(TOOLS_OUT)/obj/libfdt,HOSTCC,$(HOSTCC),-std=gnu11 -O2))

$(TOOLS_OUT)/obj/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(TOOL_CFLAGS) -c $< -o $@

$(CONFIG_CHECK): $(CONFIG_CHECK_OBJS)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $^ -o $@

# --- tests (built by tests/unit/unit.mk and tests/fuzz/fuzz.mk) ---
unit: $(UNIT_TESTS:%=$(HOST_OUT)/%) $(TEST_DTB_FILES)
	@set -e; for t in $(UNIT_TESTS); do \
		echo "== $$t"; ERG_TEST_DTBS=$(TEST_DTBS) $(HOST_OUT)/$$t; done

fuzz: $(FUZZ_HARNESSES:%=$(FUZZ_OUT)/%)
	@$(foreach h,$(FUZZ_HARNESSES),$(call fuzz_run,$h) &&) true

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

config-test: $(CONFIG_CHECK) $(GUEST_BINS)
	@ERG_BUILD=$(BUILD) $(PYTHON) -m pytest -q tests/configs

integration:
	@for c in $(INTEGRATION_CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c all || exit 1; done
	@ERG_BUILD=$(BUILD) $(PYTHON) -m pytest -q tests/integration

# Benchmarks, not part of `make test`: the configs tools/bench.py boots (their
# builds bring the bench guest and the Linux guest along).
BENCH_CONFIGS := bench bench_switch bench_net linux1 default empty
bench:
	@tools/install-deps.sh
	@for c in $(BENCH_CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c all || exit 1; done
	@ERG_BUILD=$(BUILD) $(PYTHON) tools/bench.py

C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find arch core drivers tests -name '*.[ch]')

format:
	clang-format -i $(C_FILES)

format-check:
	@clang-format --dry-run -Werror $(C_FILES)

clean:
	rm -rf $(BUILD)

.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' -type f 2>/dev/null)
