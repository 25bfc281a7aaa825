/* Unit tests for util/utf8: the strict decoder (checked against every
 * sequence of up to three bytes and a spread of four-byte ones) and the
 * display widths in a UTF-8 and in the C locale. */
#include <locale.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

#include "../lib/check.h"

/* The decoder's contract said another way: a sequence is a character when
 * its lead byte announces n bytes, all n are there, the rest are
 * continuation bytes, and the value is a Unicode scalar that needs exactly
 * n bytes (anything shorter is an overlong form). */
static size_t oracle(const unsigned char *b, size_t avail, uint32_t *cp)
{
    size_t n = b[0] < 0x80 ? 1 : (b[0] >> 5) == 0x6 ? 2 : (b[0] >> 4) == 0xE ? 3 : (b[0] >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || n > avail)
        return 0;
    uint32_t v = n == 1 ? b[0] : b[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((b[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (b[i] & 0x3F);
    }
    size_t need = v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
    if (need != n || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* One buffer against the oracle; false (and one failure) on a mismatch. */
static bool agrees(const unsigned char *b, size_t avail)
{
    uint32_t want = UTF8_INVALID, got = 0;
    size_t wn = oracle(b, avail, &want);
    size_t gn = utf8_decode((const char *)b, avail, &got);
    bool ok = wn ? gn == wn && got == want : gn == 1 && got == UTF8_INVALID;
    if (!ok)
        fprintf(stderr, "decode %02x %02x %02x %02x (avail %zu): %zu U+%04X, want %zu U+%04X\n", b[0],
                avail > 1 ? b[1] : 0, avail > 2 ? b[2] : 0, avail > 3 ? b[3] : 0, avail, gn, (unsigned)got,
                wn ? wn : 1, (unsigned)want);
    CHECK(ok);
    return ok;
}

static void test_decode_everything(void)
{
    unsigned char b[4];
    for (unsigned x = 0; x < (1u << 24); x++) {
        b[0] = (unsigned char)(x >> 16), b[1] = (unsigned char)(x >> 8), b[2] = (unsigned char)x;
        if (!agrees(b, 3) || !agrees(b, 2) || !agrees(b, 1))
            return;
    }
    static const unsigned char third[] = {0x00, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned lead = 0xF0; lead <= 0xFF; lead++)
        for (unsigned c1 = 0; c1 < 256; c1++)
            for (size_t k = 0; k < sizeof third; k++)
                for (unsigned c3 = 0; c3 < 256; c3++) {
                    b[0] = (unsigned char)lead, b[1] = (unsigned char)c1, b[2] = third[k];
                    b[3] = (unsigned char)c3;
                    if (!agrees(b, 4) || !agrees(b, 3))
                        return;
                }
}

static size_t dec(const char *s, size_t avail, uint32_t *cp)
{
    return utf8_decode(s, avail, cp);
}

static void test_decode_cases(void)
{
    uint32_t cp;
    CHECK(dec("A", 1, &cp) == 1 && cp == 'A');
    CHECK(dec("", 1, &cp) == 1 && cp == 0);
    CHECK(dec("\xC2\x80", 2, &cp) == 2 && cp == 0x80);
    CHECK(dec("\xDF\xBF", 2, &cp) == 2 && cp == 0x7FF);
    CHECK(dec("\xE0\xA0\x80", 3, &cp) == 3 && cp == 0x800);
    CHECK(dec("\xED\x9F\xBF", 3, &cp) == 3 && cp == 0xD7FF);
    CHECK(dec("\xEE\x80\x80", 3, &cp) == 3 && cp == 0xE000);
    CHECK(dec("\xEF\xBF\xBD", 3, &cp) == 3 && cp == 0xFFFD);
    CHECK(dec("\xF0\x90\x80\x80", 4, &cp) == 4 && cp == 0x10000);
    CHECK(dec("\xF4\x8F\xBF\xBF", 4, &cp) == 4 && cp == 0x10FFFF);
    CHECK(dec("\xF0\x9F\x98\x80", 4, &cp) == 4 && cp == 0x1F600);
    /* Bad bytes: each is one byte long and no character. */
    static const char *const bad[] = {
        "\x80", "\xBF",                         /* stray continuation bytes */
        "\xC0\x80", "\xC1\xBF",                 /* overlong two-byte forms */
        "\xE0\x80\x80", "\xE0\x9F\xBF",         /* overlong three-byte forms */
        "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", /* overlong four-byte forms */
        "\xED\xA0\x80", "\xED\xBF\xBF",         /* surrogates */
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", /* past U+10FFFF */
        "\xFE", "\xFF",
        "\xC3", "\xE2\x82", "\xF0\x9F\x98",     /* cut short by the NUL */
        "\xC3" "A", "\xE2\x82" "A",             /* a continuation byte missing */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cp = 0;
        size_t n = dec(bad[i], SIZE_MAX, &cp);
        if (n != 1 || cp != UTF8_INVALID)
            fprintf(stderr, "bad sequence %zu decoded as %zu U+%04X\n", i, n, (unsigned)cp);
        CHECK(n == 1 && cp == UTF8_INVALID);
    }
    /* avail cuts a sequence short as much as a NUL does. */
    CHECK(dec("\xE2\x82\xAC", 2, &cp) == 1 && cp == UTF8_INVALID);
    CHECK(dec("\xE2\x82\xAC", 3, &cp) == 3 && cp == 0x20AC);
    CHECK(utf8_len("\xE2\x82\xAC", 3) == 3 && utf8_len("\xE2\x82", 2) == 1 && utf8_len("x", 1) == 1);
    /* A loop over a broken string steps over each bad byte on its own. */
    const char *s = "a\xE2\x82" "b\xFF\xC3\xA9";
    size_t n = strlen(s), steps = 0, bad_bytes = 0;
    for (size_t i = 0; i < n; steps++) {
        i += dec(s + i, n - i, &cp);
        bad_bytes += cp == UTF8_INVALID;
    }
    CHECK(steps == 6 && bad_bytes == 3);
}

static void test_width_utf8_locale(void)
{
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        fprintf(stderr, "no C.UTF-8 locale: the width checks cannot run\n");
        check_failures++;
        return;
    }
    CHECK(codepoint_width('a') == 1 && codepoint_width(' ') == 1);
    CHECK(codepoint_width(0) == -1 && codepoint_width('\t') == -1 && codepoint_width(0x7F) == -1);
    CHECK(codepoint_width(0x85) == -1);                                /* C1 control */
    CHECK(codepoint_width(0xE9) == 1 && codepoint_width(0x3C0) == 1);  /* é, π */
    CHECK(codepoint_width(0x4E2D) == 2 && codepoint_width(0xFF21) == 2); /* 中, fullwidth A */
    CHECK(codepoint_width(0x1F600) == 2);                               /* an emoji */
    CHECK(codepoint_width(0x301) == 0 && codepoint_width(0x200B) == 0); /* combining, zero width */
    CHECK(codepoint_width(UTF8_INVALID) == -1 && codepoint_width(0x110000) == -1);

    CHECK(text_width("hello", 5) == 5);
    CHECK(text_width("h\xC3\xA9llo", 6) == 5);
    CHECK(text_width("\xE4\xB8\xAD\xE6\x96\x87", 6) == 4);  /* 中文 */
    CHECK(text_width("e\xCC\x81", 3) == 1);                 /* e + combining acute */
    CHECK(text_width("a\tb\x7F", 4) == 2);                  /* controls take none */
    CHECK(text_width("a\xFF" "b", 3) == 3);                 /* a bad byte takes one */
    CHECK(text_width("a\xE4\xB8", 3) == 3);                 /* each byte of a cut character */
    CHECK(text_width("abc", 0) == 0);

    const char *cjk = "\xE4\xB8\xAD\xE6\x96\x87x"; /* 中文x */
    CHECK(text_fit(cjk, 7, 0) == 0);
    CHECK(text_fit(cjk, 7, 1) == 0); /* a wide character is not split */
    CHECK(text_fit(cjk, 7, 2) == 3);
    CHECK(text_fit(cjk, 7, 3) == 3);
    CHECK(text_fit(cjk, 7, 4) == 6);
    CHECK(text_fit(cjk, 7, 99) == 7);
    CHECK(text_fit("e\xCC\x81x", 4, 1) == 3); /* the combining mark stays with its letter */
}

static void test_width_c_locale(void)
{
    setlocale(LC_CTYPE, "C");
    /* Outside a UTF-8 locale nothing past ASCII has a width of its own;
     * running text counts it one column. */
    CHECK(codepoint_width('a') == 1 && codepoint_width(0xE9) == -1 && codepoint_width(0x4E2D) == -1);
    CHECK(text_width("h\xC3\xA9llo", 6) == 5);
    CHECK(text_width("\xE4\xB8\xAD\xE6\x96\x87", 6) == 2);
}

/* A row of prose ends after the last space that fits; a word wider than
 * the row is cut; a row always takes at least one character. */
static void test_wrap_row(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    const char *s = "one two three";
    CHECK(text_wrap_row(s, strlen(s), 99) == strlen(s));
    CHECK(text_wrap_row(s, strlen(s), 9) == 7, "got %zu", text_wrap_row(s, strlen(s), 9)); /* "one two" */
    CHECK(text_wrap_row(s, strlen(s), 3) == 3);                                           /* "one" */
    CHECK(text_wrap_row("abcdefgh", 8, 3) == 3);                                          /* cut */
    CHECK(text_wrap_row("\xE4\xB8\xAD\xE6\x96\x87", 6, 1) == 3); /* one wide character, though 2 columns */
    CHECK(text_wrap_row("h\xC3\xA9llo w", 8, 4) == 5);            /* 4 columns: 5 bytes, whole characters */
}

int main(void)
{
    RUN(test_wrap_row);
    RUN(test_decode_cases);
    RUN(test_decode_everything);
    RUN(test_width_utf8_locale);
    RUN(test_width_c_locale);
    return check_exit();
}
