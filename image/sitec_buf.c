/*
 * sitec_buf.c: growing buffers, escaping, ETags and dates for the
 * content compiler (sitec.h).
 *
 * Design: a buffer doubles as it grows and stays NUL-terminated, so a
 * finished one can be handed to printf and strcmp.  Running out of
 * memory refuses the compile (sitec_fail): a host tool has nothing
 * better to do.  md5 comes from BearSSL, linked as it is.
 *
 * Interface: sitec_buf_add, sitec_buf_str, sitec_buf_printf,
 * sitec_buf_html, sitec_buf_json, sitec_buf_url, sitec_buf_free,
 * sitec_etag, sitec_time_iso, sitec_fmt_iso, sitec_fmt_rfc822,
 * sitec_fmt_day.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bearssl_hash.h"

#include "sitec.h"

static void
buf_room(struct sitec_buf *b, size_t n)
{
	size_t cap;

	if (b->cap - b->len > n)
		return;
	cap = b->cap ? b->cap : 256;
	while (cap - b->len <= n)
		cap *= 2;
	if ((b->p = realloc(b->p, cap)) == NULL)
		sitec_fail(NULL, "sitec", 0, "out of memory");
	b->cap = cap;
}

/* see sitec.h */
void
sitec_buf_add(struct sitec_buf *b, const void *s, size_t n)
{
	buf_room(b, n);
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* see sitec.h */
void
sitec_buf_str(struct sitec_buf *b, const char *s)
{
	sitec_buf_add(b, s, strlen(s));
}

/* see sitec.h */
void
sitec_buf_printf(struct sitec_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		sitec_fail(NULL, "sitec", 0, "bad format");
	buf_room(b, (size_t)n);
	va_start(ap, fmt);
	(void)vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);	/* sized */
	va_end(ap);
	b->len += (size_t)n;
}

/* see sitec.h */
void
sitec_buf_html(struct sitec_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;
	const char *rep;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		sitec_buf_add(b, s + from, i - from);
		sitec_buf_str(b, rep);
		from = i + 1;
	}
	sitec_buf_add(b, s + from, n - from);
}

/* see sitec.h */
void
sitec_buf_json(struct sitec_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;
	unsigned char c;
	char esc[8];

	sitec_buf_add(b, "\"", 1);
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\' && c != '<')
			continue;
		sitec_buf_add(b, s + from, i - from);
		if (c == '"' || c == '\\')
			snprintf(esc, sizeof esc, "\\%c", c);
		else if (c == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else
			snprintf(esc, sizeof esc, "\\u%04x", c);
		sitec_buf_str(b, esc);
		from = i + 1;
	}
	sitec_buf_add(b, s + from, n - from);
	sitec_buf_add(b, "\"", 1);
}

static bool
is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* see sitec.h */
void
sitec_buf_url(struct sitec_buf *b, const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '%' && i + 2 < n + 0 && is_hex(s[i + 1]) &&
		    is_hex(s[i + 2]))
			sitec_buf_add(b, s + i, 1);
		else if (c <= 0x20 || c >= 0x7f || c == '%' ||
		    strchr("\"<>\\^`{|}", c) != NULL)
			sitec_buf_printf(b, "%%%02X", c);
		else
			sitec_buf_add(b, s + i, 1);
	}
}

/* see sitec.h */
void
sitec_buf_free(struct sitec_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* see sitec.h */
void
sitec_etag(char out[35], const void *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char d[16];
	br_md5_context md;
	int i;

	br_md5_init(&md);
	br_md5_update(&md, s, n);
	br_md5_out(&md, d);
	out[0] = '"';
	for (i = 0; i < 16; i++) {
		out[1 + 2 * i] = hex[d[i] >> 4];
		out[2 + 2 * i] = hex[d[i] & 15];
	}
	out[33] = '"';
	out[34] = '\0';
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t
days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/* see sitec.h */
int64_t
sitec_time_iso(const char *s, size_t n)
{
	unsigned y, mo, d, h, mi, se;
	char tmp[32];

	if (n < 19 || n >= sizeof tmp)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	if (sscanf(tmp, "%4u-%2u-%2uT%2u:%2u:%2u", &y, &mo, &d, &h, &mi,
	    &se) != 6 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || se > 60)
		return 0;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

static void
utc(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if (gmtime_r(&tt, tm) == NULL)
		memset(tm, 0, sizeof *tm);
}

/* see sitec.h */
void
sitec_fmt_iso(char out[32], int64_t t)
{
	struct tm tm;

	utc(t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* see sitec.h */
void
sitec_fmt_rfc822(char out[40], int64_t t)
{
	struct tm tm;

	utc(t, &tm);
	/* strftime's %a and %b follow the locale; sitec never sets one. */
	strftime(out, 40, "%a, %d %b %Y %H:%M:%S +0000", &tm);
}

/* see sitec.h */
void
sitec_fmt_http(char out[32], int64_t t)
{
	struct tm tm;

	utc(t, &tm);
	strftime(out, 32, "%a, %d %b %Y %H:%M:%S GMT", &tm);
}

/* see sitec.h */
void
sitec_fmt_day(char out[16], int64_t t)
{
	struct tm tm;

	utc(t, &tm);
	strftime(out, 16, "%Y-%m-%d", &tm);
}
