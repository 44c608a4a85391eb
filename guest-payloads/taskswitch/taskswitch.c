/*
 * taskswitch.c - the payload's 64-bit part, which a guest whose task
 * switch is stopped never reaches (task.S does the switch).
 */
#include "guest.h"

#define EXIT_NOT_STOPPED	99

void main64(void)
{
	printf("taskswitch: the task switch was not stopped\n");
	exit_code(EXIT_NOT_STOPPED);
}
