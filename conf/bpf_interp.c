/* SPDX-License-Identifier: Apache-2.0 */
/* The seccomp BPF interpreter (see bpf_interp.h). */
#include "bpf_interp.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define DATA_SIZE ((uint32_t)sizeof(struct seccomp_data))

/*
 * The opcodes seccomp_check_filter lets through, spelled as the kernel
 * spells them: BPF_LD, BPF_W, BPF_ADD and BPF_K are all 0, which is what
 * misc-redundant-expression sees.
 */
/* NOLINTBEGIN(misc-redundant-expression) */
static bool opcode_allowed(uint16_t code)
{
	switch (code) {
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LD | BPF_IMM:
	case BPF_LDX | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	/* BPF_ADD and BPF_K are both 0: spelt out for the reader. */
	case BPF_ALU | BPF_ADD | BPF_K: /* NOLINT(misc-redundant-expression) */
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}
/* NOLINTEND(misc-redundant-expression) */

static int bad(size_t *bad_pc, size_t pc)
{
	if (bad_pc)
		*bad_pc = pc;
	return -EINVAL;
}

int bpf_interp_check(const struct sock_filter *f, size_t len, size_t *bad_pc)
{
	/* Per instruction: scratch cells written on every path into it. */
	uint16_t masks[BPF_MAXINSNS];
	uint16_t valid = 0;

	if (!f || len == 0 || len > BPF_MAXINSNS)
		return bad(bad_pc, 0);
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &f[pc];

		if (!opcode_allowed(in->code))
			return bad(bad_pc, pc);
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= DATA_SIZE || (in->k & 3))
				return bad(bad_pc, pc);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (in->k >= BPF_MEMWORDS)
				return bad(bad_pc, pc);
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (in->k == 0)
				return bad(bad_pc, pc);
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (in->k >= 32)
				return bad(bad_pc, pc);
			break;
		case BPF_JMP | BPF_JA:
			if (in->k >= len - pc - 1)
				return bad(bad_pc, pc);
			break;
		default:
			if (BPF_CLASS(in->code) == BPF_JMP &&
			    (pc + 1 + in->jt >= len || pc + 1 + in->jf >= len))
				return bad(bad_pc, pc);
			break;
		}
	}
	if (BPF_CLASS(f[len - 1].code) != BPF_RET)
		return bad(bad_pc, len - 1);

	/* The kernel's check_load_and_stores, path by path in index order. */
	memset(masks, 0xff, sizeof(masks));
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &f[pc];

		valid &= masks[pc];
		switch (in->code) {
		case BPF_ST:
		case BPF_STX:
			valid |= (uint16_t)(1u << in->k);
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
			if (!(valid & (1u << in->k)))
				return bad(bad_pc, pc);
			break;
		case BPF_JMP | BPF_JA:
			masks[pc + 1 + in->k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (BPF_CLASS(in->code) == BPF_JMP) {
				masks[pc + 1 + in->jt] &= valid;
				masks[pc + 1 + in->jf] &= valid;
				valid = 0xffff;
			}
			break;
		}
	}
	return 0;
}

static bool host_is_big_endian(void)
{
	return __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__;
}

/*
 * The word at off of d as a machine of the given byte order has it in
 * memory: nr and arch are 32-bit, instruction_pointer and the arguments
 * 64-bit, each in that machine's order (so on a big-endian machine an
 * argument's high half comes first).
 */
static uint32_t load_word(const struct seccomp_data *d, uint32_t off,
			  bool big_endian)
{
	unsigned char bytes[sizeof(*d)];
	uint32_t w;

	if (big_endian == host_is_big_endian()) {
		memcpy(&w, (const char *)d + off, sizeof(w));
		return w;
	}
	memcpy(bytes, d, sizeof(bytes));
	/* Reverse every field: the 32-bit ones, then each 64-bit one. */
	for (size_t at = 0; at < sizeof(bytes);) {
		size_t n = at < offsetof(struct seccomp_data, instruction_pointer)
				   ? 4 : 8;

		for (size_t i = 0; i < n / 2; i++) {
			unsigned char t = bytes[at + i];

			bytes[at + i] = bytes[at + n - 1 - i];
			bytes[at + n - 1 - i] = t;
		}
		at += n;
	}
	memcpy(&w, bytes + off, sizeof(w));
	return __builtin_bswap32(w);
}

int bpf_interp_run(const struct sock_filter *f, size_t len,
		   const struct seccomp_data *d, uint32_t *ret, unsigned *steps)
{
	return bpf_interp_run_as(f, len, d, host_is_big_endian(), ret, steps);
}

void bpf_interp_swap(struct sock_filter *f, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		f[i].code = __builtin_bswap16(f[i].code);
		f[i].k = __builtin_bswap32(f[i].k);
	}
}

int bpf_interp_run_as(const struct sock_filter *f, size_t len,
		      const struct seccomp_data *d, bool big_endian,
		      uint32_t *ret, unsigned *steps)
{
	int r = bpf_interp_check(f, len, NULL);

	if (r < 0)
		return r;
	return bpf_interp_exec(f, len, d, big_endian, ret, steps);
}

int bpf_interp_exec(const struct sock_filter *f, size_t len,
		    const struct seccomp_data *d, bool big_endian,
		    uint32_t *ret, unsigned *steps)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 };
	unsigned n = 0;
	size_t pc = 0;

	while (pc < len) {
		const struct sock_filter *in = &f[pc];
		uint32_t src = BPF_SRC(in->code) == BPF_X ? X : in->k;
		bool taken;

		n++;
		switch (BPF_CLASS(in->code)) {
		case BPF_LD:
			switch (BPF_MODE(in->code)) {
			case BPF_ABS:
				A = load_word(d, in->k, big_endian);
				break;
			case BPF_LEN:
				A = DATA_SIZE;
				break;
			case BPF_IMM:
				A = in->k;
				break;
			case BPF_MEM:
				A = M[in->k];
				break;
			default:
				return -EINVAL;
			}
			pc++;
			continue;
		case BPF_LDX:
			if (BPF_MODE(in->code) == BPF_LEN)
				X = DATA_SIZE;
			else if (BPF_MODE(in->code) == BPF_IMM)
				X = in->k;
			else
				X = M[in->k];
			pc++;
			continue;
		case BPF_ST:
			M[in->k] = A;
			pc++;
			continue;
		case BPF_STX:
			M[in->k] = X;
			pc++;
			continue;
		case BPF_MISC:
			if (BPF_MISCOP(in->code) == BPF_TAX)
				X = A;
			else
				A = X;
			pc++;
			continue;
		case BPF_RET:
			*ret = BPF_RVAL(in->code) == BPF_A ? A : in->k;
			if (steps)
				*steps = n;
			return 0;
		case BPF_ALU:
			switch (BPF_OP(in->code)) {
			case BPF_ADD: A += src; break;
			case BPF_SUB: A -= src; break;
			case BPF_MUL: A *= src; break;
			case BPF_DIV: A = src ? A / src : 0; break;
			case BPF_AND: A &= src; break;
			case BPF_OR: A |= src; break;
			case BPF_XOR: A ^= src; break;
			case BPF_LSH: A = src < 32 ? A << src : 0; break;
			case BPF_RSH: A = src < 32 ? A >> src : 0; break;
			case BPF_NEG: A = -A; break;
			default: return -EINVAL;
			}
			pc++;
			continue;
		case BPF_JMP:
			if (BPF_OP(in->code) == BPF_JA) {
				pc += 1 + in->k;
				continue;
			}
			switch (BPF_OP(in->code)) {
			case BPF_JEQ: taken = A == src; break;
			case BPF_JGT: taken = A > src; break;
			case BPF_JGE: taken = A >= src; break;
			case BPF_JSET: taken = (A & src) != 0; break;
			default: return -EINVAL;
			}
			pc += 1 + (taken ? in->jt : in->jf);
			continue;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL; /* ran off the end (the check makes this unreachable) */
}

struct seccomp_data bpf_interp_data(uint32_t arch, int nr, uint64_t a0,
				    uint64_t a1, uint64_t a2, uint64_t a3,
				    uint64_t a4, uint64_t a5)
{
	struct seccomp_data d;

	memset(&d, 0, sizeof(d));
	d.nr = nr;
	d.arch = arch;
	d.args[0] = a0;
	d.args[1] = a1;
	d.args[2] = a2;
	d.args[3] = a3;
	d.args[4] = a4;
	d.args[5] = a5;
	return d;
}

void bpf_interp_format(const struct sock_filter *in, size_t pc, char *buf,
		       size_t n)
{
	const char *op = "?";

	switch (BPF_CLASS(in->code)) {
	case BPF_LD:
		switch (BPF_MODE(in->code)) {
		case BPF_ABS:
			snprintf(buf, n, "%4zu: ld [%u]", pc, in->k);
			return;
		case BPF_IMM:
			snprintf(buf, n, "%4zu: ld #0x%x", pc, in->k);
			return;
		case BPF_MEM:
			snprintf(buf, n, "%4zu: ld M[%u]", pc, in->k);
			return;
		default:
			snprintf(buf, n, "%4zu: ld len", pc);
			return;
		}
	case BPF_ST:
		snprintf(buf, n, "%4zu: st M[%u]", pc, in->k);
		return;
	case BPF_RET:
		snprintf(buf, n, "%4zu: ret #0x%08x", pc, in->k);
		return;
	case BPF_ALU:
		snprintf(buf, n, "%4zu: alu 0x%02x #0x%x", pc, in->code, in->k);
		return;
	case BPF_JMP:
		switch (BPF_OP(in->code)) {
		case BPF_JA:
			snprintf(buf, n, "%4zu: ja %zu", pc, pc + 1 + in->k);
			return;
		case BPF_JEQ: op = "jeq"; break;
		case BPF_JGT: op = "jgt"; break;
		case BPF_JGE: op = "jge"; break;
		case BPF_JSET: op = "jset"; break;
		}
		snprintf(buf, n, "%4zu: %s #0x%x, %zu, %zu", pc, op, in->k,
			 pc + 1 + in->jt, pc + 1 + in->jf);
		return;
	default:
		snprintf(buf, n, "%4zu: code 0x%04x k 0x%x", pc, in->code,
			 in->k);
		return;
	}
}

void bpf_interp_format_ret(uint32_t v, char *buf, size_t n)
{
	static const struct {
		uint32_t action;
		const char *name;
		bool data; /* the 16 data bits mean something */
	} acts[] = {
		{ SECCOMP_RET_KILL_PROCESS, "KILL_PROCESS", false },
		{ SECCOMP_RET_KILL_THREAD, "KILL_THREAD", false },
		{ SECCOMP_RET_TRAP, "TRAP", true },
		{ SECCOMP_RET_ERRNO, "ERRNO", true },
		{ SECCOMP_RET_USER_NOTIF, "NOTIFY", false },
		{ SECCOMP_RET_TRACE, "TRACE", true },
		{ SECCOMP_RET_LOG, "LOG", false },
		{ SECCOMP_RET_ALLOW, "ALLOW", false },
	};
	uint32_t data = v & SECCOMP_RET_DATA;

	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		if ((v & SECCOMP_RET_ACTION_FULL) != acts[i].action)
			continue;
		if (acts[i].data)
			snprintf(buf, n, "%s(%" PRIu32 ")", acts[i].name, data);
		else if (data)
			snprintf(buf, n, "%s (data 0x%04" PRIx32 ")",
				 acts[i].name, data);
		else
			snprintf(buf, n, "%s", acts[i].name);
		return;
	}
	snprintf(buf, n, "0x%08" PRIx32, v);
}
