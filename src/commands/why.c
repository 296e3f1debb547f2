// SPDX-License-Identifier: GPL-2.0-or-later
/* why: replay a fault through the dump's kernel's fault handler. */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/oops.h>
#include <pfwhy/walker.h>

#include "common.h"
#include "kernel/kernel.h"

/*
 * --ip 0xffffffff81234567 or SYMBOL+0x12[/0x40] [module]: that instruction;
 * --ip SYMBOL: somewhere in that function (its symbol's size).
 */
static struct pfw_error *parse_ip(struct pfw_session *s, const char *arg,
				  struct pfw_fault_request *req)
{
	struct pfw_kernel_address a;
	struct pfw_error *err;

	if (!strncmp(arg, "0x", 2)) {
		req->has_ip = true;
		return pfw_parse_hex("--ip", arg, &req->ip);
	}
	/* a word that is both a symbol and hex digits ("add") is the symbol */
	err = pfw_kernel_parse_address(s->k, arg, &a);
	if (err) {
		/* else a number, hexadecimal as everywhere (pfwhy(1), NUMBERS) */
		if (pfw_ok(pfw_parse_hex("--ip", arg, &req->ip))) {
			pfw_error_destroy(err);
			req->has_ip = true;
			return NULL;
		}
		return pfw_error_wrap(err, "--ip %s", arg);
	}
	req->has_ip = true;
	req->ip = a.addr;
	if (!a.function)
		return NULL;
	if (!a.size)
		return pfw_error_create(PFW_ERR_NOT_FOUND,
					"--ip %s: the symbol has no size, so its range is unknown; give SYMBOL+OFF or an address",
					arg);
	req->ip_is_function = true;
	req->ip_end = a.addr + a.size;
	if (a.sym.module[0])
		snprintf(req->ip_name, sizeof(req->ip_name), "%.60s [%.60s]", a.sym.name, a.sym.module);
	else
		snprintf(req->ip_name, sizeof(req->ip_name), "%s", a.sym.name);
	return NULL;
}

/*
 * --error-code (x86_64) or --esr (arm64): the hardware's account of the
 * fault, which says the access and, unless --user/--kernel do, the mode.
 */
static struct pfw_error *parse_syndrome(struct pfw_session *s, const struct pfw_command_def *cmd,
					struct pfw_args *a, struct pfw_fault_request *req)
{
	const char *mine = pfw_syndrome_option(s->k), *other = strcmp(mine, "esr") ? "esr" : "error-code";
	const char *value = pfw_arg(cmd, a, mine);
	struct pfw_error *err;
	bool kernel_mode;
	uint64_t v;

	if (pfw_arg(cmd, a, other))
		return pfw_error_create(PFW_ERR_USAGE, "--%s does not apply to this dump's %s kernel: give --%s",
					other, pfw_kernel_arch_name(s->k), mine);
	if (!value)
		return NULL;
	if ((err = pfw_parse_hex(mine, value, &v)))
		return err;
	if ((err = pfw_syndrome_access(s->k, v, &req->access, &kernel_mode)))
		return err;
	req->has_error_code = true;
	req->error_code = (uint32_t)v;
	if (!pfw_arg(cmd, a, "user") && !pfw_arg(cmd, a, "kernel"))
		req->kernel_mode = kernel_mode;
	return NULL;
}

static struct pfw_error *parse_request(struct pfw_session *s, const struct pfw_command_def *cmd,
				       struct pfw_args *a, struct pfw_fault_request *req)
{
	const char *ip = pfw_arg(cmd, a, "ip");
	struct pfw_error *err;
	struct pfw_task t;
	bool has_task;

	memset(req, 0, sizeof(*req));
	req->pid = -1;
	if ((err = pfw_parse_hex("address", a->pos[0], &req->address)) ||
	    (err = pfw_session_task(s, cmd, a, &t, &has_task)))
		return err;
	if (has_task)
		req->pid = t.pid;
	if (pfw_arg(cmd, a, "write"))
		req->access = PFW_ACCESS_WRITE;
	if (pfw_arg(cmd, a, "exec"))
		req->access = PFW_ACCESS_EXEC;
	req->kernel_mode = pfw_arg(cmd, a, "kernel") != NULL;
	if ((err = parse_syndrome(s, cmd, a, req)))
		return err;
	if (ip && (err = parse_ip(s, ip, req)))
		return err;
	if (req->pid < 0 && req->address < (1ULL << 56) && !req->kernel_mode)
		return pfw_no_task(s, "a user address needs a task:");
	return NULL;
}

/* major/minor applies to a fault the kernel handled, not to a signal or an oops */
static bool handled_fault(const struct pfw_fault_result *r)
{
	return r->has_major && !r->signal && r->verdict != PFW_V_NO_FAULT &&
	       r->verdict != PFW_V_OOPS && r->verdict != PFW_V_KERNEL_FIXUP &&
	       r->verdict != PFW_V_UNDECIDABLE;
}

static const char *access_name(enum pfw_access a)
{
	return a == PFW_ACCESS_WRITE ? "write" : a == PFW_ACCESS_EXEC ? "exec" : "read";
}

/* The syndrome the replay derived (or was given), as the kernel's oops decodes it. */
static void print_syndrome(struct pfw_session *s, const struct pfw_fault_result *r)
{
	char buf[1024], *line, *save = NULL;

	if (!r->passes)
		return;
	pfw_syndrome_describe(s->k, r->error_codes[0], buf, sizeof(buf));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		fprintf(s->out, "  %s\n", line);
}

static void print_text(struct pfw_session *s, const struct pfw_fault_request *req,
		       const struct pfw_fault_result *r)
{
	const char *code = pfw_si_code_name(r->signal, r->si_code);
	int i;

	fprintf(s->out, "why: %s %s of 0x%llx", req->kernel_mode ? "kernel-mode" : "user-mode",
		access_name(req->access), (unsigned long long)req->address);
	if (req->pid >= 0)
		fprintf(s->out, " by pid %d", req->pid);
	fputc('\n', s->out);
	for (i = 0; i < r->nsteps; i++) {
		const struct pfw_step *st = &r->steps[i];

		fprintf(s->out, "  %-26s %s -> %s\n", st->function, st->condition, st->outcome);
		if (st->evidence[0])
			fprintf(s->out, "  %-26s   [%s]\n", "", st->evidence);
	}
	print_syndrome(s, r);
	fprintf(s->out, "verdict: %s", pfw_verdict_name(r->verdict));
	if (r->verdict == PFW_V_STACK_EXPAND)
		fprintf(s->out, ", then %s", pfw_verdict_name(r->then));
	if (r->verdict == PFW_V_KERNEL_FIXUP)
		fprintf(s->out, " (no signal: returns -%s, or a short copy, to the caller)", r->error);
	if (r->signal)
		fprintf(s->out, " (%s, %s)", r->signal == SIGSEGV ? "SIGSEGV" : r->signal == SIGBUS ?
			"SIGBUS" : "SIGKILL", code ? code : "?");
	if (handled_fault(r))
		fprintf(s->out, ", %s fault", r->major ? "major" : "minor");
	if (r->passes > 1)
		fprintf(s->out, ", after %d faults", r->passes);
	fputc('\n', s->out);
	if (r->undecidable[0])
		fprintf(s->out, "undecidable: %s\n", r->undecidable);
	if (r->todo[0])
		fprintf(s->out, "what to do: %s\n", r->todo);
}

static void print_oops_json(struct pfw_session *s, struct pfw_json *j, const struct pfw_oops *o,
			    const struct pfw_fault_request *req);

static void print_json(struct pfw_session *s, const struct pfw_fault_request *req,
		       const struct pfw_fault_result *r, const struct pfw_oops *oops)
{
	const char *code = pfw_si_code_name(r->signal, r->si_code);
	const char *last = "";
	struct pfw_json j;
	int i;

	pfw_json_init(&j, s->out);
	pfw_json_object_begin(&j, NULL);
	pfw_json_hex(&j, "address", req->address);
	if (req->pid >= 0)
		pfw_json_int(&j, "pid", req->pid);
	else
		pfw_json_null(&j, "pid");
	pfw_json_string(&j, "access", access_name(req->access));
	pfw_json_string(&j, "mode", req->kernel_mode ? "kernel" : "user");
	pfw_json_hex(&j, "error_code", r->error_code);
	pfw_json_string(&j, "verdict", pfw_verdict_name(r->verdict));
	pfw_json_int(&j, "signal", r->signal);
	pfw_json_int(&j, "si_code", r->si_code);
	pfw_json_string(&j, "si_code_name", code);
	pfw_json_string(&j, "then", r->verdict == PFW_V_STACK_EXPAND ? pfw_verdict_name(r->then) : NULL);
	pfw_json_string(&j, "errno", r->error);
	if (handled_fault(r))
		pfw_json_string(&j, "fault_kind", r->major ? "major" : "minor");
	else
		pfw_json_null(&j, "fault_kind");
	pfw_json_int(&j, "faults", r->passes);
	pfw_json_array_begin(&j, "error_codes");
	for (i = 0; i < r->passes && i < 4; i++)
		pfw_json_hex(&j, NULL, r->error_codes[i]);
	pfw_json_array_end(&j);
	pfw_json_array_begin(&j, "path");
	for (i = 0; i < r->nsteps; i++) {
		const char *fn = r->steps[i].function;

		if (fn[0] == '(' || !strcmp(fn, last))
			continue;
		pfw_json_string(&j, NULL, fn);
		last = fn;
	}
	pfw_json_array_end(&j);
	pfw_json_array_begin(&j, "steps");
	for (i = 0; i < r->nsteps; i++) {
		pfw_json_object_begin(&j, NULL);
		pfw_json_string(&j, "function", r->steps[i].function);
		pfw_json_string(&j, "condition", r->steps[i].condition);
		pfw_json_string(&j, "outcome", r->steps[i].outcome);
		pfw_json_string(&j, "evidence", r->steps[i].evidence);
		pfw_json_object_end(&j);
	}
	pfw_json_array_end(&j);
	pfw_json_string(&j, "undecidable", r->undecidable[0] ? r->undecidable : NULL);
	pfw_json_string(&j, "what_to_do", r->todo[0] ? r->todo : NULL);
	if (r->noutcomes) {
		pfw_json_array_begin(&j, "outcomes");
		for (i = 0; i < r->noutcomes; i++) {
			pfw_json_object_begin(&j, NULL);
			pfw_json_string(&j, "assumption", r->outcomes[i].assumption);
			pfw_json_string(&j, "verdict", pfw_verdict_name(r->outcomes[i].verdict));
			pfw_json_int(&j, "signal", r->outcomes[i].signal);
			pfw_json_int(&j, "si_code", r->outcomes[i].si_code);
			pfw_json_object_end(&j);
		}
		pfw_json_array_end(&j);
	}
	if (oops)
		print_oops_json(s, &j, oops, req);
	pfw_json_object_end(&j);
	pfw_json_end(&j);
}

static void print_oops_json(struct pfw_session *s, struct pfw_json *j, const struct pfw_oops *o,
			    const struct pfw_fault_request *req)
{
	char rip[256];
	int i;

	pfw_json_object_begin(j, "oops");
	pfw_json_hex(j, "address", o->address);
	if (o->has_error_code)
		pfw_json_hex(j, "error_code", o->error_code);
	else
		pfw_json_null(j, "error_code");
	pfw_json_string(j, "rip", o->ip_text[0] ? o->ip_text : NULL);
	if (o->has_ip) {
		pfw_json_hex(j, "ip", o->ip);
		pfw_kernel_format_address(s->k, o->ip, rip, sizeof(rip));
		pfw_json_string(j, "ip_symbol", rip);
	} else {
		pfw_json_null(j, "ip");
		pfw_json_null(j, "ip_symbol");
	}
	pfw_json_int(j, "pid", o->pid);
	pfw_json_string(j, "comm", o->comm);
	pfw_json_bool(j, "task_gone", req->task_gone);
	pfw_json_bool(j, "panic", o->panicked);
	pfw_json_array_begin(j, "log");
	for (i = 0; i < o->nlines; i++)
		pfw_json_string(j, NULL, o->lines[i]);
	pfw_json_array_end(j);
	pfw_json_object_end(j);
}

static void print_oops_list_json(struct pfw_session *s, const struct pfw_oops *list, int n)
{
	struct pfw_json j;
	int i;

	pfw_json_init(&j, s->out);
	pfw_json_array_begin(&j, NULL);
	for (i = 0; i < n; i++) {
		int c;

		pfw_json_object_begin(&j, NULL);
		pfw_json_int(&j, "index", i + 1);
		pfw_json_int(&j, "ts_nsec", (long long)list[i].ts_nsec);
		pfw_json_hex(&j, "address", list[i].address);
		if (list[i].has_error_code)
			pfw_json_hex(&j, "error_code", list[i].error_code);
		else
			pfw_json_null(&j, "error_code");
		pfw_json_string(&j, "rip", list[i].ip_text[0] ? list[i].ip_text : NULL);
		pfw_json_int(&j, "pid", list[i].pid);
		pfw_json_string(&j, "comm", list[i].comm);
		pfw_json_bool(&j, "panic", list[i].panicked);
		pfw_json_array_begin(&j, "context");
		for (c = 0; c < list[i].ncontext; c++)
			pfw_json_string(&j, NULL, list[i].context[c]);
		pfw_json_array_end(&j);
		pfw_json_object_end(&j);
	}
	pfw_json_array_end(&j);
	pfw_json_end(&j);
}

/* why --oops list: every page-fault oops, with the BUG/WARNING lines before it */
static void print_oops_list(struct pfw_session *s, const struct pfw_oops *list, int n)
{
	int i, c;

	if (s->json) {
		print_oops_list_json(s, list, n);
		return;
	}
	for (i = 0; i < n; i++) {
		const struct pfw_oops *o = &list[i];

		for (c = 0; c < o->ncontext; c++)
			fprintf(s->out, "     | %s\n", o->context[c]);
		fprintf(s->out, "%3d  [%5llu.%06llu] pid %d (%s): address 0x%llx, %s ",
			i + 1, (unsigned long long)(o->ts_nsec / 1000000000),
			(unsigned long long)(o->ts_nsec % 1000000000 / 1000), o->pid, o->comm,
			(unsigned long long)o->address, pfw_syndrome_name(s->k));
		if (o->has_error_code)
			fprintf(s->out, "0x%x", o->error_code);
		else
			fprintf(s->out, "?");
		fprintf(s->out, ", %s %s%s\n", pfw_ip_name(s->k), o->ip_text[0] ? o->ip_text : "?",
			o->panicked ? ", then panic" : "");
	}
}

/* --oops N (1 is the oldest) or list; the last one by default */
static struct pfw_error *pick_oops(struct pfw_session *s, const char *which,
				   struct pfw_oops *o, bool *listed)
{
	struct pfw_oops *list;
	struct pfw_error *err = NULL;
	unsigned long nth = 0;
	char *end = NULL;
	int n;

	*listed = false;
	/* N counts oopses, decimal like a pid */
	if (which && strcmp(which, "list") &&
	    (!isdigit((unsigned char)*which) || (nth = strtoul(which, &end, 10), *end)))
		return pfw_error_create(PFW_ERR_USAGE, "--oops %s: give a number (1 is the oldest) or list",
					which);
	if ((err = pfw_find_oopses(s->k, &list, &n)))
		return err;
	if (!n)
		return pfw_error_create(PFW_ERR_NOT_FOUND,
					"the dump's kernel log holds no page-fault oops (see: log); give an address");
	if (which && !strcmp(which, "list")) {
		print_oops_list(s, list, n);
		*listed = true;
	} else if (which && (nth < 1 || nth > (unsigned long)n)) {
		err = pfw_error_create(PFW_ERR_USAGE, "--oops %s: the log holds %d page-fault oops%s (see: why --oops list)",
				       which, n, n == 1 ? "" : "es");
	} else {
		*o = list[which ? nth - 1 : (unsigned long)n - 1];
	}
	free(list);
	return err;
}

/* The request that replays the oops: the fault's address, error code, IP and task. */
static struct pfw_error *oops_request(struct pfw_session *s, struct pfw_oops *o,
				      struct pfw_fault_request *req)
{
	struct pfw_error *err;
	struct pfw_task t;

	memset(req, 0, sizeof(*req));
	req->address = o->address;
	req->pid = o->pid;
	req->has_error_code = o->has_error_code;
	req->error_code = o->error_code;
	req->kernel_mode = !o->user_cs;
	req->has_ip = o->has_ip;
	req->ip = o->ip;
	if (o->has_error_code) {
		bool kernel_mode;

		pfw_error_destroy(pfw_syndrome_access(s->k, o->error_code, &req->access, &kernel_mode));
	}
	if (req->pid < 0)
		return NULL;
	/* a non-fatal oops: the task may have exited before the dump was taken */
	err = pfw_find_task(s->k, req->pid, &t);
	if (err && err->code == PFW_ERR_NOT_FOUND) {
		pfw_error_destroy(err);
		req->task_gone = true;
		return NULL;
	}
	return err;
}

static void print_oops_head(struct pfw_session *s, const struct pfw_oops *o, uint64_t ip, bool has_ip)
{
	char rip[256];
	int i;

	fprintf(s->out, "oops in the log (pid %d, %s):\n", o->pid, o->comm);
	for (i = 0; i < o->nlines; i++)
		fprintf(s->out, "  | %s\n", o->lines[i]);
	if (!has_ip)
		return;
	pfw_kernel_format_address(s->k, ip, rip, sizeof(rip));
	if (strncmp(rip, "0x", 2))	/* in no symbol: the number says it all */
		fprintf(s->out, "%s 0x%llx is %s\n", pfw_ip_name(s->k), (unsigned long long)ip, rip);
}

DECLARE_COMMAND(pfw_cmd_why)
{
	const char *which = pfw_arg(cmd, a, "oops");
	struct pfw_fault_request req;
	struct pfw_fault_result *res;
	struct pfw_oops oops;
	struct pfw_error *err;
	bool listed = false;

	if (a->npos && which)
		return pfw_error_create(PFW_ERR_USAGE, "--oops replays an oops of the log: give no address");
	if (a->npos)
		err = parse_request(s, cmd, a, &req);
	else if (!(err = pick_oops(s, which, &oops, &listed)) && !listed)
		err = oops_request(s, &oops, &req);
	if (err || listed)
		return err;
	res = calloc(1, sizeof(*res));
	if (!res)
		return &pfw_error_nomem;
	err = pfw_why(s->k, &req, res);
	if (err)
		goto out;
	if (s->json) {
		print_json(s, &req, res, a->npos ? NULL : &oops);
		goto out;
	}
	if (!a->npos)
		print_oops_head(s, &oops, req.ip, req.has_ip);
	print_text(s, &req, res);
out:
	free(res);
	return err;
}

/* help verdicts: the vocabulary, as pfwhy(1)'s VERDICTS section gives it */
struct pfw_error *pfw_help_verdicts(struct pfw_session *s)
{
	const struct pfw_verdict_info *i;
	struct pfw_json j;
	int v;

	if (s->json) {
		pfw_json_init(&j, s->out);
		pfw_json_array_begin(&j, NULL);
		for (v = 0; (i = pfw_verdict_info(v)); v++) {
			pfw_json_object_begin(&j, NULL);
			pfw_json_string(&j, "verdict", i->name);
			pfw_json_string(&j, "kernel", i->kernel);
			pfw_json_string(&j, "process", i->process);
			pfw_json_object_end(&j);
		}
		pfw_json_array_end(&j);
		pfw_json_end(&j);
		return NULL;
	}
	fprintf(s->out, "The verdicts of why: what the kernel did, and what the process saw.\n");
	for (v = 0; (i = pfw_verdict_info(v)); v++)
		fprintf(s->out, "  %-16s kernel:  %s\n  %-16s process: %s\n", i->name, i->kernel, "",
			i->process);
	return NULL;
}
