/* SPDX-License-Identifier: Apache-2.0 */
/* libFuzzer entry point for fuzz_audit (tests/fuzz/targets.c). */
#include <stdio.h>
#include <stdlib.h>

#include "targets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[2048];

	if (fuzz_audit(data, size, msg, sizeof(msg)) < 0) {
		fprintf(stderr, "fuzz_audit finding: %s\n", msg);
		abort();
	}
	return 0;
}
