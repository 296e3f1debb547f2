// SPDX-License-Identifier: GPL-2.0-or-later
/* pfwhy [-s VMLINUX] [--json] DUMP [COMMAND [ARGS...]] */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pfwhy/commands.h>
#include <pfwhy/kernel.h>

#include "prompt.h"

static void usage(FILE *out)
{
	const struct pfw_command_def *c;

	fprintf(out,
		"usage: pfwhy [-s VMLINUX] [--json] DUMP [COMMAND [ARGS...]]\n"
		"       pfwhy [-s VMLINUX] VMLINUX DUMP ...   (crash's order, either way round)\n"
		"       pfwhy flags VALUE                    (no dump needed)\n"
		"DUMP is a vmcore (kdump-compressed, flattened, ELF, QEMU) or /proc/kcore.\n"
		"With no COMMAND, an interactive prompt opens.\n\ncommands:\n");
	for (c = pfw_commands; c->name; c++)
		fprintf(out, "  %-6s %-28s %s\n", c->name, c->synopsis, c->summary);
	fprintf(out, "\noptions:\n"
		"  -s, --vmlinux FILE  the vmlinux with debug info (default: found by build-id/release)\n"
		"  --json              one JSON document per command\n"
		"  --no-color          never colour the output (also: NO_COLOR set)\n"
		"  -h, --help          this text;  -V, --version  the version\n");
}

/* A vmlinux is an ELF executable; a vmcore is an ELF core or not ELF at all. */
static bool is_vmlinux(const char *path)
{
	unsigned char ident[EI_NIDENT + 2];
	bool ret = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, ident, sizeof(ident)) == (ssize_t)sizeof(ident) &&
	    !memcmp(ident, ELFMAG, SELFMAG))
		ret = ident[EI_NIDENT] == ET_EXEC && ident[EI_NIDENT + 1] == 0;
	close(fd);
	return ret;
}

struct cli {
	const char *vmlinux;
	const char *dump;
	bool json, no_color;
	int cmd_index;
};

static int parse_global(int argc, char **argv, struct cli *c)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-s") || !strcmp(a, "--vmlinux")) {
			if (++i == argc) {
				fprintf(stderr, "pfwhy: %s needs a file\n", a);
				return -1;
			}
			c->vmlinux = argv[i];
		} else if (!strncmp(a, "--vmlinux=", 10)) {
			c->vmlinux = a + 10;
		} else if (!strcmp(a, "--json")) {
			c->json = true;
		} else if (!strcmp(a, "--no-color")) {
			c->no_color = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(PFW_EXIT_OK);
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			printf("pfwhy %s\n", PFWHY_VERSION);
			exit(PFW_EXIT_OK);
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "pfwhy: unknown option %s (see pfwhy --help)\n", a);
			return -1;
		} else {
			break;
		}
	}
	return i;
}

/* DUMP, or VMLINUX DUMP / DUMP VMLINUX as crash takes them. */
static int parse_files(int argc, char **argv, int i, struct cli *c)
{
	if (i < argc && pfw_command_find(argv[i]) && access(argv[i], F_OK)) {
		c->cmd_index = i;
		return 0;
	}
	if (i == argc) {
		usage(stderr);
		return -1;
	}
	c->dump = argv[i++];
	if (i < argc && !pfw_command_find(argv[i]) && !access(argv[i], F_OK)) {
		if (is_vmlinux(c->dump)) {
			if (!c->vmlinux)
				c->vmlinux = c->dump;
			c->dump = argv[i];
		} else if (!c->vmlinux) {
			c->vmlinux = argv[i];
		}
		i++;
	}
	c->cmd_index = i;
	return 0;
}

int main(int argc, char **argv)
{
	struct pfw_session s = { .out = stdout, .current_pid = -1 };
	struct cli c = { 0 };
	struct pfw_error *err = NULL;
	int i, ret;

	i = parse_global(argc, argv, &c);
	if (i < 0 || parse_files(argc, argv, i, &c))
		return PFW_EXIT_USAGE;
	s.json = c.json;
	s.color = !c.no_color && !getenv("NO_COLOR") && isatty(STDOUT_FILENO);
	if (c.dump) {
		err = pfw_kernel_open(c.dump, c.vmlinux, &s.k);
		if (err) {
			fprintf(stderr, "pfwhy: %s\n", err->message);
			ret = pfw_error_exit_code(err);
			pfw_error_destroy(err);
			return ret == PFW_EXIT_FAILED ? PFW_EXIT_INPUT : ret;
		}
	}
	if (c.cmd_index < argc) {
		err = pfw_command_run(&s, argc - c.cmd_index, argv + c.cmd_index);
		if (err)
			fprintf(stderr, "pfwhy: %s\n", err->message);
		ret = pfw_error_exit_code(err);
		pfw_error_destroy(err);
	} else {
		ret = pfw_prompt_run(&s);
	}
	fflush(stdout);
	pfw_kernel_close(s.k);
	return ret;
}
