# SPDX-License-Identifier: BSD-2-Clause
# Host unit tests, included by the top Makefile (`make unit` runs them). Each
# tests/unit/test_<x>.c is one cmocka program, build/host/test_<x>, built with
# ASan and UBSan and linked with all of core/, the arch files that are plain C
# and the host stand-ins of tests/host/, whose failures host_fail_cmocka.c
# turns into cmocka ones. The parser's tests read DTBs QEMU dumps, the
# hand-written ones of tests/unit/dts/ and a real board's from Debian's riscv64
# kernel package (tools/debian-riscv64.sh), all into build/test-dtbs/.

HOST_OUT := $(BUILD)/host
TEST_DTBS := $(BUILD)/test-dtbs
HOST_SAN := -fsanitize=address,undefined
HOST_CFLAGS := -std=gnu11 -g -O1 $(HOST_SAN) -fno-sanitize-recover=all -fno-omit-frame-pointer \
	$(WARN) $(CORE_INCLUDES) -Iarch -Itests/host -Itests/unit -DERG_CONFIG_NAME='"host"' -MMD -MP

UNIT_TESTS := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
# Link options of one unit test, UNIT_LDFLAGS_<test>: the scheduler's tests
# stand in for the run loop, so that they play each vCPU's slice themselves;
# the requests' test says itself when the asker's hart is wanted elsewhere, and
# has virtio work raise an interrupt.
UNIT_LDFLAGS_test_sched_hart := -Wl,--wrap=vcpu_run_slice
UNIT_LDFLAGS_test_sched_hart_block := -Wl,--wrap=vcpu_run_slice
UNIT_LDFLAGS_test_vcpu_request := -Wl,--wrap=sched_should_yield -Wl,--wrap=vm_virtio_resume
# Sources one unit test links beyond what every test links, UNIT_SRCS_<test>:
# the filler's test links noh_fill.c alone and stands in itself for the
# noh_shadow.c functions it calls (inline asm, not built on the host).
UNIT_SRCS_test_noh_fill := arch/riscv/noh/noh_fill.c
$(foreach t,$(UNIT_TESTS),$(eval $(HOST_OUT)/$(t): $(UNIT_SRCS_$(t):%.c=$(HOST_OUT)/%.o)))
# What every test links besides its own file.
UNIT_LINK_OBJS := $(patsubst %.c,$(HOST_OUT)/%.o,$(CORE_SRCS) $(HOST_ARCH_SRCS) \
	$(HOST_STANDIN_SRCS) tests/unit/host_fail_cmocka.c) $(call libfdt_objs,$(HOST_OUT)/libfdt)

# DTBs QEMU itself describes, dumped for the parser's unit tests: name -> QEMU options.
QEMU_DTBS := smp1-512M smp4-2G smp8-1000M smp2-5G smp4-2G-nosstc smp1-128M-noh
qemu_dtb_opts = -smp $(word 2,$(subst -, ,$(subst smp,smp ,$1))) \
	-m $(word 2,$(subst -, ,$1)) \
	-cpu rv64$(if $(findstring nosstc,$1),$(comma)sstc=false)$(if $(findstring noh,$1),$(comma)h=false)
comma := ,
TEST_DTB_FILES := $(QEMU_DTBS:%=$(TEST_DTBS)/virt-%.dtb) \
	$(patsubst tests/unit/dts/%.dts,$(TEST_DTBS)/%.dtb,$(wildcard tests/unit/dts/*.dts)) \
	$(TEST_DTBS)/visionfive2.dtb

$(eval $(call libfdt_rule,$(HOST_OUT)/libfdt,HOSTCC,$(HOSTCC),-std=gnu11 -g -O1 $(HOST_SAN)))

$(HOST_OUT)/%.o: %.c $(LIBFDT_STAMP)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	@$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

$(HOST_OUT)/%: $(HOST_OUT)/tests/unit/%.o $(UNIT_LINK_OBJS)
	@$(HOSTCC) $(HOST_CFLAGS) $^ $(UNIT_LDFLAGS_$*) -lcmocka -o $@

$(TEST_DTBS)/virt-%.dtb:
	@mkdir -p $(@D)
	@$(QEMU) -M virt,dumpdtb=$@ $(call qemu_dtb_opts,$*) -nographic >/dev/null 2>&1

# A real board's tree: the VisionFive 2 (v1.3b) as Debian 13's riscv64 kernel package ships it.
$(TEST_DTBS)/visionfive2.dtb:
	@mkdir -p $(@D)
	@kernel=$$(tools/debian-riscv64.sh --depends linux-image-riscv64) && \
		dir=$$(tools/debian-riscv64.sh "$$kernel") && \
		cp "$$dir"/usr/lib/linux-image-*/starfive/jh7110-starfive-visionfive-2-v1.3b.dtb $@

$(TEST_DTBS)/%.dtb: tests/unit/dts/%.dts
	@mkdir -p $(@D)
	@$(DTC) -q -I dts -O dtb -o $@ $<
