/* lesson/fields: keys and typed values of a YAML mapping. Every check
 * reports at the node it is about and lets the caller carry on, so that
 * one run of `corelab check` shows every problem in a file. */
#include "lesson/fields.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* A file of 100,000 unknown keys is one mistake, not 100,000 lines. */
#define SCHEMA_MAX_PROBLEMS 100

static void check_verr(Checker *c, int line, int col, const char *fmt, va_list ap)
{
    if (c->errors >= SCHEMA_MAX_PROBLEMS) {
        if (c->errors++ == SCHEMA_MAX_PROBLEMS)
            diag_add(c->diags, c->name, line, col, "more than %d problems; stopping here", SCHEMA_MAX_PROBLEMS);
        return;
    }
    diag_vadd(c->diags, c->name, line, col, fmt, ap);
    c->errors++;
}

void check_err(Checker *c, const YNode *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_verr(c, at ? at->line : 1, at ? at->col : 1, fmt, ap);
    va_end(ap);
}

/* The column of byte offset off inside a scalar. */
static int scalar_col_at(const YNode *v, size_t off)
{
    if (!v->single_line)
        return v->col;
    size_t chars = 0;
    for (size_t i = 0; i < off && i < v->len; i++)
        if (((unsigned char)v->value[i] & 0xC0) != 0x80)
            chars++;
    return v->col + (int)chars + (v->plain ? 0 : 1);
}

void check_err_in(Checker *c, const YNode *v, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    check_verr(c, v->line, scalar_col_at(v, off), fmt, ap);
    va_end(ap);
}

bool command_runs(Checker *c, const YNode *v, const char *command, const char *key)
{
    size_t at;
    const char *problem = lesson_run_command_problem(command, &at);
    if (problem)
        check_err_in(c, v, at, "%s: %s", key, problem);
    return !problem;
}

size_t word_offset(const char *command, const char *word)
{
    const char *at = strstr(command, word);
    return at ? (size_t)(at - command) : 0;
}

/* ---- keys of a mapping ---- */


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

void words_join(const char *const *keys, StrBuf *sb)
{
    for (size_t i = 0; keys[i]; i++)
        strbuf_addf(sb, "%s%s", i ? ", " : "", keys[i]);
}

/* Keys that are right in another mapping: the message says where. */
static const struct {
    const char *key, *where;
} elsewhere[] = {
    {"trace", "a step's run: or an exercise's check:"},
};

static void unknown_key(Checker *c, Fields *f, const YNode *key)
{
    for (size_t i = 0; i < sizeof elsewhere / sizeof elsewhere[0]; i++)
        if (strcmp(key->value, elsewhere[i].key) == 0) {
            check_err(c, key, "'%s' is not a key of %s; it goes in %s", key->value, f->what, elsewhere[i].where);
            return;
        }
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
        check_err(c, key, "unknown key '%.60s' in %s; did you mean '%s'?", key->value, f->what, best);
        return;
    }
    StrBuf sb;
    strbuf_init(&sb);
    words_join(f->keys, &sb);
    check_err(c, key, "unknown key '%.60s' in %s (the keys are: %s)", key->value, f->what, sb.data);
    strbuf_free(&sb);
}

/* Sort the pairs of map into f->vals by key; unknown and repeated keys are
 * reported. Returns false when map is not a mapping (reported). */
bool fields_read(Checker *c, const YNode *map, Fields *f, const char *shape)
{
    memset(f->vals, 0, sizeof f->vals);
    memset(f->keyn, 0, sizeof f->keyn);
    memset(f->suggested, 0, sizeof f->suggested);
    if (!map || map->kind != YNODE_MAP) {
        check_err(c, map, "%s: expected a mapping (%s), got %s", f->what, shape, ynode_kind_name(map));
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
            check_err(c, key, "duplicate key '%s' in %s (first at line %d)", f->keys[k], f->what,
                f->keyn[k]->line);
        } else {
            f->keyn[k] = key;
            f->vals[k] = map->items[i + 1];
        }
    }
    return true;
}

const YNode *fields_get(const Fields *f, const char *key)
{
    for (size_t k = 0; f->keys[k]; k++)
        if (strcmp(f->keys[k], key) == 0)
            return f->vals[k];
    return NULL;
}

const YNode *fields_key(const Fields *f, const char *key)
{
    for (size_t k = 0; f->keys[k]; k++)
        if (strcmp(f->keys[k], key) == 0)
            return f->keyn[k];
    return NULL;
}

/* A missing key that an unknown key was already taken for (a misspelling)
 * is not reported twice. */
const YNode *fields_require(Checker *c, const Fields *f, const YNode *map, const char *key)
{
    for (size_t k = 0; f->keys[k]; k++) {
        if (strcmp(f->keys[k], key) != 0)
            continue;
        if (!f->vals[k] && !f->suggested[k])
            check_err(c, map, "missing required key '%s' in %s", key, f->what);
        return f->vals[k];
    }
    return NULL;
}

/* ---- values ---- */

/* Any scalar is text (a title may be "2024"); NULL when v is not. */
char *value_string(Checker *c, const YNode *v, const char *key, bool nonempty)
{
    if (!v)
        return NULL;
    if (v->kind != YNODE_SCALAR || ynode_is_null(v)) {
        check_err(c, v, "'%s': expected a string, got %s", key, ynode_kind_name(v));
        return NULL;
    }
    if (memchr(v->value, '\0', v->len)) {
        check_err(c, v, "'%s' contains a NUL character", key);
        return NULL;
    }
    if (nonempty && v->len == 0) {
        check_err(c, v, "'%s' is empty", key);
        return NULL;
    }
    return xstrdup(v->value);
}

bool value_is_number(const YNode *v, bool integer, double *out)
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

static void number_type_error(Checker *c, const YNode *v, const char *key, bool integer)
{
    const char *want = integer ? "a whole number" : "a number";
    if (v->kind == YNODE_SCALAR && !v->plain && v->len <= 40 && !memchr(v->value, '\0', v->len))
        check_err(c, v, "'%s': expected %s, got the quoted string \"%s\" (drop the quotes)", key, want,
            v->value);
    else if (v->kind == YNODE_SCALAR && !ynode_is_null(v))
        check_err(c, v, "'%s': expected %s, got '%.40s'", key, want, v->value);
    else
        check_err(c, v, "'%s': expected %s, got %s", key, want, ynode_kind_name(v));
}

bool value_number(Checker *c, const YNode *v, const char *key, bool integer, double min,
                       double max, const char *unit, double *out)
{
    double x;
    if (!v)
        return false;
    if (!value_is_number(v, integer, &x)) {
        number_type_error(c, v, key, integer);
        return false;
    }
    if (x < min || x > max) {
        check_err(c, v, "'%s' is %s; it must be between %g and %g%s%s", key, v->value, min, max,
            unit ? " " : "", unit ? unit : "");
        return false;
    }
    *out = x;
    return true;
}

bool value_int(Checker *c, const YNode *v, const char *key, long min, long max, const char *unit,
                    long *out)
{
    double x;
    if (!v || !value_number(c, v, key, true, (double)min, (double)max, unit, &x))
        return false;
    *out = (long)x;
    return true;
}

bool value_bool(Checker *c, const YNode *v, const char *key, bool *out)
{
    static const char *const yes[] = {"true", "True", "TRUE", NULL}, *const no[] = {"false", "False", "FALSE", NULL};
    if (!v)
        return false;
    for (int i = 0; v->kind == YNODE_SCALAR && v->plain && yes[i]; i++)
        if (strcmp(v->value, yes[i]) == 0 || strcmp(v->value, no[i]) == 0) {
            *out = strcmp(v->value, yes[i]) == 0;
            return true;
        }
    if (v->kind == YNODE_SCALAR && !v->plain && v->len <= 40 && !memchr(v->value, '\0', v->len))
        check_err(c, v, "'%s': expected true or false, got the quoted string \"%s\" (drop the quotes)", key,
                  v->value);
    else if (v->kind == YNODE_SCALAR && !ynode_is_null(v))
        check_err(c, v, "'%s': expected true or false, got '%.40s'", key, v->value);
    else
        check_err(c, v, "'%s': expected true or false, got %s", key, ynode_kind_name(v));
    return false;
}

void value_strlist(Checker *c, const YNode *v, const char *key, StrList *out)
{
    if (!v)
        return;
    if (v->kind != YNODE_SEQ) {
        check_err(c, v, "'%s': expected a list of strings, got %s", key, ynode_kind_name(v));
        return;
    }
    out->items = xcalloc(v->n ? v->n : 1, sizeof *out->items);
    for (size_t i = 0; i < v->n; i++) {
        const YNode *it = v->items[i];
        if (it->kind != YNODE_SCALAR || ynode_is_null(it)) {
            check_err(c, it, "'%s': expected a list of strings, but item %zu is %s", key, i + 1,
                ynode_kind_name(it));
            continue;
        }
        char *s = value_string(c, it, key, true);
        if (s)
            out->items[out->n++] = s;
    }
}

void strlist_free(StrList *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->items[i]);
    free(s->items);
}

/* One of a fixed set of words. */
char *value_word(Checker *c, const YNode *v, const char *key, const char *const *words)
{
    char *s = value_string(c, v, key, true);
    if (!s)
        return NULL;
    for (size_t i = 0; words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return s;
    StrBuf sb;
    strbuf_init(&sb);
    words_join(words, &sb);
    check_err(c, v, "'%s' is '%.40s'; it must be one of: %s", key, s, sb.data);
    strbuf_free(&sb);
    free(s);
    return NULL;
}

/* ---- inside values ---- */

bool arg_looks_like_file(const char *arg)
{
    size_t n = strlen(arg);
    if (strchr(arg, '/'))
        return true;
    return (n > 3 && strcmp(arg + n - 3, ".py") == 0) ||
           (n > 3 && strcmp(arg + n - 3, ".sh") == 0) || (n > 2 && strcmp(arg + n - 2, ".c") == 0);
}
