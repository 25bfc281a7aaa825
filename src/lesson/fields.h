/* lesson/fields: reading the keys and typed values of a YAML mapping, with
 * a located message for every problem. The schema (schema.c) is written
 * with these. Internal to lesson/. */
#ifndef CORELAB_LESSON_FIELDS_H
#define CORELAB_LESSON_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"
#include "lesson/ytree.h"
#include "util/util.h"

/* Where problems go while one file is checked. */
typedef struct {
    const char *name;     /* file name in messages */
    const char *base_dir; /* where `run` files must exist; NULL: skip */
    DiagList *diags;
    size_t errors;
} Checker;

/* Report a problem at a node (or at 1:1 when at is NULL). After 100
 * problems in a file, one "stopping here" line is all that is added. */
void check_err(Checker *c, const YNode *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same at byte off of the scalar v's text, where its column can be
 * told (a single-line scalar); else at v. */
void check_err_in(Checker *c, const YNode *v, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Whether command, the scalar v, can run as a lesson's commands do
 * (lesson_run_command_problem); when not, "key: <why>" at its place. */
bool command_runs(Checker *c, const YNode *v, const char *command, const char *key);

/* The keys of one mapping. keys has at most 15 names. */
typedef struct {
    const char *const *keys; /* NULL-terminated */
    const char *what;        /* "lesson", "step", "quiz" ... in messages */
    const YNode *vals[16];   /* value per key, NULL when absent */
    const YNode *keyn[16];   /* the key node, for locating messages */
    bool suggested[16];      /* an unknown key was taken for a misspelling of it */
} Fields;

/* Sort the pairs of map into f->vals by key; unknown keys (with a
 * suggestion for a misspelling) and repeated keys are reported. Returns
 * false when map is not a mapping (reported; shape lists its keys). */
bool fields_read(Checker *c, const YNode *map, Fields *f, const char *shape);
const YNode *fields_get(const Fields *f, const char *key); /* NULL when absent */
const YNode *fields_key(const Fields *f, const char *key); /* the key's node; NULL when absent */
/* fields_get, reporting the key as missing (at map) when it is absent. */
const YNode *fields_require(Checker *c, const Fields *f, const YNode *map, const char *key);

/* Typed values. Each takes NULL (absent: nothing to do, returns
 * NULL/false) or a node, and reports a wrong type or range at it. */
char *value_string(Checker *c, const YNode *v, const char *key, bool nonempty);
bool value_is_number(const YNode *v, bool integer, double *out); /* no report */
bool value_number(Checker *c, const YNode *v, const char *key, bool integer, double min,
                  double max, const char *unit, double *out);
bool value_int(Checker *c, const YNode *v, const char *key, long min, long max, const char *unit,
               long *out);
/* true or false, unquoted (YAML's spellings: true, false, True, FALSE ...). */
bool value_bool(Checker *c, const YNode *v, const char *key, bool *out);
void value_strlist(Checker *c, const YNode *v, const char *key, StrList *out);
void strlist_free(StrList *s); /* its strings and their array */
char *value_word(Checker *c, const YNode *v, const char *key, const char *const *words);
/* "a, b, c" */
void words_join(const char *const *words, StrBuf *sb);

/* A command's word that names a file of the lesson: a path, or a script
 * (.py, .sh, .c). */
bool arg_looks_like_file(const char *arg);
/* The byte offset of word in command (0 when it is not there). */
size_t word_offset(const char *command, const char *word);

#endif
