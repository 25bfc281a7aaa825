/* lesson/lesson_cmd: `corelab check` and `corelab list`. */
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "util/utf8.h"
#include "util/term_safe.h"
#include "util/util.h"

static const char check_usage[] =
    "usage: corelab check [PATH...]\n"
    "Validate lesson files (or every *.yaml in the folders given; by default the\n"
    "lesson folder). Every problem is printed as file:line:col: message.\n"
    "Exit status: 0 clean, 1 problems found, 2 usage error.\n";

static const char list_usage[] =
    "usage: corelab list [--lessons DIR]\n"
    "List the lessons: id, title, steps and planned minutes (teaching + exercises).\n";

/* How many different files the diagnostics name. */
static size_t files_with_problems(const DiagList *d)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (i > 0 && strcmp(d->items[i].file, d->items[i - 1].file) == 0)
            continue; /* sorted: same file as the previous one */
        n++;
    }
    return n;
}

static size_t total_steps(const LessonSet *set)
{
    size_t n = 0;
    for (size_t i = 0; i < set->n; i++)
        n += set->lessons[i]->n_steps;
    return n;
}

static int check_report(LessonSet *set, DiagList *diags)
{
    if (diags->n == 0) {
        printf("%zu lesson%s, %zu step%s: no problems\n", set->n, set->n == 1 ? "" : "s",
               total_steps(set), total_steps(set) == 1 ? "" : "s");
        return 0;
    }
    diag_list_print(diags, stderr);
    size_t bad = files_with_problems(diags);
    size_t files = set->n_files > bad ? set->n_files : bad;
    fprintf(stderr, "%zu error%s in %zu of %zu file%s\n", diags->n, diags->n == 1 ? "" : "s", bad,
            files, files == 1 ? "" : "s");
    return 1;
}

int lesson_cmd_check(int argc, char **argv)
{
    int first = 1;
    for (; first < argc; first++) {
        const char *a = argv[first];
        if (strcmp(a, "--") == 0) {
            first++;
            break;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(check_usage, stdout);
            return 0;
        }
        if (a[0] == '-' && a[1]) {
            fprintf(stderr, "corelab check: unknown option '%s' (try corelab check --help)\n", a);
            return 2;
        }
        break;
    }
    /* After the options: paths only (a '-' further on is a path too). */
    LessonSet set = {0};
    DiagList diags;
    diag_list_init(&diags);
    if (first < argc) {
        lesson_set_load_paths(argv + first, argc - first, &set, &diags);
    } else {
        const char *dir = lesson_default_dir(NULL);
        lesson_set_load_dir(dir, &set, &diags);
    }
    int rc = check_report(&set, &diags);
    diag_list_free(&diags);
    lesson_set_free(&set);
    return rc;
}

/* Terminal columns of a NUL-terminated UTF-8 string. The command line
 * keeps the C locale, where each printable character counts one column. */
static size_t columns(const char *s)
{
    return (size_t)text_width(s, strlen(s));
}

static void print_padded(const char *s, size_t width)
{
    size_t w = columns(s);
    fputs(s, stdout);
    for (; w < width; w++)
        putchar(' ');
}

static void list_print(const LessonSet *set)
{
    char *count = xasprintf("%zu lesson%s", set->n, set->n == 1 ? "" : "s");
    /* Room for the total's row too: "total", "0 lessons". */
    size_t idw = 5, titlew = columns(count);
    int minutes = 0;
    /* The loader refuses control characters; the table is made safe for
     * the terminal all the same, as every line of text from a lesson. */
    char **titles = xcalloc(set->n + 1, sizeof *titles);
    for (size_t i = 0; i < set->n; i++) {
        const Lesson *l = set->lessons[i];
        titles[i] = term_safe(l->title);
        if (columns(l->id) > idw)
            idw = columns(l->id);
        if (columns(titles[i]) > titlew)
            titlew = columns(titles[i]);
        minutes += l->teaching + l->exercises;
    }
    print_padded("ID", idw + 2);
    print_padded("TITLE", titlew + 2);
    printf("%5s  %7s\n", "STEPS", "MINUTES");
    for (size_t i = 0; i < set->n; i++) {
        const Lesson *l = set->lessons[i];
        print_padded(l->id, idw + 2);
        print_padded(titles[i], titlew + 2);
        printf("%5zu  %7d\n", l->n_steps, l->teaching + l->exercises);
        free(titles[i]);
    }
    free(titles);
    print_padded("total", idw + 2);
    print_padded(count, titlew + 2);
    printf("%5zu  %7d\n", total_steps(set), minutes);
    free(count);
}

int lesson_cmd_list(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(list_usage, stdout);
            return 0;
        }
        if (strcmp(a, "--lessons") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (strncmp(a, "--lessons=", 10) == 0) {
            dir = a + 10;
        } else if (strcmp(a, "--lessons") == 0) {
            fputs("corelab list: --lessons needs a folder\n", stderr);
            return 2;
        } else {
            fprintf(stderr, "corelab list: unexpected argument '%s' (try corelab list --help)\n", a);
            return 2;
        }
    }
    LessonSet set = {0};
    DiagList diags;
    diag_list_init(&diags);
    lesson_set_load_dir(lesson_default_dir(dir), &set, &diags);
    int rc = 0;
    if (diags.n) {
        diag_list_print(&diags, stderr);
        fprintf(stderr, "corelab list: %zu problem%s; `corelab check` shows them all\n", diags.n,
                diags.n == 1 ? "" : "s");
        rc = 1;
    }
    list_print(&set);
    diag_list_free(&diags);
    lesson_set_free(&set);
    return rc;
}
