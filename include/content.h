/*
 * content.h: content files as publishers write them (MDN's content repo
 * format), read by the image tools on a host.
 *
 * A page is files/<locale>/<path>/index.html: a YAML front matter block
 * between two "---" lines, then the HTML body fragment:
 *
 *   ---
 *   title: '<img>: The Image Embed element'
 *   slug: Web/HTML/Element/img
 *   tags:
 *     - HTML
 *   ---
 *   <p>...
 *
 * Only the YAML that MDN uses is read: top-level "key: value" lines with
 * plain, 'single' or "double" quoted scalars (multi-line too) and block
 * scalars (>-, |, ...).  title, slug, translation_of (the en-US slug of
 * a translation) and tags (a block list of scalars) are decoded; other
 * keys, their lists and nested maps are skipped.  Flow collections, anchors, aliases
 * and tags on title or slug are refused.
 * Memory: no allocation; decoded strings go to a caller buffer.
 */
#ifndef CONTENT_H
#define CONTENT_H

#include <stddef.h>

#include "config.h"

/* What the front matter says, and where the body is. */
struct content_meta {
	const char *title;	/* decoded, in the caller's buffer */
	size_t title_len;
	const char *slug;	/* decoded, in the caller's buffer */
	size_t slug_len;
	const char *translation_of;	/* decoded, or NULL when absent */
	size_t translation_of_len;
	const char *tags;	/* decoded, each followed by a NUL: "HTML\0"
				 * "Element\0"; NULL when none */
	size_t tags_len;	/* bytes of tags, the NULs included */
	size_t ntags;
	const char *body;	/* points into the parsed text */
	size_t body_len;
	unsigned int line;	/* on RC_FORMAT or RC_TOOBIG: 1-based line */
};

/* A buffer of this size always holds the decoded title, slug,
 * translation_of and tags. */
#define CONTENT_META_BUFSIZE	(CONTENT_MAX_TITLE + 2 * SITE_MAX_SLUG + \
	CONTENT_MAX_TAGS)

/*
 * Parse the front matter at the start of text[0..len) and find the body.
 * buf[0..buf_size) receives the decoded title and slug (not NUL-
 * terminated); meta's pointers go into buf and text, so both must outlive
 * meta.  Returns RC_OK; RC_FORMAT for input that is not front matter
 * we read (no opening or closing "---", a bad line, bad quoting or
 * escape, a missing or repeated title, slug, translation_of or tags, an
 * empty slug or translation_of or one with control characters or a
 * leading '/', a tags item that is not a scalar); RC_TOOBIG when a limit of
 * config.h or buf_size is exceeded.  On error meta->line says where.
 */
int content_parse(const char *text, size_t len, char *buf, size_t buf_size,
    struct content_meta *meta) __attribute__((warn_unused_result));

#endif /* CONTENT_H */
