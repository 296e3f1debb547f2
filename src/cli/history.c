// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>

#include "history.h"

#define HISTORY_LINES 1000

static const char *home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if (home && *home)
		return home;
	pw = getpwuid(getuid());
	return pw ? pw->pw_dir : NULL;
}

/*
 * XDG base directories: a relative XDG_STATE_HOME is invalid and ignored.
 * *base is the part of the path that must already exist: the state
 * directory, or HOME (never created: a HOME that is not there is a
 * misconfigured account, not a directory to make as whoever runs pfwhy).
 */
static char *history_path(size_t *base)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home;
	char *path;

	if (state && state[0] == '/') {
		if (asprintf(&path, "%s/pfwhy/history", state) < 0)
			return NULL;
		*base = strlen(state);
		return path;
	}
	home = home_dir();
	if (!home || asprintf(&path, "%s/.local/state/pfwhy/history", home) < 0)
		return NULL;
	*base = strlen(home);
	return path;
}

/* mkdir -p of the file's directory below its existing base, 0700 as XDG asks. */
static int make_parents(const char *path, size_t base)
{
	char *dir = strdup(path);
	struct stat st;
	char *p;
	int ret = 0;

	if (!dir)
		return -1;
	dir[base] = 0;
	if (stat(dir[0] ? dir : "/", &st) || !S_ISDIR(st.st_mode)) {
		free(dir);
		errno = ENOENT;
		return -1;
	}
	dir[base] = '/';
	for (p = dir + base + 1; *p && !ret; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(dir, 0700) && errno != EEXIST)
			ret = -1;
		*p = '/';
	}
	free(dir);
	return ret;
}

void pfw_history_open(struct pfw_history *h)
{
	h->added = 0;
	h->path = history_path(&h->base);
	using_history();
	if (h->path)
		read_history(h->path);
}

void pfw_history_add(struct pfw_history *h, const char *line)
{
	HIST_ENTRY *last;

	if (!line[strspn(line, " \t")])
		return;
	last = history_length ? history_get(history_base + history_length - 1) : NULL;
	if (last && !strcmp(last->line, line))
		return;
	add_history(line);
	h->added++;
}

static void save(struct pfw_history *h)
{
	int fd, err;

	if (make_parents(h->path, h->base)) {
		err = errno;
		goto fail;
	}
	fd = open(h->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = errno;
		goto fail;
	}
	close(fd);
	err = append_history(h->added, h->path);
	if (err)
		goto fail;
	history_truncate_file(h->path, HISTORY_LINES);
	return;
fail:
	fprintf(stderr, "pfwhy: cannot save the history in %s: %s\n", h->path, strerror(err));
}

void pfw_history_close(struct pfw_history *h)
{
	if (h->path && h->added)
		save(h);
	clear_history();
	free(h->path);
	h->path = NULL;
}
