/*
 * config_words.c: the configuration words of both platforms (see
 * config_words.h).  Refusing, not dropping, what does not fit: a word
 * silently lost past a limit is a setting the operator thinks is on.
 *
 * Interface: config_words_init, config_words_get, config_words_at,
 * config_onoff, config_words_onoff.
 */
#include <string.h>

#include "config_words.h"
#include "err.h"
#include "log.h"

/* see config_words.h */
int
config_words_init(struct config_words *w, int argc, char **argv)
{
	const char *eq;
	size_t len;
	int i;

	w->n = 0;
	if (argc - 1 > PLAT_MAX_CONFIG_WORDS) {
		log_line("config: %d words, more than %d", argc - 1,
		    PLAT_MAX_CONFIG_WORDS);
		return RC_TOOBIG;
	}
	for (i = 1; i < argc; i++) {
		len = strlen(argv[i]);
		eq = strchr(argv[i], '=');
		if (len > PLAT_MAX_CONFIG_WORD) {
			log_line("config: word %d is %zu bytes, more than %d",
			    i, len, PLAT_MAX_CONFIG_WORD);
			w->n = 0;
			return RC_TOOBIG;
		}
		if (eq == NULL || eq == argv[i]) {
			log_line("config: \"%.64s\" is not key=value", argv[i]);
			w->n = 0;
			return RC_INVAL;
		}
		w->word[w->n] = argv[i];
		w->keylen[w->n] = (size_t)(eq - argv[i]);
		w->n++;
	}
	return RC_OK;
}

/* see config_words.h */
const char *
config_words_get(const struct config_words *w, const char *key)
{
	size_t n = strlen(key);
	int i;

	/* The last word wins, as later arguments override earlier ones. */
	for (i = w->n - 1; i >= 0; i--)
		if (w->keylen[i] == n && memcmp(w->word[i], key, n) == 0)
			return w->word[i] + n + 1;
	return NULL;
}

/* see config_words.h */
const char *
config_words_at(const struct config_words *w, int i)
{
	return i >= 0 && i < w->n ? w->word[i] : NULL;
}

/* see config_words.h */
int
config_onoff(const char *v)
{
	if (strcmp(v, "on") == 0)
		return 1;
	if (strcmp(v, "off") == 0)
		return 0;
	return RC_INVAL;
}

/* see config_words.h */
int
config_words_onoff(const struct config_words *w, const char *key, int def)
{
	const char *v = config_words_get(w, key);
	int rc;

	if (v == NULL)
		return def;
	if ((rc = config_onoff(v)) < 0)
		log_line("config: %s=%.64s: not on or off", key, v);
	return rc;
}
