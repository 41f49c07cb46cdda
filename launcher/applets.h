/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The one list of applets.  Adding an applet is one line here plus its file
 * launcher/NAME.c defining `int NAME_main(int argc, char **argv)`.  The list
 * is expanded for the prototypes, the dispatch table, `seccap --list` and
 * `seccap --install`, so nothing else needs to know about a new applet.
 *
 * APPLET(name, main function, one-line summary for --list)
 * Keep it sorted by name (--list prints it in this order); every line ends
 * in a backslash so that adding one is a one-line change.
 *
 * An applet's main gets argv[0] = "seccap NAME" whatever name it was run
 * under, so getopt's own messages and ours read the same; it returns the
 * exit status (see util.h for the helpers and the status values).
 */
#ifndef SECCAP_APPLETS_H
#define SECCAP_APPLETS_H

#define SECCAP_APPLETS(APPLET)                                                   \
	APPLET(apply, apply_main, "run a command confined by a profile")          \
	APPLET(cache, cache_main, "fill the system filter cache (root)")  \
	APPLET(check, check_main, "validate profiles without loading them")     \
	APPLET(diff, diff_main, "compare what two profiles or capability sets allow") \
	APPLET(import, import_main, "convert profiles between Docker JSON and INI") \
	APPLET(record, record_main, "run a command and write the profile it needs") \
	APPLET(show, show_main, "print the filter a profile resolves to")        \
	APPLET(why, why_main, "explain what a profile gives a call, and what would change it") \
	/* end of list */

#define SECCAP_APPLET_PROTO(name, fn, summary) int fn(int argc, char **argv);
SECCAP_APPLETS(SECCAP_APPLET_PROTO)
#undef SECCAP_APPLET_PROTO

#endif
