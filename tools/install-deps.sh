#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Installs the Debian 12 packages Erg needs to build, run and test, when any is missing.
# Quiet and fast when everything is present; safe to run again and again.
set -euo pipefail

packages=(
	make gcc xz-utils cpio
	gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
	opensbi qemu-system-misc device-tree-compiler
	linux-source-6.1
	libcmocka-dev python3 python3-pytest python3-matplotlib e2fsprogs
	clang libclang-rt-14-dev
	u-boot-qemu
	gcc-riscv64-linux-gnu libc6-dev-riscv64-cross flex bison bc libelf-dev libssl-dev
)

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "erg: installing missing Debian packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "erg: packages installed"
