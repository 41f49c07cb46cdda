#!/bin/sh
# Installs what seccap needs to build and test on Debian bookworm (as root).
# The package list is the one in INSTALL; keep them in step.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
	make gcc libc6-dev pkg-config \
	libseccomp-dev libinih-dev libcap-dev libjson-c-dev \
	libcriterion-dev \
	python3 libcap2-bin man-db \
	git tar strace file g++ binutils util-linux \
	clang libclang-rt-14-dev clang-tidy cppcheck valgrind \
	dpkg-dev debhelper fakeroot lintian

# CI (CI=true, .ci/run) also runs `make check-cross ARCH=arm64` in
# check-extra: the arm64 cross toolchain, the :arm64 -dev packages and
# qemu-user-static (INSTALL, "Cross builds").  Only there, as it adds a
# foreign architecture to dpkg.  libcriterion-dev:arm64 is not among them
# (apt would remove the native Criterion for it; the build unpacks it into
# build/aarch64-linux-gnu/sysroot instead), only the libraries it needs that
# can be installed beside the native ones, and --no-remove makes apt
# refuse rather than remove anything.  Should they not install, check-extra
# says so and skips check-cross.
if [ "${CI:-}" = true ] && [ "$(dpkg --print-architecture)" != arm64 ]; then
	if dpkg --add-architecture arm64 && apt-get update -qq &&
		apt-get install -y -qq --no-install-recommends --no-remove \
			crossbuild-essential-arm64 qemu-user-static \
			libseccomp-dev:arm64 libinih-dev:arm64 libcap-dev:arm64 \
			libjson-c-dev:arm64 libgit2-1.5:arm64 libffi8:arm64; then
		:
	else
		echo "install-deps.sh: the arm64 cross packages did not install; check-extra will skip check-cross" >&2
	fi
fi
