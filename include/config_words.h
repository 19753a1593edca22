/*
 * config_words.h: the key=value words of a node's configuration as both
 * platforms keep them for plat_config() and plat_config_word(): the
 * kernel from the boot command line, hosted from argv.  One
 * implementation, so both accept and refuse exactly the same words.
 *
 * Memory: the caller owns struct config_words; it points at the argv
 * strings, which must live for the program.  Context: start-up.
 */
#ifndef CONFIG_WORDS_H
#define CONFIG_WORDS_H

#include "config.h"

struct config_words {
	const char *word[PLAT_MAX_CONFIG_WORDS];	/* "key=value" */
	size_t keylen[PLAT_MAX_CONFIG_WORDS];
	int n;
};

/*
 * Keep argv[1..argc-1] as configuration words.  Every word must be
 * key=value with a non-empty key (else RC_INVAL); at most
 * PLAT_MAX_CONFIG_WORDS words of at most PLAT_MAX_CONFIG_WORD bytes
 * (else RC_TOOBIG).  On error a console line names the word and the
 * limit, and w holds no words.
 */
int config_words_init(struct config_words *w, int argc, char **argv)
    __attribute__((warn_unused_result));

/* The value of the last word for key, or NULL (plat_config). */
const char *config_words_get(const struct config_words *w, const char *key);

/* Word i ("key=value"), or NULL past the last one (plat_config_word). */
const char *config_words_at(const struct config_words *w, int i);

/* An on|off value: 1 for "on", 0 for "off", else RC_INVAL. */
int config_onoff(const char *v);

/*
 * The on|off word for key: def (1 or 0) when it is not set, else as
 * config_onoff(); RC_INVAL comes with a console line naming the word.
 * For the platform words that both platforms read themselves (offload=).
 */
int config_words_onoff(const struct config_words *w, const char *key,
    int def);

#endif /* CONFIG_WORDS_H */
