/*
 * utf8.h: UTF-8 encoding of one code point, shared by the front-matter
 * parser (node and host) and the content compiler's decoders (HTML
 * entities, JSON escapes).  Pure; lib/utf8.c.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Encode c into out[0..4) and return its length (1 to 4), or 0 for what
 * is not a Unicode scalar value (above U+10FFFF, or a surrogate).  U+0000
 * is encoded; callers that refuse it check c themselves.
 */
size_t utf8_encode(char out[4], uint32_t c);

#endif /* UTF8_H */
