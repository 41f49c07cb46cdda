/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sigalrm_pending COMMAND [ARG]...: execute COMMAND with SIGALRM blocked
 * and pending (process-directed, as kill(1) sends it).  Both survive
 * execve, so COMMAND starts with a signal of its own waiting -- which must
 * not be taken for the compile time limit firing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	sigset_t alrm;

	if (argc < 2) {
		fprintf(stderr, "usage: sigalrm_pending COMMAND [ARG]...\n");
		return 2;
	}
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	if (sigprocmask(SIG_BLOCK, &alrm, NULL) < 0 ||
	    kill(getpid(), SIGALRM) < 0) {
		perror("sigalrm_pending");
		return 2;
	}
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 127;
}
