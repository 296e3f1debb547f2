/*
 * stub-workload: a stand-in for testdata/workload/workload that speaks the
 * fixture control protocol on /dev/ttyS1, so the generator can be tested
 * before the real workload exists.  It maps one anonymous page, touches it,
 * and reports it as a probe named "stub_anon_write".
 *
 *   guest -> host: {"type":"pre",...}  {"type":"maps",...}  PFWHY-READY pid=N
 *   host  -> guest: GO
 *   guest -> host: {"type":"post",...}  {"type":"maps_after",...}  PFWHY-END
 *
 * Built static by testdata/Makefile (gcc -static); never committed as a binary.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <termios.h>
#include <unistd.h>

static int ctl = -1;

static void out(const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || n >= (int)sizeof(buf)) {
		fprintf(stderr, "stub-workload: line too long\n");
		exit(1);
	}
	for (int off = 0; off < n;) {
		ssize_t w = write(ctl, buf + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			perror("stub-workload: write ctl");
			exit(1);
		}
		off += (int)w;
	}
}

/* Send /proc/self/maps as {"type":TYPE,"pid":N,"lines":[...]} */
static void send_maps(const char *type)
{
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f) {
		perror("stub-workload: /proc/self/maps");
		exit(1);
	}
	char line[1024], json[32768];
	size_t j = 0;
	j += (size_t)snprintf(json + j, sizeof(json) - j, "{\"type\":\"%s\",\"pid\":%d,\"lines\":[", type, getpid());
	int first = 1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (j + 2 * strlen(line) + 8 >= sizeof(json))
			break;
		if (!first)
			json[j++] = ',';
		first = 0;
		json[j++] = '"';
		for (char *p = line; *p; p++) {
			if (*p == '"' || *p == '\\')
				json[j++] = '\\';
			json[j++] = *p;
		}
		json[j++] = '"';
	}
	fclose(f);
	snprintf(json + j, sizeof(json) - j, "]}\n");
	out("%s", json);
}

int main(void)
{
	ctl = open("/dev/ttyS1", O_RDWR | O_NOCTTY);
	if (ctl < 0) {
		perror("stub-workload: open /dev/ttyS1");
		return 1;
	}
	struct termios t;
	if (tcgetattr(ctl, &t) == 0) {
		cfmakeraw(&t);
		cfsetispeed(&t, B115200);
		cfsetospeed(&t, B115200);
		tcsetattr(ctl, TCSANOW, &t);
	}
	tcflush(ctl, TCIFLUSH);

	volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("stub-workload: mmap");
		return 1;
	}
	p[0] = 0x5a;
	out("{\"type\":\"pre\",\"name\":\"stub_anon_write\",\"addr\":\"0x%lx\",\"access\":\"write\",\"expect\":\"present-writable\"}\n",
	    (unsigned long)p);
	send_maps("maps");
	out("PFWHY-READY pid=%d\n", getpid());

	/* Wait for GO (the host dumps memory meanwhile). */
	char line[64];
	size_t n = 0;
	for (;;) {
		char c;
		ssize_t r = read(ctl, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			perror("stub-workload: read ctl");
			return 1;
		}
		if (c == '\r')
			continue;
		if (c == '\n') {
			line[n] = 0;
			if (strcmp(line, "GO") == 0)
				break;
			n = 0;
			continue;
		}
		if (n < sizeof(line) - 1)
			line[n++] = c;
	}
	p[1] = 0x5b;
	out("{\"type\":\"post\",\"name\":\"stub_anon_write\",\"faulted\":false,\"value\":%d}\n", p[0]);
	send_maps("maps_after");
	out("PFWHY-END\n");
	tcdrain(ctl);
	return 0;
}
