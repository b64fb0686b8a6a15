# Erg build. `make [CONFIG=name]` builds build/<name>/erg.elf and erg.bin from
# guests/configs/<name>.dts; `make run` boots it in QEMU; `make test` runs
# every test tier. `make help` lists the targets.

CONFIG ?= default
SMP ?= 3
MEM ?= 2G

BUILD := build
OUT := $(BUILD)/$(CONFIG)
LIBFDT_DIR := $(BUILD)/libfdt
HOST_OUT := $(BUILD)/host
TEST_DTBS := $(BUILD)/test-dtbs
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
INCLUDES := -Icore -Iarch/riscv/include -I$(LIBFDT_DIR)
RV_ISA := -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany
RV_BASE := $(RV_ISA) --specs=picolibc.specs -std=gnu11 -O2 -g -ffreestanding -fno-pie \
	-fno-common -ffunction-sections -fdata-sections -fno-omit-frame-pointer
RV_CFLAGS := $(RV_BASE) $(WARN) $(INCLUDES) -DERG_CONFIG_NAME='"$(CONFIG)"' -MMD -MP
# picolibc's multilib is chosen at link time from the plain ISA name.
RV_LDFLAGS := -march=rv64imac -mabi=lp64 --specs=picolibc.specs -nostartfiles -static \
	-Wl,--gc-sections -Wl,--no-warn-rwx-segments

HOST_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer $(WARN) -Icore -Iarch/riscv/include -Iarch -I$(LIBFDT_DIR) -Itests/unit \
	-DERG_CONFIG_NAME='"host"' -MMD -MP

LIBFDT_NAMES := fdt fdt_ro fdt_rw fdt_wip fdt_sw fdt_strerror fdt_addresses fdt_empty_tree
LIBFDT_STAMP := $(LIBFDT_DIR)/.extracted

CORE_SRCS := $(wildcard core/*/*.c)
RV_SRCS := $(CORE_SRCS) $(wildcard arch/riscv/*.c) $(wildcard drivers/*.c)
RV_ASM := $(wildcard arch/riscv/*.S)
RV_OBJS := $(RV_SRCS:%.c=$(OUT)/obj/%.o) $(RV_ASM:%.S=$(OUT)/obj/%.o) \
	$(LIBFDT_NAMES:%=$(OUT)/obj/libfdt/%.o)

# The partition-config checker: the hypervisor's own parser in a host tool.
CONFIG_CHECK := $(TOOLS_OUT)/erg-config-check
CONFIG_CHECK_SRCS := tools/config_check.c $(wildcard core/config/*.c) core/lib/fdt_util.c core/mem/mem_map.c
CONFIG_CHECK_OBJS := $(CONFIG_CHECK_SRCS:%.c=$(TOOLS_OUT)/obj/%.o) \
	$(LIBFDT_NAMES:%=$(TOOLS_OUT)/obj/libfdt/%.o)
TOOL_CFLAGS := -std=gnu11 -O2 -g $(WARN) -Icore -I$(LIBFDT_DIR) -MMD -MP

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
# Link options of one unit test, UNIT_LDFLAGS_<test>: the scheduler's tests
# stand in for the run loop, so that they play each vCPU's slice themselves;
# the requests' test says itself when the asker's hart is wanted elsewhere.
UNIT_LDFLAGS_test_sched_hart := -Wl,--wrap=vcpu_run_slice
UNIT_LDFLAGS_test_sched_hart_block := -Wl,--wrap=vcpu_run_slice
UNIT_LDFLAGS_test_vcpu_request := -Wl,--wrap=sched_should_yield
# Arch files that are plain C (table formats, no CSRs) run on the host too.
HOST_ARCH_SRCS := arch/riscv/gstage.c arch/riscv/vm_arch.c arch/riscv/insn_decode.c
HOST_CORE_OBJS := $(CORE_SRCS:%.c=$(HOST_OUT)/%.o) $(HOST_ARCH_SRCS:%.c=$(HOST_OUT)/%.o) \
	$(HOST_OUT)/tests/unit/host_arch.o $(HOST_OUT)/tests/unit/host_vcpu.o $(HOST_OUT)/tests/unit/host_devices_fake.o \
	$(LIBFDT_NAMES:%=$(HOST_OUT)/libfdt/%.o)

# DTBs QEMU itself describes, dumped for the parser's unit tests: name -> QEMU options.
QEMU_DTBS := smp1-512M smp4-2G smp8-1000M smp2-5G smp4-2G-nosstc smp1-128M-noh
qemu_dtb_opts = -smp $(word 2,$(subst -, ,$(subst smp,smp ,$1))) \
	-m $(word 2,$(subst -, ,$1)) \
	-cpu rv64$(if $(findstring nosstc,$1),$(comma)sstc=false)$(if $(findstring noh,$1),$(comma)h=false)
comma := ,
TEST_DTB_FILES := $(QEMU_DTBS:%=$(TEST_DTBS)/virt-%.dtb) \
	$(patsubst tests/unit/dts/%.dts,$(TEST_DTBS)/%.dtb,$(wildcard tests/unit/dts/*.dts))

# libFuzzer harnesses: each tests/fuzz/fuzz_<x>.c is built with the sources
# FUZZ_SRCS_fuzz_<x> names (objects kept in build/fuzz/obj/, so the harnesses
# that link most of core/ rebuild only what changed), linked with
# FUZZ_LIBS_fuzz_<x>, and run with the options FUZZ_OPTS_fuzz_<x> from a copy
# of its seed corpus tests/fuzz/corpus/fuzz_<x>/, so that the fuzzer's finds
# stay in build/.
FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 $(FUZZ_SAN) -fno-omit-frame-pointer $(WARN) \
	-Icore -Iarch/riscv/include -Iarch -I$(LIBFDT_DIR) -Itests/unit -DERG_CONFIG_NAME='"host"' -MMD -MP
LIBFDT_SRCS := $(LIBFDT_NAMES:%=$(LIBFDT_DIR)/%.c)
fuzz_objs = $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$1)
FUZZ_SRCS_fuzz_virtq := core/virtio/virtq.c
# Room for a whole 256-entry queue's rings in one input.
FUZZ_OPTS_fuzz_virtq := -max_len=8204
# The partition-config parser, as the host checker builds it; DTBs up to 16 KiB
# (the seeds are 1-2 KiB), mutated with the format's names from the dictionary.
FUZZ_SRCS_fuzz_config := $(filter-out tools/%,$(CONFIG_CHECK_SRCS)) $(LIBFDT_SRCS)
FUZZ_OPTS_fuzz_config := -max_len=16384 -dict=tests/fuzz/fuzz_config.dict
# 100 (instruction, htinst) records of 12 bytes.
FUZZ_SRCS_fuzz_insn := arch/riscv/insn_decode.c
FUZZ_OPTS_fuzz_insn := -max_len=1200
# SBI calls from a guest built by hand over all of core/ and the unit tests'
# host stand-ins (host_arch.c reports failures through cmocka); 20 calls of 53 bytes.
FUZZ_SRCS_fuzz_sbi := $(CORE_SRCS) $(HOST_ARCH_SRCS) tests/unit/host_arch.c \
	tests/unit/host_vcpu.c tests/unit/host_devices_fake.c $(LIBFDT_SRCS)
FUZZ_LIBS_fuzz_sbi := -lcmocka
FUZZ_OPTS_fuzz_sbi := -max_len=1060
# The vPLIC and vUART behind one MMIO map: a 3-byte header and 255 steps of 8 bytes.
FUZZ_SRCS_fuzz_plic_uart := core/dev/vplic.c core/dev/vuart.c core/dev/mmio_map.c tests/fuzz/plic_uart_model.c
FUZZ_OPTS_fuzz_plic_uart := -max_len=2043

.PHONY: all run test unit config-test integration deps format format-check clean help fuzz fuzz-short bench
include guests/guests.mk
include guests/linux/linux.mk
# A config may /incbin/ any guest image, so images come first.
$(OUT)/config.dtb: $(GUEST_BINS)

# Configs the integration tests boot.
INTEGRATION_CONFIGS := empty default hello pair isolation reboot privileged sbi smp uboot irqtest idle slices priority windows tickless linux linux4 linux1 vqattack virtio linux_virtio crash hostile bench ptlife hartstate noisy noisy_alone netflood
all: $(OUT)/erg.bin

help:
	@echo "make [CONFIG=name]   build build/<name>/erg.elf and erg.bin (default: default)"
	@echo "make run             install what is missing, build, boot in QEMU (SMP=$(SMP) MEM=$(MEM))"
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
	@echo "erg: booting $(OUT)/erg.bin on $(SMP) harts; quit with Ctrl-A X"
	$(QEMU) -M virt -cpu rv64,h=true -smp $(SMP) -m $(MEM) -nographic \
		-bios $(FW_JUMP) -kernel $(OUT)/erg.bin

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
$(OUT)/obj/libfdt/%.o: $(LIBFDT_DIR)/%.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(RV_CC) $(RV_BASE) -I$(LIBFDT_DIR) -c $< -o $@

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
$(OUT)/config.dtb: guests/configs/$(CONFIG).dts $(CONFIG_CHECK)
	@mkdir -p $(@D) $(BUILD)/guests
	@echo "  DTC     $@"
	@$(DTC) -q -i $(BUILD)/guests -d $(OUT)/config.dep -I dts -O dtb -o $@ $<
	@awk '{ print; for (i = 2; i <= NF; i++) print $$i ":" }' $(OUT)/config.dep >$(OUT)/config.d
	@echo "  CHECK   $<"
	@$(CONFIG_CHECK) $< $@ || { rm -f $@; exit 1; }

$(OUT)/linker.lds: linker.ld arch/riscv/layout.h core/lib/erg_limits.h
	@mkdir -p $(@D)
	@$(RV_CC) -E -P -x c -D__ASSEMBLER__ -Iarch/riscv -Icore $< -o $@

$(OUT)/erg.elf: $(RV_OBJS) $(OUT)/linker.lds
	@echo "  LD      $@"
	@$(RV_CC) $(RV_LDFLAGS) -T $(OUT)/linker.lds $(RV_OBJS) -o $@

$(OUT)/erg.bin: $(OUT)/erg.elf
	@echo "  OBJCOPY $@"
	@$(RV_OBJCOPY) -O binary $< $@

# --- the config checker, a host tool built without sanitizers ---
$(TOOLS_OUT)/obj/libfdt/%.o: $(LIBFDT_DIR)/%.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@$(HOSTCC) -std=gnu11 -O2 -I$(LIBFDT_DIR) -c $< -o $@

$(TOOLS_OUT)/obj/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(TOOL_CFLAGS) -c $< -o $@

$(CONFIG_CHECK): $(CONFIG_CHECK_OBJS)
	@echo "  HOSTLD  $@"
	@$(HOSTCC) $^ -o $@

# --- host unit tests ---
$(HOST_OUT)/libfdt/%.o: $(LIBFDT_DIR)/%.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@$(HOSTCC) -std=gnu11 -g -O1 -fsanitize=address,undefined -I$(LIBFDT_DIR) -c $< -o $@

$(HOST_OUT)/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_OUT)/%: $(HOST_OUT)/tests/unit/%.o $(HOST_CORE_OBJS)
	@$(HOSTCC) $(HOST_CFLAGS) $^ $(UNIT_LDFLAGS_$*) -lcmocka -o $@

$(TEST_DTBS)/virt-%.dtb:
	@mkdir -p $(@D)
	@$(QEMU) -M virt,dumpdtb=$@ $(call qemu_dtb_opts,$*) -nographic >/dev/null 2>&1

$(TEST_DTBS)/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(@D)
	@$(DTC) -q -I dts -O dtb -o $@ $<

unit: $(UNIT_TESTS:%=$(HOST_OUT)/%) $(TEST_DTB_FILES)
	@set -e; for t in $(UNIT_TESTS); do \
		echo "== $$t"; ERG_TEST_DTBS=$(TEST_DTBS) $(HOST_OUT)/$$t; done

config-test: $(CONFIG_CHECK) $(GUEST_BINS)
	@ERG_BUILD=$(BUILD) $(PYTHON) -m pytest -q tests/configs

integration:
	@for c in $(INTEGRATION_CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c all || exit 1; done
	@ERG_BUILD=$(BUILD) $(PYTHON) -m pytest -q tests/integration

# Benchmarks, not part of `make test`: the configs tools/bench.py boots (their
# builds bring the bench guest and the Linux guest along).
BENCH_CONFIGS := bench bench_switch linux1 default empty
bench:
	@tools/install-deps.sh
	@for c in $(BENCH_CONFIGS); do $(MAKE) --no-print-directory CONFIG=$$c all || exit 1; done
	@ERG_BUILD=$(BUILD) $(PYTHON) tools/bench.py

# --- libFuzzer harnesses (clang) ---
# libfdt is not ours: instrumented and sanitized like the rest, without our warnings.
$(FUZZ_OUT)/obj/$(LIBFDT_DIR)/%.o: $(LIBFDT_DIR)/%.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@$(FUZZ_CC) -std=gnu11 -g -O1 $(FUZZ_SAN) -I$(LIBFDT_DIR) -c $< -o $@

$(FUZZ_OUT)/obj/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

define fuzz_harness
$(FUZZ_OUT)/$1: $(call fuzz_objs,tests/fuzz/$1.c $(FUZZ_SRCS_$1))
	@echo "  FUZZLD  $$@"
	@$(FUZZ_CC) $(FUZZ_SAN) $$^ $(FUZZ_LIBS_$1) -o $$@
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_harness,$h)))

# One harness's run: seeds copied next to earlier finds, crashes kept in build/fuzz/.
fuzz_run = echo "== $1 ($(FUZZ_SECONDS) s)" && mkdir -p $(FUZZ_OUT)/corpus-$1 && \
	{ [ ! -d tests/fuzz/corpus/$1 ] || cp tests/fuzz/corpus/$1/* $(FUZZ_OUT)/corpus-$1/; } && \
	$(FUZZ_OUT)/$1 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_OUT)/$1- $(FUZZ_OPTS_$1) $(FUZZ_OUT)/corpus-$1

fuzz: $(FUZZ_HARNESSES:%=$(FUZZ_OUT)/%)
	@$(foreach h,$(FUZZ_HARNESSES),$(call fuzz_run,$h) &&) true

fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=10

C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find arch core drivers tests -name '*.[ch]')

format:
	clang-format -i $(C_FILES)

format-check:
	@clang-format --dry-run -Werror $(C_FILES)

clean:
	rm -rf $(BUILD)

.SECONDARY:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
