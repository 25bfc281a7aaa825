/* Unit tests for util/term_safe: what reaches the terminal for hostile
 * text (escape sequences, C1 controls, broken UTF-8) and for plain text. */
#include <stdlib.h>
#include <string.h>

#include "util/term_safe.h"

#include "../lib/check.h"

static void expect_safe(const char *in, size_t n, unsigned flags, const char *want)
{
    StrBuf sb;
    strbuf_init(&sb);
    term_safe_add(&sb, in, n, flags);
    char *got = strbuf_detach(&sb);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "term_safe: got '%s', want '%s'\n", got, want);
    CHECK(strcmp(got, want) == 0);
    /* Nothing a terminal acts on survives. */
    for (const unsigned char *p = (const unsigned char *)got; *p; p++)
        CHECK(*p >= 0x20 || (*p == '\t' && (flags & TERM_SAFE_KEEP_TAB)) ||
              (*p == '\n' && (flags & TERM_SAFE_KEEP_NEWLINE)));
    CHECK(strstr(got, "\xc2\x9b") == NULL && strchr(got, 0x7f) == NULL);
    free(got);
}

#define SAFE(lit, flags, want) expect_safe(lit, sizeof lit - 1, flags, want)

static void test_escapes(void)
{
    SAFE("plain text", 0, "plain text");
    SAFE("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x99\x82", 0, "caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x99\x82");
    SAFE("\x1b]0;PWNED\a\x1b[2J", 0, "\\x1b]0;PWNED\\x07\\x1b[2J");
    SAFE("a\nb\tc\rd", 0, "a\\nb\\tc\\rd");
    SAFE("a\tb", TERM_SAFE_KEEP_TAB, "a\tb");
    SAFE("one\ntwo\r\n\x1b[K\tx", TERM_SAFE_KEEP_NEWLINE, "one\ntwo\\r\n\\x1b[K\\tx");
    SAFE("del\x7f", 0, "del\\x7f");
    SAFE("csi\xc2\x9b" "31m nel\xc2\x85 nbsp\xc2\xa0", 0, "csi\\u009b31m nel\\u0085 nbsp\xc2\xa0");
    SAFE("nul\0x", 0, "nul\\x00x");
    /* Bytes that are not UTF-8: a lone continuation, a raw C1 byte (a CSI
     * to 8-bit terminals), an overlong slash, a surrogate, a cut sequence. */
    SAFE("\x80\x9b\xc0\xaf\xed\xa0\x80\xe2\x86", 0,
         "\\x80\\x9b\\xc0\\xaf\\xed\\xa0\\x80\\xe2\\x86");
    SAFE("", 0, "");
}

static void test_whole_strings(void)
{
    char *s = term_safe("x\x1b[31my");
    CHECK(strcmp(s, "x\\x1b[31my") == 0);
    free(s);
    s = term_safe(NULL);
    CHECK(s && s[0] == '\0');
    free(s);
    CHECK(term_safe_is_clean("ok \xc3\xa9", 5, 0));
    CHECK(!term_safe_is_clean("tab\t", 4, 0));
    CHECK(term_safe_is_clean("tab\t", 4, TERM_SAFE_KEEP_TAB));
    CHECK(!term_safe_is_clean("\xc2\x9b", 2, 0));
}

int main(void)
{
    RUN(test_escapes);
    RUN(test_whole_strings);
    return check_exit();
}
