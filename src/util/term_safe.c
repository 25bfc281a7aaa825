/* util/term_safe: control characters and broken UTF-8 written as visible
 * escapes before text from elsewhere reaches a terminal. */
#include "util/term_safe.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the well-formed UTF-8 sequence at p (at most avail bytes) and
 * its code point; 0 when it is not one (overlong, surrogate, beyond
 * U+10FFFF, cut short). */
static size_t decode_utf8(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (avail < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

static int is_control(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

/* The escape for code point cp (a control character) into out. */
static void escape_of(uint32_t cp, char out[16])
{
    switch (cp) {
    case '\n': strcpy(out, "\\n"); return;
    case '\t': strcpy(out, "\\t"); return;
    case '\r': strcpy(out, "\\r"); return;
    default: break;
    }
    if (cp < 0x80)
        snprintf(out, 16, "\\x%02x", (unsigned)cp);
    else
        snprintf(out, 16, "\\u%04x", (unsigned)cp);
}

/* How many bytes at s[i..n) are printable as they are: ASCII text and
 * well-formed UTF-8 outside C1. */
static size_t clean_run(const unsigned char *s, size_t n, unsigned flags)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = decode_utf8(s + i, n - i, &cp);
        bool kept = (cp == '\t' && (flags & TERM_SAFE_KEEP_TAB)) ||
                    (cp == '\n' && (flags & TERM_SAFE_KEEP_NEWLINE));
        if (len == 0 || (is_control(cp) && !kept))
            break;
        i += len;
    }
    return i;
}

void term_safe_add(StrBuf *sb, const char *s, size_t n, unsigned flags)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t run = clean_run(u + i, n - i, flags);
        if (run) {
            strbuf_add(sb, s + i, run);
            i += run;
            continue;
        }
        char esc[16];
        uint32_t cp;
        size_t len = decode_utf8(u + i, n - i, &cp);
        if (len == 0) {
            snprintf(esc, sizeof esc, "\\x%02x", u[i]);
            len = 1;
        } else {
            escape_of(cp, esc);
        }
        strbuf_adds(sb, esc);
        i += len;
    }
}

char *term_safe(const char *s)
{
    StrBuf sb;
    strbuf_init(&sb);
    if (s)
        term_safe_add(&sb, s, strlen(s), 0);
    return strbuf_detach(&sb);
}

bool term_safe_is_clean(const char *s, size_t n, unsigned flags)
{
    return clean_run((const unsigned char *)s, n, flags) == n;
}
