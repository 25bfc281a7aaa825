/* lesson/schema: what a lesson may say, checked key by key. Every check
 * reports at the node it is about and carries on, so that one run of
 * `corelab check` shows every problem in a file. */
#include "lesson/schema.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "demo/catalogue.h"
#include "util/util.h"

typedef struct {
    const char *name;     /* file name in messages */
    const char *base_dir; /* where `run` files must exist; NULL: skip */
    DiagList *diags;
    size_t errors;
} Ctx;

static void err(Ctx *c, const YNode *at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A file of 100,000 unknown keys is one mistake, not 100,000 lines. */
#define SCHEMA_MAX_PROBLEMS 100

static void err(Ctx *c, const YNode *at, const char *fmt, ...)
{
    if (c->errors >= SCHEMA_MAX_PROBLEMS) {
        if (c->errors++ == SCHEMA_MAX_PROBLEMS)
            diag_add(c->diags, c->name, at ? at->line : 1, at ? at->col : 1,
                     "more than %d problems; stopping here", SCHEMA_MAX_PROBLEMS);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->diags, c->name, at ? at->line : 1, at ? at->col : 1, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* ---- keys of a mapping ---- */

typedef struct {
    const char *const *keys; /* NULL-terminated */
    const char *what;        /* "lesson", "step", "quiz" ... in messages */
    const YNode *vals[16];   /* value per key, NULL when absent */
    const YNode *keyn[16];   /* the key node, for locating messages */
    bool suggested[16];      /* an unknown key was taken for a misspelling of it */
} Fields;

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 32 || lb > 32)
        return 99;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (tolower((unsigned char)a[i - 1]) != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static void key_list(const char *const *keys, StrBuf *sb)
{
    for (size_t i = 0; keys[i]; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", keys[i]);
}

static void unknown_key(Ctx *c, Fields *f, const YNode *key)
{
    const char *best = NULL;
    size_t best_d = 3, best_i = 0;
    for (size_t i = 0; f->keys[i]; i++) {
        size_t d = edit_distance(key->value, f->keys[i]);
        if (d < best_d && d < strlen(f->keys[i])) {
            best_d = d;
            best = f->keys[i];
            best_i = i;
        }
    }
    if (best) {
        f->suggested[best_i] = true;
        err(c, key, "unknown key '%.60s' in %s; did you mean '%s'?", key->value, f->what, best);
        return;
    }
    StrBuf sb;
    strbuf_init(&sb);
    key_list(f->keys, &sb);
    err(c, key, "unknown key '%.60s' in %s (the keys are: %s)", key->value, f->what, sb.data);
    strbuf_free(&sb);
}

/* Sort the pairs of map into f->vals by key; unknown and repeated keys are
 * reported. Returns false when map is not a mapping (reported). */
static bool fields_read(Ctx *c, const YNode *map, Fields *f, const char *shape)
{
    memset(f->vals, 0, sizeof f->vals);
    memset(f->keyn, 0, sizeof f->keyn);
    memset(f->suggested, 0, sizeof f->suggested);
    if (!map || map->kind != YNODE_MAP) {
        err(c, map, "%s: expected a mapping (%s), got %s", f->what, shape, ynode_kind_name(map));
        return false;
    }
    for (size_t i = 0; i + 1 < map->n; i += 2) {
        const YNode *key = map->items[i];
        size_t k = 0;
        /* A key with a NUL in it ("title\0x") is no key of ours. */
        bool clean = strlen(key->value) == key->len;
        while (f->keys[k] && (!clean || strcmp(f->keys[k], key->value) != 0))
            k++;
        if (!f->keys[k]) {
            unknown_key(c, f, key);
        } else if (f->keyn[k]) {
            err(c, key, "duplicate key '%s' in %s (first at line %d)", f->keys[k], f->what,
                f->keyn[k]->line);
        } else {
            f->keyn[k] = key;
            f->vals[k] = map->items[i + 1];
        }
    }
    return true;
}

static const YNode *field(const Fields *f, const char *key)
{
    for (size_t k = 0; f->keys[k]; k++)
        if (strcmp(f->keys[k], key) == 0)
            return f->vals[k];
    return NULL;
}

/* A missing key that an unknown key was already taken for (a misspelling)
 * is not reported twice. */
static const YNode *require(Ctx *c, const Fields *f, const YNode *map, const char *key)
{
    for (size_t k = 0; f->keys[k]; k++) {
        if (strcmp(f->keys[k], key) != 0)
            continue;
        if (!f->vals[k] && !f->suggested[k])
            err(c, map, "missing required key '%s' in %s", key, f->what);
        return f->vals[k];
    }
    return NULL;
}

/* ---- values ---- */

/* Any scalar is text (a title may be "2024"); NULL when v is not. */
static char *get_string(Ctx *c, const YNode *v, const char *key, bool nonempty)
{
    if (!v)
        return NULL;
    if (v->kind != YNODE_SCALAR || ynode_is_null(v)) {
        err(c, v, "'%s': expected a string, got %s", key, ynode_kind_name(v));
        return NULL;
    }
    if (memchr(v->value, '\0', v->len)) {
        err(c, v, "'%s' contains a NUL character", key);
        return NULL;
    }
    if (nonempty && v->len == 0) {
        err(c, v, "'%s' is empty", key);
        return NULL;
    }
    return xstrdup(v->value);
}

static bool scalar_number(const YNode *v, bool integer, double *out)
{
    if (v->kind != YNODE_SCALAR || !v->plain || v->len == 0 || v->len > 40)
        return false;
    const char *s = v->value;
    char *end;
    errno = 0;
    if (integer) {
        for (const char *p = (*s == '-' || *s == '+') ? s + 1 : s; *p; p++)
            if (!isdigit((unsigned char)*p))
                return false;
        long long x = strtoll(s, &end, 10);
        if (errno || *end || end == s)
            return false;
        *out = (double)x;
        return true;
    }
    if (!isdigit((unsigned char)*s) && *s != '-' && *s != '+' && *s != '.')
        return false;
    double x = strtod(s, &end);
    if (errno || *end || end == s || !isfinite(x))
        return false;
    *out = x;
    return true;
}

static void number_type_error(Ctx *c, const YNode *v, const char *key, bool integer)
{
    const char *want = integer ? "a whole number" : "a number";
    if (v->kind == YNODE_SCALAR && !v->plain && v->len <= 40 && !memchr(v->value, '\0', v->len))
        err(c, v, "'%s': expected %s, got the quoted string \"%s\" (drop the quotes)", key, want,
            v->value);
    else if (v->kind == YNODE_SCALAR && !ynode_is_null(v))
        err(c, v, "'%s': expected %s, got '%.40s'", key, want, v->value);
    else
        err(c, v, "'%s': expected %s, got %s", key, want, ynode_kind_name(v));
}

static bool get_number(Ctx *c, const YNode *v, const char *key, bool integer, double min,
                       double max, const char *unit, double *out)
{
    double x;
    if (!scalar_number(v, integer, &x)) {
        number_type_error(c, v, key, integer);
        return false;
    }
    if (x < min || x > max) {
        err(c, v, "'%s' is %s; it must be between %g and %g%s%s", key, v->value, min, max,
            unit ? " " : "", unit ? unit : "");
        return false;
    }
    *out = x;
    return true;
}

static bool get_int(Ctx *c, const YNode *v, const char *key, long min, long max, const char *unit,
                    long *out)
{
    double x;
    if (!v || !get_number(c, v, key, true, (double)min, (double)max, unit, &x))
        return false;
    *out = (long)x;
    return true;
}

static void get_strlist(Ctx *c, const YNode *v, const char *key, StrList *out)
{
    if (!v)
        return;
    if (v->kind != YNODE_SEQ) {
        err(c, v, "'%s': expected a list of strings, got %s", key, ynode_kind_name(v));
        return;
    }
    out->items = xcalloc(v->n ? v->n : 1, sizeof *out->items);
    for (size_t i = 0; i < v->n; i++) {
        const YNode *it = v->items[i];
        if (it->kind != YNODE_SCALAR || ynode_is_null(it)) {
            err(c, it, "'%s': expected a list of strings, but item %zu is %s", key, i + 1,
                ynode_kind_name(it));
            continue;
        }
        char *s = get_string(c, it, key, true);
        if (s)
            out->items[out->n++] = s;
    }
}

/* One of a fixed set of words. */
static char *get_word(Ctx *c, const YNode *v, const char *key, const char *const *words)
{
    char *s = get_string(c, v, key, true);
    if (!s)
        return NULL;
    for (size_t i = 0; words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return s;
    StrBuf sb;
    strbuf_init(&sb);
    key_list(words, &sb);
    err(c, v, "'%s' is '%.40s'; it must be one of: %s", key, s, sb.data);
    strbuf_free(&sb);
    free(s);
    return NULL;
}

/* ---- code ---- */

static LessonCode *read_code(Ctx *c, const YNode *v)
{
    static const char *const keys[] = {"lang", "source", NULL};
    static const char *const langs[] = {"python", "c", "sh", "text", NULL};
    Fields f = {.keys = keys, .what = "code"};
    if (!fields_read(c, v, &f, "lang, source"))
        return NULL;
    LessonCode *code = xcalloc(1, sizeof *code);
    const YNode *lang = field(&f, "lang");
    code->lang = lang ? get_word(c, lang, "lang", langs) : NULL;
    if (!code->lang)
        code->lang = xstrdup("text");
    code->source = get_string(c, require(c, &f, v, "source"), "source", false);
    return code;
}

/* ---- demo ---- */

static void read_workers(Ctx *c, const YNode *v, LessonDemo *d)
{
    const int max_n = (int)(sizeof d->workers / sizeof d->workers[0]);
    if (v->kind == YNODE_SCALAR) {
        long w;
        if (get_int(c, v, "workers", 1, 1024, NULL, &w))
            d->workers[d->n_workers++] = (int)w;
        return;
    }
    if (v->kind != YNODE_SEQ || v->n == 0) {
        err(c, v, "'workers': expected a number or a list of numbers like [1, 2, 4], got %s",
            v->kind == YNODE_SEQ ? "an empty list" : ynode_kind_name(v));
        return;
    }
    if (v->n > (size_t)max_n) {
        err(c, v, "'workers' lists %zu counts; at most %d are allowed", v->n, max_n);
        return;
    }
    for (size_t i = 0; i < v->n; i++) {
        long w;
        if (get_int(c, v->items[i], "workers", 1, 1024, NULL, &w))
            d->workers[d->n_workers++] = (int)w;
    }
}

static void demo_catalogue_names(StrBuf *sb)
{
    int n;
    const DemoInfo *cat = demo_catalogue(&n);
    for (int i = 0; i < n; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", cat[i].name);
}

static void check_demo_name(Ctx *c, const YNode *name_n, const YNode *variant_n, LessonDemo *d)
{
    if (!d->name)
        return;
    const DemoInfo *info = demo_find(d->name);
    if (!info) {
        StrBuf sb;
        strbuf_init(&sb);
        demo_catalogue_names(&sb);
        err(c, name_n, "unknown demo '%.40s'; the demos are: %s", d->name, sb.data);
        strbuf_free(&sb);
        return;
    }
    if (d->variant && !demo_has_variant(info, d->variant))
        err(c, variant_n, "demo '%s' has no variant '%.40s'; its variants are: %s", info->name,
            d->variant, demo_variant_list(info));
}

static LessonDemo *read_demo(Ctx *c, const YNode *v)
{
    static const char *const keys[] = {"name", "variant", "workers", "work", "seconds",
                                       "switch_interval_ms", "chunksize", "schedule", NULL};
    static const char *const schedules[] = {"static", "dynamic", "guided", NULL};
    Fields f = {.keys = keys, .what = "demo"};
    if (!fields_read(c, v, &f, "name, variant, workers, ..."))
        return NULL;
    LessonDemo *d = xcalloc(1, sizeof *d);
    const YNode *name_n = require(c, &f, v, "name");
    const YNode *variant_n = field(&f, "variant");
    d->name = get_string(c, name_n, "name", true);
    d->variant = get_string(c, variant_n, "variant", true);
    check_demo_name(c, name_n, variant_n, d);
    if (field(&f, "workers"))
        read_workers(c, field(&f, "workers"), d);
    long n;
    if (get_int(c, field(&f, "work"), "work", 1, 1000000000000L, NULL, &n))
        d->work = n;
    if (get_int(c, field(&f, "chunksize"), "chunksize", 1, 1000000, NULL, &n))
        d->chunksize = (int)n;
    double x;
    if (field(&f, "seconds") &&
        get_number(c, field(&f, "seconds"), "seconds", false, 0.1, 60, "seconds", &x))
        d->seconds = x;
    if (field(&f, "switch_interval_ms") &&
        get_number(c, field(&f, "switch_interval_ms"), "switch_interval_ms", false, 0.001, 1000,
                   "ms", &x))
        d->switch_interval_ms = x;
    if (field(&f, "schedule"))
        d->schedule = get_word(c, field(&f, "schedule"), "schedule", schedules);
    return d;
}

/* ---- quiz ---- */

static LessonQuiz *read_quiz(Ctx *c, const YNode *v)
{
    static const char *const keys[] = {"question", "choices", "answer", "hint", "explain", NULL};
    Fields f = {.keys = keys, .what = "quiz"};
    if (!fields_read(c, v, &f, "question, choices, answer, hint, explain"))
        return NULL;
    LessonQuiz *q = xcalloc(1, sizeof *q);
    q->question = get_string(c, require(c, &f, v, "question"), "question", true);
    q->hint = get_string(c, field(&f, "hint"), "hint", false);
    q->explain = get_string(c, field(&f, "explain"), "explain", false);

    const YNode *choices = require(c, &f, v, "choices");
    size_t before = c->errors;
    get_strlist(c, choices, "choices", &q->choices);
    bool choices_ok = choices && c->errors == before;
    if (choices_ok && (choices->n < 2 || choices->n > 9)) {
        err(c, choices, "a quiz needs 2 to 9 choices (the number keys), got %zu", choices->n);
        choices_ok = false;
    }
    long max = choices_ok ? (long)q->choices.n : 9;
    const YNode *answer = require(c, &f, v, "answer");
    double x;
    if (answer && scalar_number(answer, true, &x) && (x < 1 || x > (double)max)) {
        if (choices_ok)
            err(c, answer, "'answer' is %s but the quiz has %ld choices; answer with 1 to %ld",
                answer->value, max, max);
        else
            err(c, answer, "'answer' is %s; it must be a choice number, 1 to 9", answer->value);
    } else if (answer) {
        long a;
        if (get_int(c, answer, "answer", 1, max, NULL, &a))
            q->answer = (int)a;
    }
    return q;
}

/* ---- run ---- */

/* Arguments that name a file of the lesson: a path, or a script. */
static bool looks_like_file(const char *arg)
{
    size_t n = strlen(arg);
    if (strchr(arg, '/'))
        return true;
    return (n > 3 && strcmp(arg + n - 3, ".py") == 0) ||
           (n > 3 && strcmp(arg + n - 3, ".sh") == 0) || (n > 2 && strcmp(arg + n - 2, ".c") == 0);
}

/* The column of byte offset off inside a scalar, where we can tell. */
static int col_in_scalar(const YNode *v, size_t off)
{
    if (!v->single_line)
        return v->col;
    size_t chars = 0;
    for (size_t i = 0; i < off && i < v->len; i++)
        if (((unsigned char)v->value[i] & 0xC0) != 0x80)
            chars++;
    return v->col + (int)chars + (v->plain ? 0 : 1);
}

static void check_run_files(Ctx *c, const YNode *v, const char *command)
{
    char **argv = lesson_run_argv(command);
    if (!argv)
        return;
    for (size_t i = 0; argv[i]; i++) {
        if (!looks_like_file(argv[i]))
            continue;
        char *path = argv[i][0] == '/' ? xstrdup(argv[i]) : path_join(c->base_dir, argv[i]);
        if (!path_is_file(path)) {
            const char *at = strstr(command, argv[i]);
            YNode loc = *v;
            loc.col = col_in_scalar(v, at ? (size_t)(at - command) : 0);
            err(c, &loc, "run: file '%.80s' not found (looked for %.200s)", argv[i], path);
        }
        free(path);
    }
    argv_free(argv);
}

static LessonRun *read_run(Ctx *c, const YNode *v)
{
    static const char *const keys[] = {"command", "expect", "timeout", NULL};
    Fields f = {.keys = keys, .what = "run"};
    if (!fields_read(c, v, &f, "command, expect, timeout"))
        return NULL;
    LessonRun *r = xcalloc(1, sizeof *r);
    r->timeout = 30;
    const YNode *cmd = require(c, &f, v, "command");
    r->command = get_string(c, cmd, "command", true);
    r->expect = get_string(c, field(&f, "expect"), "expect", false);
    long t;
    if (get_int(c, field(&f, "timeout"), "timeout", 1, 600, "seconds", &t))
        r->timeout = (int)t;
    if (!r->command)
        return r;
    size_t at;
    const char *problem = lesson_run_command_problem(r->command, &at);
    if (problem) {
        YNode loc = *cmd;
        loc.col = col_in_scalar(cmd, at);
        err(c, &loc, "run: %s", problem);
    } else if (c->base_dir) {
        check_run_files(c, cmd, r->command);
    }
    return r;
}

/* ---- steps ---- */

static void read_step(Ctx *c, const YNode *v, LessonStep *s)
{
    static const char *const keys[] = {"title", "text", "code", "demo", "quiz", "run", NULL};
    Fields f = {.keys = keys, .what = "step"};
    s->line = v->line;
    if (!fields_read(c, v, &f, "title, text, code, demo, quiz, run"))
        return;
    s->title = get_string(c, require(c, &f, v, "title"), "title", true);
    s->text = get_string(c, field(&f, "text"), "text", false);
    if (field(&f, "code"))
        s->code = read_code(c, field(&f, "code"));
    if (field(&f, "demo"))
        s->demo = read_demo(c, field(&f, "demo"));
    if (field(&f, "quiz"))
        s->quiz = read_quiz(c, field(&f, "quiz"));
    if (field(&f, "run"))
        s->run = read_run(c, field(&f, "run"));
    if (!field(&f, "text") && !field(&f, "code") && !field(&f, "demo") && !field(&f, "quiz") &&
        !field(&f, "run"))
        err(c, v, "step has nothing to show; give it text, code, demo, quiz or run");
}

static void read_steps(Ctx *c, const YNode *v, Lesson *l)
{
    if (v->kind != YNODE_SEQ) {
        err(c, v, "'steps': expected a list of steps, got %s", ynode_kind_name(v));
        return;
    }
    if (v->n == 0) {
        err(c, v, "'steps' is empty; a lesson needs at least one step");
        return;
    }
    l->steps = xcalloc(v->n, sizeof *l->steps);
    l->n_steps = v->n;
    for (size_t i = 0; i < v->n; i++)
        read_step(c, v->items[i], &l->steps[i]);
}

/* ---- the lesson ---- */

static void read_id(Ctx *c, const YNode *v, Lesson *l)
{
    char *id = get_string(c, v, "id", true);
    if (!id)
        return;
    l->id_line = v->line;
    l->id_col = v->col;
    size_t n = strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789-");
    if (id[n] || n > 64) {
        err(c, v, "'id' is '%.40s'; use lower-case letters, digits and '-' (at most 64)", id);
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
    Ctx c = {.name = name, .base_dir = base_dir, .diags = diags};
    Fields f = {.keys = keys, .what = "lesson"};
    if (!fields_read(&c, root, &f, "id, title, teaching, exercises, steps, ..."))
        return c.errors;
    const YNode *id = require(&c, &f, root, "id");
    if (id)
        read_id(&c, id, l);
    l->title = get_string(&c, require(&c, &f, root, "title"), "title", true);
    long m;
    if (get_int(&c, require(&c, &f, root, "teaching"), "teaching", 0, 600, "minutes", &m))
        l->teaching = (int)m;
    if (get_int(&c, require(&c, &f, root, "exercises"), "exercises", 0, 600, "minutes", &m))
        l->exercises = (int)m;
    get_strlist(&c, field(&f, "questions"), "questions", &l->questions);
    get_strlist(&c, field(&f, "objectives"), "objectives", &l->objectives);
    get_strlist(&c, field(&f, "keypoints"), "keypoints", &l->keypoints);
    const YNode *steps = require(&c, &f, root, "steps");
    if (steps)
        read_steps(&c, steps, l);
    return c.errors;
}
