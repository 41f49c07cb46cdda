/* SPDX-License-Identifier: Apache-2.0 */
/* A harmless library to share LD_PRELOAD with libcapfilter.so: the preload
 * must remove only its own entry and keep this one for the children. */
__attribute__((visibility("default"))) int marker_present(void)
{
	return 1;
}
