/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The cost of the compile-time self-check (conf/verify.c) for Docker's
 * default, resolved for Docker's capabilities on this machine: the check
 * alone and, measured in the same run, the compile it follows.  Below 1 ms
 * it runs on every compile that fills the cache (conf/pipeline.c).
 * Medians of repeated runs.
 */
#include <stdio.h>

#include "common.h"
#include "pipeline.h"

#define RUNS 31

int main(int argc, char **argv)
{
	struct sc_profile *r;
	struct sc_compile_opts o = { 0 };
	struct sc_verify_stats st = { 0 };
	double compile[RUNS], verify[RUNS];
	struct sc_error e = { 0 };

	if (argc != 2)
		bench_die("usage: verify_cost PROFILE");
	r = bench_docker_resolved(argv[1]);
	int runs = bench_runs(RUNS);

	for (int i = 0; i < runs; i++) {
		struct sc_bpf *b = NULL;
		uint64_t t0 = bench_now_ns(), t1, t2;

		if (sc_compile(r, &o, &b, NULL, &e) < 0)
			bench_die("%s: %s", argv[1], e.msg);
		t1 = bench_now_ns();
		if (sc_pipeline_verify(r, &o, b, NULL, &st, &e) < 0)
			bench_die("%s: %s", argv[1], e.msg);
		t2 = bench_now_ns();
		compile[i] = (double)(t1 - t0) / 1e3;
		verify[i] = (double)(t2 - t1) / 1e3;
		sc_bpf_free(b);
	}
	printf("verify.compile_us %.1f\nverify.us %.1f\nverify.cases %lu\n",
	       bench_median(compile, (size_t)runs), bench_median(verify, (size_t)runs),
	       st.cases);
	sc_profile_free(r);
	return 0;
}
