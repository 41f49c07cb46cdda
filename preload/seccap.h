/* SPDX-License-Identifier: Apache-2.0 */
/*
 * libcapfilter: confine the calling process with a Docker/moby-format
 * seccomp profile (JSON) or its seccap INI translation.
 *
 *   struct seccap_error err;
 *   char msg[1024];
 *   if (seccap_confine("/etc/myapp/seccomp.ini", NULL, 0, &err) < 0) {
 *           seccap_error_format(&err, msg, sizeof(msg));
 *           fprintf(stderr, "myapp: %s\n", msg);
 *           exit(1);
 *   }
 *
 * Conventions of every function here:
 *  - int results are 0 (or a count) on success and a negative errno value on
 *    failure.  The values each function can return are listed with it; any
 *    other negative value means a failure of the system (an errno of open(2),
 *    read(2), prctl(2), seccomp(2)) and is passed on as it came.
 *  - struct seccap_error *err may be NULL.  On failure it is filled (code =
 *    the positive errno, file and line when the problem is in a profile,
 *    msg a lowercase one-line message); on success it is left untouched.
 *    It is a plain struct the caller owns: nothing to free, nothing
 *    allocated, safe to use right before exec.
 *  - Handles are opaque; each *_free accepts NULL.  Outputs (ret) are
 *    written only on success.
 *  - Functions are thread-safe as long as one handle is not used by two
 *    threads at once.
 *
 * Link with `pkg-config --libs libcapfilter`.  The same library works as an
 * LD_PRELOAD module (see libcapfilter(8)); when SECCAP_PROFILE is not set in
 * the environment, loading it does nothing.
 */
#ifndef SECCAP_H
#define SECCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SECCAP_FILE_MAX 256
#define SECCAP_MSG_MAX 512

struct seccap_error {
	int code;                   /* positive errno value; 0 = no error */
	unsigned line, col;         /* 1-based place in file; 0 = not known */
	char file[SECCAP_FILE_MAX]; /* profile file name; "" = not about a file */
	char msg[SECCAP_MSG_MAX];   /* lowercase, no final full stop */
};

/* A loaded and validated profile, not yet resolved for any process. */
struct seccap_profile;
/* A compiled classic-BPF seccomp program for one capability set and arch. */
struct seccap_filter;

/* Capability set the profile's includes/excludes.caps are resolved against:
 * bit n set = capability n (CAP_CHOWN = 0, CAP_SYS_ADMIN = 21, ...). */
struct seccap_caps {
	uint64_t bits;
};

/* Called once per warning (an unknown key, a syscall name this libseccomp
 * does not know in an allowing rule, ...).  w is valid during the call only. */
typedef void (*seccap_warning_fn)(void *ud, const struct seccap_error *w);

/* seccap_options.flags */
#define SECCAP_OPT_LOG       (1u << 0) /* complain mode: denials become SCMP_ACT_LOG */
#define SECCAP_OPT_KERNEL    (1u << 1) /* resolve minKernel against kernel_major.minor,
                                          not this kernel's uname release */
#define SECCAP_OPT_NO_ENOSYS (1u << 2) /* leave out ENOSYS for syscalls newer
                                          than the profile (runc's stub) */

/*
 * Options of loading and compiling.  Set size to sizeof(struct
 * seccap_options) (SECCAP_OPTIONS_INIT does); fields a newer library adds
 * after the ones the caller was built with read as zero.  A NULL options
 * pointer means all defaults.
 */
struct seccap_options {
	size_t size;
	/* Architecture to compile for, as SCMP_ARCH_X86_64 or Docker's "amd64";
	 * NULL = this machine's.  seccap_filter_apply refuses a filter compiled
	 * for another architecture. */
	const char *arch;
	uint32_t flags;                 /* SECCAP_OPT_* */
	uint32_t kernel_major, kernel_minor;
	seccap_warning_fn warning;      /* NULL: warnings are dropped */
	void *warning_ud;
};
#define SECCAP_OPTIONS_INIT { .size = sizeof(struct seccap_options) }

/* Version of the library, "MAJOR.MINOR.PATCH". */
const char *seccap_version(void);

/*
 * err as one line in the GNU form the seccap command prints: "file:line:col:
 * msg", "file:line: msg" or "file: msg" as far as err knows the place, else
 * "msg".  Written to buf (n bytes, always terminated when n > 0); returns the
 * length the whole line has, as snprintf does.  err NULL: "".
 */
size_t seccap_error_format(const struct seccap_error *err, char *buf,
			   size_t n);

/*
 * Load a profile file (Docker JSON or seccap INI, told apart by content:
 * JSON starts with '{'), check its syntax and validate it: an unknown
 * syscall, capability, action, ... is an error with file, line and a hint,
 * never a silently ignored rule.  The path "default" means the embedded
 * default profile (Docker's); write "./default" for a file of that name.
 * opts: only warning/warning_ud are used here.
 * Errors: -EINVAL bad arguments, syntax or validation error (err has file
 * and line), not a regular file; -ENOENT, -EACCES, -EISDIR, -EFBIG (longer
 * than 16 MiB), ... the file cannot be read; -E2BIG opts has fields this
 * library does not know set; -ENOMEM.
 */
int seccap_profile_load_file(const char *path,
			     const struct seccap_options *opts,
			     struct seccap_profile **ret,
			     struct seccap_error *err);

/*
 * The same from memory: text is len bytes (need not be NUL-terminated), name
 * is the file name used in messages (NULL: "<string>").
 * Errors: -EINVAL, -E2BIG (see above), -ENOMEM.
 */
int seccap_profile_load_string(const char *text, size_t len, const char *name,
			       const struct seccap_options *opts,
			       struct seccap_profile **ret,
			       struct seccap_error *err);

/* The embedded default profile (Docker's default).  Errors: -E2BIG (see
 * above), -ENOMEM. */
int seccap_profile_load_default(const struct seccap_options *opts,
				struct seccap_profile **ret,
				struct seccap_error *err);

void seccap_profile_free(struct seccap_profile *p);

/*
 * Parse a capability-set spec, comma-separated items that add up:
 * "docker" (Docker's 14 default capabilities), "all", "none", "effective",
 * "permitted", "bounding" (this process's sets), and capability names in
 * any case, with or without "CAP_": "docker,CAP_SYS_ADMIN", "sys_ptrace".
 * Errors: -EINVAL unknown item (err says which, with a hint); an errno from
 * reading this process's capabilities.
 */
int seccap_caps_parse(const char *spec, struct seccap_caps *ret,
		      struct seccap_error *err);

/*
 * Resolve p's conditional rules for caps (NULL: this process's permitted
 * set), the architecture and the kernel version (moby's rules, exactly),
 * and compile the result to BPF; the program is then run in an interpreter
 * against what the profile says (seccap show --verify).  Warnings go to
 * opts->warning.
 * Errors: -EPROTO (the program does not do what the profile says: a bug,
 * refused rather than loaded); -EINVAL (a profile the resolver or compiler refuses, an unknown
 * opts->arch or flag, opts->size too small for size and arch); -E2BIG
 * (opts sets fields this library does not know, or the program would be
 * longer than the kernel's 4096 instructions); -ENOTSUP (libseccomp does
 * not support the architecture); -ENOSPC (too many distinct errno values);
 * -ENOMEM; -EIO (libseccomp misbehaved: a bug).
 */
int seccap_filter_compile(const struct seccap_profile *p,
			  const struct seccap_caps *caps,
			  const struct seccap_options *opts,
			  struct seccap_filter **ret,
			  struct seccap_error *err);

/* Number of BPF instructions (struct sock_filter, 8 bytes each) in f. */
size_t seccap_filter_length(const struct seccap_filter *f);

/*
 * Write the program to fd as a raw array of struct sock_filter
 * (seccap_filter_length(f) * 8 bytes, host byte order): the format
 * `bwrap --seccomp FD` and prctl(PR_SET_SECCOMP) read.  Short writes and
 * EINTR are retried.  Async-signal-safe given a built filter, so a threaded
 * program may compile before fork() and export or apply in the child.
 * Errors: -EINVAL (NULL filter, fd < 0); an errno of write(2).
 */
int seccap_filter_export_bpf(const struct seccap_filter *f, int fd,
			     struct seccap_error *err);

/* seccap_filter_apply flags */
/*
 * Do not set no_new_privs when this thread has CAP_SYS_ADMIN in its
 * effective set.  Without CAP_SYS_ADMIN the kernel requires no_new_privs
 * and it is set regardless.
 */
#define SECCAP_APPLY_NO_NNP (1u << 0)

/*
 * Confine the calling process: set no_new_privs (see SECCAP_APPLY_NO_NNP)
 * and load f with SECCOMP_FILTER_FLAG_TSYNC, so every thread of the process
 * is confined or none is.  The filter stays for the life of the process and
 * is inherited across fork and execve.  With no_new_privs set, execve no
 * longer grants setuid/setgid/file-capability privileges (sudo will fail).
 * Errors: -EINVAL (NULL filter, unknown flags, a filter compiled for another
 * architecture, or a kernel that rejects the program); -ESRCH (another
 * thread could not be synchronised: it already has a different filter);
 * -EACCES (no_new_privs could not be set and CAP_SYS_ADMIN is missing);
 * -ENOMEM (too many filters stacked); -ENOSYS (no seccomp filter support).
 * A profile with SCMP_ACT_NOTIFY rules: the filter is loaded with a
 * listener, which goes to the agent at the profile's listenerPath with the
 * OCI container process state, as runc does (errors: that of connecting to
 * the agent; -EDEADLK when the profile would hand over the sendmsg or
 * close this needs).
 */
int seccap_filter_apply(const struct seccap_filter *f, unsigned flags,
			struct seccap_error *err);

void seccap_filter_free(struct seccap_filter *f);

/*
 * All of the above in one call: load path ("default" for the embedded
 * profile), resolve against caps_spec (seccap_caps_parse syntax; NULL =
 * "permitted"), compile for this machine and apply with flags.  Errors:
 * those of the functions it calls.
 */
int seccap_confine(const char *path, const char *caps_spec, unsigned flags,
		   struct seccap_error *err);

#ifdef __cplusplus
}
#endif

#endif
