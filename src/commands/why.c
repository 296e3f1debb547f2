// SPDX-License-Identifier: GPL-2.0-or-later
/* why: replay a fault through the dump's kernel's fault handler. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pfwhy/oops.h>
#include <pfwhy/walker.h>

#include "common.h"
#include "kernel/kernel.h"

/* --ip 0xffffffff81234567 or --ip symbol+0x12 */
static struct pfw_error *parse_ip(struct pfw_session *s, const char *arg, uint64_t *ip)
{
	char name[128], *plus;
	uint64_t off = 0;
	struct pfw_error *err;

	if (pfw_ok(pfw_parse_hex("ip", arg, ip)))
		return NULL;
	snprintf(name, sizeof(name), "%s", arg);
	plus = strchr(name, '+');
	if (plus) {
		*plus = 0;
		/* symbol+off/size as an oops prints it */
		plus[1 + strcspn(plus + 1, "/")] = 0;
		err = pfw_parse_hex("ip offset", plus + 1, &off);
		if (err)
			return err;
	}
	err = pfw_kernel_symbol(s->k, name, ip);
	if (err)
		return pfw_error_wrap(err, "--ip %s", arg);
	*ip += off;
	return NULL;
}

static struct pfw_error *parse_request(struct pfw_session *s, const struct pfw_command_def *cmd,
				       struct pfw_args *a, struct pfw_fault_request *req)
{
	const char *ec = pfw_arg(cmd, a, "error-code"), *ip = pfw_arg(cmd, a, "ip");
	struct pfw_error *err;
	struct pfw_task t;
	bool has_task;
	uint64_t v;

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
	if (ec) {
		if ((err = pfw_parse_hex("error code", ec, &v)))
			return err;
		req->has_error_code = true;
		req->error_code = (uint32_t)v;
		if (v & PFW_PF_WRITE)
			req->access = PFW_ACCESS_WRITE;
		if (v & PFW_PF_INSTR)
			req->access = PFW_ACCESS_EXEC;
		if (!pfw_arg(cmd, a, "user") && !pfw_arg(cmd, a, "kernel"))
			req->kernel_mode = !(v & PFW_PF_USER);
	}
	if (ip) {
		if ((err = parse_ip(s, ip, &req->ip)))
			return err;
		req->has_ip = true;
	}
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
}

static void print_oops_json(struct pfw_json *j, const struct pfw_oops *o);

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
	if (oops)
		print_oops_json(&j, oops);
	pfw_json_object_end(&j);
	pfw_json_end(&j);
}

static void print_oops_json(struct pfw_json *j, const struct pfw_oops *o)
{
	int i;

	pfw_json_object_begin(j, "oops");
	pfw_json_hex(j, "address", o->address);
	if (o->has_error_code)
		pfw_json_hex(j, "error_code", o->error_code);
	else
		pfw_json_null(j, "error_code");
	pfw_json_string(j, "rip", o->ip_text[0] ? o->ip_text : NULL);
	if (o->has_ip)
		pfw_json_hex(j, "ip", o->ip);
	else
		pfw_json_null(j, "ip");
	pfw_json_int(j, "pid", o->pid);
	pfw_json_string(j, "comm", o->comm);
	pfw_json_array_begin(j, "log");
	for (i = 0; i < o->nlines; i++)
		pfw_json_string(j, NULL, o->lines[i]);
	pfw_json_array_end(j);
	pfw_json_object_end(j);
}

/* The request that replays the oops: the fault's address, error code, IP and task. */
static struct pfw_error *oops_request(struct pfw_session *s, struct pfw_oops *o,
				      struct pfw_fault_request *req)
{
	struct pfw_error *err;
	bool found;

	err = pfw_find_oops(s->k, o, &found);
	if (err)
		return err;
	if (!found)
		return pfw_error_create(PFW_ERR_NOT_FOUND,
					"the dump's kernel log holds no page-fault oops (see: log); give an address");
	memset(req, 0, sizeof(*req));
	req->address = o->address;
	req->pid = o->pid;
	req->has_error_code = o->has_error_code;
	req->error_code = o->error_code;
	req->kernel_mode = !o->user_cs;
	req->has_ip = o->has_ip;
	req->ip = o->ip;
	if (o->error_code & PFW_PF_WRITE)
		req->access = PFW_ACCESS_WRITE;
	if (o->error_code & PFW_PF_INSTR)
		req->access = PFW_ACCESS_EXEC;
	return NULL;
}

DECLARE_COMMAND(pfw_cmd_why)
{
	struct pfw_fault_request req;
	struct pfw_fault_result *res;
	struct pfw_oops oops;
	struct pfw_error *err;
	int i;

	err = a->npos ? parse_request(s, cmd, a, &req) : oops_request(s, &oops, &req);
	if (err)
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
	if (!a->npos) {
		fprintf(s->out, "oops in the log (pid %d, %s):\n", oops.pid, oops.comm);
		for (i = 0; i < oops.nlines; i++)
			fprintf(s->out, "  | %s\n", oops.lines[i]);
	}
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
