/* Unit tests of the walker's pure parts: markup rendering and wrapping,
 * code highlighting, ASCII fallbacks, the progress file, the layout. */
#include "ui/ui_internal.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/check.h"

static bool doc_has(const Doc *d, const char *s)
{
    for (size_t i = 0; i < d->n; i++)
        if (strstr(d->lines[i].text, s))
            return true;
    return false;
}

/* The role of the first byte of s in the doc, or -1. */
static int role_of(const Doc *d, const char *s)
{
    for (size_t i = 0; i < d->n; i++) {
        const char *at = strstr(d->lines[i].text, s);
        if (at)
            return d->lines[i].roles[at - d->lines[i].text];
    }
    return -1;
}

static void test_markup(void)
{
    Doc d;
    doc_init(&d);
    const char *text = "A paragraph with **bold words**, *emphasis* and `inline code` that is long "
                       "enough to wrap at least once or twice at forty columns.\n"
                       "\n"
                       "- first item of a list\n"
                       "  continued here\n"
                       "- second item\n"
                       "2. numbered\n";
    render_markup(&d, text, 40, false, ROLE_NORMAL);
    for (size_t i = 0; i < d.n; i++)
        CHECK(text_width(d.lines[i].text, d.lines[i].len) <= 40, "line %zu too wide: '%s'", i,
              d.lines[i].text);
    CHECK(!doc_has(&d, "**") && !doc_has(&d, "`"), "markup characters left");
    CHECK(role_of(&d, "bold") == ROLE_BOLD, "bold role %d", role_of(&d, "bold"));
    CHECK(role_of(&d, "emphasis") == ROLE_EMPH, "emphasis role");
    CHECK(role_of(&d, "inline code") == ROLE_INLINE_CODE || role_of(&d, "inline") == ROLE_INLINE_CODE, "code role");
    CHECK(doc_has(&d, "\xe2\x80\xa2 first item of a list continued here"), "list item not joined");
    CHECK(doc_has(&d, "2. numbered"), "numbered item");
    bool blank = false;
    for (size_t i = 0; i < d.n; i++)
        blank |= d.lines[i].len == 0;
    CHECK(blank, "no blank line between paragraph and list");
    doc_free(&d);

    /* A word longer than the line is cut, never overflows. */
    doc_init(&d);
    render_markup(&d, "x https://example.org/a/very/long/path/that/does/not/fit/anywhere/at/all", 20,
                  false, ROLE_NORMAL);
    for (size_t i = 0; i < d.n; i++)
        CHECK(text_width(d.lines[i].text, d.lines[i].len) <= 20, "long word overflows: '%s'",
              d.lines[i].text);
    doc_free(&d);

    /* Unclosed marks are shown as typed. */
    doc_init(&d);
    render_markup(&d, "2 * 3 and a lone ` tick", 60, false, ROLE_NORMAL);
    CHECK(doc_has(&d, "2 * 3 and a lone ` tick"), "unclosed marks changed: '%s'", d.lines[0].text);
    doc_free(&d);
}

static void test_ascii(void)
{
    char *s = text_display("a \xe2\x86\x92 b \xe2\x80\x94 \xcf\x80 \xc3\x97 \xe2\x80\x9cq\xe2\x80\x9d \xe4\xb8\xad\tx", true);
    CHECK(strcmp(s, "a -> b -- pi x \"q\" ?    x") == 0, "ascii: '%s'", s);
    free(s);
    s = text_display("ctl\x01 \xe2\x86\x92", false);
    CHECK(strcmp(s, "ctl? \xe2\x86\x92") == 0, "utf-8 kept, control replaced: '%s'", s);
    free(s);
    Doc d;
    doc_init(&d);
    render_markup(&d, "- caf\xc3\xa9 \xe2\x86\x92 x", 40, true, ROLE_NORMAL);
    for (size_t i = 0; i < d.n; i++)
        for (size_t k = 0; k < d.lines[i].len; k++)
            CHECK((unsigned char)d.lines[i].text[k] < 0x80, "non-ASCII in ASCII mode: '%s'",
                  d.lines[i].text);
    doc_free(&d);
    CHECK(text_width("\xe4\xb8\xad", 3) == 2, "wide character width");
}

/* Code highlighted: where each text starts, the role it is drawn in. */
typedef struct {
    const char *text;
    int role;
    const char *what;
} Coloured;

static void code_roles(const char *lang, const char *code, size_t lines, const Coloured *want, size_t n)
{
    Doc d;
    doc_init(&d);
    render_code(&d, lang, code, 60, false);
    CHECK(lines == 0 || d.n == lines, "%s lines: %zu", lang, d.n);
    for (size_t i = 0; i < n; i++)
        CHECK(role_of(&d, want[i].text) == want[i].role, "%s: %s", lang, want[i].what);
    doc_free(&d);
}

static void test_code(void)
{
    static const Coloured python[] = {{"import", ROLE_KEYWORD, "keyword"},
                                      {"# note", ROLE_COMMENT, "comment"},
                                      {"'str'", ROLE_STRING, "a string"},
                                      {"\"s2\"", ROLE_STRING, "another string"},
                                      {"42", ROLE_NUMBER, "number"},
                                      {"still doc", ROLE_STRING, "triple-quoted string across lines"},
                                      {"y = 1", ROLE_CODE, "after the triple quote"}};
    code_roles("python", "import os  # note\nx = 'str' + \"s2\"\nn = 42\ns = \"\"\"doc\nstill doc\"\"\"\ny = 1\n", 6,
               python, sizeof python / sizeof python[0]);
    static const Coloured c[] = {{"int", ROLE_KEYWORD, "C keyword"},
                                 {"b */", ROLE_COMMENT, "block comment across lines"},
                                 {"return", ROLE_KEYWORD, "after the block comment"},
                                 {"// end", ROLE_COMMENT, "line comment"},
                                 {"\"a\\\"b\"", ROLE_STRING, "escaped quote in string"}};
    code_roles("c", "int x = 3; /* a\nb */ return x; // end\nchar *s = \"a\\\"b\";\n", 0, c, sizeof c / sizeof c[0]);

    /* Long code lines wrap within the width. */
    Doc d;
    doc_init(&d);
    render_code(&d, "python", "print('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa')\n", 30, true);
    CHECK(d.n == 3, "long code line rows: %zu", d.n);
    for (size_t i = 0; i < d.n; i++)
        CHECK(text_width(d.lines[i].text, d.lines[i].len) <= 30, "code row too wide");
    doc_free(&d);
}

static char *tmpdir;

static char *write_tmp(const char *name, const char *content)
{
    char *path = path_join(tmpdir, name);
    FILE *f = fopen(path, "w");
    fputs(content, f);
    fclose(f);
    return path;
}

static void test_progress(void)
{
    Progress p;
    const char *note;
    char *dir = path_join(tmpdir, "state/corelab");
    char *path = path_join(dir, "progress.json");
    progress_load(&p, path, &note);
    CHECK(note == NULL && p.n == 0, "missing file is empty progress");
    progress_set_step(&p, "gil", 3);
    progress_set_step(&p, "gil", 2);
    progress_set_answer(&p, "gil", 5, 2);
    progress_set_step(&p, "other", 1);
    CHECK(progress_save(&p) == 0, "save: %s", strerror(errno));
    progress_free(&p);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "file mode %o", st.st_mode & 0777);
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700, "dir mode %o", st.st_mode & 0777);

    progress_load(&p, path, &note);
    CHECK(note == NULL, "reload note %s", note);
    LessonProgress *lp = progress_get(&p, "gil", false);
    CHECK(lp && lp->step == 2 && lp->furthest == 3, "gil step/furthest");
    CHECK(progress_answer(&p, "gil", 5) == 2 && progress_answer(&p, "gil", 4) == 0, "answers");
    CHECK(p.last_id && strcmp(p.last_id, "other") == 0, "last id");
    progress_free(&p);

    /* Corrupt, wrong types, huge numbers: ignored, never a crash. */
    const char *bad[] = {
        "", "{", "[1,2]", "null", "{\"lessons\": 5}", "\x01\x02garbage",
        "{\"lessons\": {\"a\": {\"step\": \"x\", \"answers\": {\"zz\": 1, \"99999999999\": 2}}}}",
        "{\"last\": 7, \"lessons\": {\"a\": {\"step\": 1e300, \"furthest\": -4, \"answers\": []}}}",
        "{\"lessons\": {}} trailing",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *b = write_tmp("bad.json", bad[i]);
        progress_load(&p, b, &note);
        LessonProgress *a = progress_get(&p, "a", false);
        CHECK(!a || (a->step == 0 && a->furthest == 0 && a->n_answers == 0), "bad %zu kept values", i);
        CHECK(!p.last_id, "bad %zu: last id", i);
        progress_free(&p);
        free(b);
    }
    char *b = write_tmp("bad.json", "{");
    progress_load(&p, b, &note);
    CHECK(note != NULL, "corrupt file gives a note");
    progress_free(&p);
    free(b);
    free(path);
    free(dir);
}

static void test_layout(void)
{
    Layout l;
    layout_compute(&l, 23, 80, false, 0);
    CHECK(l.too_small, "80x23 too small");
    layout_compute(&l, 24, 79, false, 0);
    CHECK(l.too_small, "79x24 too small");
    layout_compute(&l, 24, 80, false, 0);
    CHECK(!l.too_small && l.text.w == 80 && l.text.h == 23 && l.status.y == 23, "80x24 text only");
    layout_compute(&l, 24, 80, true, 0);
    CHECK(!l.panel_right && l.panel.y > l.text.y + l.text.h - 1 && l.panel.h >= 6 && l.panel.w == 80,
          "80x24 panel below (h %d)", l.panel.h);
    layout_compute(&l, 40, 130, true, 0);
    CHECK(l.panel_right && l.panel.x > l.text.w && l.panel.w >= 50 && l.text.w >= 56,
          "130 columns panel right");
    CHECK(l.text.w + 1 + l.panel.w == 130, "columns add up");
    layout_compute(&l, 40, 160, true, 30);
    CHECK(l.side.w == 30 && l.side.x == 130 && l.panel.x + l.panel.w <= l.side_sep.x, "side pane");
    layout_compute(&l, 24, 80, false, 40);
    CHECK(l.text.w >= 60, "side pane never squeezes the text below 60 (%d)", l.text.w);
}

/* Random markup and code from a small alphabet full of the characters that
 * matter: nothing crashes and no line is wider than asked, in both modes. */
static void test_random(void)
{
    static const char *const pieces[] = {"*", "**", "`", "- ", "1. ", " ", "  ", "    ", "\n", "\n\n",
                                         "word", "longerwordwithoutspaces", "\xe2\x86\x92", "\xe4\xb8\xad",
                                         "\xcf\x80", "#", "\"", "'", "\"\"\"", "/*", "*/", "//", "\t", "42"};
    unsigned seed = 12345;
    for (int round = 0; round < 3000; round++) {
        StrBuf sb;
        strbuf_init(&sb);
        int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
        for (int i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            strbuf_adds(&sb, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
        }
        seed = seed * 1103515245u + 12345u;
        int width = 8 + (int)((seed >> 16) % 60);
        bool ascii = round % 2;
        Doc d;
        doc_init(&d);
        render_markup(&d, sb.data, width, ascii, ROLE_NORMAL);
        render_code(&d, round % 3 == 0 ? "python" : round % 3 == 1 ? "c" : "sh", sb.data, width, ascii);
        render_inline(&d, sb.data, width, ascii, "Hint: ", ROLE_HINT);
        for (size_t i = 0; i < d.n; i++) {
            int w = text_width(d.lines[i].text, d.lines[i].len);
            if (w > width) {
                CHECK(w <= width, "round %d: line of %d columns at width %d: '%s'", round, w, width,
                      d.lines[i].text);
                break;
            }
            for (size_t k = 0; ascii && k < d.lines[i].len; k++)
                if ((unsigned char)d.lines[i].text[k] >= 0x80) {
                    CHECK(false, "round %d: non-ASCII in ASCII mode", round);
                    break;
                }
        }
        doc_free(&d);
        strbuf_free(&sb);
    }
}

/* A valid progress file with random bytes changed: never a crash, and
 * whatever is read is in range. */
static void test_progress_mutations(void)
{
    const char *good = "{\"version\":1,\"last\":\"gil\",\"lessons\":{\"gil\":{\"step\":3,"
                       "\"furthest\":5,\"answers\":{\"4\":2,\"7\":1}},\"x\":{\"step\":1}}}\n";
    size_t len = strlen(good);
    unsigned seed = 777;
    for (int round = 0; round < 2000; round++) {
        char *buf = xstrdup(good);
        int changes = 1 + round % 4;
        for (int c = 0; c < changes; c++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 16) % len;
            seed = seed * 1103515245u + 12345u;
            buf[at] = (char)("0123456789{}[]\":,-e.x \xff"[(seed >> 16) % 24]);
        }
        char *path = write_tmp("mut.json", buf);
        Progress p;
        const char *note;
        progress_load(&p, path, &note);
        for (size_t i = 0; i < p.n; i++) {
            CHECK(p.items[i].step >= 0 && p.items[i].step <= 100000, "step out of range");
            for (size_t k = 0; k < p.items[i].n_answers; k++)
                CHECK(p.items[i].answers[k] >= 0 && p.items[i].answers[k] <= 1000, "answer out of range");
        }
        progress_free(&p);
        free(path);
        free(buf);
    }
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    char tmpl[] = "/tmp/corelab-ui-unit-XXXXXX";
    tmpdir = mkdtemp(tmpl);
    if (!tmpdir)
        return 99;
    test_markup();
    test_ascii();
    test_code();
    test_progress();
    test_layout();
    test_random();
    test_progress_mutations();
    char *cmd[] = {"rm", "-rf", tmpdir, NULL};
    pid_t pid = fork();
    if (pid == 0) {
        execvp("rm", cmd);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return check_exit();
}
