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
