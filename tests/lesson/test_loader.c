/* Unit tests of the lesson loader API: lesson_load_buffer fills the model,
 * reports located problems, and lesson_run_argv splits commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"


#include "../lib/check.h"

static Lesson *load(const char *text, DiagList *d)
{
    diag_list_init(d);
    return lesson_load_buffer("t.yaml", NULL, (const unsigned char *)text, strlen(text), d);
}

static bool has_diag(const DiagList *d, int line, int col, const char *part)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].line == line && d->items[i].col == col &&
            strstr(d->items[i].message, part) && strcmp(d->items[i].file, "t.yaml") == 0)
            return true;
    return false;
}

static void test_model(void)
{
    static const char text[] =
        "id: gil\n"
        "title: The GIL\n"
        "teaching: 20\n"
        "exercises: 10\n"
        "questions: [Why?]\n"
        "objectives: [one, two]\n"
        "steps:\n"
        "  - title: Text\n"
        "    text: Hello\n"
        "    code: {lang: c, source: \"int x;\"}\n"
        "  - title: Demo\n"
        "    demo: {name: sched, variant: dynamic, workers: [1, 2, 8], work: 5000, seconds: 1.5,\n"
        "           chunksize: 3, schedule: dynamic}\n"
        "  - title: Quiz\n"
        "    quiz: {question: Q, choices: [a, b, c], answer: 3, hint: H}\n"
        "  - title: Run\n"
        "    run: {command: python3  examples/x.py   4, expect: done}\n"
        "  - title: Code only\n"
        "    code: {source: plain}\n";
    DiagList d;
    Lesson *l = load(text, &d);
    CHECK(l != NULL);
    CHECK(d.n == 0);
    if (!l)
        return;
    CHECK(strcmp(l->id, "gil") == 0 && strcmp(l->title, "The GIL") == 0);
    CHECK(l->teaching == 20 && l->exercises == 10);
    CHECK(l->questions.n == 1 && l->objectives.n == 2 && l->keypoints.n == 0);
    CHECK(l->id_line == 1 && l->id_col == 5);
    CHECK(l->n_steps == 5);
    CHECK(l->steps[0].line == 8);
    CHECK(strcmp(l->steps[0].code->lang, "c") == 0 && strcmp(l->steps[0].code->source, "int x;") == 0);
    const LessonDemo *dm = l->steps[1].demo;
    CHECK(dm && strcmp(dm->name, "sched") == 0 && strcmp(dm->variant, "dynamic") == 0);
    CHECK(dm && dm->n_workers == 3 && dm->workers[2] == 8 && dm->work == 5000);
    CHECK(dm && dm->seconds == 1.5 && dm->switch_interval_ms == 0 && dm->chunksize == 3);
    CHECK(dm && strcmp(dm->schedule, "dynamic") == 0);
    const LessonQuiz *q = l->steps[2].quiz;
    CHECK(q && q->answer == 3 && q->choices.n == 3 && strcmp(q->choices.items[2], "c") == 0);
    CHECK(q && strcmp(q->hint, "H") == 0 && q->explain == NULL);
    const LessonRun *r = l->steps[3].run;
    CHECK(r && r->timeout == 30 && strcmp(r->expect, "done") == 0);
    CHECK(l->steps[4].code && strcmp(l->steps[4].code->lang, "text") == 0);
    CHECK(l->steps[4].demo == NULL && l->steps[4].quiz == NULL && l->steps[4].run == NULL);
    lesson_free(l);
    diag_list_free(&d);
}

static void test_problems(void)
{
    DiagList d;
    Lesson *l = load("id: x\ntitle: T\nteaching: 5\nexercises: -1\nsteps: []\nextra: 1\n", &d);
    CHECK(l == NULL);
    CHECK(has_diag(&d, 4, 12, "'exercises' is -1"));
    CHECK(has_diag(&d, 5, 8, "'steps' is empty"));
    CHECK(has_diag(&d, 6, 1, "unknown key 'extra' in lesson"));
    CHECK(d.n == 3);
    diag_list_free(&d);

    l = load("", &d);
    CHECK(l == NULL && d.n == 1 && has_diag(&d, 1, 1, "empty"));
    diag_list_free(&d);

    l = load("id: [\n", &d);
    CHECK(l == NULL && d.n == 1);
    diag_list_free(&d);

    /* Binary data with NULs in the middle of the buffer. */
    static const unsigned char bin[] = {'i', 'd', ':', ' ', 0, 1, 2, 0xff};
    diag_list_init(&d);
    l = lesson_load_buffer("t.yaml", NULL, bin, sizeof bin, &d);
    CHECK(l == NULL && has_diag(&d, 1, 5, "control character U+0000"));
    diag_list_free(&d);

    /* A value quoted in a message stays on the message's one line. */
    l = load("id: x\ntitle: T\nteaching: 1\nexercises: 1\n"
             "steps:\n  - title: S\n    demo: {name: \"gi\\nl\\t\\u00e9\"}\n", &d);
    CHECK(l == NULL && has_diag(&d, 7, 18, "unknown demo 'gi\\nl\\t\xc3\xa9'"));
    diag_list_free(&d);

    l = load("a: &x 1\nb: *x\n", &d);
    CHECK(l == NULL && has_diag(&d, 1, 4, "anchors (&x)"));
    diag_list_free(&d);
}

static void test_sort(void)
{
    DiagList d;
    diag_list_init(&d);
    diag_add(&d, "b", 1, 1, "b1");
    diag_add(&d, "a", 9, 2, "a9");
    diag_add(&d, "a", 2, 5, "first");
    diag_add(&d, "a", 2, 5, "second");
    diag_list_sort(&d);
    CHECK(strcmp(d.items[0].message, "first") == 0 && strcmp(d.items[1].message, "second") == 0);
    CHECK(strcmp(d.items[2].message, "a9") == 0 && strcmp(d.items[3].message, "b1") == 0);
    diag_list_free(&d);
}

static void test_argv(void)
{
    char **argv = lesson_run_argv("  python3  examples/pool.py 4 ");
    CHECK(argv && strcmp(argv[0], "python3") == 0 && strcmp(argv[1], "examples/pool.py") == 0);
    CHECK(argv && strcmp(argv[2], "4") == 0 && argv[3] == NULL);
    argv_free(argv);
    static const char *const bad[] = {"a; b", "a | b", "a && b", "echo $HOME", "echo `x`",
                                      "a < b", "a > b", "(a)", "echo 'x'", "echo \"x\"",
                                      "a\\ b", "", "   ", NULL};
    for (size_t i = 0; bad[i]; i++) {
        size_t at;
        CHECK(lesson_run_argv(bad[i]) == NULL);
        CHECK(lesson_run_command_problem(bad[i], &at) != NULL);
    }
    size_t at;
    CHECK(lesson_run_command_problem("python3 x.py; rm", &at) && at == 12);
}

/* exercise: and predict: fill the model; file checks need a folder, so
 * from a buffer only their shape is checked. */
static void test_practice_model(void)
{
    static const char text[] =
        "id: practice\n"
        "title: Practice\n"
        "teaching: 1\n"
        "exercises: 9\n"
        "steps:\n"
        "  - title: Command\n"
        "    exercise:\n"
        "      file: exercises/deep/race_fix.py\n"
        "      solution: solutions/race_fix.py\n"
        "      check: {command: python3 ./race_fix.py 4, expect: lost 0}\n"
        "      hints: [one, two]\n"
        "  - title: Script\n"
        "    exercise:\n"
        "      file: pool.py\n"
        "      solution: solutions/pool.py\n"
        "      check: {script: checkers/pool.py, timeout: 7}\n"
        "  - title: Choices\n"
        "    demo: {name: gil}\n"
        "    predict: {question: Q, choices: [a, b, c], answer: 3, explain: E}\n"
        "  - title: Number\n"
        "    run: {command: python3 x.py}\n"
        "    predict: {question: N, number: {answer: 2.5, tolerance: 0.5, unit: x}}\n";
    DiagList d;
    Lesson *l = load(text, &d);
    CHECK(l != NULL && d.n == 0);
    if (!l) {
        diag_list_free(&d);
        return;
    }
    const LessonExercise *ex = l->steps[0].exercise;
    CHECK(ex && strcmp(ex->file, "exercises/deep/race_fix.py") == 0 && strcmp(lesson_exercise_name(ex), "race_fix.py") == 0);
    CHECK(ex && strcmp(ex->check.command, "python3 ./race_fix.py 4") == 0 && strcmp(ex->check.expect, "lost 0") == 0);
    CHECK(ex && ex->check.script == NULL && ex->check.timeout == 30 && ex->hints.n == 2);
    CHECK(ex && ex->file_line == 8 && ex->file_col == 13);
    ex = l->steps[1].exercise;
    CHECK(ex && ex->check.command == NULL && strcmp(ex->check.script, "checkers/pool.py") == 0);
    CHECK(ex && ex->check.timeout == 7 && ex->hints.n == 0 && strcmp(lesson_exercise_name(ex), "pool.py") == 0);
    CHECK(lesson_checker_is_python("checkers/pool.py") && !lesson_checker_is_python("checkers/run.sh"));
    const LessonPredict *p = l->steps[2].predict;
    CHECK(p && p->choices.n == 3 && p->answer == 3 && strcmp(p->explain, "E") == 0 && p->measure == NULL);
    CHECK(p && lesson_predict_right(p, 3, 0) && !lesson_predict_right(p, 1, 0));
    p = l->steps[3].predict;
    CHECK(p && p->choices.n == 0 && p->number == 2.5 && p->tolerance == 0.5 && strcmp(p->unit, "x") == 0);
    CHECK(p && lesson_predict_right(p, 0, 2.0) && lesson_predict_right(p, 0, 3.0) && !lesson_predict_right(p, 0, 3.01));
    lesson_free(l);
    diag_list_free(&d);
}

static void test_practice_problems(void)
{
    DiagList d;
    Lesson *l = load("id: x\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n"
                     "  - title: S\n"
                     "    exercise: {file: a/x.py, solution: a/x.py, check: {command: python3 y.py}, extra: 1}\n"
                     "  - title: P\n"
                     "    predict: {question: Q, number: {answer: 1, tolerance: -1}}\n"
                     "  - title: R\n"
                     "    exercise: {file: b/x.py, solution: s.py, check: [python3 x.py]}\n",
                     &d);
    CHECK(l == NULL);
    CHECK(has_diag(&d, 7, 40, "'solution' is the starter itself"));
    CHECK(has_diag(&d, 7, 73, "check: 'y.py' is not in the workspace"));
    CHECK(has_diag(&d, 7, 65, "check: the command does not name x.py"));
    CHECK(has_diag(&d, 7, 80, "unknown key 'extra' in exercise"));
    CHECK(has_diag(&d, 8, 5, "step has nothing to show; give it text, code, demo, quiz, run or exercise"));
    CHECK(has_diag(&d, 9, 5, "predict: a prediction needs something to observe"));
    CHECK(has_diag(&d, 9, 59, "'tolerance' is -1; it must be between 0 and"));
    CHECK(has_diag(&d, 11, 53, "check: expected a mapping"));
    CHECK(has_diag(&d, 11, 22, "exercise file name 'x.py' is already used by the exercise at line 7"));
    CHECK(d.n == 9);
    diag_list_free(&d);
}

/* `trace: true` asks for `corelab trace` on a run step and on an
 * exercise's check, and nowhere else: elsewhere it is refused at the key,
 * saying where it goes; a value other than true or false at the value. */
static void test_trace_key(void)
{
    DiagList d;
    Lesson *l = load("id: x\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n"
                     "  - title: Traced\n"
                     "    run: {command: python3 x.py, trace: true}\n"
                     "  - title: Plain\n"
                     "    run: {command: python3 x.py, trace: false}\n"
                     "  - title: Default\n"
                     "    run: {command: python3 x.py}\n"
                     "  - title: Check\n"
                     "    exercise: {file: a.py, solution: s/a.py, check: {command: python3 a.py, trace: True}}\n"
                     "  - title: Script\n"
                     "    exercise: {file: b.py, solution: s/b.py, check: {script: c.py, trace: true}}\n",
                     &d);
    CHECK(l != NULL && d.n == 0);
    if (l) {
        CHECK(l->steps[0].run->trace && !l->steps[1].run->trace && !l->steps[2].run->trace);
        CHECK(l->steps[3].exercise->check.trace && l->steps[4].exercise->check.trace);
        lesson_free(l);
    }
    diag_list_free(&d);

    l = load("id: x\ntitle: T\nteaching: 1\nexercises: 1\nsteps:\n"
             "  - title: On the step\n"
             "    trace: true\n"
             "    run: {command: python3 x.py, trace: yes}\n"
             "  - title: On a demo\n"
             "    demo: {name: gil, trace: true}\n"
             "  - title: On an exercise\n"
             "    exercise: {file: a.py, solution: s/a.py, trace: true, check: {command: python3 a.py, trace: \"true\"}}\n"
             "  - title: On a quiz\n"
             "    quiz: {question: Q, choices: [a, b], answer: 1, trace: true}\n",
             &d);
    CHECK(l == NULL);
    CHECK(has_diag(&d, 7, 5, "'trace' is not a key of step; it goes in a step's run: or an exercise's check:"));
    CHECK(has_diag(&d, 8, 41, "'trace': expected true or false, got 'yes'"));
    CHECK(has_diag(&d, 10, 23, "'trace' is not a key of demo; it goes in a step's run:"));
    CHECK(has_diag(&d, 12, 46, "'trace' is not a key of exercise"));
    CHECK(has_diag(&d, 12, 97, "'trace': expected true or false, got the quoted string \"true\" (drop the quotes)"));
    CHECK(has_diag(&d, 14, 53, "'trace' is not a key of quiz"));
    CHECK(d.n == 6);
    diag_list_free(&d);
}

/* YAML's escapes make control characters that the raw bytes may not hold;
 * each is refused where its escape is written. */
static void test_escaped_controls(void)
{
    static const struct {
        const char *text;
        int line, col;
        const char *part;
    } cases[] = {
        {"id: x\ntitle: \"\\e]0;PWNED\\a\\e[2J\"\n", 2, 9, "the escape \\e makes control character U+001B"},
        {"id: x\ntitle: \"CSI \\x9b31m\"\n", 2, 13, "the escape \\x9b makes control character U+009B"},
        {"id: x\ntitle: \"ok \\u001b[2J\"\n", 2, 12, "the escape \\u001b makes control character U+001B"},
        {"id: x\ntitle: \"\\U0000007f\"\n", 2, 9, "U+007F"},
        {"id: x\ntitle: \"next \\N line\"\n", 2, 14, "the escape \\N makes control character U+0085"},
        {"id: x\n\"ti\\0tle\": T\n", 2, 4, "the escape \\0 makes control character U+0000"},
        {"id: x\nsteps:\n  - title: S\n    text: \"one\n\n      two \\r three\"\n", 6, 11,
         "the escape \\r makes control character U+000D"},
        {"id: x\nquestions: [fine, \"\\x07\"]\n", 2, 20, "U+0007"},
        /* an escaped backslash is no escape */
        {"id: x\ntitle: \"\\\\e \\e\"\n", 2, 13, "the escape \\e"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        DiagList d;
        Lesson *l = load(cases[i].text, &d);
        bool ok = l == NULL && d.n == 1 && has_diag(&d, cases[i].line, cases[i].col, cases[i].part);
        if (!ok)
            fprintf(stderr, "case %zu: %s:%d:%d: %s\n", i, d.n ? d.items[0].file : "-",
                    d.n ? d.items[0].line : 0, d.n ? d.items[0].col : 0, d.n ? d.items[0].message : "(none)");
        CHECK(ok);
        lesson_free(l);
        diag_list_free(&d);
    }
    /* Tabs and newlines are text; a lesson may hold them. */
    DiagList d;
    Lesson *l = load("id: x\ntitle: \"a\\tb\"\nteaching: 1\nexercises: 1\n"
                     "steps:\n  - title: S\n    text: \"line\\nnext\"\n", &d);
    CHECK(l != NULL && d.n == 0 && strcmp(l->steps[0].text, "line\nnext") == 0);
    lesson_free(l);
    diag_list_free(&d);
}

int main(void)
{
    test_model();
    test_practice_model();
    test_practice_problems();
    test_problems();
    test_escaped_controls();
    test_trace_key();
    test_sort();
    test_argv();
    return check_exit();
}
