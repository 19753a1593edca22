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
 * User-data (config.h) is one more source, under the platform's: the
 * whole configuration is filled again from defaults, user-data's words,
 * the platform's words and then the files, so the rules are the same and
 * the last word still wins.
 *
 * Interface: config_load, config_merge_userdata.
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
	bool boot_only;		/* read before user-data is: not from it */
};

/* User-data, cut into words and files (config_merge_userdata). */
struct config_ud {
	const char *word[PLAT_MAX_CONFIG_WORDS];
	int nwords;
	const char *fname[PLAT_MAX_CONFIG_FILES];
	struct config_file file[PLAT_MAX_CONFIG_FILES];
	int nfiles;
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

/* "A.B.C.D[:PORT]" into *ip, *port (default def); "off" is ip 0. */
static int
parse_server(const char *v, uint32_t *ip, uint16_t *port, uint16_t def)
{
	struct config tmp;
	uint32_t a;

	if (strcmp(v, "off") == 0) {
		*ip = 0;
		return RC_OK;
	}
	if (parse_quad(&v, &a) != RC_OK || a == 0)
		return RC_INVAL;
	tmp.imds_port = def;
	if (*v == ':') {
		if (parse_port(v + 1, &tmp,
		    offsetof(struct config, imds_port)) != RC_OK)
			return RC_INVAL;
	} else if (*v != '\0') {
		return RC_INVAL;
	}
	*ip = a;
	*port = tmp.imds_port;
	return RC_OK;
}

/* imds=off|on|A.B.C.D[:PORT] */
static int
parse_imds(const char *v, struct config *cf, size_t off)
{
	if (strcmp(v, "on") == 0) {
		cf->imds_ip = CONFIG_DEFAULT_IMDS_IP;
		cf->imds_port = CONFIG_DEFAULT_IMDS_PORT;
		return RC_OK;
	}
	return parse_server(v, &cf->imds_ip, &cf->imds_port,
	    CONFIG_DEFAULT_IMDS_PORT);
}

/* sntp=off|A.B.C.D[:PORT] */
static int
parse_sntp(const char *v, struct config *cf, size_t off)
{
	return parse_server(v, &cf->sntp_ip, &cf->sntp_port,
	    CONFIG_DEFAULT_SNTP_PORT);
}

/* Read by the platform itself; accepted here, not parsed. */
static int
parse_platform(const char *v, struct config *cf, size_t off)
{
	return RC_OK;
}

#define F(field) offsetof(struct config, field)

static const struct config_key config_keys[] = {
	{ "host", parse_host, F(host), false },
	{ "attachments_host", parse_host, F(att_host), false },
	{ "host_aliases", parse_aliases, F(host_aliases), false },
	{ "attachments_aliases", parse_aliases, F(att_aliases), false },
	{ "http_port", parse_port, F(http_port), false },
	{ "https_port", parse_port, F(https_port), false },
	{ "https_redirect_port", parse_port_any, F(https_redirect_port),
	    false },
	{ "admin_port", parse_port, F(admin_port), false },
	{ "log", parse_bool, F(log), false },
	{ "ip", parse_ip, 0, true },
	{ "gw", parse_gw, 0, true },
	{ "syslog", parse_syslog, 0, false },
	{ "imds", parse_imds, 0, true },
	{ "sntp", parse_sntp, 0, false },
	{ "tap", parse_platform, 0, true },
	{ "mac", parse_platform, 0, true },
	{ "disk", parse_platform, 0, true },
	{ "config_dir", parse_platform, 0, true },
	{ "offload", parse_platform, 0, true },
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

/* A file, optional: the platform's, else user-data's (ud may be NULL),
 * else absent, which leaves f empty; any other failure is fatal. */
static int
config_file(const char *name, struct config_file *f,
    const struct config_ud *ud)
{
	int rc = plat_config_file(name, &f->data, &f->len);
	int i;

	if (rc == RC_NOTFOUND) {
		f->data = NULL;
		f->len = 0;
		for (i = 0; ud != NULL && i < ud->nfiles; i++)
			if (strcmp(ud->fname[i], name) == 0)
				*f = ud->file[i];
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
	/* Only where it listens: a default 9443 against http_port=9443
	 * stops no node that has no admin CA. */
	if (cf->admin_ca.data != NULL && (cf->admin_port == cf->http_port ||
	    cf->admin_port == cf->https_port)) {
		log_line("config: admin_port=%u is a site port (http_port, "
		    "https_port)", cf->admin_port);
		return RC_INVAL;
	}
	return RC_OK;
}

/* Apply word w (from user-data if ud); a console line on error. */
static int
config_word(struct config *cf, const char *w, bool ud)
{
	const char *from = ud ? "user-data: " : "", *v;
	const struct config_key *k = config_find(w);
	int rc;

	if (k == NULL) {
		log_line("config: %sunknown key in \"%.64s\" (the keys are "
		    "listed in include/config.h)", from, w);
		return RC_INVAL;
	}
	if (ud && k->boot_only) {
		log_line("config: user-data: %s= is read before user-data "
		    "and cannot come from it", k->key);
		return RC_INVAL;
	}
	v = w + strlen(k->key) + 1;
	if ((rc = k->parse(v, cf, k->off)) != RC_OK) {
		log_line("config: %s%s=%.64s: %s", from, k->key, v,
		    rc == RC_TOOBIG ? "too long" : "bad value");
		return rc;
	}
	return RC_OK;
}

/* Fill cf: defaults, user-data's words (ud, may be NULL), the
 * platform's words, the files. */
static int
config_fill(struct config *cf, const struct config_ud *ud)
{
	const char *w;
	int i, rc;

	memset(cf, 0, sizeof *cf);
	strcpy(cf->host, CONFIG_DEFAULT_HOST);
	strcpy(cf->att_host, CONFIG_DEFAULT_ATT_HOST);
	cf->http_port = 80;
	cf->https_port = 443;
	cf->admin_port = CONFIG_DEFAULT_ADMIN_PORT;
	cf->log = true;
	/* In word order, so the last word for a key wins, and the
	 * platform's come last. */
	for (i = 0; ud != NULL && i < ud->nwords; i++)
		if ((rc = config_word(cf, ud->word[i], true)) != RC_OK)
			return rc;
	for (i = 0; (w = plat_config_word(i)) != NULL; i++)
		if ((rc = config_word(cf, w, false)) != RC_OK)
			return rc;
	if ((rc = config_file("cert.main", &cf->cert_main, ud)) != RC_OK ||
	    (rc = config_file("key.main", &cf->key_main, ud)) != RC_OK ||
	    (rc = config_file("cert.attachments", &cf->cert_att, ud)) !=
	    RC_OK ||
	    (rc = config_file("key.attachments", &cf->key_att, ud)) != RC_OK ||
	    (rc = config_file("admin_ca", &cf->admin_ca, ud)) != RC_OK)
		return rc;
	return config_check(cf);
}

/* see config.h */
int
config_load(struct config *cf)
{
	return config_fill(cf, NULL);
}

/* The known file names: anything else in user-data is a typo. */
static bool
config_file_known(const char *name)
{
	return strcmp(name, "cert.main") == 0 ||
	    strcmp(name, "key.main") == 0 ||
	    strcmp(name, "cert.attachments") == 0 ||
	    strcmp(name, "admin_ca") == 0 ||
	    strcmp(name, "key.attachments") == 0;
}

/* The line at *p (up to end), its length without CR LF; *p moves past
 * it.  The line stays in place, unterminated. */
static size_t
config_line(char **p, char *end, char **line)
{
	char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
	size_t n = nl != NULL ? (size_t)(nl - s) : (size_t)(end - s);

	*line = s;
	*p = nl != NULL ? nl + 1 : end;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	return n;
}

/* Cut user-data into ud's words and files; a console line on error. */
static int
config_ud_parse(struct config_ud *ud, char *p, size_t len)
{
	char *end = p + len, *line, *data;
	size_t n, m;
	int lineno = 0;

	memset(ud, 0, sizeof *ud);
	while (p < end) {
		n = config_line(&p, end, &line);
		lineno++;
		if (n == 0 || line[0] == '#')
			continue;
		if (n > 5 && memcmp(line, "file ", 5) == 0) {
			if (ud->nfiles == PLAT_MAX_CONFIG_FILES ||
			    n - 5 >= PLAT_MAX_CONFIG_NAME) {
				log_line("config: user-data line %d: too many "
				    "files or too long a name", lineno);
				return RC_TOOBIG;
			}
			line[n] = '\0';
			if (!config_file_known(line + 5)) {
				log_line("config: user-data line %d: unknown "
				    "file \"%.64s\"", lineno, line + 5);
				return RC_INVAL;
			}
			ud->fname[ud->nfiles] = line + 5;
			for (data = p;;) {
				if (p >= end) {
					log_line("config: user-data: file %s "
					    "has no line \"end\"", line + 5);
					return RC_FORMAT;
				}
				m = (size_t)(p - data);
				if (config_line(&p, end, &line) == 3 &&
				    memcmp(line, "end", 3) == 0)
					break;
				lineno++;
			}
			lineno++;
			ud->file[ud->nfiles].data = data;
			ud->file[ud->nfiles].len = m;
			ud->nfiles++;
			continue;
		}
		if (memchr(line, '=', n) == NULL || line[0] == '=' ||
		    memchr(line, '\0', n) != NULL) {
			log_line("config: user-data line %d: neither "
			    "key=value nor \"file NAME\"", lineno);
			return RC_FORMAT;
		}
		if (ud->nwords == PLAT_MAX_CONFIG_WORDS ||
		    n > PLAT_MAX_CONFIG_WORD) {
			log_line("config: user-data line %d: more than %d "
			    "words or a word over %d bytes", lineno,
			    PLAT_MAX_CONFIG_WORDS, PLAT_MAX_CONFIG_WORD);
			return RC_TOOBIG;
		}
		line[n] = '\0';
		ud->word[ud->nwords++] = line;
	}
	return RC_OK;
}

/* see config.h */
int
config_merge_userdata(struct config *cf, char *ud, size_t len)
{
	static struct config_ud parsed;
	static struct config tmp;
	int rc;

	if (len > CONFIG_MAX_USERDATA) {
		log_line("config: user-data: %zu bytes, over the limit of %d",
		    len, CONFIG_MAX_USERDATA);
		return RC_TOOBIG;
	}
	if ((rc = config_ud_parse(&parsed, ud, len)) != RC_OK ||
	    (rc = config_fill(&tmp, &parsed)) != RC_OK) {
		log_line("config: user-data discarded: the node keeps the "
		    "configuration it booted with");
		return rc;
	}
	*cf = tmp;
	log_line("config: user-data applied: %d words, %d files",
	    parsed.nwords, parsed.nfiles);
	return RC_OK;
}
