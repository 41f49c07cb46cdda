/* SPDX-License-Identifier: Apache-2.0 */
#include "util.h"

int check_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return APP_EXIT_FAIL;
}
