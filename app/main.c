/* main.c: placeholder until the server lands: boot, greet, power off. */
#include <stdio.h>
#include <string.h>

#include "plat.h"

int
main(int argc, char **argv)
{
	const char *msg = "appliance: hello from main\n";

	if (plat_init(argc, argv) != 0)
		return 1;
	plat_console_write(msg, strlen(msg));
	plat_exit(0);
}
