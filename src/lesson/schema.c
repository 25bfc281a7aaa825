/* lesson/schema: what a lesson may say, key by key; lessons/README.md is
 * the same for authors. */
#include "lesson/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo/options.h"
#include "lesson/fields.h"
#include "lesson/schema_practice.h"
#include "util/util.h"

/* ---- code ---- */

static LessonCode *read_code(Checker *c, const YNode *v)
{
    static const char *const keys[] = {"lang", "source", NULL};
    static const char *const langs[] = {"python", "c", "sh", "text", NULL};
    Fields f = {.keys = keys, .what = "code"};
    if (!fields_read(c, v, &f, "lang, source"))
        return NULL;
    LessonCode *code = xcalloc(1, sizeof *code);
    const YNode *lang = fields_get(&f, "lang");
    code->lang = lang ? value_word(c, lang, "lang", langs) : NULL;
    if (!code->lang)
        code->lang = xstrdup("text");
    code->source = value_string(c, fields_require(c, &f, v, "source"), "source", false);
    return code;
}

/* ---- demo: its keys are the demo options table's (demo/options.h) ---- */

static void read_counts(Checker *c, const YNode *v, const DemoOption *o, LessonDemo *d)
{
    const int max_n = (int)(sizeof d->workers / sizeof d->workers[0]);
    long w;
    if (v->kind == YNODE_SCALAR) {
        if (value_int(c, v, o->key, (long)o->min, (long)o->max, NULL, &w))
            d->workers[d->n_workers++] = (int)w;
        return;
    }
    if (v->kind != YNODE_SEQ || v->n == 0) {
        check_err(c, v, "'%s': expected a number or a list of numbers like [1, 2, 4], got %s", o->key,
            v->kind == YNODE_SEQ ? "an empty list" : ynode_kind_name(v));
        return;
    }
    if (v->n > (size_t)max_n) {
        check_err(c, v, "'%s' lists %zu counts; at most %d are allowed", o->key, v->n, max_n);
        return;
    }
    for (size_t i = 0; i < v->n; i++)
        if (value_int(c, v->items[i], o->key, (long)o->min, (long)o->max, NULL, &w))
            d->workers[d->n_workers++] = (int)w;
}

/* Where a number lands in the LessonDemo. */
static void store_number(LessonDemo *d, DemoOptionId id, double x)
{
    switch (id) {
    case DEMO_OPT_WORK: d->work = (long)x; break;
    case DEMO_OPT_SECONDS: d->seconds = x; break;
    case DEMO_OPT_SWITCH_INTERVAL: d->switch_interval_ms = x; break;
    case DEMO_OPT_CHUNKSIZE: d->chunksize = (int)x; break;
    default: break;
    }
}

/* One demo key's value by its option's type and range; false when it has
 * none (reported). */
static bool read_option(Checker *c, const YNode *v, const DemoOption *o, LessonDemo *d)
{
    char **word = o->id == DEMO_OPT_VARIANT ? &d->variant : o->id == DEMO_OPT_SCHEDULE ? &d->schedule : NULL;
    const char *words[32];
    size_t before = c->errors;
    double x;
    long n;
    switch (o->type) {
    case DEMO_VALUE_VARIANT: /* checked against the demo's variants */
        *word = value_string(c, v, o->key, true);
        return *word != NULL;
    case DEMO_VALUE_WORD:
        demo_option_word_list(o, words, (int)(sizeof words / sizeof words[0]) - 1);
        *word = value_word(c, v, o->key, words);
        return *word != NULL;
    case DEMO_VALUE_COUNTS:
        read_counts(c, v, o, d);
        return c->errors == before;
    case DEMO_VALUE_INT:
        if (!value_int(c, v, o->key, (long)o->min, (long)o->max, o->unit, &n))
            return false;
        store_number(d, o->id, (double)n);
        return true;
    case DEMO_VALUE_NUMBER:
        if (!value_number(c, v, o->key, false, o->min, o->max, o->unit, &x))
            return false;
        store_number(d, o->id, x);
        return true;
    }
    return false;
}

static void check_demo_name(Checker *c, const YNode *name_n, const YNode *variant_n, LessonDemo *d)
{
    if (!d->name)
        return;
    const Demo *info = demo_find(d->name);
    StrBuf sb;
    strbuf_init(&sb);
    if (!info) {
        demo_names(&sb);
        check_err(c, name_n, "unknown demo '%.40s'; the demos are: %s", d->name, sb.data);
    } else if (d->variant && !demo_variant(info, d->variant)) {
        demo_variant_names(info, &sb);
        check_err(c, variant_n, "demo '%s' has no variant '%.40s'; its variants are: %s", info->name,
            d->variant, sb.data);
    }
    strbuf_free(&sb);
}

static LessonDemo *read_demo(Checker *c, const YNode *v)
{
    int nopt;
    const DemoOption *opts = demo_options(&nopt);
    const char *keys[DEMO_OPT_COUNT + 2] = {"name"};
    for (int i = 0; i < nopt; i++)
        keys[i + 1] = opts[i].key;
    keys[nopt + 1] = NULL;
    Fields f = {.keys = keys, .what = "demo"};
    if (!fields_read(c, v, &f, "name, variant, workers, ..."))
        return NULL;
    LessonDemo *d = xcalloc(1, sizeof *d);
    const YNode *name_n = fields_require(c, &f, v, "name");
    d->name = value_string(c, name_n, "name", true);
    bool ok[DEMO_OPT_COUNT] = {false};
    for (int i = 0; i < nopt; i++)
        if (f.vals[i + 1])
            ok[i] = read_option(c, f.vals[i + 1], &opts[i], d);
    check_demo_name(c, name_n, f.vals[DEMO_OPT_VARIANT + 1], d);
    /* A key the demo does not take is refused, as `corelab demo` refuses
     * its flag: once its value is right, so that one fix at a time helps. */
    const Demo *info = demo_find(d->name);
    for (int i = 0; i < nopt && info; i++)
        if (ok[i] && !demo_takes(info, &opts[i])) {
            char what[64], msg[256];
            snprintf(what, sizeof what, "'%s'", opts[i].key);
            demo_option_refusal(&opts[i], what, info->name, msg, sizeof msg);
            check_err(c, f.keyn[i + 1], "%s", msg);
        }
    return d;
}

/* ---- quiz ---- */

static LessonQuiz *read_quiz(Checker *c, const YNode *v)
{
    static const char *const keys[] = {"question", "choices", "answer", "hint", "explain", NULL};
    Fields f = {.keys = keys, .what = "quiz"};
    if (!fields_read(c, v, &f, "question, choices, answer, hint, explain"))
        return NULL;
    LessonQuiz *q = xcalloc(1, sizeof *q);
    q->question = value_string(c, fields_require(c, &f, v, "question"), "question", true);
    q->hint = value_string(c, fields_get(&f, "hint"), "hint", false);
    q->explain = value_string(c, fields_get(&f, "explain"), "explain", false);

    const YNode *choices = fields_require(c, &f, v, "choices");
    size_t before = c->errors;
    value_strlist(c, choices, "choices", &q->choices);
    bool choices_ok = choices && c->errors == before;
    if (choices_ok && (choices->n < 2 || choices->n > 9)) {
        check_err(c, choices, "a quiz needs 2 to 9 choices (the number keys), got %zu", choices->n);
        choices_ok = false;
    }
    long max = choices_ok ? (long)q->choices.n : 9;
    const YNode *answer = fields_require(c, &f, v, "answer");
    double x;
    if (answer && value_is_number(answer, true, &x) && (x < 1 || x > (double)max)) {
        if (choices_ok)
            check_err(c, answer, "'answer' is %s but the quiz has %ld choices; answer with 1 to %ld",
                answer->value, max, max);
        else
            check_err(c, answer, "'answer' is %s; it must be a choice number, 1 to 9", answer->value);
    } else if (answer) {
        long a;
        if (value_int(c, answer, "answer", 1, max, NULL, &a))
            q->answer = (int)a;
    }
    return q;
}

/* ---- run ---- */

static void check_run_files(Checker *c, const YNode *v, const char *command)
{
    char **argv = lesson_run_argv(command);
    if (!argv)
        return;
    for (size_t i = 0; argv[i]; i++) {
        if (!arg_looks_like_file(argv[i]))
            continue;
        char *path = argv[i][0] == '/' ? xstrdup(argv[i]) : path_join(c->base_dir, argv[i]);
        if (!path_is_file(path)) {
            check_err_in(c, v, word_offset(command, argv[i]), "run: file '%.80s' not found (looked for %.200s)",
                         argv[i], path);
        }
        free(path);
    }
    argv_free(argv);
}

static LessonRun *read_run(Checker *c, const YNode *v)
{
    static const char *const keys[] = {"command", "expect", "timeout", "trace", NULL};
    Fields f = {.keys = keys, .what = "run"};
    if (!fields_read(c, v, &f, "command, expect, timeout, trace"))
        return NULL;
    LessonRun *r = xcalloc(1, sizeof *r);
    r->timeout = 30;
    const YNode *cmd = fields_require(c, &f, v, "command");
    r->command = value_string(c, cmd, "command", true);
    r->expect = value_string(c, fields_get(&f, "expect"), "expect", false);
    long t;
    if (value_int(c, fields_get(&f, "timeout"), "timeout", 1, 600, "seconds", &t))
        r->timeout = (int)t;
    value_bool(c, fields_get(&f, "trace"), "trace", &r->trace);
    if (!r->command)
        return r;
    if (command_runs(c, cmd, r->command, "run") && c->base_dir)
        check_run_files(c, cmd, r->command);
    return r;
}

/* ---- steps ---- */

static void read_step(Checker *c, const YNode *v, LessonStep *s)
{
    static const char *const keys[] = {"title", "text", "code", "demo", "quiz", "run", "exercise",
                                       "predict", NULL};
    Fields f = {.keys = keys, .what = "step"};
    s->line = v->line;
    if (!fields_read(c, v, &f, "title, text, code, demo, quiz, run, exercise, predict"))
        return;
    s->title = value_string(c, fields_require(c, &f, v, "title"), "title", true);
    s->text = value_string(c, fields_get(&f, "text"), "text", false);
    if (fields_get(&f, "code"))
        s->code = read_code(c, fields_get(&f, "code"));
    if (fields_get(&f, "demo"))
        s->demo = read_demo(c, fields_get(&f, "demo"));
    if (fields_get(&f, "quiz"))
        s->quiz = read_quiz(c, fields_get(&f, "quiz"));
    if (fields_get(&f, "run"))
        s->run = read_run(c, fields_get(&f, "run"));
    if (fields_get(&f, "exercise"))
        s->exercise = schema_exercise(c, fields_get(&f, "exercise"));
    if (fields_get(&f, "predict"))
        s->predict = schema_predict(c, fields_get(&f, "predict"), fields_key(&f, "predict"),
                                    fields_get(&f, "demo") != NULL,
                                    fields_get(&f, "run") != NULL);
    if (!fields_get(&f, "text") && !fields_get(&f, "code") && !fields_get(&f, "demo") && !fields_get(&f, "quiz") &&
        !fields_get(&f, "run") && !fields_get(&f, "exercise"))
        check_err(c, v, "step has nothing to show; give it text, code, demo, quiz, run or exercise");
}

static void read_steps(Checker *c, const YNode *v, Lesson *l)
{
    if (v->kind != YNODE_SEQ) {
        check_err(c, v, "'steps': expected a list of steps, got %s", ynode_kind_name(v));
        return;
    }
    if (v->n == 0) {
        check_err(c, v, "'steps' is empty; a lesson needs at least one step");
        return;
    }
    l->steps = xcalloc(v->n, sizeof *l->steps);
    l->n_steps = v->n;
    for (size_t i = 0; i < v->n; i++)
        read_step(c, v->items[i], &l->steps[i]);
}

/* ---- the lesson ---- */

static void read_id(Checker *c, const YNode *v, Lesson *l)
{
    char *id = value_string(c, v, "id", true);
    if (!id)
        return;
    l->id_line = v->line;
    l->id_col = v->col;
    size_t n = strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-");
    if (id[n] || n > 64) {
        check_err(c, v, "'id' is '%.40s'; use lower-case letters, digits and '-' (at most 64)", id);
        free(id);
        return;
    }
    l->id = id;
}

size_t schema_lesson(const YNode *root, Lesson *l, const char *name, const char *base_dir,
                     DiagList *diags)
{
    static const char *const keys[] = {"id",        "title",     "teaching", "exercises",
                                       "questions", "objectives", "keypoints", "steps", NULL};
    Checker c = {.name = name, .base_dir = base_dir, .diags = diags};
    Fields f = {.keys = keys, .what = "lesson"};
    if (!fields_read(&c, root, &f, "id, title, teaching, exercises, steps, ..."))
        return c.errors;
    const YNode *id = fields_require(&c, &f, root, "id");
    if (id)
        read_id(&c, id, l);
    l->title = value_string(&c, fields_require(&c, &f, root, "title"), "title", true);
    long m;
    if (value_int(&c, fields_require(&c, &f, root, "teaching"), "teaching", 0, 600, "minutes", &m))
        l->teaching = (int)m;
    if (value_int(&c, fields_require(&c, &f, root, "exercises"), "exercises", 0, 600, "minutes", &m))
        l->exercises = (int)m;
    value_strlist(&c, fields_get(&f, "questions"), "questions", &l->questions);
    value_strlist(&c, fields_get(&f, "objectives"), "objectives", &l->objectives);
    value_strlist(&c, fields_get(&f, "keypoints"), "keypoints", &l->keypoints);
    const YNode *steps = fields_require(&c, &f, root, "steps");
    if (steps)
        read_steps(&c, steps, l);
    schema_exercises_distinct(&c, l);
    return c.errors;
}
