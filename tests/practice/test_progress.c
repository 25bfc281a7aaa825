/* The progress file tells the truth: a step is seen when it was shown, a
 * quiz keeps its first answer and whether it was right, a prediction its
 * value, an exercise its attempts, hints and pass; a lesson is done when
 * every step was seen, every quiz answered and every exercise passed.
 * Version 1 files still load; the file stays 0600 and is replaced whole. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lesson/lesson.h"
#include "ui/progress.h"
#include "util/util.h"

#include "../lib/check.h"
#include "helpers.h"

static char *tmp;

/* Steps: 1 text, 2 quiz (answer 2), 3 exercise, 4 demo with a prediction,
 * 5 quiz (answer 1). */
static Lesson *lesson(void)
{
    static const char text[] =
        "id: gil\ntitle: G\nteaching: 1\nexercises: 1\nsteps:\n"
        "  - {title: One, text: t}\n"
        "  - title: Quiz\n    quiz: {question: Q, choices: [a, b, c], answer: 2}\n"
        "  - title: Fix\n    exercise: {file: e/x.py, solution: s/x.py, check: {command: python3 x.py}}\n"
        "  - title: Guess\n    demo: {name: gil}\n    predict: {question: P, number: {answer: 1, tolerance: 0.2}}\n"
        "  - title: Quiz 2\n    quiz: {question: Q, choices: [a, b], answer: 1}\n";
    DiagList d;
    diag_list_init(&d);
    Lesson *l = lesson_load_buffer("gil.yaml", NULL, (const unsigned char *)text, strlen(text), &d);
    diag_list_print(&d, stderr);
    diag_list_free(&d);
    return l;
}

static void test_version_1(const Lesson *l)
{
    const char *tests = getenv("CORELAB_TESTS_DIR");
    char *path = xasprintf("%s/practice/fixtures/progress-v1.json", tests ? tests : "tests");
    char *copy = path_join(tmp, "v1.json");
    char *data = get_file(path);
    CHECK(data != NULL);
    put_file(copy, data ? data : "");
    Progress p;
    const char *note;
    progress_load(&p, copy, &note);
    CHECK(note == NULL && p.last_id && strcmp(p.last_id, "gil") == 0);
    LessonProgress *lp = progress_get(&p, "gil", false);
    CHECK(lp && lp->step == 3 && lp->furthest == 5);
    /* All version 1 knew: steps up to furthest seen, the answer taken as the first. */
    for (int s = 1; s <= 5; s++)
        CHECK(progress_step(&p, "gil", s) && progress_step(&p, "gil", s)->seen);
    CHECK(progress_answer(&p, "gil", 4) == 2);
    const StepProgress *q = progress_step(&p, "gil", 4);
    CHECK(q && q->quiz.first == 2 && q->quiz.right == -1);
    CHECK(progress_get(&p, "other", false) != NULL);
    /* Saved again, it is version 2 and keeps what it had. */
    CHECK(progress_save(&p) == 0);
    progress_free(&p);
    char *saved = get_file(copy);
    CHECK(saved && strstr(saved, "\"version\":2") && strstr(saved, "\"answers\":{\"4\":2}"));
    CHECK(saved && strstr(saved, "\"seen\":[1,2,3,4,5]") && strstr(saved, "\"quiz\":{\"4\":{\"first\":2}}"));
    free(saved);
    progress_load(&p, copy, &note);
    q = progress_step(&p, "gil", 4);
    CHECK(note == NULL && q && q->quiz.first == 2 && q->quiz.right == -1 && progress_answer(&p, "gil", 4) == 2);
    progress_free(&p);
    (void)l;
    free(data);
    free(copy);
    free(path);
}

static void test_seen_not_skipped(const Lesson *l)
{
    Progress p;
    const char *note;
    progress_load(&p, NULL, &note);
    progress_set_step(&p, "gil", 1);
    progress_set_step(&p, "gil", 5); /* End: straight to the last step */
    CHECK(progress_step(&p, "gil", 1)->seen && progress_step(&p, "gil", 5)->seen);
    CHECK(!progress_step(&p, "gil", 3)->seen);
    CHECK(progress_step_mark(&p, l, 3) == MARK_NONE && progress_step_mark(&p, l, 1) == MARK_SEEN);
    progress_set_position(&p, "gil", 2); /* where to resume, not seen yet */
    CHECK(progress_get(&p, "gil", false)->step == 2 && !progress_step(&p, "gil", 2)->seen);
    progress_mark_seen(&p, "gil", 2);
    CHECK(progress_step(&p, "gil", 2)->seen);
    LessonTally t;
    progress_tally(&p, l, &t);
    CHECK(t.steps == 5 && t.seen == 3 && !t.done);
    progress_free(&p);
}

static void test_records(const Lesson *l)
{
    Progress p;
    const char *note;
    char *path = path_join(tmp, "state/corelab/progress.json");
    progress_load(&p, path, &note);
    CHECK(note == NULL && p.n == 0);
    for (int s = 1; s <= 5; s++)
        progress_set_step(&p, "gil", s);
    /* Quiz: the first answer stays, the latest is what feedback is for. */
    CHECK(progress_quiz_answer(&p, "gil", 2, 3, false));
    CHECK(!progress_quiz_answer(&p, "gil", 2, 2, true));
    CHECK(progress_answer(&p, "gil", 2) == 2);
    const StepProgress *s = progress_step(&p, "gil", 2);
    CHECK(s->quiz.first == 3 && s->quiz.right == 0);
    CHECK(progress_step_mark(&p, l, 2) == MARK_WRONG);
    /* Prediction: the first is kept. */
    CHECK(progress_predict_number(&p, "gil", 4, 1.1, true));
    CHECK(!progress_predict_number(&p, "gil", 4, 4.0, false));
    s = progress_step(&p, "gil", 4);
    CHECK(s->predict.made && s->predict.value == 1.1 && s->predict.right);
    CHECK(progress_step_mark(&p, l, 4) == MARK_PREDICTED);
    /* Exercise: attempts, hints, solution, the first pass's time. */
    progress_exercise_attempt(&p, "gil", 3, false, 1000);
    CHECK(progress_step_mark(&p, l, 3) == MARK_TRYING);
    progress_exercise_hints(&p, "gil", 3, 2);
    progress_exercise_hints(&p, "gil", 3, 1);
    progress_exercise_attempt(&p, "gil", 3, true, 1700000000.5);
    progress_exercise_attempt(&p, "gil", 3, true, 1800000000);
    progress_exercise_solution(&p, "gil", 3);
    s = progress_step(&p, "gil", 3);
    CHECK(s->exercise.attempts == 3 && s->exercise.hints == 2 && s->exercise.solution_shown);
    CHECK(s->exercise.passed_at == 1700000000);
    CHECK(progress_step_mark(&p, l, 3) == MARK_PASSED && strcmp(progress_mark_word(MARK_PASSED), "passed") == 0);
    LessonTally t;
    progress_tally(&p, l, &t);
    CHECK(t.quizzes == 2 && t.answered == 1 && t.right == 0 && !t.done);
    CHECK(t.exercises == 1 && t.passed == 1 && t.predictions == 1 && t.predicted == 1);
    progress_quiz_answer(&p, "gil", 5, 1, true);
    progress_tally(&p, l, &t);
    CHECK(t.answered == 2 && t.right == 1 && t.seen == 5 && t.done);
    progress_set_step(&p, "other", 1);

    CHECK(progress_save(&p) == 0);
    progress_free(&p);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    char *dir = path_join(tmp, "state/corelab");
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    /* Replaced whole: no temporary file is left beside it. */
    DIR *d = opendir(dir);
    int entries = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        entries += e->d_name[0] != '.';
    if (d)
        closedir(d);
    CHECK(entries == 1);
    free(dir);

    progress_load(&p, path, &note);
    CHECK(note == NULL && strcmp(p.last_id, "other") == 0);
    s = progress_step(&p, "gil", 2);
    CHECK(s && s->quiz.first == 3 && s->quiz.right == 0 && progress_answer(&p, "gil", 2) == 2);
    s = progress_step(&p, "gil", 3);
    CHECK(s && s->exercise.attempts == 3 && s->exercise.hints == 2 && s->exercise.solution_shown &&
          s->exercise.passed_at == 1700000000);
    s = progress_step(&p, "gil", 4);
    CHECK(s && s->predict.made && s->predict.value == 1.1 && s->predict.right);
    progress_tally(&p, l, &t);
    CHECK(t.done && t.right == 1);
    progress_free(&p);
    free(path);
}

static void test_bad_values(void)
{
    static const char *const bad[] = {
        "{\"version\":2,\"lessons\":{\"a\":{\"seen\":[0,-1,\"2\",100001,null],\"quiz\":{\"x\":{\"first\":1},"
        "\"2\":{\"first\":0},\"3\":5},\"predict\":{\"4\":{\"value\":\"1\"},\"5\":{\"choice\":0}},"
        "\"exercise\":{\"6\":{\"attempts\":-3,\"hints\":\"2\",\"passed_at\":-1},\"0\":{\"attempts\":1}}}}}",
        "{\"version\":2,\"lessons\":{\"a\":{\"seen\":{},\"quiz\":[],\"predict\":7,\"exercise\":null}}}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *path = path_join(tmp, "bad.json");
        put_file(path, bad[i]);
        Progress p;
        const char *note;
        progress_load(&p, path, &note);
        LessonProgress *lp = progress_get(&p, "a", false);
        CHECK(lp != NULL);
        for (size_t k = 0; lp && k < lp->n_steps; k++) {
            const StepProgress *s = &lp->steps[k];
            CHECK(!s->seen && s->quiz.first == 0 && !s->predict.made);
            CHECK(s->exercise.attempts == 0 && s->exercise.hints == 0 && s->exercise.passed_at == 0);
        }
        progress_free(&p);
        free(path);
    }
}

int main(void)
{
    tmp = scratch_dir("progress");
    Lesson *l = lesson();
    CHECK(l != NULL);
    if (l) {
        test_version_1(l);
        test_seen_not_skipped(l);
        test_records(l);
    }
    test_bad_values();
    lesson_free(l);
    return scratch_done(tmp);
}
