/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A library whose constructor starts threads: linked (DT_NEEDED) by the
 * `threads` helper, its constructor runs before the preload's, so these
 * threads exist before the filter is loaded.  Each waits for main's go, then
 * calls getppid(2) and records the errno it got.  With
 * THREADCTOR_OWN_FILTER=1 the first thread loads a filter of its own first,
 * so no other thread can synchronise it into theirs (TSYNC must fail).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 3

static pthread_t threads[NTHREADS];
static int results[NTHREADS];
static int started;
static int seccomp_at_ctor = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int go;
static int ready;

/* Allow everything: a filter only this thread has. */
static int own_filter(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

/* The "Seccomp:" mode of this process now (0 = none), -1 if unreadable. */
static int seccomp_mode(const char *status_path)
{
	char line[256];
	int mode = -1;
	FILE *f = fopen(status_path, "re");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	fclose(f);
	return mode;
}

static void *worker(void *arg)
{
	int *res = arg;
	const char *own = getenv("THREADCTOR_OWN_FILTER");

	if (res == &results[0] && own && own[0] == '1' && own_filter() < 0)
		abort();
	pthread_mutex_lock(&lock);
	ready++;
	pthread_cond_broadcast(&cond);
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	/* Filter mode of this very thread, then one syscall the filter denies. */
	if (seccomp_mode("/proc/thread-self/status") != 2) {
		*res = -1;
		return NULL;
	}
	*res = syscall(SYS_getppid) < 0 ? errno : 0;
	return NULL;
}

__attribute__((constructor)) static void threadctor_init(void)
{
	seccomp_at_ctor = seccomp_mode("/proc/self/status");
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&threads[i], NULL, worker, &results[i]) == 0)
			started++;
	/* Every thread is up (and has its own filter if asked) before the
	 * preload's constructor runs. */
	pthread_mutex_lock(&lock);
	while (ready < started)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
}

/* Release the threads, join them, and return how many there were; errs[i]
 * gets each one's errno (0 = allowed, -1 = its thread had no filter). */
__attribute__((visibility("default"))) int threadctor_run(int *errs, int *ctor_mode)
{
	pthread_mutex_lock(&lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < started; i++) {
		pthread_join(threads[i], NULL);
		errs[i] = results[i];
	}
	*ctor_mode = seccomp_at_ctor;
	return started;
}
