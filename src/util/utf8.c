/* util/utf8: see utf8.h. */
#include "util/utf8.h"

#include <wchar.h>

size_t utf8_decode(const char *s, size_t avail, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    /* The second byte's range rules out overlong forms (after E0, F0),
     * surrogates (after ED) and values past U+10FFFF (after F4) at once;
     * C0, C1 and F5..FF never begin a character. */
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    uint32_t v;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2, v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3, v = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4, v = c & 0x07;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    } else {
        goto bad;
    }
    if (avail < n || u[1] < lo || u[1] > hi)
        goto bad;
    v = (v << 6) | (u[1] & 0x3F);
    for (size_t i = 2; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (u[i] & 0x3F);
    }
    *cp = v;
    return n;
bad:
    *cp = UTF8_INVALID;
    return 1;
}

size_t utf8_len(const char *s, size_t avail)
{
    uint32_t cp;
    return utf8_decode(s, avail, &cp);
}

int codepoint_width(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 0x20 && cp != 0x7F ? 1 : -1;
    if (cp > 0x10FFFF) /* UTF8_INVALID among them */
        return -1;
    return wcwidth((wchar_t)cp);
}

/* A character's columns in running text (see text_width). */
static int text_cols(uint32_t cp)
{
    int w = codepoint_width(cp);
    if (w >= 0)
        return w;
    return cp < 0x80 ? 0 : 1;
}

int text_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += utf8_decode(s + i, n - i, &cp);
        w += text_cols(cp);
    }
    return w;
}

size_t text_fit(const char *s, size_t n, int w)
{
    int used = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        int cw = text_cols(cp);
        if (used + cw > w)
            break;
        used += cw;
        i += len;
    }
    return i;
}

size_t text_wrap_row(const char *s, size_t n, int w)
{
    size_t fit = text_fit(s, n, w);
    if (fit < n) {
        size_t b = fit;
        while (b > 0 && s[b] != ' ')
            b--;
        if (b > 0)
            fit = b;
    }
    return fit > 0 ? fit : utf8_len(s, n);
}
