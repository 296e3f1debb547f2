// SPDX-License-Identifier: GPL-2.0-or-later
#include "json.h"

void pfw_json_init(struct pfw_json *j, FILE *out)
{
	j->out = out;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void write_escaped(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void begin_value(struct pfw_json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->out);
	j->need_comma[j->depth] = true;
	if (key) {
		write_escaped(j->out, key);
		fputc(':', j->out);
	}
}

static void open_container(struct pfw_json *j, const char *key, char c)
{
	begin_value(j, key);
	fputc(c, j->out);
	if (j->depth < 31)
		j->depth++;
	j->need_comma[j->depth] = false;
}

void pfw_json_object_begin(struct pfw_json *j, const char *key)
{
	open_container(j, key, '{');
}

void pfw_json_object_end(struct pfw_json *j)
{
	fputc('}', j->out);
	j->depth--;
}

void pfw_json_array_begin(struct pfw_json *j, const char *key)
{
	open_container(j, key, '[');
}

void pfw_json_array_end(struct pfw_json *j)
{
	fputc(']', j->out);
	j->depth--;
}

void pfw_json_string(struct pfw_json *j, const char *key, const char *value)
{
	if (!value) {
		pfw_json_null(j, key);
		return;
	}
	begin_value(j, key);
	write_escaped(j->out, value);
}

void pfw_json_int(struct pfw_json *j, const char *key, int64_t value)
{
	begin_value(j, key);
	fprintf(j->out, "%lld", (long long)value);
}

void pfw_json_bool(struct pfw_json *j, const char *key, bool value)
{
	begin_value(j, key);
	fputs(value ? "true" : "false", j->out);
}

void pfw_json_null(struct pfw_json *j, const char *key)
{
	begin_value(j, key);
	fputs("null", j->out);
}

void pfw_json_hex(struct pfw_json *j, const char *key, uint64_t value)
{
	begin_value(j, key);
	fprintf(j->out, "\"0x%llx\"", (unsigned long long)value);
}

void pfw_json_end(struct pfw_json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}
