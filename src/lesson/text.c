/* lesson/text: what must hold for the bytes of a lesson before YAML sees
 * them (UTF-8, no control characters), and byte offset <-> line:column. */
#include "lesson/text.h"

#include <stdint.h>
#include <string.h>

#include "lesson/lesson.h"
#include "util/utf8.h"

/* The characters libyaml's reader accepts (YAML 1.1 "printable"). */
static bool yaml_printable(uint32_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0D || (c >= 0x20 && c <= 0x7E) || c == 0x85 ||
           (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

bool text_check(const char *name, const unsigned char *data, size_t len, DiagList *diags)
{
    int line = 1, col = 1;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode((const char *)data + i, len - i, &cp);
        if (cp == UTF8_INVALID) {
            diag_add(diags, name, line, col,
                     "invalid UTF-8 (byte 0x%02x); lessons must be UTF-8 text", data[i]);
            return false;
        }
        if (!yaml_printable(cp)) {
            diag_add(diags, name, line, col,
                     "control character U+%04X is not allowed; is this a text file?",
                     (unsigned)cp);
            return false;
        }
        if (cp == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
        i += n;
    }
    return true;
}

static bool value_control(uint32_t c)
{
    return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F);
}

size_t text_value_control(const char *value, size_t len, uint32_t *cp)
{
    for (size_t i = 0; i < len;) {
        size_t n = utf8_decode(value + i, len - i, cp);
        /* libyaml hands over UTF-8: a bad byte is not a control character */
        if (*cp != UTF8_INVALID && value_control(*cp))
            return i;
        i += n;
    }
    return len;
}

/* The code point of the hex digits of an escape ("\x9b": 2 of them), or
 * 0xFFFFFFFF when they are not all there. */
static uint32_t escape_hex(const unsigned char *p, size_t avail, size_t digits)
{
    uint32_t v = 0;
    if (avail < digits)
        return 0xFFFFFFFF;
    for (size_t i = 0; i < digits; i++) {
        unsigned char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return 0xFFFFFFFF;
        v = v << 4 | (uint32_t)d;
    }
    return v;
}

/* What the escape at p ("\e", "\u001b") makes, its length in *n. */
static uint32_t escape_value(const unsigned char *p, size_t avail, size_t *n)
{
    static const char letters[] = "0abvfreN";
    static const uint32_t made[] = {0, 7, 8, 0x0B, 0x0C, 0x0D, 0x1B, 0x85};
    *n = avail < 2 ? avail : 2;
    if (avail < 2)
        return ' ';
    const char *l = p[1] ? strchr(letters, p[1]) : NULL;
    if (l)
        return made[l - letters];
    size_t digits = p[1] == 'x' ? 2 : p[1] == 'u' ? 4 : p[1] == 'U' ? 8 : 0;
    if (digits == 0)
        return ' '; /* \n, \t, \", \\ and the rest: nothing to refuse */
    *n = 2 + digits;
    return escape_hex(p + 2, avail - 2, digits);
}

size_t text_escape_control(const unsigned char *data, size_t len, size_t quote, size_t *esc_len)
{
    for (size_t i = quote + 1; i < len && data[i] != '"';) {
        if (data[i] != '\\') {
            i++;
            continue;
        }
        size_t n;
        uint32_t c = escape_value(data + i, len - i, &n);
        if (value_control(c)) {
            *esc_len = n;
            return i;
        }
        i += n ? n : 1;
    }
    return len;
}

/* Characters are counted as UTF-8 lead bytes; continuation bytes do not
 * advance the column (libyaml counts columns in characters too). */
void text_position(const unsigned char *data, size_t len, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < len && i < offset; i++) {
        if (data[i] == '\n') {
            l++;
            c = 1;
        } else if ((data[i] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

size_t text_offset(const unsigned char *data, size_t len, int line, int col)
{
    size_t i = 0;
    for (int l = 1; l < line; l++) {
        while (i < len && data[i] != '\n')
            i++;
        if (i == len)
            return len;
        i++;
    }
    for (int c = 1; c < col && i < len && data[i] != '\n'; c++) {
        i++;
        while (i < len && (data[i] & 0xC0) == 0x80)
            i++;
    }
    return i;
}
