/* lesson/schema_practice: what `exercise:` and `predict:` may say, key by
 * key; lessons/README.md is the same for authors. */
#include "lesson/schema_practice.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/util.h"

/* ---- files shipped with the lesson ---- */

/* A path inside the lesson's folder that must exist there (what: "starter",
 * "solution", "checker" in messages). Returns the path, or NULL when it is
 * unusable (reported). */
static char *lesson_file(Checker *c, const YNode *v, const char *key, const char *what)
{
    char *path = value_string(c, v, key, true);
    if (!path)
        return NULL;
    const char *problem = NULL;
    if (path[0] == '/')
        problem = "must be a path inside the lesson's folder, not an absolute path";
    else if (strcmp(path, "..") == 0 || strncmp(path, "../", 3) == 0 || strstr(path, "/../") ||
             (strlen(path) >= 3 && strcmp(path + strlen(path) - 3, "/..") == 0))
        problem = "must stay inside the lesson's folder (no '..')";
    else if (path[strlen(path) - 1] == '/')
        problem = "must name a file, not a folder";
    if (problem) {
        check_err(c, v, "'%s' is '%.80s'; it %s", key, path, problem);
        free(path);
        return NULL;
    }
    if (!c->base_dir)
        return path;
    char *full = path_join(c->base_dir, path);
    if (!path_is_file(full))
        check_err(c, v, "%s '%.80s' not found (looked for %.200s)", what, path, full);
    else if (strcmp(what, "checker") == 0 && !lesson_checker_is_python(path) && access(full, X_OK) != 0)
        check_err(c, v, "checker '%.80s' is not executable (chmod +x it, or name it .py to run it with python3)",
                  path);
    free(full);
    return path;
}

/* ---- check ---- */

/* The command's words that name files must be the learner's file (the only
 * file in the workspace, where the check runs), and one of them must be. */
static void check_command_files(Checker *c, const YNode *v, const char *command, const char *name)
{
    char **argv = lesson_run_argv(command);
    if (!argv)
        return;
    bool names_it = false;
    for (size_t i = 1; argv[i]; i++) {
        const char *w = argv[i];
        if (strcmp(w, name) == 0 || (strncmp(w, "./", 2) == 0 && strcmp(w + 2, name) == 0)) {
            names_it = true;
        } else if (arg_looks_like_file(w) && w[0] != '/') {
            check_err_in(c, v, word_offset(command, w),
                         "check: '%.80s' is not in the workspace; the check runs there, beside %s alone "
                         "(a checker script can use more files)",
                         w, name);
        }
    }
    if (!names_it)
        check_err(c, v, "check: the command does not name %s, the learner's file", name);
    argv_free(argv);
}

static void read_check_command(Checker *c, const Fields *f, LessonCheck *k, const char *name)
{
    const YNode *cmd = fields_get(f, "command");
    k->command = value_string(c, cmd, "command", true);
    k->expect = value_string(c, fields_get(f, "expect"), "expect", true);
    if (!k->command)
        return;
    if (command_runs(c, cmd, k->command, "check") && name)
        check_command_files(c, cmd, k->command, name);
}

static void read_check(Checker *c, const YNode *v, LessonCheck *k, const char *name)
{
    static const char *const keys[] = {"command", "expect", "script", "timeout", "trace", NULL};
    Fields f = {.keys = keys, .what = "check"};
    k->timeout = 30;
    if (!fields_read(c, v, &f, "command, expect, timeout, trace; or script, timeout, trace"))
        return;
    long t;
    if (value_int(c, fields_get(&f, "timeout"), "timeout", 1, 600, "seconds", &t))
        k->timeout = (int)t;
    value_bool(c, fields_get(&f, "trace"), "trace", &k->trace);
    const YNode *script = fields_get(&f, "script");
    if (script && fields_get(&f, "command")) {
        check_err(c, fields_key(&f, "script"), "check: give a command or a script, not both");
        return;
    }
    if (script) {
        if (fields_get(&f, "expect"))
            check_err(c, fields_key(&f, "expect"),
                      "check: 'expect' goes with a command; a checker script passes by exiting with status 0");
        k->script = lesson_file(c, script, "script", "checker");
        return;
    }
    if (!fields_get(&f, "command") && !f.suggested[0] && !f.suggested[2]) {
        check_err(c, v, "check: give it a command (with expect) or a script");
        return;
    }
    read_check_command(c, &f, k, name);
}

/* ---- exercise ---- */

LessonExercise *schema_exercise(Checker *c, const YNode *v)
{
    static const char *const keys[] = {"file", "solution", "check", "hints", NULL};
    Fields f = {.keys = keys, .what = "exercise"};
    if (!fields_read(c, v, &f, "file, solution, check, hints"))
        return NULL;
    LessonExercise *ex = xcalloc(1, sizeof *ex);
    const YNode *file = fields_require(c, &f, v, "file");
    if (file) {
        ex->file_line = file->line;
        ex->file_col = file->col;
    }
    ex->file = lesson_file(c, file, "file", "starter");
    const YNode *solution = fields_require(c, &f, v, "solution");
    ex->solution = lesson_file(c, solution, "solution", "solution");
    if (ex->file && ex->solution && strcmp(ex->file, ex->solution) == 0)
        check_err(c, solution, "'solution' is the starter itself; give the solved file");
    const YNode *check = fields_require(c, &f, v, "check");
    if (check)
        read_check(c, check, &ex->check, ex->file ? lesson_exercise_name(ex) : NULL);
    value_strlist(c, fields_get(&f, "hints"), "hints", &ex->hints);
    return ex;
}

void schema_exercises_distinct(Checker *c, const Lesson *l)
{
    for (size_t i = 0; i < l->n_steps; i++) {
        const LessonExercise *a = l->steps[i].exercise;
        if (!a || !a->file)
            continue;
        for (size_t k = 0; k < i; k++) {
            const LessonExercise *b = l->steps[k].exercise;
            if (!b || !b->file || strcmp(lesson_exercise_name(a), lesson_exercise_name(b)) != 0)
                continue;
            YNode at = {.line = a->file_line, .col = a->file_col};
            check_err(c, &at,
                      "exercise file name '%s' is already used by the exercise at line %d; each exercise "
                      "of a lesson needs its own file in the workspace",
                      lesson_exercise_name(a), b->file_line);
            break;
        }
    }
}

/* ---- predict ---- */

static void read_predict_choices(Checker *c, const Fields *f, const YNode *v, LessonPredict *p)
{
    const YNode *choices = fields_get(f, "choices");
    size_t before = c->errors;
    value_strlist(c, choices, "choices", &p->choices);
    bool choices_ok = c->errors == before;
    if (choices_ok && (choices->n < 2 || choices->n > 9)) {
        check_err(c, choices, "a prediction needs 2 to 9 choices (the number keys), got %zu", choices->n);
        choices_ok = false;
    }
    const YNode *answer = fields_require(c, f, v, "answer");
    double x;
    if (answer && choices_ok && value_is_number(answer, true, &x) && (x < 1 || x > (double)choices->n)) {
        check_err(c, answer, "'answer' is %s but the prediction has %zu choices; answer with 1 to %zu",
                  answer->value, choices->n, choices->n);
        return;
    }
    long a;
    if (value_int(c, answer, "answer", 1, choices_ok ? (long)choices->n : 9, NULL, &a))
        p->answer = (int)a;
}

static void read_predict_number(Checker *c, const YNode *v, LessonPredict *p, bool demo)
{
    static const char *const keys[] = {"answer", "tolerance", "unit", "measure", NULL};
    static const char *const measures[] = {"speedup", "wall_s", NULL};
    Fields f = {.keys = keys, .what = "number"};
    if (!fields_read(c, v, &f, "answer, tolerance, unit, measure"))
        return;
    value_number(c, fields_require(c, &f, v, "answer"), "answer", false, -1e12, 1e12, NULL, &p->number);
    value_number(c, fields_require(c, &f, v, "tolerance"), "tolerance", false, 0, 1e12, NULL, &p->tolerance);
    p->unit = value_string(c, fields_get(&f, "unit"), "unit", true);
    if (p->unit && (strlen(p->unit) > 16 || strchr(p->unit, '\n'))) {
        check_err(c, fields_get(&f, "unit"), "'unit' is a short word such as x or s (at most 16 bytes, one line)");
        free(p->unit);
        p->unit = NULL;
    }
    const YNode *measure = fields_get(&f, "measure");
    if (measure && !demo)
        check_err(c, fields_key(&f, "measure"),
                  "'measure' needs a demo step; a run step shows its output beside the prediction");
    else if (measure)
        p->measure = value_word(c, measure, "measure", measures);
}

LessonPredict *schema_predict(Checker *c, const YNode *v, const YNode *key, bool demo, bool run)
{
    static const char *const keys[] = {"question", "choices", "answer", "number", "explain", NULL};
    Fields f = {.keys = keys, .what = "predict"};
    if (!demo && !run)
        check_err(c, key, "predict: a prediction needs something to observe; put it on a step with a demo or run");
    if (!fields_read(c, v, &f, "question, choices, answer; or question, number"))
        return NULL;
    LessonPredict *p = xcalloc(1, sizeof *p);
    p->question = value_string(c, fields_require(c, &f, v, "question"), "question", true);
    p->explain = value_string(c, fields_get(&f, "explain"), "explain", false);
    const YNode *number = fields_get(&f, "number");
    if (number && fields_get(&f, "choices")) {
        check_err(c, fields_key(&f, "number"), "predict: give choices (with answer) or a number, not both");
    } else if (number) {
        if (fields_get(&f, "answer"))
            check_err(c, fields_key(&f, "answer"),
                      "predict: a number's answer goes inside it: number: {answer, tolerance}");
        read_predict_number(c, number, p, demo);
    } else if (fields_get(&f, "choices")) {
        read_predict_choices(c, &f, v, p);
    } else if (!f.suggested[1] && !f.suggested[3]) {
        check_err(c, v, "predict: give choices with answer, or number: {answer, tolerance}");
    }
    return p;
}
