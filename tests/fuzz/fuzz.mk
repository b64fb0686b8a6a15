# SPDX-License-Identifier: BSD-2-Clause
# libFuzzer harnesses, included by the top Makefile (`make fuzz` runs them):
# each tests/fuzz/fuzz_<x>.c is built with clang and the sources
# FUZZ_SRCS_fuzz_<x> names (objects kept in build/fuzz/obj/, so the harnesses
# that link most of core/ rebuild only what changed), and run with the options
# FUZZ_OPTS_fuzz_<x> from a copy of its seed corpus tests/fuzz/corpus/fuzz_<x>/,
# so that the fuzzer's finds stay in build/.

FUZZ_OUT := $(BUILD)/fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_HARNESSES := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SAN := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=gnu11 -g -O1 $(FUZZ_SAN) -fno-omit-frame-pointer $(WARN) \
	$(CORE_INCLUDES) -Iarch -Itests/host -DERG_CONFIG_NAME='"host"' -MMD -MP
# Objects of sources.c in build/fuzz/obj/, libfdt's in build/fuzz/obj/libfdt/.
fuzz_objs = $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(patsubst $(LIBFDT_DIR)/%,libfdt/%,$1))

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
# SBI calls from a guest built by hand over all of core/ and the host
# stand-ins of tests/host/, whose failures abort (host_fail_abort.c); 20 calls
# of 53 bytes.
FUZZ_SRCS_fuzz_sbi := $(CORE_SRCS) $(HOST_ARCH_SRCS) $(HOST_STANDIN_SRCS) \
	tests/fuzz/host_fail_abort.c $(LIBFDT_SRCS)
FUZZ_OPTS_fuzz_sbi := -max_len=1060
# The vPLIC and vUART behind one MMIO map: a 3-byte header and 255 steps of 8 bytes.
FUZZ_SRCS_fuzz_plic_uart := core/dev/vplic.c core/dev/vuart.c core/dev/mmio_map.c tests/fuzz/plic_uart_model.c
FUZZ_OPTS_fuzz_plic_uart := -max_len=2043
# The no-H back end's guest page-table walker: a 16-byte header and up to 4
# pages of guest RAM holding the tables.
FUZZ_SRCS_fuzz_guest_walk := arch/riscv/noh/guest_walk.c
FUZZ_OPTS_fuzz_guest_walk := -max_len=16400
# The no-H back end's privileged-instruction emulator: a 345-byte header
# (features, the CSRs, x1..x31) and up to 200 steps of 5 bytes.
FUZZ_SRCS_fuzz_priv_emul := arch/riscv/noh/priv_emul.c arch/riscv/insn_decode.c
FUZZ_OPTS_fuzz_priv_emul := -max_len=1345
# The boot archive's reader: archives up to 64 KiB.
FUZZ_SRCS_fuzz_cpio := core/lib/cpio.c
FUZZ_OPTS_fuzz_cpio := -max_len=65536

# libfdt instrumented and sanitized like the rest.
$(eval $(call libfdt_rule,$(FUZZ_OUT)/obj/libfdt,FUZZCC,$(FUZZ_CC),-std=gnu11 -g -O1 $(FUZZ_SAN)))

$(FUZZ_OUT)/obj/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

define fuzz_harness
$(FUZZ_OUT)/$1: $(call fuzz_objs,tests/fuzz/$1.c $(FUZZ_SRCS_$1))
	@echo "  FUZZLD  $$@"
	@$(FUZZ_CC) $(FUZZ_SAN) $$^ -o $$@
endef
$(foreach h,$(FUZZ_HARNESSES),$(eval $(call fuzz_harness,$h)))

# One harness's run: seeds copied next to earlier finds, crashes kept in build/fuzz/.
fuzz_run = echo "== $1 ($(FUZZ_SECONDS) s)" && mkdir -p $(FUZZ_OUT)/corpus-$1 && \
	{ [ ! -d tests/fuzz/corpus/$1 ] || cp tests/fuzz/corpus/$1/* $(FUZZ_OUT)/corpus-$1/; } && \
	$(FUZZ_OUT)/$1 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_OUT)/$1- $(FUZZ_OPTS_$1) $(FUZZ_OUT)/corpus-$1
