#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Builds the Linux guest kernel from Debian's linux-source-6.1 and the fragment
# guests/linux/kernel.config, and the kernel's usr/gen_init_cpio for the host.
#
#   tools/build-linux.sh [IMAGE [GEN_INIT_CPIO]]
#       (defaults: build/guests/linux-Image and build/tools/gen_init_cpio)
#
# The kernel takes minutes to build, so it is cached outside the checkout, in
# ${ERG_CACHE:-~/.cache/erg}/linux-KEY/, KEY being a hash of the fragment and of
# the linux-source-6.1 package version: when either changes the next run builds
# afresh, otherwise it only copies the cached files (seconds). The extracted
# source tree is deleted after a good build unless ERG_LINUX_KEEP_SOURCE=1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
image_out=${1:-$root/build/guests/linux-Image}
cpio_tool_out=${2:-$root/build/tools/gen_init_cpio}
fragment=$root/guests/linux/kernel.config
tarball=/usr/src/linux-source-6.1.tar.xz
make_args=(ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-)

say() { echo "linux: $*"; }
die() { echo "linux: error: $*" >&2; exit 1; }

version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) ||
	die "package linux-source-6.1 is not installed (run tools/install-deps.sh)"
key=$({ cat "$fragment"; echo "linux-source-6.1 $version"; } | sha256sum | cut -c1-16)
cache_root=${ERG_CACHE:-$HOME/.cache/erg}
cache=$cache_root/linux-$key
src=$cache/src

# Copy a cached file out through a temporary name of its own, so that a reader
# never sees half a file and two builds at once do not trip over each other.
install_file() {
	mkdir -p "$(dirname "$2")"
	cp "$1" "$2.tmp.$$" && mv "$2.tmp.$$" "$2"
}

publish() {
	install_file "$cache/Image" "$image_out"
	install_file "$cache/gen_init_cpio" "$cpio_tool_out"
}

# Checks that every line of the fragment holds in the final .config: a
# dependency Kconfig could not satisfy silently drops an option otherwise.
check_config() {
	local line name missing=0
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			name=${line%%=*}
			grep -qxF "$line" "$src/.config" && continue ;;
		"# CONFIG_"*" is not set")
			name=${line#\# }
			name=${name%% *}
			grep -q "^$name=" "$src/.config" || continue ;;
		*) continue ;;
		esac
		echo "linux: error: \"$line\" did not take effect; .config has:" \
			"$(grep -E "^(# )?$name[= ]" "$src/.config" || echo "nothing")" >&2
		missing=1
	done <"$fragment"
	[ $missing -eq 0 ] || die "Kconfig refused options of guests/linux/kernel.config (see above)"
}

# Shows the build's progress: one line every 100 compiled files, plus every
# line that is not one of kbuild's "  CC      file" records (warnings, errors).
show_progress() {
	awk '/^  [A-Z0-9_]+ +[^ ]/ { if ($1 == "CC" && ++n % 100 == 0) printf "linux:   %d files compiled (%s)\n", n, $2; fflush(); next }
	     { print; fflush() }
	     END { printf "linux:   %d files compiled\n", n }'
}

build() {
	say "building the guest kernel: Linux $version (linux-source-6.1), riscv64 Image"
	say "from tinyconfig + guests/linux/kernel.config, into $cache"
	say "the first build takes several minutes (about 2 on 2 cores, 700 files); later runs only copy it"
	rm -rf "$src"
	mkdir -p "$src"
	say "extracting $tarball"
	tar -xJf "$tarball" -C "$src" --strip-components=1
	say "configuring (tinyconfig, then the fragment)"
	make -C "$src" -s "${make_args[@]}" tinyconfig >"$cache/config.log" 2>&1 ||
		{ cat "$cache/config.log" >&2; die "make tinyconfig failed"; }
	(cd "$src" && scripts/kconfig/merge_config.sh -m .config "$fragment") >>"$cache/config.log" 2>&1 ||
		{ cat "$cache/config.log" >&2; die "merge_config.sh failed"; }
	make -C "$src" -s "${make_args[@]}" olddefconfig >>"$cache/config.log" 2>&1 ||
		{ cat "$cache/config.log" >&2; die "make olddefconfig failed"; }
	check_config
	say "compiling with riscv64-linux-gnu-gcc -j2 (full log: $cache/build.log)"
	make -C "$src" --no-print-directory "${make_args[@]}" -j2 Image 2>&1 | tee "$cache/build.log" | show_progress ||
		die "the kernel build failed; full log: $cache/build.log"
	cc -O2 -o "$cache/gen_init_cpio" "$src/usr/gen_init_cpio.c"
	cp "$src/.config" "$cache/config"
	# The Image is the mark of a finished build, so it is written last.
	cp "$src/arch/riscv/boot/Image" "$cache/Image.tmp"
	mv "$cache/Image.tmp" "$cache/Image"
	[ "${ERG_LINUX_KEEP_SOURCE:-0}" = 1 ] || rm -rf "$src"
	say "built $(stat -c %s "$cache/Image") bytes in $SECONDS s"
}

mkdir -p "$cache"
# Two builds of the same kernel at once would share one tree: the second waits.
exec 9>"$cache/lock"
flock -n 9 || { say "waiting for another build of $cache"; flock 9; }
[ -f "$cache/Image" ] && [ -f "$cache/gen_init_cpio" ] || build
publish
say "$image_out ($key)"
