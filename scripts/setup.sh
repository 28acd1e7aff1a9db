# Shared set-up for scripts/kmemlab and scripts/test (sourced, not run).
# Installs the Debian packages kmemlab needs when any is missing, then
# configures and builds into build/ when needed.

KMEMLAB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# clang and libclang-rt-dev (libFuzzer, the sanitizers' runtimes) build
# the fuzz targets (scripts/test); where libclang-rt-dev does not exist
# (Ubuntu 22.04: clang's libclang-common-*-dev carries libFuzzer) the
# install goes on without it.
KMEMLAB_PACKAGES="meson ninja-build pkg-config gcc libncurses-dev
  libreadline-dev libcjson-dev libcmocka-dev tmux graphviz clang
  libclang-rt-dev"

kmemlab_missing_packages() {
	local p
	for p in $KMEMLAB_PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || echo "$p"
	done
}

kmemlab_install_packages() {
	local missing sudo=
	missing=$(kmemlab_missing_packages | tr '\n' ' ')
	[ -z "${missing// /}" ] && return 0
	if ! command -v apt-get >/dev/null 2>&1; then
		echo "kmemlab: please install: $missing (no apt-get here)" >&2
		return 1
	fi
	[ "$(id -u)" -ne 0 ] && sudo=sudo
	$sudo apt-get update -qq >&2 || return 1
	# only what this distribution has (see KMEMLAB_PACKAGES)
	local p have=
	for p in $missing; do
		if apt-cache policy "$p" 2>/dev/null |
			grep -q 'Candidate: [^(]'; then
			have="$have $p"
		else
			echo "kmemlab: no package $p here; going on without it" >&2
		fi
	done
	[ -z "${have// /}" ] && return 0
	echo "kmemlab: installing$have" >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends $have >&2
}

# kmemlab_build DIR [meson options...]: configure once, then ninja.
kmemlab_build() {
	local dir=$1
	shift
	cd "$KMEMLAB_ROOT" || return 1
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@" >&2 || return 1
	fi
	ninja -C "$dir" >&2
}
