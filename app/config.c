/*
 * config.c: the node's configuration, parsed once at start (the schema
 * is in config.h).
 *
 * A table names every key: its parser and where the value goes.  Each
 * word the platform holds must name a key of the table (or one of the
 * hosted platform's own), so a typo stops the node instead of leaving a
 * setting silently at its default.  Values are checked in full (ports in
 * range, names of DNS characters, addresses of four octets) and the
 * first bad one is reported with its key.
 *
 * Interface: config_load.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "config_words.h"
#include "err.h"
#include "log.h"
#include "plat.h"

struct config_key {
	const char *key;
	int (*parse)(const char *v, struct config *cf, size_t off);
	size_t off;		/* of the field in struct config */
};

/* A decimal port, 0..65535; the zero check is the caller's (table). */
static int
parse_port_any(const char *v, struct config *cf, size_t off)
{
	char *end;
	long n;

	if (*v < '0' || *v > '9')
		return RC_INVAL;
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < 0 || n > 65535)
		return RC_INVAL;
	*(uint16_t *)((char *)cf + off) = (uint16_t)n;
	return RC_OK;
}

static int
parse_port(const char *v, struct config *cf, size_t off)
{
	int rc = parse_port_any(v, cf, off);

	if (rc == RC_OK && *(uint16_t *)((char *)cf + off) == 0)
		return RC_INVAL;
	return rc;
}

/* A DNS name of n bytes at v into dst, checked, in lower case. */
static int
parse_name(const char *v, size_t n, char *dst)
{
	size_t i;

	if (n == 0 || n > CONFIG_MAX_HOST)
		return n == 0 ? RC_INVAL : RC_TOOBIG;
	for (i = 0; i < n; i++) {
		char c = v[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.'))
			return RC_INVAL;
		dst[i] = c;
	}
	dst[n] = '\0';
	return RC_OK;
}

/* A DNS name of letters, digits, '-' and '.', kept in lower case. */
static int
parse_host(const char *v, struct config *cf, size_t off)
{
	return parse_name(v, strlen(v), (char *)cf + off);
}

/* Names separated by ','; an empty value is no names. */
static int
parse_aliases(const char *v, struct config *cf, size_t off)
{
	struct config_aliases *a = (struct config_aliases *)((char *)cf + off);
	const char *comma;
	int rc;

	a->n = 0;
	if (*v == '\0')
		return RC_OK;
	for (;; v = comma + 1) {
		comma = strchr(v, ',');
		if (a->n == CONFIG_MAX_ALIASES)
			return RC_TOOBIG;
		rc = parse_name(v, comma != NULL ? (size_t)(comma - v) :
		    strlen(v), a->name[a->n]);
		if (rc != RC_OK)
			return rc;
		a->n++;
		if (comma == NULL)
			return RC_OK;
	}
}

static int
parse_bool(const char *v, struct config *cf, size_t off)
{
	int rc = config_onoff(v);

	if (rc < 0)
		return rc;
	*(bool *)((char *)cf + off) = rc == 1;
	return RC_OK;
}

/* "A.B.C.D" at *s, up to a '/' or the end; *s moves past it. */
static int
parse_quad(const char **s, uint32_t *out)
{
	const char *p = *s;
	uint32_t a = 0, octet;
	int i, digits;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *p++ != '.')
			return RC_INVAL;
		for (octet = 0, digits = 0; *p >= '0' && *p <= '9'; p++) {
			octet = octet * 10 + (uint32_t)(*p - '0');
			if (++digits > 3 || octet > 255)
				return RC_INVAL;
		}
		if (digits == 0)
			return RC_INVAL;
		a = a << 8 | octet;
	}
	*s = p;
	*out = a;
	return RC_OK;
}

/* ip=A.B.C.D[/NN]: NN defaults to 24. */
static int
parse_ip(const char *v, struct config *cf, size_t off)
{
	long bits = 24;
	char *end;

	if (parse_quad(&v, &cf->ip) != RC_OK)
		return RC_INVAL;
	if (*v == '/') {
		if (v[1] < '0' || v[1] > '9')
			return RC_INVAL;
		bits = strtol(v + 1, &end, 10);
		if (*end != '\0' || bits > 32)
			return RC_INVAL;
	} else if (*v != '\0') {
		return RC_INVAL;
	}
	cf->mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
	cf->static_ip = true;
	return RC_OK;
}

static int
parse_gw(const char *v, struct config *cf, size_t off)
{
	if (parse_quad(&v, &cf->gw) != RC_OK || *v != '\0')
		return RC_INVAL;
	return RC_OK;
}

/* syslog=A.B.C.D[:PORT]: PORT 1..65535, CONFIG_DEFAULT_SYSLOG_PORT. */
static int
parse_syslog(const char *v, struct config *cf, size_t off)
{
	uint32_t ip;

	if (parse_quad(&v, &ip) != RC_OK || ip == 0)
		return RC_INVAL;
	cf->syslog_port = CONFIG_DEFAULT_SYSLOG_PORT;
	if (*v == ':') {
		if (parse_port(v + 1, cf,
		    offsetof(struct config, syslog_port)) != RC_OK)
			return RC_INVAL;
	} else if (*v != '\0') {
		return RC_INVAL;
	}
	cf->syslog_ip = ip;
	return RC_OK;
}

/* Read by the platform itself; accepted here, not parsed. */
static int
parse_platform(const char *v, struct config *cf, size_t off)
{
	return RC_OK;
}

#define F(field) offsetof(struct config, field)

static const struct config_key config_keys[] = {
	{ "host", parse_host, F(host) },
	{ "attachments_host", parse_host, F(att_host) },
	{ "host_aliases", parse_aliases, F(host_aliases) },
	{ "attachments_aliases", parse_aliases, F(att_aliases) },
	{ "http_port", parse_port, F(http_port) },
	{ "https_port", parse_port, F(https_port) },
	{ "https_redirect_port", parse_port_any, F(https_redirect_port) },
	{ "log", parse_bool, F(log) },
	{ "ip", parse_ip, 0 },
	{ "gw", parse_gw, 0 },
	{ "syslog", parse_syslog, 0 },
	{ "tap", parse_platform, 0 },
	{ "mac", parse_platform, 0 },
	{ "disk", parse_platform, 0 },
	{ "config_dir", parse_platform, 0 },
	{ "offload", parse_platform, 0 },
};

#define NKEYS	(sizeof(config_keys) / sizeof(config_keys[0]))

/* The table row for the key of word w, or NULL. */
static const struct config_key *
config_find(const char *w)
{
	size_t i, n = strcspn(w, "=");

	for (i = 0; i < NKEYS; i++)
		if (strlen(config_keys[i].key) == n &&
		    memcmp(config_keys[i].key, w, n) == 0)
			return &config_keys[i];
	return NULL;
}

/* A file, optional: absent leaves f empty; any other failure is fatal. */
static int
config_file(const char *name, struct config_file *f)
{
	int rc = plat_config_file(name, &f->data, &f->len);

	if (rc == RC_NOTFOUND) {
		f->data = NULL;
		f->len = 0;
		return RC_OK;
	}
	if (rc != RC_OK)
		log_line("config: file %s: %s", name, err_str(rc));
	return rc;
}

/* The i-th of all the names the node answers to, or NULL after them. */
static const char *
config_name(const struct config *cf, unsigned int i)
{
	if (i == 0)
		return cf->host;
	if (i == 1)
		return cf->att_host;
	i -= 2;
	if (i < cf->host_aliases.n)
		return cf->host_aliases.name[i];
	i -= cf->host_aliases.n;
	if (i < cf->att_aliases.n)
		return cf->att_aliases.name[i];
	return NULL;
}

/* Cross-key rules: what no single value can say. */
static int
config_check(const struct config *cf)
{
	const char *a, *b;
	unsigned int i, j;

	for (i = 0; (a = config_name(cf, i)) != NULL; i++)
		for (j = i + 1; (b = config_name(cf, j)) != NULL; j++)
			if (strcmp(a, b) == 0) {
				log_line("config: the name \"%s\" is given "
				    "twice (host, attachments_host and their "
				    "aliases must all differ)", a);
				return RC_INVAL;
			}
	if (cf->gw != 0 && !cf->static_ip) {
		log_line("config: gw= needs ip=");
		return RC_INVAL;
	}
	if ((cf->cert_main.data == NULL) != (cf->key_main.data == NULL) ||
	    (cf->cert_att.data == NULL) != (cf->key_att.data == NULL)) {
		log_line("config: a certificate needs its key and a key its "
		    "certificate (cert.NAME, key.NAME)");
		return RC_INVAL;
	}
	if (cf->cert_att.data != NULL && cf->cert_main.data == NULL) {
		log_line("config: cert.attachments without cert.main");
		return RC_INVAL;
	}
	return RC_OK;
}

/* see config.h */
int
config_load(struct config *cf)
{
	const struct config_key *k;
	const char *w, *v;
	int i, rc;

	memset(cf, 0, sizeof *cf);
	strcpy(cf->host, CONFIG_DEFAULT_HOST);
	strcpy(cf->att_host, CONFIG_DEFAULT_ATT_HOST);
	cf->http_port = 80;
	cf->https_port = 443;
	cf->log = true;
	/* In word order, so the last word for a key wins. */
	for (i = 0; (w = plat_config_word(i)) != NULL; i++) {
		k = config_find(w);
		if (k == NULL) {
			log_line("config: unknown key in \"%.64s\" (the keys "
			    "are listed in include/config.h)", w);
			return RC_INVAL;
		}
		v = w + strlen(k->key) + 1;
		if ((rc = k->parse(v, cf, k->off)) != RC_OK) {
			log_line("config: %s=%.64s: %s", k->key, v,
			    rc == RC_TOOBIG ? "too long" : "bad value");
			return rc;
		}
	}
	if ((rc = config_file("cert.main", &cf->cert_main)) != RC_OK ||
	    (rc = config_file("key.main", &cf->key_main)) != RC_OK ||
	    (rc = config_file("cert.attachments", &cf->cert_att)) != RC_OK ||
	    (rc = config_file("key.attachments", &cf->key_att)) != RC_OK)
		return rc;
	return config_check(cf);
}
