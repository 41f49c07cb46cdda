/* SPDX-License-Identifier: Apache-2.0 */
/*
 * SHA-256 (FIPS 180-4 vectors), the compiled-filter format (round trip and
 * every refusal), the cache key, and the cache itself: a hit is the very
 * program a fresh compile gives, and entries that fail a check are ignored.
 * Filters are loaded only in children (tu_run_child).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cache.h"
#include "compiled.h"
#include "lib/testutil.h"
#include "names.h"
#include "pipeline.h"
#include "sha256.h"

static void hex_of(const void *data, size_t len, char out[65])
{
	uint8_t d[32];

	sc_sha256(data, len, d);
	sc_sha256_hex(d, out);
}

Test(sha256, fips_vectors)
{
	char h[65];
	static const char two_blocks[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	hex_of("", 0, h);
	cr_expect_str_eq(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hex_of("abc", 3, h);
	cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hex_of(two_blocks, strlen(two_blocks), h);
	cr_expect_str_eq(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

Test(sha256, million_a_in_odd_pieces)
{
	struct sc_sha256 s;
	char buf[997], h[65];
	uint8_t d[32];
	size_t left = 1000000;

	memset(buf, 'a', sizeof(buf));
	sc_sha256_init(&s);
	while (left) {
		size_t n = left < sizeof(buf) ? left : sizeof(buf);

		sc_sha256_update(&s, buf, n);
		left -= n;
	}
	sc_sha256_final(&s, d);
	sc_sha256_hex(d, h);
	cr_expect_str_eq(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

Test(sha256, every_split_gives_the_same_digest)
{
	char msg[200];
	uint8_t whole[32], part[32];

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)(i * 7 + 3);
	sc_sha256(msg, sizeof(msg), whole);
	for (size_t cut = 0; cut <= sizeof(msg); cut++) {
		struct sc_sha256 s;

		sc_sha256_init(&s);
		sc_sha256_update(&s, msg, cut);
		sc_sha256_update(&s, msg + cut, sizeof(msg) - cut);
		sc_sha256_final(&s, part);
		cr_assert(memcmp(whole, part, 32) == 0, "split at %zu", cut);
	}
}

/*
 * The portable code and the x86 SHA extensions (where this CPU has them)
 * give the reference digests and agree on every length across block
 * boundaries and for multi-block runs of odd alignment.
 */
Test(sha256, portable_and_sha_ni_agree)
{
	static uint8_t msg[70000];
	uint8_t a[32], b[32];
	char h[65];
	bool ni;

	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)(i * 131 + (i >> 8) * 7 + 1);
	cr_assert_not(sc_sha256_set_accelerated(false));
	hex_of("abc", 3, h);
	cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	ni = sc_sha256_set_accelerated(true);
	cr_expect_eq(ni, sc_sha256_accelerated());
	if (!ni) {
		cr_log_info("this CPU has no SHA extensions: only the portable code ran");
		return;
	}
	hex_of("abc", 3, h);
	cr_expect_str_eq(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	for (size_t len = 0; len <= sizeof(msg); len += len < 300 ? 1 : 4093) {
		sc_sha256_set_accelerated(false);
		sc_sha256(msg + 1, len ? len - 1 : 0, a);
		sc_sha256_set_accelerated(true);
		sc_sha256(msg + 1, len ? len - 1 : 0, b);
		cr_assert(memcmp(a, b, 32) == 0, "length %zu", len);
	}
}

/* ---- the compiled format ---- */

static struct sc_bpf *small_prog(void)
{
	struct sc_bpf *b = calloc(1, sizeof(*b));
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};

	cr_assert(b);
	b->insns = malloc(sizeof(f));
	cr_assert(b->insns);
	memcpy(b->insns, f, sizeof(f));
	b->len = 2;
	b->flags = SECCOMP_FILTER_FLAG_SPEC_ALLOW;
	return b;
}

static struct sc_buf written(struct sc_compiled_info *info)
{
	struct sc_buf out = { 0 };
	struct sc_bpf *b = small_prog();

	memset(info, 0, sizeof(*info));
	info->arch = sc_arch_from_scmp_name("SCMP_ARCH_X86_64");
	info->caps = 0xa80425fb;
	info->opts = SC_COMPILED_OPT_LOG;
	snprintf(info->kernel, sizeof(info->kernel), "6.1.0-test");
	memset(info->key, 0x5a, sizeof(info->key));
	cr_assert_eq(sc_compiled_write(info, b, &out, NULL), 0);
	sc_bpf_free(b);
	return out;
}

Test(compiled, round_trip)
{
	struct sc_compiled_info in, out;
	struct sc_buf buf = written(&in);
	struct sc_bpf *b = NULL;

	cr_assert_eq(buf.len, SC_COMPILED_HDR + 16);
	cr_assert(sc_compiled_is(buf.p, buf.len));
	cr_assert_eq(sc_compiled_parse(buf.p, buf.len, "f", &out, &b, NULL), 0);
	cr_expect_eq(b->len, 2);
	cr_expect_eq(b->flags, SECCOMP_FILTER_FLAG_SPEC_ALLOW);
	cr_expect_eq(out.arch, in.arch);
	cr_expect_eq(out.caps, in.caps);
	cr_expect_eq(out.opts, in.opts);
	cr_expect_str_eq(out.kernel, "6.1.0-test");
	cr_expect_str_eq(out.seccap_version, SECCAP_VERSION);
	cr_expect(memcmp(out.key, in.key, 32) == 0);
	sc_bpf_free(b);
	sc_buf_free(&buf);
}

static void expect_refused(const char *why, const char *p, size_t len,
			   const char *msg_part)
{
	struct sc_error e = { 0 };
	struct sc_bpf *b = NULL;

	cr_expect_eq(sc_compiled_parse(p, len, "x.scbpf", NULL, &b, &e),
		     -EINVAL, "%s: accepted", why);
	cr_expect_null(b, "%s", why);
	cr_expect(strstr(e.msg, msg_part), "%s: message '%s'", why, e.msg);
	cr_expect_str_eq(e.file, "x.scbpf");
	sc_bpf_free(b);
}

Test(compiled, every_damage_is_refused)
{
	struct sc_compiled_info in;
	struct sc_buf buf = written(&in);
	char *c = malloc(buf.len + 8);

	cr_assert(c);
#define RESET() memcpy(c, buf.p, buf.len)
	RESET();
	c[0] = 'X';
	expect_refused("magic", c, buf.len, "no magic");
	expect_refused("header cut", buf.p, 100, "truncated");
	expect_refused("program cut", buf.p, buf.len - 1, "damaged");
	RESET();
	memset(c + buf.len, 0, 8);
	expect_refused("bytes added", c, buf.len + 8, "damaged");
	RESET();
	c[8] = 2;
	expect_refused("version", c, buf.len, "format 2");
	RESET();
	c[28] = 0;
	expect_refused("count 0", c, buf.len, "damaged");
	RESET();
	c[28] = 3;
	expect_refused("count 3", c, buf.len, "damaged");
	RESET();
	c[SC_COMPILED_HDR + 4] ^= 1;
	expect_refused("program changed", c, buf.len, "digest");
	RESET();
	c[250] = 1;
	expect_refused("padding", c, buf.len, "header");
	RESET();
	c[24] = 0x80;
	expect_refused("unknown option bit", c, buf.len, "header");
	RESET();
	memset(c + 136, 'k', 65);
	expect_refused("kernel unterminated", c, buf.len, "header");
#undef RESET
	free(c);
	sc_buf_free(&buf);
}

/* ---- the key ---- */

Test(cache, key_covers_every_input)
{
	struct sc_cache_req base = {
		.caps = 1, .arch = sc_arch_from_scmp_name("SCMP_ARCH_X86_64"),
		.kernel = "6.1.0", .tsync = true,
	};
	struct sc_cache_req r;
	uint8_t k0[32], k[32];

	sc_cache_key(&base, k0);
	sc_cache_key(&base, k);
	cr_expect(memcmp(k0, k, 32) == 0, "the key is a function");
#define DIFFERS(change)                                                   \
	do {                                                              \
		r = base;                                                 \
		change;                                                   \
		sc_cache_key(&r, k);                                      \
		cr_expect(memcmp(k0, k, 32) != 0, "%s", #change);         \
	} while (0)
	DIFFERS(r.profile_digest[31] = 1);
	DIFFERS(r.caps = 3);
	DIFFERS(r.arch = sc_arch_from_scmp_name("SCMP_ARCH_AARCH64"));
	DIFFERS(r.kernel = "6.1.1");
	DIFFERS(r.log_mode = true);
	DIFFERS(r.tsync = false);
	DIFFERS(r.no_enosys = true);
#undef DIFFERS
}

/* ---- the cache, through the pipeline ---- */

static char cache_home[256], own_profile[300];

static const char *repo_profile(void)
{
	return tu_path(tu_root(), "contrib/profiles/docker-default.json");
}

/*
 * Docker's default with trailing blanks of its own: bytes no entry another
 * run left in the system cache (root's, which every lookup reads) can
 * answer for.
 */
static void unique_copy(const char *path)
{
	char cmd[1200];

	snprintf(cmd, sizeof(cmd), "{ cat '%s'; printf '%%*s' %d ''; } >'%s'",
		 repo_profile(), (int)(getpid() % 4096) + 1, path);
	cr_assert_eq(system(cmd), 0);
}

/* The profile of the tests that use fresh_cache_home. */
static const char *profile_path(void)
{
	return own_profile;
}

static void fresh_cache_home(void)
{
	snprintf(cache_home, sizeof(cache_home), "/tmp/seccap-test-cache.XXXXXX");
	cr_assert_not_null(mkdtemp(cache_home));
	cr_assert_eq(setenv("XDG_CACHE_HOME", cache_home, 1), 0);
	unsetenv("SECCAP_CACHE");
	snprintf(own_profile, sizeof(own_profile), "%s/p.json", cache_home);
	unique_copy(own_profile);
}

static void rm_cache_home(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", cache_home);
	cr_expect_eq(system(cmd), 0);
}



static struct sc_bpf *via_pipeline_of(const char *profile, int *how)
{
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { .tsync = true };
	struct sc_error e = { 0 };
	struct sc_bpf *b = NULL;

	cr_assert_eq(sc_capset_parse("docker", &t.caps, &e), 0);
	cr_assert_eq(sc_pipeline_bpf(profile, &t, &o, false, NULL, &b, how,
				     &e),
		     0, "%s", e.msg);
	return b;
}

static struct sc_bpf *via_pipeline(int *how)
{
	return via_pipeline_of(profile_path(), how);
}

static struct sc_bpf *fresh_compile(void)
{
	struct sc_target t = { 0 };
	struct sc_compile_opts o = { .tsync = true };
	struct sc_error e = { 0 };
	struct sc_profile *p = NULL;
	struct sc_bpf *b = NULL;

	cr_assert_eq(sc_capset_parse("docker", &t.caps, &e), 0);
	cr_assert_eq(sc_pipeline_load(profile_path(), &p, NULL, &e), 0);
	cr_assert_eq(sc_pipeline_build(p, &t, &o, NULL, NULL, NULL, &b, &e), 0);
	sc_profile_free(p);
	return b;
}

static bool same_prog(const struct sc_bpf *a, const struct sc_bpf *b)
{
	return a->len == b->len && a->flags == b->flags &&
	       memcmp(a->insns, b->insns, a->len * sizeof(*a->insns)) == 0;
}

/* The one entry of the cache directory. */
static void entry_path(char *buf, size_t n)
{
	char cmd[400];
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ls -d '%s'/seccap/* 2>/dev/null", cache_home);
	f = popen(cmd, "r");
	cr_assert(f);
	cr_assert(fgets(buf, (int)n, f), "no cache entry");
	buf[strcspn(buf, "\n")] = '\0';
	pclose(f);
}

Test(cache, hit_is_the_program_a_fresh_compile_gives,
     .init = fresh_cache_home, .fini = rm_cache_home)
{
	struct sc_bpf *fresh = fresh_compile(), *a, *b;
	int how = -1;

	a = via_pipeline(&how);
	cr_expect_eq(how, 2, "first: compiled");
	b = via_pipeline(&how);
	cr_expect_eq(how, 1, "second: from the cache");
	cr_expect(same_prog(a, fresh));
	cr_expect(same_prog(b, fresh));
	sc_bpf_free(a);
	sc_bpf_free(b);
	sc_bpf_free(fresh);
}

Test(cache, off_with_SECCAP_CACHE_0, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	struct sc_bpf *b;
	struct stat st;
	char dir[300];
	int how = -1;

	setenv("SECCAP_CACHE", "0", 1);
	b = via_pipeline(&how);
	b = (sc_bpf_free(b), via_pipeline(&how));
	cr_expect_eq(how, 2);
	snprintf(dir, sizeof(dir), "%s/seccap", cache_home);
	cr_expect_neq(stat(dir, &st), 0, "nothing created");
	sc_bpf_free(b);
	unsetenv("SECCAP_CACHE");
}

/* Make the entry one that would pass every check but the one broken. */
static void tamper(const char *what)
{
	char path[400], cmd[2048];
	struct sc_bpf *b;
	int how;

	b = via_pipeline(&how);
	sc_bpf_free(b);
	entry_path(path, sizeof(path));
	if (strcmp(what, "mode") == 0) {
		cr_assert_eq(chmod(path, 0660), 0);
	} else if (strcmp(what, "symlink") == 0) {
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s.t' && ln -sf '%s.t' '%s'",
			 path, cache_home, cache_home, path);
		cr_assert_eq(system(cmd), 0);
	} else if (strcmp(what, "truncate") == 0) {
		cr_assert_eq(truncate(path, 1000), 0);
	} else if (strcmp(what, "key") == 0) {
		int fd = open(path, O_WRONLY);

		cr_assert(fd >= 0);
		cr_assert_eq(pwrite(fd, "\x01", 1, 72), 1);
		close(fd);
	} else if (strcmp(what, "arch") == 0) {
		int fd = open(path, O_WRONLY);

		cr_assert(fd >= 0);
		cr_assert_eq(pwrite(fd, "\xb7\x00\x00\xc0", 4, 16), 4);
		close(fd);
	} else if (strcmp(what, "owner") == 0) {
		cr_assert_eq(chown(path, 65534, 65534), 0);
	} else if (strcmp(what, "hardlink") == 0) {
		snprintf(cmd, sizeof(cmd), "%s.second-name", cache_home);
		cr_assert_eq(link(path, cmd), 0);
	}
}

static void check_ignored(const char *what)
{
	struct sc_bpf *fresh = fresh_compile(), *b;
	int how = -1;

	tamper(what);
	b = via_pipeline(&how);
	cr_expect_eq(how, 2, "%s: the entry must be ignored", what);
	cr_expect(same_prog(b, fresh), "%s: recompiled program", what);
	sc_bpf_free(b);
	b = via_pipeline(&how);
	cr_expect_eq(how, 1, "%s: replaced by a good entry", what);
	cr_expect(same_prog(b, fresh), "%s", what);
	sc_bpf_free(b);
	sc_bpf_free(fresh);
}

Test(cache, group_writable_entry_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("mode");
}

Test(cache, symlink_entry_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("symlink");
}

Test(cache, truncated_entry_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("truncate");
}

Test(cache, wrong_key_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("key");
}

Test(cache, other_arch_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("arch");
}

Test(cache, other_owner_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to chown the entry");
	check_ignored("owner");
}

Test(cache, entry_with_a_second_name_ignored, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	check_ignored("hardlink");
}

Test(cache, group_writable_dir_not_used, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	char dir[300];
	struct sc_bpf *b;
	int how = -1;

	b = via_pipeline(&how);
	sc_bpf_free(b);
	snprintf(dir, sizeof(dir), "%s/seccap", cache_home);
	cr_assert_eq(chmod(dir, 0770), 0);
	b = via_pipeline(&how);
	cr_expect_eq(how, 2);
	sc_bpf_free(b);
}

/* A program from the cache confines for real. */
static int confined_child(void *arg)
{
	struct sc_bpf *b = arg;
	struct sc_error e = { 0 };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || sc_bpf_load(b, &e) < 0)
		return 10;
	if (syscall(SYS_keyctl, 0, -2L, 0L, 0L, 0L) != -1 || errno != EPERM)
		return 11;
	if (syscall(SYS_getpid) != getpid())
		return 12;
	return 0;
}

Test(cache, hit_confines_in_a_child, .init = fresh_cache_home,
     .fini = rm_cache_home)
{
	struct sc_bpf *b;
	int how = -1;

	b = via_pipeline(&how);
	sc_bpf_free(b);
	b = via_pipeline(&how);
	cr_assert_eq(how, 1);
	cr_expect(tu_exited_with(tu_run_child(confined_child, b), 0));
	sc_bpf_free(b);
}

/* ---- the trust rule (conf/cache.h): who may have written an entry ---- */

#define NOBODY 65534
#define OTHER 65533

static char tdir[256];

static void need_root(void)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to make files of other users (chown)");
}

/* A root-owned 0755 directory under /tmp (sticky, root's). */
static void trust_init(void)
{
	snprintf(tdir, sizeof(tdir), "/tmp/seccap-test-trust.XXXXXX");
	cr_assert_not_null(mkdtemp(tdir));
	cr_assert_eq(chmod(tdir, 0755), 0);
	unsetenv("SECCAP_CACHE");
}

static void trust_fini(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	cr_expect_eq(system(cmd), 0);
}

static const char *at(const char *rel)
{
	static char buf[4][1024];
	static int n;

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/%s", tdir, rel);
	return buf[n];
}

static void mk(const char *rel, bool dir, uid_t uid, mode_t mode)
{
	const char *path = at(rel);

	if (dir) {
		cr_assert_eq(mkdir(path, 0700), 0, "%s", path);
	} else {
		unique_copy(path);
	}
	cr_assert_eq(chown(path, uid, uid), 0);
	cr_assert_eq(chmod(path, mode), 0);
}

/* What the pipeline asks: the file is judged as read (stat follows links). */
static uid_t writer_of(const char *rel)
{
	struct stat st;

	cr_assert_eq(stat(at(rel), &st), 0, "%s", at(rel));
	return sc_cache_profile_writer(at(rel), &st);
}

Test(trust, root_profile_in_root_dir_has_no_writer, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("etc", true, 0, 0755);
	mk("etc/p.json", false, 0, 0644);
	cr_expect_eq(writer_of("etc/p.json"), 0);
}

Test(trust, a_users_profile_in_their_dir, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, NOBODY, 0644);
	cr_expect_eq(writer_of("home/p.json"), NOBODY);
}

Test(trust, roots_file_in_a_users_dir_is_that_users, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, 0, 0644);
	cr_expect_eq(writer_of("home/p.json"), NOBODY, "the user can replace it");
}

Test(trust, two_other_owners_give_root_only, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, OTHER, 0644);
	cr_expect_eq(writer_of("home/p.json"), 0);
}

Test(trust, group_writable_profile_gives_root_only, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, NOBODY, 0664);
	cr_expect_eq(writer_of("home/p.json"), 0);
	cr_assert_eq(chmod(at("home/p.json"), 0646), 0);
	cr_expect_eq(writer_of("home/p.json"), 0, "world-writable");
}

Test(trust, writable_dir_gives_root_only_unless_sticky, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("pub", true, 0, 0777);
	mk("pub/p.json", false, NOBODY, 0644);
	cr_expect_eq(writer_of("pub/p.json"), 0, "anyone can replace it");
	cr_assert_eq(chmod(at("pub"), 01777), 0);
	cr_expect_eq(writer_of("pub/p.json"), NOBODY,
		     "sticky: only its owner (or root) can replace it");
}

Test(trust, a_link_to_roots_profile_is_roots, .init = trust_init,
     .fini = trust_fini)
{
	need_root();
	mk("etc", true, 0, 0755);
	mk("etc/p.json", false, 0, 0644);
	mk("home", true, NOBODY, 0755);
	cr_assert_eq(symlink(at("etc/p.json"), at("home/link.json")), 0);
	/* The file reached is judged by its own path, never the link's. */
	cr_expect_eq(writer_of("home/link.json"), 0);
	cr_assert_eq(symlink(at("home"), at("homelink")), 0);
	mk("home/p.json", false, NOBODY, 0644);
	cr_expect_eq(writer_of("homelink/p.json"), NOBODY);
}

Test(trust, a_file_replaced_after_it_was_read_gives_root_only,
     .init = trust_init, .fini = trust_fini)
{
	struct stat st;

	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, NOBODY, 0644);
	mk("home/q.json", false, NOBODY, 0644);
	cr_assert_eq(stat(at("home/p.json"), &st), 0);
	cr_assert_eq(rename(at("home/q.json"), at("home/p.json")), 0);
	cr_expect_eq(sc_cache_profile_writer(at("home/p.json"), &st), 0);
}

Test(trust, no_file_has_no_writer)
{
	struct stat st = { 0 };

	cr_expect_eq(sc_cache_profile_writer(NULL, &st), 0);
	cr_expect_eq(sc_cache_profile_writer("/nonexistent/p.json", &st), 0);
}

/* A root process's cache in dir (XDG_CACHE_HOME), for profile rel. */
static int run_with_cache(const char *dir, const char *rel)
{
	struct sc_bpf *b;
	int how = -1;

	cr_assert_eq(setenv("XDG_CACHE_HOME", at(dir), 1), 0);
	b = via_pipeline_of(at(rel), &how);
	sc_bpf_free(b);
	return how;
}

static int entries_in(const char *rel)
{
	char cmd[700];

	snprintf(cmd, sizeof(cmd), "exit $(ls -A '%s' 2>/dev/null | wc -l)",
		 at(rel));
	return WEXITSTATUS(system(cmd));
}

Test(trust, roots_cache_in_a_users_dir_is_not_used_for_roots_profile,
     .init = trust_init, .fini = trust_fini)
{
	need_root();
	mk("etc", true, 0, 0755);
	mk("etc/p.json", false, 0, 0644);
	mk("home", true, NOBODY, 0755);
	mk("home/cache", true, 0, 0700);
	/* As `sudo -E` would keep a user's XDG_CACHE_HOME. */
	cr_expect_eq(run_with_cache("home/cache", "etc/p.json"), 2);
	cr_expect_eq(run_with_cache("home/cache", "etc/p.json"), 2);
	cr_expect_eq(entries_in("home/cache"), 0, "nothing written there");
	/* The user's own profile: the user could change it anyway. */
	mk("home/p.json", false, NOBODY, 0644);
	cr_expect_eq(run_with_cache("home/cache", "home/p.json"), 2);
	cr_expect_eq(run_with_cache("home/cache", "home/p.json"), 1);
}

Test(trust, an_entry_of_the_profiles_writer_is_used_another_users_not,
     .init = trust_init, .fini = trust_fini)
{
	char cmd[1200];

	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, NOBODY, 0644);
	mk("cache", true, 0, 0700);
	cr_expect_eq(run_with_cache("cache", "home/p.json"), 2);
	snprintf(cmd, sizeof(cmd), "chown %d '%s'/seccap/*", NOBODY,
		 at("cache"));
	cr_assert_eq(system(cmd), 0);
	cr_expect_eq(run_with_cache("cache", "home/p.json"), 1, "the writer's");
	snprintf(cmd, sizeof(cmd), "chown %d '%s'/seccap/*", OTHER,
		 at("cache"));
	cr_assert_eq(system(cmd), 0);
	cr_expect_eq(run_with_cache("cache", "home/p.json"), 2, "another's");
}

Test(trust, cache_dir_reached_through_a_link_in_its_base,
     .init = trust_init, .fini = trust_fini)
{
	need_root();
	mk("etc", true, 0, 0755);
	mk("etc/p.json", false, 0, 0644);
	mk("cache", true, 0, 0700);
	cr_assert_eq(symlink(at("cache"), at("cachelink")), 0);
	cr_expect_eq(run_with_cache("cachelink", "etc/p.json"), 2);
	cr_expect_eq(run_with_cache("cachelink", "etc/p.json"), 1,
		     "the base is canonicalized, then walked");
	/* The seccap directory itself a link: not used. */
	mk("other", true, 0, 0700);
	cr_assert_eq(symlink(at("cache/seccap"), at("other/seccap")), 0);
	cr_expect_eq(run_with_cache("other", "etc/p.json"), 2);
	cr_expect_eq(run_with_cache("other", "etc/p.json"), 2);
}

/*
 * The walks read each path where it lies (base and tail apart, no joined
 * copy): the same refusals through every way of spelling the path.
 */
/* 0 for a directory opened (and closed again), else its -errno. */
static int opened(int fd)
{
	if (fd >= 0)
		close(fd);
	return fd < 0 ? fd : 0;
}

static int open_system(const char *rel)
{
	int fd;

	cr_assert_eq(setenv("SECCAP_SYSTEM_CACHE", rel[0] == '/' ? rel : at(rel),
			    1), 0);
	fd = sc_cache_open_system_dir(false);
	unsetenv("SECCAP_SYSTEM_CACHE");
	return opened(fd);
}

Test(trust, system_dir_walk_refuses_what_it_always_did, .init = trust_init,
     .fini = trust_fini)
{
	char longname[NAME_MAX + 8];

	need_root();
	mk("real", true, 0, 0755);
	mk("real/sys", true, 0, 0755);
	cr_expect_eq(open_system("real/sys"), 0);
	cr_expect_eq(open_system("real//sys"), 0, "an empty component");
	cr_expect_eq(open_system("real/../real/sys"), 0, "'..' canonicalized");
	cr_expect_eq(open_system("real/./sys"), 0, "'.' canonicalized");
	cr_expect_eq(open_system("real/sys/"), -EINVAL, "no last name");
	cr_expect_eq(open_system("real/none"), -ENOENT);

	/* A group- or other-writable directory in the chain. */
	mk("gw", true, 0, 0775);
	mk("gw/sys", true, 0, 0755);
	cr_expect_eq(open_system("gw/sys"), -EPERM);
	cr_assert_eq(chmod(at("gw"), 0757), 0);
	cr_expect_eq(open_system("gw/sys"), -EPERM);
	cr_assert_eq(chmod(at("gw"), 01777), 0);
	cr_expect_eq(open_system("gw/sys"), 0, "sticky, and sys is root's");
	cr_assert_eq(chmod(at("gw/sys"), 0775), 0);
	cr_expect_eq(open_system("gw/sys"), -EPERM, "the last step too");

	/* A foreign owner anywhere: the system cache is root's alone. */
	mk("nb", true, NOBODY, 0755);
	mk("nb/sys", true, 0, 0755);
	cr_expect_eq(open_system("nb/sys"), -EPERM);
	mk("real/nbsys", true, NOBODY, 0755);
	cr_expect_eq(open_system("real/nbsys"), -EPERM);

	/* Links: in the base, judged where they lead; as the last name, never. */
	cr_assert_eq(symlink(at("real"), at("lnk")), 0);
	cr_expect_eq(open_system("lnk/sys"), 0);
	cr_assert_eq(symlink(at("nb"), at("nblnk")), 0);
	cr_expect_eq(open_system("nblnk/sys"), -EPERM, "a link into a user's dir");
	cr_assert_eq(symlink(at("real/sys"), at("real/syslink")), 0);
	cr_expect_eq(open_system("real/syslink"), -ELOOP);

	/* The swap: the same name, first a root's directory, then a link. */
	cr_assert_eq(rename(at("real"), at("old")), 0);
	cr_assert_eq(symlink(at("nb"), at("real")), 0);
	cr_expect_eq(open_system("real/sys"), -EPERM);

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	cr_expect_eq(open_system(at(longname)), -ENAMETOOLONG,
		     "a name longer than NAME_MAX");
}

/* The user's own cache, walked with the writer learned on the way. */
static int open_own(const char *xdg, uid_t *uid)
{
	struct sc_cache_writer w = { .uid = SC_UID_UNSET };
	int fd;

	cr_assert_eq(setenv("XDG_CACHE_HOME", at(xdg), 1), 0);
	fd = sc_cache_open_dir(&w);
	unsetenv("XDG_CACHE_HOME");
	*uid = w.uid;
	return opened(fd);
}

Test(trust, own_cache_walk_refuses_what_it_always_did, .init = trust_init,
     .fini = trust_fini)
{
	uid_t uid;

	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/c", true, NOBODY, 0700);
	cr_expect_eq(open_own("home/c", &uid), 0);
	cr_expect_eq(uid, NOBODY);
	cr_expect_eq(access(at("home/c/seccap"), F_OK), 0, "made when missing");
	cr_expect_eq(open_own("home/../home/c", &uid), 0);
	cr_expect_eq(uid, NOBODY, "learned again after the canonical walk");

	/* Two owners besides root on the way. */
	cr_assert_eq(chown(at("home/c/seccap"), OTHER, OTHER), 0);
	cr_expect_eq(open_own("home/c", &uid), -EPERM);
	cr_assert_eq(chown(at("home/c/seccap"), NOBODY, NOBODY), 0);

	/* Group-writable on the way. */
	cr_assert_eq(chmod(at("home"), 0775), 0);
	cr_expect_eq(open_own("home/c", &uid), -EPERM);
	cr_assert_eq(chmod(at("home"), 0755), 0);

	/* The seccap directory swapped for a link to a good one. */
	mk("home/d", true, NOBODY, 0700);
	cr_assert_eq(symlink(at("home/c/seccap"), at("home/d/seccap")), 0);
	cr_expect_eq(open_own("home/d", &uid), -ELOOP);
}

Test(trust, profile_writer_through_relative_and_dotted_paths,
     .init = trust_init, .fini = trust_fini)
{
	char cwd[PATH_MAX];
	struct stat st;

	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/p.json", false, NOBODY, 0644);
	mk("pub", true, 0, 0777);
	cr_assert_eq(stat(at("home/p.json"), &st), 0);
	mk("etc", true, 0, 0755);
	cr_expect_eq(sc_cache_profile_writer(at("etc/../home/p.json"), &st),
		     NOBODY, "'..': judged where it leads");
	cr_expect_eq(sc_cache_profile_writer(at("pub/../home/p.json"), &st), 0,
		     "a writable directory met before the '..' refuses");
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_eq(chdir(at("home")), 0);
	cr_expect_eq(sc_cache_profile_writer("p.json", &st), NOBODY);
	cr_assert_eq(chdir(cwd), 0);
	cr_expect_eq(sc_cache_profile_writer("/", &st), 0, "not a file");
	cr_assert_eq(chmod(at("home/p.json"), 0666), 0);
	cr_expect_eq(sc_cache_profile_writer(at("etc/../home/p.json"), &st), 0);
}

/*
 * A process's own cache whose walk meets the profile's writer half-way: the
 * profile's path is judged from the directory the walks share, with the
 * same outcome as a walk of its own from "/".
 */
static int open_for_profile(const char *xdg, const char *profile, uid_t *uid)
{
	struct stat st;
	struct sc_cache_writer w = { .uid = SC_UID_LAZY, .st = &st };
	int fd;

	cr_assert_eq(stat(at(profile), &st), 0, "%s", at(profile));
	w.profile = at(profile);
	cr_assert_eq(setenv("XDG_CACHE_HOME", at(xdg), 1), 0);
	fd = sc_cache_open_dir(&w);
	unsetenv("XDG_CACHE_HOME");
	*uid = w.uid;
	return opened(fd);
}

Test(trust, profile_judged_from_the_shared_part_of_the_walk,
     .init = trust_init, .fini = trust_fini)
{
	uid_t uid;

	need_root();
	mk("home", true, NOBODY, 0755);
	mk("home/c", true, NOBODY, 0700);
	mk("home/sub", true, NOBODY, 0755);
	mk("home/sub/p.json", false, NOBODY, 0644);
	mk("home/p.json", false, NOBODY, 0644);
	cr_expect_eq(open_for_profile("home/c", "home/p.json", &uid), 0);
	cr_expect_eq(uid, NOBODY);
	cr_expect_eq(open_for_profile("home/c", "home/sub/p.json", &uid), 0);
	cr_expect_eq(uid, NOBODY);
	cr_expect_eq(open_for_profile("home/c", "home/./p.json", &uid), 0,
		     "'.': judged where it leads");

	/* Below the shared part: a writable directory, another owner. */
	cr_assert_eq(chmod(at("home/sub"), 0775), 0);
	cr_expect_eq(open_for_profile("home/c", "home/sub/p.json", &uid), -EPERM);
	cr_expect_eq(uid, 0, "nobody but root may write the cache then");
	cr_assert_eq(chmod(at("home/sub"), 0755), 0);
	cr_assert_eq(chown(at("home/sub/p.json"), OTHER, OTHER), 0);
	cr_expect_eq(open_for_profile("home/c", "home/sub/p.json", &uid), -EPERM);

	/* Diverging above it: root's profile, or a link into the home. */
	mk("etc", true, 0, 0755);
	mk("etc/p.json", false, 0, 0644);
	cr_expect_eq(open_for_profile("home/c", "etc/p.json", &uid), -EPERM);
	cr_assert_eq(symlink(at("home"), at("lnk")), 0);
	cr_expect_eq(open_for_profile("home/c", "lnk/p.json", &uid), 0);
	cr_expect_eq(uid, NOBODY);

	/* The shared directory itself writable: refused for both walks. */
	cr_assert_eq(chmod(at("home"), 0757), 0);
	cr_expect_eq(open_for_profile("home/c", "home/p.json", &uid), -EPERM);
}
