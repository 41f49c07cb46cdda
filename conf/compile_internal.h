/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What the parts of the compiler share, and nothing else includes:
 *
 *   compile.c          sc_compile: the passes in order (overview there)
 *   compile_prepare.c  pass one: the profile checked and turned into values
 *   compile_routes.c   pass one: the arches, and how each name reaches each
 *   compile_ctx.c      pass two: libseccomp contexts, rules added, exported
 *   compile_layout.c   pass three: one program from the arches' programs
 *   pfc.c              sc_compile_pfc: libseccomp's text of the same filter
 *   load.c             sc_bpf_load*: the program into the kernel
 */
#ifndef SECCAP_COMPILE_INTERNAL_H
#define SECCAP_COMPILE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include "chain.h"
#include "compile.h"
#include "error.h"
#include "model.h"
#include "names.h"
#include "policy.h"


#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define X32_BIT 0x40000000u
/* libseccomp refuses ERRNO data from here on; the kernel caps at 4095. */
#define LIB_ERRNO_LIMIT 4095u
#define ENOSYS_RET (SECCOMP_RET_ERRNO | ENOSYS)

struct filter_action {
	uint32_t value;      /* SECCOMP_RET_* | data, as the kernel returns it */
	enum sc_action kind; /* after complain mode */
	enum sc_action orig; /* as written, for telling allow from deny */
};

struct rule_group {
	const struct sc_group *g;
	struct filter_action action;
	bool same_as_default; /* runc and crun skip such rules */
	bool split;           /* an index repeats: each condition is a rule */
	size_t ncmp;
	struct scmp_arg_cmp *cmp;
	uint32_t *ids;        /* per name of g: its entry in prep.names */
};

/*
 * A syscall name of the profile, looked up once however many groups and
 * arches name it: the tables are searched by string, and a profile names
 * the same syscall in many groups.
 */
struct syscall_name {
	const char *s;
	bool known;  /* some table has it (sc_syscall_known) */
	bool muxed;  /* socketcall/ipc family: see compile_mux_family */
	bool misrouted; /* lnr leads libseccomp to another name: see intern_name */
	int lnr;     /* libseccomp's number on its native arch */
};

enum route { ROUTE_SKIP, ROUTE_LIB, ROUTE_HELPER };

/* How one name gets into the filter of one arch (see compile_prep_routes). */
struct name_route {
	uint8_t route;  /* enum route */
	int nr;         /* ROUTE_HELPER: its number there */
	int32_t key;    /* the libseccomp syscall entry it lands in: see key_of */
};

struct filter_arch {
	uint32_t token;  /* SCMP_ARCH_* */
	uint32_t audit;  /* seccomp_data.arch for its syscalls */
	struct sc_loc loc;
	const char *spelling; /* as written, or NULL for the native arch */
	bool has_max;
	uint32_t max_nr; /* highest number of any name of the profile */
	size_t index;    /* in prep.arches */
};

/* A real action value libseccomp refuses, and what we tell it instead. */
struct value_substitute {
	uint32_t real, lib;
};

struct prep {
	const struct sc_profile *p;
	const struct sc_compile_opts *o;
	struct filter_action def;
	struct rule_group *groups;
	size_t ngroups;
	struct filter_arch *arches;
	size_t narches;
	struct value_substitute *substitutes;
	size_t nsubstitutes;
	/* libseccomp's bad-arch action, a value found in no rule */
	uint32_t badarch_value;
	bool enosys;
	unsigned int flags;
	/* every distinct syscall name of the profile */
	struct syscall_name *names;
	size_t nnames;
	uint32_t *slots;   /* open-addressing index of names: id + 1, 0 free */
	size_t nslots;     /* a power of two */
	/* names x arches: routes[id * narches + arch] */
	struct name_route *routes;
};

/* One bucket for every rule whose entries are not its own number alone. */
#define KEY_SHARED INT32_MIN

struct arch_ctx {
	scmp_filter_ctx main;   /* libseccomp's rules for this arch */
	scmp_filter_ctx helper; /* rules it cannot number here, or NULL */
	struct sc_chains chains; /* syscalls seccap checks itself (chain.c) */
};

struct section {
	const struct filter_arch *a;
	struct sock_filter *main, *helper;
	size_t nmain, nhelper;
	struct sc_chains chains; /* checked by seccap, in the tail */
	size_t entry;     /* where the dispatcher enters main */
	size_t pos;       /* of main in the program */
	size_t tail_len;  /* 0: no tail, default returns stay */
	bool route_x32;   /* entered past the x32 check: the tail routes x32 */
	size_t next_same; /* index of the next section of the same audit arch, or SIZE_MAX */
	/* every number the helper may compare lies in [helper_lo, helper_hi] */
	uint32_t helper_lo, helper_hi;
	/* no number above it matches a rule of the tail (see head_max) */
	uint32_t head_max;
};

/* The flags a profile may name, and their bits: conf/policy.c's
 * sc_seccomp_flags. */

/* socketcall, ipc and the calls they multiplex (compile_routes.c). */
#define MUX_FAMILY_LEN 34
extern const char *const compile_mux_family[MUX_FAMILY_LEN];

/* compile_prepare.c */
const char *compile_file(const struct prep *pp);
struct sc_loc compile_pick_loc(struct sc_loc a, struct sc_loc b);
int compile_err(const struct prep *pp, struct sc_error *err, int code,
		struct sc_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
uint32_t *compile_name_slot(const struct prep *pp, const char *s);
uint32_t compile_lib_value(const struct prep *pp, uint32_t real);
uint32_t compile_real_value(const struct prep *pp, uint32_t lib);
void compile_prep_free(struct prep *pp);
int compile_prep_init(struct prep *pp, const struct sc_profile *p,
		      const struct sc_compile_opts *o, const struct sc_diag *d,
		      struct sc_error *err);

/* compile_routes.c */
uint32_t compile_audit_arch(uint32_t token);
bool compile_arch_is_32bit(uint32_t token);
bool compile_arch_is_s390(uint32_t token);
int compile_prep_arches(struct prep *pp, const struct sc_diag *d,
			struct sc_error *err);
size_t compile_mux_entries(const struct filter_arch *a, int32_t *out);
int compile_prep_routes(struct prep *pp, struct sc_error *err);

/* compile_ctx.c */
void compile_ctx_release(struct arch_ctx *c);
const char *compile_arch_label(const struct filter_arch *a);
int compile_lib_err(const struct prep *pp, struct sc_error *err, int rc,
		    struct sc_loc loc, const char *what);
int compile_build_arch(const struct prep *pp, const struct filter_arch *a,
		       struct arch_ctx *ret, struct sc_error *err);
int compile_open_scratch(void);
int compile_export_bpf(const struct prep *pp, scmp_filter_ctx ctx,
		       struct sock_filter **ret, size_t *ret_len,
		       struct sc_error *err);

/* compile_layout.c */
int compile_to_host_order(const struct prep *pp, struct sock_filter *f,
			  size_t n, uint32_t token, struct sc_error *err);
int compile_helper_body(const struct prep *pp, struct sock_filter *f,
			size_t *n, struct sc_error *err);
int compile_assemble(const struct prep *pp, struct section *secs, size_t n,
		     struct sc_bpf **ret, struct sc_error *err);


#endif
