/* util/term_safe: control characters and broken UTF-8 written as visible
 * escapes before text from elsewhere reaches a terminal. */
#include "util/term_safe.h"
#include "util/utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The well-formed UTF-8 sequence at p (at most avail bytes): its length
 * and code point, or 0 for a broken one (the shared decoder's strictness). */
static size_t decode_utf8(const unsigned char *p, size_t avail, uint32_t *cp)
{
    size_t n = utf8_decode((const char *)p, avail, cp);
    return *cp == UTF8_INVALID ? 0 : n;
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
