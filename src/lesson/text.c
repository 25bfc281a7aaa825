/* lesson/text: what must hold for the bytes of a lesson before YAML sees
 * them (UTF-8, no control characters), and byte offset <-> line:column. */
#include "lesson/text.h"

#include <stdint.h>

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
