/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Between the `seccap record` applet (launcher/record.c) and the process
 * tree it records (launcher/record_tree.c): the state of one run, which
 * the applet prepares and prints the failure of, and the call that runs
 * the command and answers its notifications.
 */
#ifndef SECCAP_LAUNCHER_RECORD_TREE_H
#define SECCAP_LAUNCHER_RECORD_TREE_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"

struct sc_bpf;
struct sc_recording;

/* One run: set up by the applet, then the state of the answering loop. */
struct run {
	char **cmd;             /* the command and its arguments */
	bool until_exit;        /* --until-exit */
	struct sc_recording *rec;
	int listener, sock;
	int kill_fd, status_fd; /* pipes to and from the keeper */
	pid_t keeper;
	int status;             /* the command's, once child_done */
	bool child_done, exec_failed, killed, failed;
	bool watch_setuid;      /* no_new_privs is set: setuid gives nothing */
	int execve_nr;
	struct sc_bpf *base_bpf; /* the base's filter for the command's caps */
	/* Room for a later kernel's larger structures (SECCOMP_GET_NOTIF_SIZES). */
	union {
		struct seccomp_notif n;
		char room[512];
	} req;
	union {
		struct seccomp_notif_resp r;
		char room[256];
	} resp;
	char *warned[16];       /* setuid programs already reported */
	size_t nwarned;
	struct sc_error err;    /* the first failure, printed by record_main */
};

/*
 * Fork the keeper and the command (path, found by cmd_find), take the
 * command's listener and answer until the tree is gone.  Returns the
 * command's exit status, or EXIT_SECCAP with run->err filled.
 */
int record_run_command(struct run *run, const char *path, bool nnp);

/* Close and free what run holds (its err stays for the caller). */
void record_run_release(struct run *run);

#endif
