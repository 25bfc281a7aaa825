/* util/utf8: the one UTF-8 decoder and the one display width. Every place
 * that reads UTF-8 byte by byte or counts terminal columns uses these; what
 * a caller shows for a bad byte ('?', U+FFFD, an error) stays its own. */
#ifndef CORELAB_UTF8_H
#define CORELAB_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* The code point utf8_decode gives a bad byte; not a Unicode value. */
#define UTF8_INVALID UINT32_C(0xFFFFFFFF)

/* Decode the character at s, reading at most avail (>= 1) bytes. Strict
 * (RFC 3629): an overlong form, a surrogate (U+D800..U+DFFF), a value past
 * U+10FFFF, a stray continuation byte and a sequence cut short are not
 * characters. Returns the character's length in bytes (1..4) with its code
 * point in *cp; for a bad byte, 1 with *cp = UTF8_INVALID, so that a loop
 * steps over bad bytes one at a time. In a NUL-terminated string avail may
 * reach past the NUL: a NUL is never a continuation byte, so decoding stops
 * there. */
size_t utf8_decode(const char *s, size_t avail, uint32_t *cp);

/* The length utf8_decode gives (1 for a bad byte). */
size_t utf8_len(const char *s, size_t avail);

/* Columns cp takes on a terminal, counted as curses counts them: wcwidth()
 * of the current LC_CTYPE locale. 2 for East Asian wide and fullwidth
 * characters, 0 for combining marks and other zero-width characters, 1 for
 * the rest. -1 for what has no width: control characters (C0, DEL, C1),
 * UTF8_INVALID, unassigned code points and, in a locale that is not UTF-8
 * (the C locale of a program that never called setlocale), every
 * character outside ASCII. The caller decides what those take. */
int codepoint_width(uint32_t cp);

/* Columns of n bytes of UTF-8 text: a C0 control character or DEL takes
 * none; a bad byte and any other character without a width take one (the
 * '?' or U+FFFD a screen shows for them). */
int text_width(const char *s, size_t n);

/* How many bytes of s (n bytes) fit in w columns, whole characters only,
 * counted as text_width counts them. */
size_t text_fit(const char *s, size_t n, int w);

/* Bytes of the next row of prose (n bytes at s) in w columns: up to the
 * last space that fits where there is one, else as much as fits; at least
 * one character, so that a caller always moves on. Spaces at the start of
 * the next row are the caller's to skip. */
size_t text_wrap_row(const char *s, size_t n, int w);

#endif
