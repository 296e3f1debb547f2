/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small streaming JSON writer: one document per command. */
#ifndef PFWHY_JSON_H
#define PFWHY_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct pfw_json {
	FILE *out;
	int depth;
	bool need_comma[32];
};

void pfw_json_init(struct pfw_json *j, FILE *out);
void pfw_json_object_begin(struct pfw_json *j, const char *key);
void pfw_json_object_end(struct pfw_json *j);
void pfw_json_array_begin(struct pfw_json *j, const char *key);
void pfw_json_array_end(struct pfw_json *j);
void pfw_json_string(struct pfw_json *j, const char *key, const char *value);
void pfw_json_int(struct pfw_json *j, const char *key, int64_t value);
void pfw_json_bool(struct pfw_json *j, const char *key, bool value);
void pfw_json_null(struct pfw_json *j, const char *key);
/* Addresses and raw values are "0x..." strings. */
void pfw_json_hex(struct pfw_json *j, const char *key, uint64_t value);
void pfw_json_end(struct pfw_json *j);

#endif
