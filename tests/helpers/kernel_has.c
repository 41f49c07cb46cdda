/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kernel_has FEATURE: the command-line tests' way to the suite's kernel
 * probes (tests/lib/kernel.c), so a shell test skips for the same reason
 * and honours the same SECCAP_TEST_NO_* overrides as a Criterion test.
 * Exits 0 when the kernel offers FEATURE; otherwise prints why and exits 1.
 */
#include <stdio.h>

#include "lib/kernel.h"

int main(int argc, char **argv)
{
	const char *why = NULL;
	int f;

	if (argc != 2 || (f = tu_feature_by_name(argv[1])) < 0) {
		fprintf(stderr, "usage: kernel_has ia32|userns|mseal|usernotif|seccomp\n");
		return 2;
	}
	if (tu_kernel_has((enum tu_feature)f, &why))
		return 0;
	printf("%s\n", why);
	return 1;
}
