/* Every option of the options table, given to every demo, is taken or
 * refused alike by the three places that read it: `corelab demo` (its
 * parser, and the real binary), the lesson validator (a lesson loaded from
 * memory) and the panel's command line. A refusal is the same one line
 * naming the demos that take the option; what is taken goes through. */
#include "demo/options.h"
#include "lesson/lesson.h"
#include "ui/panes/panel.h"
#include "util/spawn.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../lib/check.h"

/* A value in range for o, as text, given to demo d. */
static void sample_value(const DemoOption *o, const Demo *d, char *buf, size_t n)
{
    const char *words[16];
    switch (o->type) {
    case DEMO_VALUE_VARIANT:
        snprintf(buf, n, "%s", d->variants[d->nvariants - 1].name);
        return;
    case DEMO_VALUE_WORD:
        demo_option_word_list(o, words, 15);
        snprintf(buf, n, "%s", words[0]);
        return;
    case DEMO_VALUE_COUNTS:
        snprintf(buf, n, "%g", o->min);
        return;
    case DEMO_VALUE_INT: /* enough work for a worker per CPU */
        snprintf(buf, n, "%.0f", o->min * 1000 < o->max ? o->min * 1000 : o->max);
        return;
    case DEMO_VALUE_NUMBER:
        snprintf(buf, n, "%g", o->dflt ? o->dflt : o->min);
        return;
    }
}

/* The refusal names every demo that takes the option, and this one. */
static bool names_takers(const char *msg, const DemoOption *o, const Demo *d)
{
    int n;
    const Demo *const *all = demo_all(&n);
    bool ok = msg && strstr(msg, "belongs to the") && strstr(msg, d->name);
    for (int i = 0; i < n && ok; i++)
        ok = !demo_takes(all[i], o) || strstr(msg, all[i]->name);
    if (!ok)
        fprintf(stderr, "%s %s: refusal \"%s\"\n", d->name, o->flag, msg ? msg : "(none)");
    return ok;
}

/* `corelab demo NAME FLAG VALUE`, parsed and checked as the command does. */
static bool cli_parser_takes(const Demo *d, const DemoOption *o, const char *value)
{
    char *argv[] = {(char *)d->name, (char *)o->flag, (char *)value, NULL};
    DemoOpts opts;
    char err[256];
    CHECK(demo_opts_parse(3, argv, &opts, err, sizeof err) == 0); /* in range */
    if (demo_opts_check(&opts, d, err, sizeof err) == 0)
        return true;
    CHECK(names_takers(err, o, d));
    CHECK(strncmp(err, o->flag, strlen(o->flag)) == 0);
    return false;
}

/* The real binary with --help: it checks everything, runs nothing. */
static bool cli_binary_takes(const Demo *d, const DemoOption *o, const char *value)
{
    const char *bin = getenv("CORELAB_BIN");
    if (!bin) {
        fprintf(stderr, "CORELAB_BIN is not set\n");
        check_failures++;
        return false;
    }
    char *argv[] = {(char *)bin, "demo", (char *)d->name, (char *)o->flag, (char *)value, "--help", NULL};
    SpawnOpts so = spawn_opts_default();
    char *out = NULL;
    int status = -1;
    CHECK(run_capture(argv, &so, 30, 1 << 16, &out, &status) == 0);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok) {
        CHECK(out && strstr(out, d->summary));
    } else {
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 2);
        /* one line: "corelab demo: <the refusal>" */
        CHECK(out && strncmp(out, "corelab demo: ", 14) == 0 && strchr(out, '\n') == out + strlen(out) - 1);
        CHECK(names_takers(out, o, d));
    }
    free(out);
    return ok;
}

/* A lesson whose one step runs d with o's key set. */
static bool lesson_takes(const Demo *d, const DemoOption *o, const char *value)
{
    char prefix[128], text[512];
    snprintf(prefix, sizeof prefix, "    demo: {name: %s, ", d->name);
    snprintf(text, sizeof text, "id: t\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n  - title: S\n%s%s: %s}\n",
             prefix, o->key, value);
    DiagList diags;
    diag_list_init(&diags);
    Lesson *l = lesson_load_buffer("t.yaml", NULL, (const unsigned char *)text, strlen(text), &diags);
    bool ok = l != NULL;
    if (!ok) {
        CHECK(diags.n == 1);
        /* at the key, as `corelab check` prints file:line:col */
        CHECK(diags.items[0].line == 7 && diags.items[0].col == (int)strlen(prefix) + 1);
        char quoted[64];
        snprintf(quoted, sizeof quoted, "'%s'", o->key);
        CHECK(strncmp(diags.items[0].message, quoted, strlen(quoted)) == 0);
        CHECK(names_takers(diags.items[0].message, o, d));
    }
    lesson_free(l);
    diag_list_free(&diags);
    return ok;
}

/* The step's demo with the option set, as the lesson would give it. */
static void set_in_lesson(LessonDemo *ld, const DemoOption *o, const char *value)
{
    switch (o->id) {
    case DEMO_OPT_VARIANT: ld->variant = (char *)value; break;
    case DEMO_OPT_WORKERS:
        ld->workers[0] = atoi(value);
        ld->n_workers = 1;
        break;
    case DEMO_OPT_WORK: ld->work = atol(value); break;
    case DEMO_OPT_SECONDS: ld->seconds = atof(value); break;
    case DEMO_OPT_SWITCH_INTERVAL: ld->switch_interval_ms = atof(value); break;
    case DEMO_OPT_CHUNKSIZE: ld->chunksize = atoi(value); break;
    case DEMO_OPT_SCHEDULE: ld->schedule = (char *)value; break;
    case DEMO_OPT_COUNT: break;
    }
}

/* The panel's command line for that step; what it runs, `corelab demo`
 * takes. */
static bool panel_takes(const Demo *d, const DemoOption *o, const char *value)
{
    UiCaps caps = {true, false};
    Panel *p = panel_new(&caps, "/usr/bin/corelab");
    LessonDemo ld = {.name = (char *)d->name};
    set_in_lesson(&ld, o, value);
    LessonStep step = {.title = "S", .demo = &ld};
    Lesson lesson = {.dir = "."};
    panel_set_step(p, &lesson, &step);
    char err[256];
    char **argv = panel_demo_argv(p, err, sizeof err);
    bool ok = argv != NULL;
    if (ok) {
        int argc = 0, at = -1;
        for (; argv[argc]; argc++)
            if (strcmp(argv[argc], o->flag) == 0)
                at = argc;
        CHECK(argc >= 4 && strcmp(argv[1], "demo") == 0 && strcmp(argv[argc - 1], "--json") == 0);
        CHECK(at > 0 && strcmp(argv[at + 1], value) == 0);
        DemoOpts opts;
        CHECK(demo_opts_parse(argc - 2, argv + 2, &opts, err, sizeof err) == 0);
        CHECK(demo_opts_check(&opts, d, err, sizeof err) == 0);
    } else {
        CHECK(names_takers(err, o, d));
    }
    argv_free(argv);
    panel_free(p);
    return ok;
}

int main(void)
{
    int ndemos, nopts;
    const Demo *const *all = demo_all(&ndemos);
    const DemoOption *opts = demo_options(&nopts);
    int refused = 0;
    for (int i = 0; i < ndemos; i++)
        for (int k = 0; k < nopts; k++) {
            const Demo *d = all[i];
            const DemoOption *o = &opts[k];
            char value[64];
            sample_value(o, d, value, sizeof value);
            bool want = demo_takes(d, o);
            bool cli = cli_parser_takes(d, o, value), bin = cli_binary_takes(d, o, value);
            bool check = lesson_takes(d, o, value), panel = panel_takes(d, o, value);
            if (cli != want || bin != want || check != want || panel != want)
                fprintf(stderr, "%s %s %s: takes %d; parser %d, binary %d, check %d, panel %d\n", d->name, o->flag,
                        value, want, cli, bin, check, panel);
            CHECK(cli == want && bin == want && check == want && panel == want);
            refused += !want;
        }
    CHECK(refused > 0); /* some demo does not take some option */
    return check_exit();
}
