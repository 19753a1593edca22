/*
 * test_abort.c: a broken invariant stops the hosted node with an exit
 * status of its own (PLAT_EXIT_ASSERT), distinct from a failed start-up
 * (PLAT_EXIT_FAIL), and says where: our ASSERT and a failed lwIP
 * assertion (LWIP_PLATFORM_ASSERT, net/arch/cc.h) alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "plat.h"

_Noreturn void net_lwip_assert(const char *msg, const char *file, int line);

/* Run fn in a child with stderr to a pipe; its status and what it said. */
static int
run_child(void (*fn)(void), char *out, size_t size)
{
	int fds[2], status = -1;
	ssize_t n, got = 0;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 2);
		fn();
		_exit(0);	/* fn returned: not what is tested */
	}
	close(fds[1]);
	while (got < (ssize_t)size - 1 &&
	    (n = read(fds[0], out + got, size - 1 - (size_t)got)) > 0)
		got += n;
	out[got] = '\0';
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void
broken_invariant(void)
{
	int slots = 0;

	ASSERT(slots > 0);
}

static void
broken_lwip(void)
{
	net_lwip_assert("pcb->state == LISTEN", "tcp.c", 123);
}

static void
test_assert(void)
{
	char out[512];
	int st = run_child(broken_invariant, out, sizeof out);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == PLAT_EXIT_ASSERT,
	    "ASSERT exit status");
	CHECK(strstr(out, "assertion failed at hosted/tests/test_abort.c:") !=
	    NULL && strstr(out, "slots > 0") != NULL, "ASSERT says where");
	CHECK(PLAT_EXIT_ASSERT != PLAT_EXIT_FAIL && PLAT_EXIT_ASSERT != 0,
	    "its own status");
}

static void
test_lwip_assert(void)
{
	char out[512];
	int st = run_child(broken_lwip, out, sizeof out);

	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == PLAT_EXIT_ASSERT,
	    "lwIP assertion exit status");
	CHECK(strstr(out, "tcp.c:123") != NULL &&
	    strstr(out, "pcb->state == LISTEN") != NULL, "lwIP says where");
}

static const struct check_test tests[] = {
	{ "assert", test_assert },
	{ "lwip_assert", test_lwip_assert },
};

int
main(int argc, char **argv)
{
	return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
