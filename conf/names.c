/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Name tables: the exact spellings Docker profiles use, mapped to the values
 * libseccomp and the kernel use.  Everything here is constant data plus
 * lookups; nothing allocates, so the preload's constructor can use it.
 */
#include "names.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- actions ---- */

static const struct {
	const char *name;
	enum sc_action act;
} actions[] = {
	/* runc maps SCMP_ACT_KILL to KILL_THREAD, as libseccomp does. */
	{ "SCMP_ACT_KILL", SC_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_THREAD", SC_ACT_KILL_THREAD },
	{ "SCMP_ACT_KILL_PROCESS", SC_ACT_KILL_PROCESS },
	{ "SCMP_ACT_TRAP", SC_ACT_TRAP },
	{ "SCMP_ACT_ERRNO", SC_ACT_ERRNO },
	{ "SCMP_ACT_TRACE", SC_ACT_TRACE },
	{ "SCMP_ACT_ALLOW", SC_ACT_ALLOW },
	{ "SCMP_ACT_LOG", SC_ACT_LOG },
	{ "SCMP_ACT_NOTIFY", SC_ACT_NOTIFY },
};

const char *const sc_action_names[] = {
	"SCMP_ACT_KILL",  "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
	"SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",       "SCMP_ACT_TRACE",
	"SCMP_ACT_ALLOW", "SCMP_ACT_LOG",         "SCMP_ACT_NOTIFY",
	NULL,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum sc_action sc_action_parse(const char *s)
{
	if (!s)
		return SC_ACT_INVALID;
	for (size_t i = 0; i < ARRAY_SIZE(actions); i++)
		if (strcmp(s, actions[i].name) == 0)
			return actions[i].act;
	return SC_ACT_INVALID;
}

bool sc_action_allows(enum sc_action a)
{
	/*
	 * TRACE without a tracer fails with ENOSYS, and NOTIFY leaves the
	 * decision to a supervisor that may refuse: neither lets the syscall
	 * run on its own.
	 */
	return a == SC_ACT_ALLOW || a == SC_ACT_LOG;
}

/* ---- operators ---- */

static const struct {
	const char *name;
	enum scmp_compare op;
} ops[] = {
	{ "SCMP_CMP_NE", SCMP_CMP_NE },
	{ "SCMP_CMP_LT", SCMP_CMP_LT },
	{ "SCMP_CMP_LE", SCMP_CMP_LE },
	{ "SCMP_CMP_EQ", SCMP_CMP_EQ },
	{ "SCMP_CMP_GE", SCMP_CMP_GE },
	{ "SCMP_CMP_GT", SCMP_CMP_GT },
	{ "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

const char *const sc_op_names[] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",        "SCMP_CMP_EQ",
	"SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ", NULL,
};

int sc_op_parse(const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if (strcmp(s, ops[i].name) == 0)
			return (int)ops[i].op;
	return 0;
}

const char *sc_op_name(int op)
{
	for (size_t i = 0; i < ARRAY_SIZE(ops); i++)
		if ((int)ops[i].op == op)
			return ops[i].name;
	return NULL;
}

/* ---- architectures ---- */

/*
 * Tokens libseccomp 2.5.4's header may lack.  They are the kernel's
 * AUDIT_ARCH_* values, which is what later libseccomp releases define the
 * SCMP_ARCH_* tokens to be.
 */
#ifdef SCMP_ARCH_LOONGARCH64
#define TOK_LOONGARCH64 SCMP_ARCH_LOONGARCH64
#else
#define TOK_LOONGARCH64 (258u | __AUDIT_ARCH_64BIT | __AUDIT_ARCH_LE)
#endif
#ifdef SCMP_ARCH_M68K
#define TOK_M68K SCMP_ARCH_M68K
#else
#define TOK_M68K AUDIT_ARCH_M68K
#endif
#ifdef SCMP_ARCH_SH
#define TOK_SH SCMP_ARCH_SH
#define TOK_SHEB SCMP_ARCH_SHEB
#else
#define TOK_SH AUDIT_ARCH_SHEL
#define TOK_SHEB AUDIT_ARCH_SH
#endif
#ifdef SCMP_ARCH_PARISC
#define TOK_PARISC SCMP_ARCH_PARISC
#define TOK_PARISC64 SCMP_ARCH_PARISC64
#else
#define TOK_PARISC AUDIT_ARCH_PARISC
#define TOK_PARISC64 AUDIT_ARCH_PARISC64
#endif

struct arch {
	uint32_t token;
	const char *scmp;   /* SCMP_ARCH_* name */
	bool runc;          /* runc (and so Docker) accepts scmp */
	/*
	 * The name moby's setupSeccomp compares with includes/excludes.arches
	 * on a dockerd built for this arch (its goToNative table); it equals
	 * libseccomp-golang's ScmpArch.String() except for LoongArch.
	 */
	const char *go;
	const char *go_alt; /* libseccomp-golang's name where it differs */
	const char *column; /* libseccomp's column in the generated table */
	int32_t nr_base;    /* added to the table's numbers for the kernel's */
};

static const struct arch arches[] = {
	{ SCMP_ARCH_X86, "SCMP_ARCH_X86", true, "x86", NULL, "x86", 0 },
	{ SCMP_ARCH_X86_64, "SCMP_ARCH_X86_64", true, "amd64", NULL, "x86_64",
	  0 },
	{ SCMP_ARCH_X32, "SCMP_ARCH_X32", true, "x32", NULL, "x32",
	  0x40000000 },
	{ SCMP_ARCH_ARM, "SCMP_ARCH_ARM", true, "arm", NULL, "arm", 0 },
	{ SCMP_ARCH_AARCH64, "SCMP_ARCH_AARCH64", true, "arm64", NULL,
	  "aarch64", 0 },
	{ SCMP_ARCH_MIPS, "SCMP_ARCH_MIPS", true, "mips", NULL, "mips", 4000 },
	{ SCMP_ARCH_MIPS64, "SCMP_ARCH_MIPS64", true, "mips64", NULL, "mips64",
	  5000 },
	{ SCMP_ARCH_MIPS64N32, "SCMP_ARCH_MIPS64N32", true, "mips64n32", NULL,
	  "mips64n32", 6000 },
	{ SCMP_ARCH_MIPSEL, "SCMP_ARCH_MIPSEL", true, "mipsel", NULL, "mips",
	  4000 },
	{ SCMP_ARCH_MIPSEL64, "SCMP_ARCH_MIPSEL64", true, "mipsel64", NULL,
	  "mips64", 5000 },
	{ SCMP_ARCH_MIPSEL64N32, "SCMP_ARCH_MIPSEL64N32", true, "mipsel64n32",
	  NULL, "mips64n32", 6000 },
	{ SCMP_ARCH_PPC, "SCMP_ARCH_PPC", true, "ppc", NULL, "ppc", 0 },
	{ SCMP_ARCH_PPC64, "SCMP_ARCH_PPC64", true, "ppc64", NULL, "ppc64", 0 },
	{ SCMP_ARCH_PPC64LE, "SCMP_ARCH_PPC64LE", true, "ppc64le", NULL,
	  "ppc64", 0 },
	{ SCMP_ARCH_S390, "SCMP_ARCH_S390", true, "s390", NULL, "s390", 0 },
	{ SCMP_ARCH_S390X, "SCMP_ARCH_S390X", true, "s390x", NULL, "s390x", 0 },
	{ SCMP_ARCH_RISCV64, "SCMP_ARCH_RISCV64", true, "riscv64", NULL,
	  "riscv64", 0 },
	/* moby's goToNative says "loongarch64"; libseccomp-golang "loong64". */
	{ TOK_LOONGARCH64, "SCMP_ARCH_LOONGARCH64", true, "loongarch64",
	  "loong64", "loongarch64", 0 },
	/* libseccomp knows these, runc refuses them. */
	{ TOK_PARISC, "SCMP_ARCH_PARISC", false, "parisc", NULL, "parisc", 0 },
	{ TOK_PARISC64, "SCMP_ARCH_PARISC64", false, "parisc64", NULL,
	  "parisc64", 0 },
	{ TOK_M68K, "SCMP_ARCH_M68K", false, "m68k", NULL, "m68k", 0 },
	{ TOK_SH, "SCMP_ARCH_SH", false, "sh", NULL, "sh", 0 },
	{ TOK_SHEB, "SCMP_ARCH_SHEB", false, "sheb", NULL, "sh", 0 },
};

const char *const sc_arch_go_names[] = {
	"x86",      "amd64",       "x32",     "arm",         "arm64",
	"mips",     "mips64",      "mips64n32", "mipsel",    "mipsel64",
	"mipsel64n32", "ppc",      "ppc64",   "ppc64le",     "s390",
	"s390x",    "riscv64",     "loong64", "loongarch64", "parisc",
	"parisc64", "m68k",        "sh",      "sheb",        NULL,
};

static const struct arch *arch_by_token(uint32_t token)
{
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].token == token)
			return &arches[i];
	return NULL;
}

uint32_t sc_arch_from_scmp_name(const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (arches[i].runc && strcmp(s, arches[i].scmp) == 0)
			return arches[i].token;
	return 0;
}

const char *sc_arch_scmp_name(uint32_t token)
{
	const struct arch *a = arch_by_token(token);

	return a ? a->scmp : NULL;
}

uint32_t sc_arch_from_go_name(const char *s)
{
	if (!s)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(arches); i++)
		if (strcmp(s, arches[i].go) == 0 ||
		    (arches[i].go_alt && strcmp(s, arches[i].go_alt) == 0))
			return arches[i].token;
	return 0;
}

const char *sc_arch_go_name(uint32_t token)
{
	const struct arch *a = arch_by_token(token);

	return a ? a->go : NULL;
}

/*
 * The ABI this code was built for, which is the ABI the process calls the
 * kernel with -- not uname's machine, which a personality (setarch i686,
 * linux32) changes while the process keeps making x86_64 calls.  An x32
 * build runs on an x86_64 kernel and Docker there is amd64: x86_64.
 */
uint32_t sc_arch_native(void)
{
#if defined(__x86_64__)
	return SCMP_ARCH_X86_64;
#elif defined(__i386__)
	return SCMP_ARCH_X86;
#elif defined(__aarch64__)
	return SCMP_ARCH_AARCH64;
#elif defined(__arm__)
	return SCMP_ARCH_ARM;
#elif defined(__mips__) && defined(_MIPS_SIM) && _MIPS_SIM == _ABIN32
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return SCMP_ARCH_MIPSEL64N32;
#else
	return SCMP_ARCH_MIPS64N32;
#endif
#elif defined(__mips__) && defined(_MIPS_SIM) && _MIPS_SIM == _ABI64
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return SCMP_ARCH_MIPSEL64;
#else
	return SCMP_ARCH_MIPS64;
#endif
#elif defined(__mips__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return SCMP_ARCH_MIPSEL;
#else
	return SCMP_ARCH_MIPS;
#endif
#elif defined(__powerpc64__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return SCMP_ARCH_PPC64LE;
#else
	return SCMP_ARCH_PPC64;
#endif
#elif defined(__powerpc__)
	return SCMP_ARCH_PPC;
#elif defined(__s390x__)
	return SCMP_ARCH_S390X;
#elif defined(__s390__)
	return SCMP_ARCH_S390;
#elif defined(__riscv) && __riscv_xlen == 64
	return SCMP_ARCH_RISCV64;
#elif defined(__loongarch64)
	return TOK_LOONGARCH64;
#elif defined(__hppa__) && defined(__LP64__)
	return TOK_PARISC64;
#elif defined(__hppa__)
	return TOK_PARISC;
#elif defined(__m68k__)
	return TOK_M68K;
#elif defined(__sh__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return TOK_SH;
#elif defined(__sh__)
	return TOK_SHEB;
#else
	/* An ABI not listed here: libseccomp's own build knows it. */
	return seccomp_arch_native();
#endif
}

/* ---- capabilities ---- */

static const char *const caps[] = {
	[CAP_CHOWN] = "CAP_CHOWN",
	[CAP_DAC_OVERRIDE] = "CAP_DAC_OVERRIDE",
	[CAP_DAC_READ_SEARCH] = "CAP_DAC_READ_SEARCH",
	[CAP_FOWNER] = "CAP_FOWNER",
	[CAP_FSETID] = "CAP_FSETID",
	[CAP_KILL] = "CAP_KILL",
	[CAP_SETGID] = "CAP_SETGID",
	[CAP_SETUID] = "CAP_SETUID",
	[CAP_SETPCAP] = "CAP_SETPCAP",
	[CAP_LINUX_IMMUTABLE] = "CAP_LINUX_IMMUTABLE",
	[CAP_NET_BIND_SERVICE] = "CAP_NET_BIND_SERVICE",
	[CAP_NET_BROADCAST] = "CAP_NET_BROADCAST",
	[CAP_NET_ADMIN] = "CAP_NET_ADMIN",
	[CAP_NET_RAW] = "CAP_NET_RAW",
	[CAP_IPC_LOCK] = "CAP_IPC_LOCK",
	[CAP_IPC_OWNER] = "CAP_IPC_OWNER",
	[CAP_SYS_MODULE] = "CAP_SYS_MODULE",
	[CAP_SYS_RAWIO] = "CAP_SYS_RAWIO",
	[CAP_SYS_CHROOT] = "CAP_SYS_CHROOT",
	[CAP_SYS_PTRACE] = "CAP_SYS_PTRACE",
	[CAP_SYS_PACCT] = "CAP_SYS_PACCT",
	[CAP_SYS_ADMIN] = "CAP_SYS_ADMIN",
	[CAP_SYS_BOOT] = "CAP_SYS_BOOT",
	[CAP_SYS_NICE] = "CAP_SYS_NICE",
	[CAP_SYS_RESOURCE] = "CAP_SYS_RESOURCE",
	[CAP_SYS_TIME] = "CAP_SYS_TIME",
	[CAP_SYS_TTY_CONFIG] = "CAP_SYS_TTY_CONFIG",
	[CAP_MKNOD] = "CAP_MKNOD",
	[CAP_LEASE] = "CAP_LEASE",
	[CAP_AUDIT_WRITE] = "CAP_AUDIT_WRITE",
	[CAP_AUDIT_CONTROL] = "CAP_AUDIT_CONTROL",
	[CAP_SETFCAP] = "CAP_SETFCAP",
	[CAP_MAC_OVERRIDE] = "CAP_MAC_OVERRIDE",
	[CAP_MAC_ADMIN] = "CAP_MAC_ADMIN",
	[CAP_SYSLOG] = "CAP_SYSLOG",
	[CAP_WAKE_ALARM] = "CAP_WAKE_ALARM",
	[CAP_BLOCK_SUSPEND] = "CAP_BLOCK_SUSPEND",
	[CAP_AUDIT_READ] = "CAP_AUDIT_READ",
	[CAP_PERFMON] = "CAP_PERFMON",
	[CAP_BPF] = "CAP_BPF",
	[CAP_CHECKPOINT_RESTORE] = "CAP_CHECKPOINT_RESTORE",
};

int sc_cap_parse(const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(caps); i++)
		if (caps[i] && strcmp(s, caps[i]) == 0)
			return (int)i;
	return -1;
}

const char *sc_cap_name(int cap)
{
	if (cap < 0 || (size_t)cap >= ARRAY_SIZE(caps))
		return NULL;
	return caps[cap];
}

int sc_cap_max(void)
{
	return (int)ARRAY_SIZE(caps) - 1;
}

/* moby daemon/pkg/oci/caps/defaults.go, in that order. */
const int sc_docker_default_caps[] = {
	CAP_CHOWN,	  CAP_DAC_OVERRIDE, CAP_FSETID,	 CAP_FOWNER,
	CAP_MKNOD,	  CAP_NET_RAW,	    CAP_SETGID,	 CAP_SETUID,
	CAP_SETFCAP,	  CAP_SETPCAP,	    CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_KILL,	    CAP_AUDIT_WRITE,
};
const size_t sc_docker_default_ncaps = ARRAY_SIZE(sc_docker_default_caps);

/* ---- errno ---- */

/*
 * The macros, not numbers, so the values are right on every architecture
 * (MIPS, PA-RISC and Alpha number some of them differently).  Aliases come
 * last so a number's first match is its primary name.
 */
#define E(x) { #x, x }
static const struct {
	const char *name;
	int nr;
} errnos[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI),
	E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG),
	E(EOVERFLOW), E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC),
	E(ELIBBAD), E(ELIBSCN), E(ELIBMAX), E(ELIBEXEC), E(EILSEQ),
	E(ERESTART), E(ESTRPIPE), E(EUSERS), E(ENOTSOCK), E(EDESTADDRREQ),
	E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH),
	E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL),
	E(EISNAM), E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE),
	E(ECANCELED), E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED),
	E(EKEYREJECTED), E(EOWNERDEAD), E(ENOTRECOVERABLE), E(ERFKILL),
	E(EHWPOISON),
	/* aliases */
	E(EWOULDBLOCK), E(EDEADLOCK), E(ENOTSUP),
};
#undef E

int sc_errno_parse(const char *s)
{
	if (!s)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].nr;
	return -1;
}

const char *sc_errno_name(int n)
{
	for (size_t i = 0; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].nr == n)
			return errnos[i].name;
	return NULL;
}

/* ---- syscalls ---- */

/* conf/syscalls_gen.c, generated by conf/gen-syscalls.py. */
extern const char *const sc_gen_syscall_arches[];
extern const size_t sc_gen_syscall_narches;
extern const char *const sc_gen_syscall_names[];
extern const size_t sc_gen_nsyscalls;
extern const int32_t sc_gen_syscall_nrs[];

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

/* Row of name in the generated table, or -1. */
static long gen_row(const char *name)
{
	const char *const *hit;

	hit = bsearch(name, sc_gen_syscall_names, sc_gen_nsyscalls,
		      sizeof(sc_gen_syscall_names[0]), cmp_name);
	return hit ? (long)(hit - sc_gen_syscall_names) : -1;
}

static long gen_column(const char *column)
{
	for (size_t i = 0; i < sc_gen_syscall_narches; i++)
		if (strcmp(sc_gen_syscall_arches[i], column) == 0)
			return (long)i;
	return -1;
}

bool sc_syscall_known_libseccomp(const char *name)
{
	if (!name || !*name)
		return false;
	/*
	 * libseccomp keeps one row per name for all its arches: a name that
	 * exists elsewhere resolves to a negative pseudo number here.
	 */
	return seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

bool sc_syscall_known(const char *name)
{
	if (!name || !*name)
		return false;
	return sc_syscall_known_libseccomp(name) || gen_row(name) >= 0;
}

/* Row row of the generated table on arch: 0 and *nr, or 1 (not there). */
static int gen_nr(long row, uint32_t arch, int *nr)
{
	const struct arch *a = arch_by_token(arch);
	long col = a ? gen_column(a->column) : -1;
	int32_t v;

	if (col < 0)
		return 1;
	v = sc_gen_syscall_nrs[(size_t)row * sc_gen_syscall_narches +
			       (size_t)col];
	if (v < 0)
		return 1;
	if (nr)
		*nr = (int)(v + a->nr_base);
	return 0;
}

int sc_syscall_resolve(const char *name, uint32_t arch, int *nr)
{
	long row;
	int r;

	if (!name || !*name)
		return -ENOENT;
	if (arch == SCMP_ARCH_NATIVE)
		arch = seccomp_arch_native();

	r = seccomp_syscall_resolve_name_arch(arch, name);
	if (r >= 0) {
		if (nr)
			*nr = r;
		return 0;
	}
	/*
	 * -100 .. -9999: a call libseccomp multiplexes on this arch (x86's
	 * socketcall, ipc); it alone can write those rules.
	 */
	if (r <= -100 && r > -10000)
		return 1;
	/*
	 * Below that, libseccomp's "not on this arch" — by its own tables,
	 * which may predate the syscall there (x32 map_shadow_stack), so the
	 * newer table still gets a say.  __NR_SCMP_ERROR: unknown to this
	 * libseccomp, or an arch it cannot handle.
	 */
	row = gen_row(name);
	if (row < 0) {
		if (r != __NR_SCMP_ERROR)
			return 1;
		return sc_syscall_known_libseccomp(name) ? 1 : -ENOENT;
	}
	return gen_nr(row, arch, nr);
}

int sc_syscall_table_nr(const char *name, uint32_t arch, int *nr)
{
	long row;

	if (!name || !*name)
		return -ENOENT;
	if (arch == SCMP_ARCH_NATIVE)
		arch = seccomp_arch_native();
	row = gen_row(name);
	return row < 0 ? -ENOENT : gen_nr(row, arch, nr);
}

const char *sc_syscall_name(uint32_t arch, int nr)
{
	for (size_t row = 0; row < sc_gen_nsyscalls; row++) {
		int v;

		if (gen_nr((long)row, arch, &v) == 0 && v == nr)
			return sc_gen_syscall_names[row];
	}
	return NULL;
}

const char *sc_syscall_nth(size_t i)
{
	return i < sc_gen_nsyscalls ? sc_gen_syscall_names[i] : NULL;
}

/* ---- suggestions ---- */

#define SUGGEST_MAX_LEN 64

/*
 * Optimal-string-alignment distance (Levenshtein plus adjacent
 * transpositions), case-insensitive, giving up above limit.
 */
static unsigned distance(const char *a, const char *b, unsigned limit)
{
	unsigned d[SUGGEST_MAX_LEN + 1][SUGGEST_MAX_LEN + 1];
	size_t la = strlen(a), lb = strlen(b);

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return UINT_MAX;
	if ((la > lb ? la - lb : lb - la) > limit)
		return UINT_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned row_min = UINT_MAX;

		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			unsigned cost = ca != cb;
			unsigned v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
			if (v < row_min)
				row_min = v;
		}
		if (row_min > limit)
			return UINT_MAX;
	}
	return d[la][lb];
}

struct best {
	const char *word;
	unsigned limit;
	unsigned dist;
	const char *hit;
	bool tie;
};

static void best_init(struct best *b, const char *word)
{
	size_t len = strlen(word);

	b->word = word;
	/* Two edits turn most three-letter words into some other syscall. */
	b->limit = len <= 3 ? 1 : 2;
	b->dist = UINT_MAX;
	b->hit = NULL;
	b->tie = false;
}

static void best_consider(struct best *b, const char *cand)
{
	unsigned d;

	if (!cand || (b->hit && strcmp(cand, b->hit) == 0))
		return;
	d = distance(b->word, cand, b->limit);
	if (d > b->limit)
		return;
	if (d < b->dist) {
		b->dist = d;
		b->hit = cand;
		b->tie = false;
	} else if (d == b->dist) {
		b->tie = true;
	}
}

static const char *best_result(const struct best *b)
{
	if (!b->hit || b->tie)
		return NULL;
	/* The word itself, spelt exactly, is not a suggestion. */
	if (strcmp(b->hit, b->word) == 0)
		return NULL;
	return b->hit;
}

/*
 * word without leading and trailing blanks, if that makes a difference and
 * fits; stray blanks next to a name are a common slip, and one edit away
 * from more than one name ("read " vs "read" and "readv").
 */
static bool trimmed(const char *word, char *buf, size_t n)
{
	size_t len;

	while (isspace((unsigned char)*word))
		word++;
	len = strlen(word);
	while (len && isspace((unsigned char)word[len - 1]))
		len--;
	if (len == 0 || len >= n)
		return false;
	memcpy(buf, word, len);
	buf[len] = '\0';
	return true;
}

const char *sc_suggest(const char *word, const char *const *vocab)
{
	char trim[SUGGEST_MAX_LEN + 1];
	struct best b;

	if (!word || !*word || !vocab)
		return NULL;
	if (trimmed(word, trim, sizeof(trim)) && strcmp(trim, word) != 0)
		for (size_t i = 0; vocab[i]; i++)
			if (strcasecmp(trim, vocab[i]) == 0)
				return vocab[i];
	best_init(&b, word);
	for (size_t i = 0; vocab[i]; i++)
		best_consider(&b, vocab[i]);
	return best_result(&b);
}

const char *sc_syscall_suggest(const char *name)
{
	if (!name || !*name)
		return NULL;
	/*
	 * The generated table holds every name libseccomp 2.5.4 knows (a test
	 * checks that), so it alone is the vocabulary.
	 */
	return sc_suggest(name, sc_gen_syscall_names);
}
