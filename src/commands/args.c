// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The words after a command, read strictly from its row of the command table:
 * an unknown option, a stray word, a missing value or two options of one
 * group are usage errors naming the word, never ignored.  And the one number
 * syntax every command shares (pfw_parse_hex).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "kernel/kernel.h"

static bool has_name(const struct pfw_command_def *c, const char *name)
{
	const char *const *alias;

	if (!strcmp(c->name, name))
		return true;
	for (alias = c->aliases; alias && *alias; alias++)
		if (!strcmp(*alias, name))
			return true;
	return false;
}

const struct pfw_command_def *pfw_command_find(const char *name)
{
	const struct pfw_command_def *c;

	for (c = pfw_commands; c->name; c++)
		if (has_name(c, name))
			return c;
	return NULL;
}

#define NEAR_MAX_LEN 32

/* Optimal string alignment distance: a swapped pair of letters ("wyh") costs one. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, v;
	size_t d[NEAR_MAX_LEN + 1][NEAR_MAX_LEN + 1];

	if (la > NEAR_MAX_LEN || lb > NEAR_MAX_LEN)
		return (size_t)-1;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

static size_t name_distance(const struct pfw_command_def *c, const char *name)
{
	const char *const *alias;
	size_t best = edit_distance(c->name, name), d;

	for (alias = c->aliases; alias && *alias; alias++) {
		d = edit_distance(*alias, name);
		if (d < best)
			best = d;
	}
	return best;
}

const struct pfw_command_def *pfw_command_nearest(const char *name)
{
	/* one letter off for short names, two for longer: "xx" is no "ps" */
	size_t best = strlen(name) > 4 ? 2 : 1, d;
	const struct pfw_command_def *c, *found = NULL;

	for (c = pfw_commands; c->name; c++) {
		d = name_distance(c, name);
		if (d <= best && (!found || d < best)) {
			found = c;
			best = d;
		}
	}
	return found;
}

const char *pfw_arg(const struct pfw_command_def *cmd, const struct pfw_args *a,
		    const char *name)
{
	int i;

	for (i = 0; cmd->options[i].name; i++)
		if (!strcmp(cmd->options[i].name, name))
			return a->opt[i];
	return NULL;
}

int pfw_command_max_args(const struct pfw_command_def *cmd)
{
	if (cmd->max_args)
		return cmd->max_args < PFW_MAX_ARGS ? cmd->max_args : PFW_MAX_ARGS;
	return cmd->positional != PFW_ARG_NONE;
}

/* -p, --pid: a word that starts with - and is no negative number ("-1" is a bad ADDR) */
static bool is_option_word(const char *w)
{
	return w[0] == '-' && w[1] && !isdigit((unsigned char)w[1]);
}

const struct pfw_option_def *pfw_option_match(const struct pfw_command_def *cmd, const char *w,
					     const char **value)
{
	const struct pfw_option_def *o;
	const char *eq;
	size_t len;

	*value = NULL;
	if (w[0] != '-')
		return NULL;
	for (o = cmd->options; o->name && w[1] != '-'; o++) {
		if (!o->short_name || o->short_name != w[1])
			continue;
		if (w[2] && o->arg == PFW_ARG_NONE)
			return NULL;
		*value = w[2] ? w + 2 : NULL;
		return o;
	}
	if (w[1] != '-')
		return NULL;
	eq = strchr(w, '=');
	len = eq ? (size_t)(eq - w - 2) : strlen(w + 2);
	for (o = cmd->options; o->name; o++) {
		if (strlen(o->name) != len || strncmp(o->name, w + 2, len))
			continue;
		*value = eq ? eq + 1 : NULL;
		return o;
	}
	return NULL;
}

#define usage_error(...) pfw_error_create(PFW_ERR_USAGE, __VA_ARGS__)

/* The option at argv[*i], and its value (joined, or the next word). */
static struct pfw_error *take_option(const struct pfw_command_def *cmd, int argc, char **argv,
				     int *i, struct pfw_args *a, const char **given)
{
	const char *w = argv[*i], *value;
	const struct pfw_option_def *o = pfw_option_match(cmd, w, &value);
	int n = o ? (int)(o - cmd->options) : -1, j;

	if (n < 0 || n >= PFW_MAX_ARGS)
		return usage_error("%s: unknown option %s (see: help %s)", cmd->name, w, cmd->name);
	if (given[n])
		return usage_error("%s: %s given twice", cmd->name, w);
	for (j = 0; o->group && cmd->options[j].name; j++)
		if (given[j] && cmd->options[j].group == o->group)
			return usage_error("%s: %s conflicts with %s", cmd->name, w, given[j]);
	given[n] = w;
	if (o->arg == PFW_ARG_NONE) {
		if (value)
			return usage_error("%s: %s takes no value", cmd->name, w);
		a->opt[n] = "";
		return NULL;
	}
	if (!value && *i + 1 < argc && !is_option_word(argv[*i + 1]))
		value = argv[++*i];
	if (!value)
		return usage_error("%s: %s needs a value", cmd->name, w);
	a->opt[n] = value;
	return NULL;
}

struct pfw_error *pfw_parse_args(const struct pfw_command_def *cmd, int argc, char **argv,
				 struct pfw_args *a)
{
	const char *given[PFW_MAX_ARGS] = { 0 };
	int max = pfw_command_max_args(cmd), i;
	struct pfw_error *err;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (is_option_word(argv[i])) {
			err = take_option(cmd, argc, argv, &i, a, given);
			if (err)
				return err;
			continue;
		}
		if (a->npos == max)
			return usage_error("%s: unexpected argument \"%s\" (usage: %s%s%s)", cmd->name,
					   argv[i], cmd->name, *cmd->synopsis ? " " : "",
					   cmd->synopsis);
		a->pos[a->npos++] = argv[i];
	}
	return NULL;
}

/*
 * Every number but a pid is hexadecimal, as the kernel, crash and
 * /proc/PID/maps print addresses: 0x7f0000001000, or without 0x when it
 * cannot be misread: the word has a digit a-f (7e0001900000) or its value is
 * below 10 (the same in either base).  A longer word of decimal digits
 * (400000) is refused: crash would read it as hex, a shell as decimal.
 */
struct pfw_error *pfw_parse_hex(const char *what, const char *word, uint64_t *val)
{
	const char *digits = word, *p;
	bool letter = false;

	if (!word || !*word)
		return usage_error("missing %s", what);
	if (word[0] == '0' && (word[1] == 'x' || word[1] == 'X'))
		digits = word + 2;
	for (p = digits; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			return usage_error("bad %s \"%s\": not a hex number", what, word);
		letter |= isalpha((unsigned char)*p) != 0;
	}
	if (!*digits)
		return usage_error("bad %s \"%s\": not a hex number", what, word);
	if (strlen(digits + strspn(digits, "0")) > 16)
		return usage_error("bad %s \"%s\": more than 64 bits", what, word);
	*val = strtoull(digits, NULL, 16);
	if (digits == word && !letter && *val > 9)
		return usage_error("%s \"%s\" could be hex or decimal: hex needs 0x (0x%s)", what,
				   word, word);
	return NULL;
}

struct pfw_error *pfw_check_address(struct pfw_session *s, uint64_t addr)
{
	if (pfw_address_canonical(s->k, addr))
		return NULL;
	return usage_error("0x%llx is not a canonical address with %d-level paging: no page table maps it (why ADDR explains the #GP)",
			   (unsigned long long)addr, s->k->paging_levels);
}

struct pfw_error *pfw_parse_address(struct pfw_session *s, const char *word, uint64_t *addr)
{
	return pfw_parse_hex("address", word, addr) ?: pfw_check_address(s, *addr);
}
