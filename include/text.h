/*
 * text.h: small text codecs shared by the node (HTTP, the request path,
 * the front matter, search) and the host tools (the content compiler):
 * one UTF-8 encoder and one hex digit, instead of a copy per parser.
 * Pure; lib/text.c.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Encode c into out[0..4) and return its length (1 to 4), or 0 for what
 * is not a Unicode scalar value (above U+10FFFF, or a surrogate).  U+0000
 * is encoded; callers that refuse it check c themselves.
 */
size_t utf8_encode(char out[4], uint32_t c);

/* The value of hex digit c (0-9, a-f, A-F), or -1. */
int hex_digit(int c);

#endif /* TEXT_H */
