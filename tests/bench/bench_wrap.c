/* Wrapping a word longer than the line (ui/text_render.c): one lesson step
 * with 1 MiB and no space once took 7.7 s a layout, on start, on every
 * resize and on every return from an overlay.
 *
 *   bench_wrap --check   the cut lines of modest words, checked against a
 *                        plain greedy cut (a unit test: meson test)
 *   bench_wrap           lays out a 1 MiB word at two widths and reports
 *                        the time of each (meson test --benchmark); above
 *                        0.1 s a layout (1 s under a sanitizer) it fails */
#include "ui/ui_internal.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/check.h"

static const char *const pieces[] = {"a", "b", "c", "\xc3\xa9", "\xe2\x86\x92", "\xe6\xbc\xa2", "d"};

/* A word of n pieces: ASCII, 2- and 3-byte characters, a wide (CJK) one. */
static char *make_word(size_t n, size_t *len)
{
    StrBuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n; i++)
        strbuf_adds(&sb, pieces[(i * 7 + i / 5) % (sizeof pieces / sizeof pieces[0])]);
    *len = sb.len;
    return strbuf_detach(&sb);
}

/* The lines a plain greedy cut gives: as many characters as fit in width
 * columns, one line after another (a character wider than the line alone
 * on its line). */
static size_t greedy_lines(const char *w, size_t len, int width, size_t *starts, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len && n < max) {
        starts[n++] = i;
        int used = 0;
        size_t k = i;
        while (k < len) {
            size_t cl = utf8_len(w + k, len - k);
            int cw = text_width(w + k, cl);
            if (used + cw > width && k > i)
                break;
            used += cw;
            k += cl;
        }
        i = k;
    }
    return n;
}

/* The word (pieces_n characters) after prefix_markup, wrapped to width: the
 * first line starts with first_prefix, the others with indent spaces. */
static void check_word(size_t pieces_n, int width, const char *prefix_markup,
                       const char *first_prefix, int indent)
{
    size_t len;
    char *word = make_word(pieces_n, &len);
    StrBuf markup;
    strbuf_init(&markup);
    strbuf_adds(&markup, prefix_markup);
    strbuf_adds(&markup, word);
    Doc d;
    doc_init(&d);
    render_markup(&d, markup.data, width, false, ROLE_NORMAL);

    size_t max = len + 1, *starts = calloc(max, sizeof *starts);
    size_t want = greedy_lines(word, len, width - indent, starts, max);
    CHECK(d.n == want);
    for (size_t l = 0; l < d.n && l < want; l++) {
        size_t end = l + 1 < want ? starts[l + 1] : len;
        const DocLine *line = &d.lines[l];
        /* every line is its prefix, then the next piece of the word */
        size_t pre = l == 0 ? strlen(first_prefix) : (size_t)indent;
        CHECK(line->len == pre + (end - starts[l]));
        CHECK(line->len < pre || memcmp(line->text + pre, word + starts[l], end - starts[l]) == 0);
        CHECK(l > 0 || strncmp(line->text, first_prefix, pre) == 0);
        for (size_t k = 0; l > 0 && k < pre && k < line->len; k++)
            CHECK(line->text[k] == ' ');
        /* within the width, but for a character wider than the line alone */
        bool single = utf8_len(word + starts[l], len - starts[l]) == end - starts[l];
        CHECK(text_width(line->text, line->len) <= width || single);
    }
    if (check_failures)
        fprintf(stderr, "word of %zu characters at width %d: %zu lines, %zu expected\n", pieces_n,
                width, d.n, want);
    doc_free(&d);
    strbuf_free(&markup);
    free(starts);
    free(word);
}

static int check_mode(void)
{
    check_word(1000, 40, "", "", 0);
    check_word(3001, 37, "", "", 0); /* odd widths: a wide character may not fit at a line's end */
    /* a list item: the bullet, then lines indented to match */
    check_word(2500, 80, "- ", "\xe2\x80\xa2 ", 2);
    check_word(500, 1, "", "", 0);   /* narrower than a wide character: one character a line */
    check_word(10, 400, "", "", 0);  /* fits on one line */

    /* Words around it still wrap as words. */
    Doc d;
    doc_init(&d);
    render_markup(&d, "before xxxxxxxxxxxxxxxxxxxxxxxxx after", 10, false, ROLE_NORMAL);
    const char *want[] = {"before", "xxxxxxxxxx", "xxxxxxxxxx", "xxxxx", "after"};
    CHECK(d.n == 5);
    for (size_t i = 0; i < d.n && i < 5; i++)
        CHECK(strcmp(d.lines[i].text, want[i]) == 0);
    doc_free(&d);
    if (!check_failures)
        printf("wrap: long words cut as a greedy cut does\n");
    return check_exit();
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench_mode(void)
{
    const size_t bytes = 1 << 20;
    char *word = malloc(bytes + 1);
    for (size_t i = 0; i < bytes; i++)
        word[i] = (char)('a' + i % 26);
    word[bytes] = '\0';
    const char *san = getenv("CORELAB_SANITIZE");
    double limit = san && *san && strcmp(san, "none") != 0 ? 1.0 : 0.1;
    int rc = 0;
    const int widths[] = {96, 57}; /* a start, then a resize */
    for (size_t k = 0; k < 2; k++) {
        Doc d;
        doc_init(&d);
        double t0 = now();
        render_markup(&d, word, widths[k], false, ROLE_NORMAL);
        double t = now() - t0;
        printf("a 1 MiB word at width %d: %zu lines in %.4f s (%.0f%% of the %.1f s limit)\n",
               widths[k], d.n, t, 100 * t / limit, limit);
        if (d.n != (bytes + (size_t)widths[k] - 1) / (size_t)widths[k] || t > limit)
            rc = 1;
        doc_free(&d);
    }
    free(word);
    return rc;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C.UTF-8"); /* wcwidth for the wide characters */
    if (argc > 1 && strcmp(argv[1], "--check") == 0)
        return check_mode();
    return bench_mode();
}
