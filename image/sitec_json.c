/*
 * sitec_json.c: a pull reader for the corpus' JSON files (sitec.h):
 * _wikihistory.json, staticfiles.json, the Kuma maps.
 *
 * Design: the caller walks the structure it expects with sitec_json_eat
 * and reads strings or skips values; anything else is the caller's
 * refusal, with sitec_json_line for the message.  Strings are decoded
 * (escapes, surrogate pairs) to UTF-8.
 *
 * Interface: sitec_json_eat, sitec_json_string, sitec_json_skip,
 * sitec_json_line.
 */
#include <string.h>

#include "sitec.h"
#include "text.h"

static void
ws(struct sitec_json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' ||
	    *j->p == '\r' || *j->p == '\t'))
		j->p++;
}

/* see sitec.h */
bool
sitec_json_eat(struct sitec_json *j, char c)
{
	ws(j);
	if (j->p < j->end && *j->p == c) {
		j->p++;
		return true;
	}
	return false;
}

static int
hex4(const char *s)
{
	int v = 0, i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (s[i] >= '0' && s[i] <= '9')
			v |= s[i] - '0';
		else if (s[i] >= 'a' && s[i] <= 'f')
			v |= s[i] - 'a' + 10;
		else if (s[i] >= 'A' && s[i] <= 'F')
			v |= s[i] - 'A' + 10;
		else
			return -1;
	}
	return v;
}

static void
put_utf8(struct sitec_buf *out, unsigned long c)
{
	char u[4];

	sitec_buf_add(out, u, utf8_encode(u, (uint32_t)c));
}

/* One escape after '\'; false when it is bad. */
static bool
escape(struct sitec_json *j, struct sitec_buf *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	int c, lo;

	if (j->p >= j->end)
		return false;
	if ((e = strchr(from, *j->p)) != NULL && *j->p != '\0') {
		if (out != NULL)
			sitec_buf_add(out, &to[e - from], 1);
		j->p++;
		return true;
	}
	if (*j->p != 'u' || j->end - j->p < 5 || (c = hex4(j->p + 1)) < 0)
		return false;
	j->p += 5;
	if (c >= 0xd800 && c < 0xdc00) {
		if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
		    (lo = hex4(j->p + 2)) < 0xdc00 || lo > 0xdfff)
			return false;
		j->p += 6;
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	} else if ((c >= 0xdc00 && c <= 0xdfff) || c == 0) {
		return false;
	}
	if (out != NULL)
		put_utf8(out, (unsigned long)c);
	return true;
}

/* see sitec.h */
bool
sitec_json_string(struct sitec_json *j, struct sitec_buf *out)
{
	const char *s;

	if (!sitec_json_eat(j, '"'))
		return false;
	for (;;) {
		for (s = j->p; j->p < j->end && *j->p != '"' && *j->p != '\\' &&
		    (unsigned char)*j->p >= 0x20; j->p++)
			;
		if (out != NULL)
			sitec_buf_add(out, s, (size_t)(j->p - s));
		if (j->p >= j->end || (unsigned char)*j->p < 0x20)
			return false;
		if (*j->p++ == '"')
			return true;
		if (!escape(j, out))
			return false;
	}
}

/* see sitec.h */
bool
sitec_json_skip(struct sitec_json *j)
{
	char close;

	ws(j);
	if (j->p >= j->end)
		return false;
	if (*j->p == '"')
		return sitec_json_string(j, NULL);
	if (*j->p == '{' || *j->p == '[') {
		close = *j->p == '{' ? '}' : ']';
		j->p++;
		if (sitec_json_eat(j, close))
			return true;
		do {
			if (close == '}' && (!sitec_json_string(j, NULL) ||
			    !sitec_json_eat(j, ':')))
				return false;
			if (!sitec_json_skip(j))
				return false;
		} while (sitec_json_eat(j, ','));
		return sitec_json_eat(j, close);
	}
	/* A number, true, false or null: up to the next delimiter. */
	if (strchr("-0123456789tfn", *j->p) == NULL)
		return false;
	while (j->p < j->end && strchr(",]} \t\r\n", *j->p) == NULL)
		j->p++;
	return true;
}

/* see sitec.h */
unsigned int
sitec_json_line(const struct sitec_json *j)
{
	unsigned int line = 1;
	const char *s;

	for (s = j->start; s < j->p; s++)
		if (*s == '\n')
			line++;
	return line;
}
