// SPDX-License-Identifier: GPL-2.0-or-later
/* sysroot.c: the system's paths, or a recorded root's in their place; and the files of a recording. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sysroot.h"

int sysroot_init(struct sysroot *sr)
{
	const char *root = secure_getenv("SOCKQ_SYSROOT");
	const char *record = secure_getenv("SOCKQ_RECORD_ROOT");

	memset(sr, 0, sizeof(*sr));
	if (root && *root && !(sr->root = strdup(root)))
		return -ENOMEM;
	if (record && *record && !(sr->record = strdup(record)))
		return -ENOMEM;
	return 0;
}

void sysroot_free(struct sysroot *sr)
{
	free(sr->root);
	free(sr->record);
	memset(sr, 0, sizeof(*sr));
}

const char *sysroot_path(const struct sysroot *sr, const char *path, char *buf)
{
	if (!sr || !sr->root)
		return path;
	snprintf(buf, PATH_MAX, "%s%s", sr->root, path);
	return buf;
}

const char *sysroot_netns_path(const char *dir, uint64_t ino, const char *rel, char *buf)
{
	snprintf(buf, PATH_MAX, "%s/netns/%llu/%s", dir, (unsigned long long)ino, rel);
	return buf;
}

int nsfile_id(int dirfd, const char *path, dev_t *dev, ino_t *ino)
{
	struct stat st;
	char link[64], *end;
	unsigned long long n;
	ssize_t len;
	int err;

	if (fstatat(dirfd, path, &st, 0) == 0) {
		*dev = st.st_dev;
		*ino = st.st_ino;
		return 0;
	}
	/* A recorded link points nowhere (ENOENT); the system's never fail to
	 * stat unless they are gone, and then reading them fails the same
	 * way. Another user's, refused, is not read again. */
	err = -errno;
	if (err != -ENOENT)
		return err;
	len = readlinkat(dirfd, path, link, sizeof(link) - 1);
	if (len < 0)
		return err;
	link[len] = '\0';
	if (strncmp(link, "net:[", 5) || (n = strtoull(link + 5, &end, 10), end[0] != ']') ||
	    end[1] || !n)
		return -ENOENT;
	*dev = 0;
	*ino = (ino_t)n;
	return 0;
}

/* Makes the directories of dir/rel up to its last component. */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	return 0;
}

int sysroot_put(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[PATH_MAX];
	int fd, err;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((err = make_dirs(path)) < 0)
		return err;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	err = write(fd, text, len) == (ssize_t)len ? 0 : -EIO;
	if (close(fd) < 0 && err == 0)
		err = -errno;
	return err;
}

int sysroot_link(const char *dir, const char *rel, const char *link_to)
{
	char path[PATH_MAX];
	int err;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if ((err = make_dirs(path)) < 0)
		return err;
	unlink(path);
	return symlink(link_to, path) < 0 ? -errno : 0;
}
