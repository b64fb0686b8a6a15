#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-2-Clause
# Fetches a riscv64 package from Debian 13 (trixie), which Debian 12 does not
# carry, by name: through an apt configuration of its own (sources list, lists,
# status and cache under Erg's cache directory), from the mirror the machine's
# own apt sources name. Nothing is installed into the host and the machine's
# apt set-up is untouched. The package is unpacked with dpkg-deb into the
# cache, keyed by its version, and that directory is printed. A package that is
# unpacked already in the version the cached lists name is printed without
# touching the network (the lists are refreshed daily only when fetching).
#
#   tools/debian-riscv64.sh PACKAGE            unpack PACKAGE, print its directory
#   tools/debian-riscv64.sh --depends PACKAGE  print the first package PACKAGE depends on
set -euo pipefail

cache="${XDG_CACHE_HOME:-$HOME/.cache}/erg/debian-riscv64"
mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/unpacked"

# The first Debian mirror of the machine's own sources (one-line or deb822 form), not security's.
mirror() {
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources \
		2>/dev/null | grep -Eo 'https?://[^ ]+' | grep -Ev 'security|snapshot' |
		grep -E "/debian/?$" | head -n 1 || true
}

url=$(mirror)
[ -n "$url" ] || { echo "debian-riscv64: no Debian mirror in the machine's apt sources" >&2; exit 1; }
echo "deb [arch=riscv64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${url%/} trixie main" \
	>"$cache/sources.list"
touch "$cache/status"
opts=(-o "Dir::Etc::SourceList=$cache/sources.list" -o Dir::Etc::SourceParts=/dev/null
	-o "Dir::State::Lists=$cache/lists" -o "Dir::State::Status=$cache/status"
	-o "Dir::Cache=$cache" -o "Dir::Cache::Archives=$cache/archives"
	-o APT::Architecture=riscv64 -o APT::Architectures::=riscv64
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root)

# The package lists, fetched again once a day.
refresh_lists() {
	if [ -z "$(find "$cache/lists" -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
		apt-get "${opts[@]}" -qq update >&2
	fi
}

if [ "${1:-}" = "--depends" ]; then
	refresh_lists
	apt-cache "${opts[@]}" depends "$2" | awk '/Depends:/ { print $2; exit }'
	exit 0
fi

pkg="$1"
version_of() {
	apt-cache "${opts[@]}" show --no-all-versions "$pkg" 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}
# The version the lists on hand name, when it is unpacked already, is used as it
# is: a build that has its package never goes to the network, whatever the lists' age.
version=$(version_of)
dir="$cache/unpacked/${pkg}_${version}"
if [ -z "$version" ] || [ ! -d "$dir" ]; then
	refresh_lists
	version=$(version_of)
	dir="$cache/unpacked/${pkg}_${version}"
fi
[ -n "$version" ] || { echo "debian-riscv64: no package $pkg in trixie" >&2; exit 1; }
if [ ! -d "$dir" ]; then
	echo "debian-riscv64: fetching $pkg $version (riscv64, Debian 13)" >&2
	(cd "$cache/archives" && apt-get "${opts[@]}" -qq download "$pkg" >&2)
	mkdir -p "$dir.part"
	dpkg-deb -x "$cache/archives/${pkg}_${version//:/%3a}_riscv64.deb" "$dir.part"
	rm -f "$cache/archives/${pkg}_${version//:/%3a}_riscv64.deb"
	mv "$dir.part" "$dir"
fi
echo "$dir"
