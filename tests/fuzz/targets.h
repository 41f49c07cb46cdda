/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fuzz targets, as plain functions: the libFuzzer entry points
 * (fuzz_*.c, `make fuzz`) call them, and so does tests/test_fuzz_regress.c,
 * which replays the seed corpora and every input in tests/fuzz/regress/
 * in a normal `make check` without libFuzzer.  Each returns 0, or -1 with
 * a message in msg for a finding that is not a crash (a round trip that
 * changes the profile, a program the kernel would refuse, a filter that
 * differs from the oracle).
 */
#ifndef SECCAP_FUZZ_TARGETS_H
#define SECCAP_FUZZ_TARGETS_H

#include <stddef.h>
#include <stdint.h>

/* INI reader; on success validate, write as INI and JSON, read back. */
int fuzz_ini(const uint8_t *data, size_t size, char *msg, size_t msglen);
/* JSON reader; the same round trips. */
int fuzz_json(const uint8_t *data, size_t size, char *msg, size_t msglen);
/*
 * Read (either format) -> validate -> resolve -> compile (never loaded);
 * the program must pass the kernel's checks and, for profiles whose rule
 * order is certain, the differential checker's quick run.
 */
int fuzz_compile(const uint8_t *data, size_t size, char *msg, size_t msglen);
/*
 * Bytes decoded into several rules for a few syscalls, with every
 * operator and edge values (the shapes libseccomp 2.5.4 gets wrong, see
 * conf/chain.c), for x86_64, i386 and x32; the same checks as
 * fuzz_compile, answers compared with the oracle for every arch.
 */
int fuzz_rules(const uint8_t *data, size_t size, char *msg, size_t msglen);
/*
 * Audit log reader (seccap why --audit): every line, then the whole input as
 * one line; records come once each, in order, with their line, and
 * malformed ones with a message.
 */
int fuzz_audit(const uint8_t *data, size_t size, char *msg, size_t msglen);

#endif
