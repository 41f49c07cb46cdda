#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# nested.sh N: exec itself N more generations; the last one prints its
# Seccomp_filters count and whatever LD_PRELOAD/SECCAP_* it still has.
n=$1
if [ "$n" -gt 0 ]; then
	exec "$0" $((n - 1))
fi
while IFS= read -r line; do
	case $line in Seccomp_filters:*) echo "$line" ;; esac
done </proc/$$/status
env | grep -E '^(LD_PRELOAD|SECCAP_)' || true
