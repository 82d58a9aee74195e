// SPDX-License-Identifier: GPL-2.0-or-later
/* sleepers.c: N idle processes for the benchmark of -p, each holding a
 * connected AF_UNIX socket pair beside its standard descriptors, as most
 * processes hold some socket that is not a listener.
 *
 * sleepers N
 *
 * Prints "ready pid=PID" once every child is up, and holds them until
 * SIGTERM or SIGINT; the children die with it, and it with its parent.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	long n = argc == 2 ? strtol(argv[1], NULL, 10) : -1;
	sigset_t block, old;
	pid_t *kids;
	int ready[2];
	char byte;

	if (n < 0 || n > 1000000) {
		fputs("Usage: sleepers N\n", stderr);
		return 2;
	}
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	/* Signals wait for sigsuspend: none is lost between check and sleep. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &old);
	kids = calloc((size_t)n + 1, sizeof(*kids));
	if (!kids || pipe(ready) < 0) {
		perror("sleepers");
		return 1;
	}
	for (long i = 0; i < n; i++) {
		kids[i] = fork();
		if (kids[i] < 0) {
			fprintf(stderr, "sleepers: fork %ld: %s\n", i, strerror(errno));
			for (long k = 0; k < i; k++)
				kill(kids[k], SIGTERM);
			return 1;
		}
		if (kids[i] == 0) {
			int pair[2];

			prctl(PR_SET_PDEATHSIG, SIGKILL);
			close(ready[0]);
			if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) < 0 ||
			    write(ready[1], "x", 1) != 1)
				_exit(1);
			close(ready[1]);
			while (!stop)
				sigsuspend(&old);
			_exit(0);
		}
	}
	close(ready[1]);
	for (long i = 0; i < n; i++)
		if (read(ready[0], &byte, 1) != 1) {
			fputs("sleepers: a child failed\n", stderr);
			for (long k = 0; k < n; k++)
				kill(kids[k], SIGTERM);
			return 1;
		}
	printf("ready pid=%d\n", (int)getpid());
	fflush(stdout);
	while (!stop)
		sigsuspend(&old);
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGTERM);
	for (long i = 0; i < n; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
	return 0;
}
