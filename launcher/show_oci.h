/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The OCI linux.seccomp rendering of `seccap show` (launcher/show_oci.c).
 */
#ifndef SECCAP_LAUNCHER_SHOW_OCI_H
#define SECCAP_LAUNCHER_SHOW_OCI_H

struct sc_buf;
struct sc_profile;

/*
 * Append r (a resolved profile) to b as moby marshals linux.seccomp: "null"
 * when it has neither a default action nor rules.  Returns 0 or -ENOMEM.
 */
int show_oci(const struct sc_profile *r, struct sc_buf *b);

#endif
