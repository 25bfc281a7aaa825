/* ui/keys_doc: the key tables as `?` lists them, as the man page's KEYS
 * section (`corelab --keys-roff TEMPLATE`, run by the build to write the
 * installed man page) and as lines a test reads (`corelab --keys-list`).
 * Both options are hidden: they serve the build and the tests. */
#include "ui/ui_internal.h"
#include "ui/practice_ui.h"
#include "ui/classmode/classmode.h"
#include "ui/jupyter/jupyter_screen.h"
#include "ui/ui.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_SECTIONS = 16 };

static int add_sections(KeySection *out, int n, int max, const KeySection *list)
{
    for (const KeySection *s = list; s && s->keys && n < max; s++)
        out[n++] = *s;
    return n;
}

static const KeySection lesson_keys[] = {
    {"Reading a lesson", app_keys_lesson},
    {0},
};

static const KeySection everywhere_keys[] = {
    {"Everywhere", app_keys_every_screen},
    {NULL, app_keys_anywhere},
    {0},
};

int help_sections(const UiScreen *screen, const KeySection *mode_keys, KeySection *out, int max)
{
    int n = 0;
    if (screen) {
        n = add_sections(out, n, max, screen->keys);
    } else {
        n = add_sections(out, n, max, lesson_keys);
        n = add_sections(out, n, max, panel_key_sections);
        n = add_sections(out, n, max, exercise_key_sections);
        n = add_sections(out, n, max, mode_keys);
    }
    return add_sections(out, n, max, everywhere_keys);
}

/* ---- --keys-list: context, section, names, hint, what; one a line ---- */

static void list_sections(const char *context, const KeySection *secs, int n)
{
    const char *title = "";
    for (int i = 0; i < n; i++) {
        title = secs[i].title ? secs[i].title : title;
        for (const KeyBinding *b = secs[i].keys; b->names; b++)
            printf("%s\t%s\t%s\t%s\t%s\n", context, title, b->names, b->hint ? b->hint : "", b->what);
    }
}

int ui_cmd_keys_list(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    static const struct {
        const char *name;
        const UiScreen *screen;
        const KeySection *mode_keys;
    } contexts[] = {
        {"walk", NULL, NULL},
        {"teach", NULL, classmode_teach_keys},
        {"follow", NULL, classmode_follow_keys},
        {"index", &index_screen, NULL},
        {"search", &search_screen, NULL},
        {"jupyter", &jupyter_live_screen, NULL},
        {"solution", &solution_screen, NULL},
        {"answers", &classmode_answers_screen, NULL},
        {"released", &classmode_reveal_screen, NULL},
    };
    KeySection secs[MAX_SECTIONS];
    for (size_t i = 0; i < sizeof contexts / sizeof contexts[0]; i++) {
        int n = help_sections(contexts[i].screen, contexts[i].mode_keys, secs, MAX_SECTIONS);
        list_sections(contexts[i].name, secs, n);
    }
    /* `?` on the help closes it: its own keys are in its footer. */
    int n = add_sections(secs, 0, MAX_SECTIONS, help_screen.keys);
    list_sections("help", secs, n);
    return 0;
}

/* ---- --keys-roff: the man page's KEYS section ---- */

/* Text for roff: \ and - escaped, a leading . or ' made harmless. */
static void roff_text(FILE *f, const char *s)
{
    if (*s == '.' || *s == '\'')
        fputs("\\&", f);
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", f);
        else if (*s == '-')
            fputs("\\-", f);
        else
            fputc(*s, f);
    }
}

/* ".B g" or ".BR Right \", \" PgDn": the names in bold, commas between. */
static void roff_names(FILE *f, const char *names)
{
    fputs(strstr(names, "  ") ? ".BR " : ".B ", f);
    char *copy = xstrdup(names);
    char *save = NULL;
    bool first = true;
    for (char *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (!first)
            fputs(" \", \" ", f);
        roff_text(f, w);
        first = false;
    }
    fputc('\n', f);
    free(copy);
}

/* `more`, or `what` as a sentence. */
static void roff_description(FILE *f, const KeyBinding *b)
{
    if (b->more) {
        roff_text(f, b->more);
    } else {
        char *s = xasprintf("%s.", b->what);
        s[0] = (char)toupper((unsigned char)s[0]);
        roff_text(f, s);
        free(s);
    }
    fputc('\n', f);
}

static void roff_sections(FILE *f, const KeySection *list)
{
    for (const KeySection *s = list; s && s->keys; s++) {
        if (s->title) {
            fputs(".SS \"", f);
            roff_text(f, s->title);
            fputs("\"\n", f);
        }
        for (const KeyBinding *b = s->keys; b->names; b++) {
            fputs(b == s->keys && s->title ? ".TP 18\n" : ".TP\n", f);
            roff_names(f, b->names);
            roff_description(f, b);
        }
    }
}

static void roff_keys(FILE *f)
{
    fputs(".SH KEYS\n"
          "\\fB?\\fR on any screen lists that screen's keys and the ones that work everywhere;\n"
          "the panes' footers show the most used.\n",
          f);
    const KeySection *const order[] = {
        lesson_keys,        panel_key_sections,  exercise_key_sections, index_screen.keys,
        search_screen.keys, solution_screen.keys, jupyter_live_screen.keys, help_screen.keys,
        classmode_teach_keys, classmode_answers_screen.keys, classmode_follow_keys,
        classmode_reveal_screen.keys, everywhere_keys,
    };
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        roff_sections(f, order[i]);
}

static const char roff_marker[] = ".\\\" @KEYS@";

/* With TEMPLATE: the template with its marker line replaced by the KEYS
 * section; without: the section alone. */
int ui_cmd_keys_roff(int argc, char **argv)
{
    if (argc < 2) {
        roff_keys(stdout);
        return 0;
    }
    size_t len;
    char *text = read_file_bounded(argv[1], 1 << 20, &len, false);
    if (!text) {
        fprintf(stderr, "corelab: cannot read %s: %s\n", argv[1], strerror(errno));
        return 1;
    }
    bool found = false;
    for (char *line = text, *end; *line; line = end) {
        end = strchr(line, '\n');
        end = end ? end + 1 : line + strlen(line);
        if (strncmp(line, roff_marker, sizeof roff_marker - 1) == 0) {
            roff_keys(stdout);
            found = true;
        } else {
            fwrite(line, 1, (size_t)(end - line), stdout);
        }
    }
    free(text);
    if (!found) {
        fprintf(stderr, "corelab: %s has no %s line for the keys\n", argv[1], roff_marker);
        return 1;
    }
    return 0;
}
