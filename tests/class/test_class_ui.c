/* Unit tests of the class screens' pure parts (no terminal): the learner's
 * practice results copied into the status record, within its bounds; the
 * instructor's lines of answers (bars, the histogram with the measured
 * value's bin, the exercise with the stuck first); the released text cut
 * into rows. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "class/class.h"
#include "ui/classmode/classmode_int.h"
#include "util/utf8.h"
#include "util/util.h"

#include "../lib/check.h"

static char *choices3[] = {"one", "two", "three"};
static LessonQuiz quiz = {.question = "How many is two?", .choices = {choices3, 3}, .answer = 2,
                          .explain = "Two is two."};
static LessonPredict number = {.question = "How much faster?", .number = 1, .tolerance = 0.5, .unit = "x",
                               .measure = "speedup"};
static LessonPredict choice = {.question = "What does it print?", .choices = {choices3, 2}, .answer = 1};
static LessonExercise ex = {.file = "exercises/total.py", .solution = "solutions/total.py"};

/* Five steps: a quiz, a number, a choice, an exercise, plain text. */
static void five_steps(Lesson *l, LessonStep *steps)
{
    memset(l, 0, sizeof *l);
    memset(steps, 0, 5 * sizeof *steps);
    steps[0] = (LessonStep){.title = "Check", .quiz = &quiz};
    steps[1] = (LessonStep){.title = "Guess", .predict = &number};
    steps[2] = (LessonStep){.title = "Pick", .predict = &choice};
    steps[3] = (LessonStep){.title = "Fix", .exercise = &ex};
    steps[4] = (LessonStep){.title = "Read"};
    l->id = "les";
    l->steps = steps;
    l->n_steps = 5;
}

static bool record_round_trips(const ClassStatus *st)
{
    char *js = class_status_to_json(st);
    ClassStatus back;
    const char *why = NULL;
    bool ok = js && strlen(js) < CLASS_STATUS_MAX && class_status_from_json(js, strlen(js), &back, &why) == 0
           && back.n_answers == st->n_answers;
    if (!ok)
        fprintf(stderr, "record refused (%s): %s\n", why ? why : "too long", js ? js : "(null)");
    free(js);
    return ok;
}

static void test_copy(void)
{
    Lesson l;
    LessonStep steps[5];
    five_steps(&l, steps);
    Progress p = {0};
    ClassStatus st = {0};
    class_status_answers_for(&st, "les");
    CHECK(!follow_copy_answers(&st, &l, &p, 5000) && st.n_answers == 0); /* nothing yet */
    progress_quiz_answer(&p, "les", 1, 3, false);
    progress_quiz_answer(&p, "les", 1, 2, true); /* a later answer does not count */
    progress_predict_number(&p, "les", 2, 1.5, true);
    progress_predict_choice(&p, "les", 3, 2, false);
    progress_exercise_attempt(&p, "les", 4, false, 4000);
    progress_exercise_hints(&p, "les", 4, 2);
    progress_mark_seen(&p, "les", 5);
    CHECK(follow_copy_answers(&st, &l, &p, 5000));
    CHECK(st.n_answers == 4, "%d answers", st.n_answers); /* step 5: nothing to say */
    const ClassAnswer *a = class_status_find_answer(&st, 1);
    CHECK(a && a->quiz_choice == 3 && !a->quiz_right);
    a = class_status_find_answer(&st, 2);
    CHECK(a && a->predicted && a->predict_choice == 0 && a->predict_value == 1.5 && a->predict_right);
    a = class_status_find_answer(&st, 3);
    CHECK(a && a->predicted && a->predict_choice == 2 && !a->predict_right);
    a = class_status_find_answer(&st, 4);
    CHECK(a && a->exercise == CLASS_EX_TRYING && a->attempts == 1 && a->hints == 2 && a->tried_since == 5000);
    CHECK(!follow_copy_answers(&st, &l, &p, 5100)); /* the same again: no write */
    progress_exercise_attempt(&p, "les", 4, true, 6000);
    CHECK(follow_copy_answers(&st, &l, &p, 6100));
    a = class_status_find_answer(&st, 4);
    CHECK(a && a->exercise == CLASS_EX_PASSED && a->attempts == 2 && a->passed_at == 6000 && a->tried_since == 5000);
    /* Out of the record's bounds: clamped, or left out. */
    StepProgress *sp = progress_step_record(&p, "les", 4);
    sp->exercise.attempts = 2000000;
    sp->exercise.hints = 5000;
    sp->exercise.passed_at = 99999999999LL; /* past 2100 */
    progress_step_record(&p, "les", 1)->quiz.first = 40;
    CHECK(follow_copy_answers(&st, &l, &p, 7000));
    a = class_status_find_answer(&st, 4);
    CHECK(a && a->attempts == 100000 && a->hints == 1000 && a->passed_at == 0 && a->exercise == CLASS_EX_TRYING);
    CHECK(record_round_trips(&st));
    /* Answers of another lesson are left alone. */
    class_status_answers_for(&st, "other");
    CHECK(!follow_copy_answers(&st, &l, &p, 7000) && st.n_answers == 0);
    progress_free(&p);
}

/* A lesson longer than a record holds: at most CLASS_STEPS_MAX answers. */
static void test_copy_bounded(void)
{
    enum { N = CLASS_STEPS_MAX + 12 };
    LessonStep *steps = xcalloc(N, sizeof *steps);
    for (int i = 0; i < N; i++)
        steps[i] = (LessonStep){.title = "q", .quiz = &quiz};
    Lesson l = {.id = "long", .steps = steps, .n_steps = N};
    Progress p = {0};
    for (int i = 1; i <= N; i++) {
        progress_quiz_answer(&p, "long", i, 1 + i % 3, i % 3 == 1);
        progress_exercise_attempt(&p, "long", i, false, 4000); /* every key of an answer */
        progress_exercise_hints(&p, "long", i, 3);
        progress_predict_number(&p, "long", i, -123456.789e3, false);
    }
    ClassStatus st = {0};
    snprintf(st.user, sizeof st.user, "%s", "a-rather-long-user-name-to-fill-the-record");
    class_status_answers_for(&st, "long");
    for (int i = 1; i <= N; i++)
        class_status_add_time(&st, i, 0); /* nothing */
    CHECK(follow_copy_answers(&st, &l, &p, 5000));
    CHECK(st.n_answers == CLASS_STEPS_MAX);
    for (int i = 0; i < st.n_answers; i++)
        st.answers[i].help = st.answers[i].done = true, st.answers[i].seconds = 9999999;
    CHECK(record_round_trips(&st));
    progress_free(&p);
    free(steps);
}

static void student(ClassStudent *s, const char *user, double now)
{
    memset(s, 0, sizeof *s);
    snprintf(s->st.user, sizeof s->st.user, "%s", user);
    snprintf(s->st.lesson, sizeof s->st.lesson, "les");
    snprintf(s->st.answers_lesson, sizeof s->st.answers_lesson, "les");
    s->last_seen = now;
}

static int find_line(const AnswersLine *lines, int n, const char *needle)
{
    for (int i = 0; i < n; i++)
        if (strstr(lines[i].text, needle))
            return i;
    return -1;
}

static void test_lines(void)
{
    double now = 1763680000.0;
    Lesson l;
    LessonStep steps[5];
    five_steps(&l, steps);
    ClassStudent items[3];
    student(&items[0], "ann", now);
    student(&items[1], "ben", now);
    student(&items[2], "cat", now);
    double guesses[] = {1.0, 2.0, 1.5};
    for (int i = 0; i < 3; i++) {
        ClassStatus *s = &items[i].st;
        class_status_answer(s, 1)->quiz_choice = i + 1;
        class_status_answer(s, 1)->quiz_right = i == 1;
        ClassAnswer *a = class_status_answer(s, 2);
        a->predicted = true, a->predict_value = guesses[i];
    }
    ClassAnswer *e = class_status_answer(&items[1].st, 4); /* ben: failing for 5 minutes */
    e->exercise = CLASS_EX_TRYING, e->attempts = 3, e->hints = 1, e->tried_since = now - 300;
    e = class_status_answer(&items[2].st, 4); /* cat: passed */
    e->exercise = CLASS_EX_PASSED, e->attempts = 1, e->tried_since = now - 60, e->passed_at = now - 50;
    ClassRoster r = {.items = items, .n = 3};
    ClassPace pace = {.lesson = "les", .step = 4, .seq = 1};
    class_roster_finish(&r, &pace, now);
    CHECK(strcmp(r.items[0].st.user, "ben") == 0); /* the stuck first */
    CHECK(strcmp(answers_exercise_word(&r.items[0], "les", 4, &steps[3]), "stuck") == 0);
    CHECK(strcmp(answers_exercise_word(&r.items[2], "les", 4, &steps[3]), "pass") == 0);
    CHECK(strcmp(answers_exercise_word(&r.items[1], "les", 4, &steps[3]), "") == 0);
    CHECK(strcmp(answers_exercise_word(&r.items[2], "les", 1, &steps[0]), "") == 0);

    AnswersLine lines[64];
    ClassStepStats st;
    class_step_stats(&r, "les", 1, NAN, now, false, &st);
    AnswersView v = {.step = &steps[0], .step_no = 1, .lesson = "les", .stats = &st, .roster = &r, .now = now};
    int n = answers_view_lines(&v, 40, false, lines, 64);
    CHECK(n == 5 && strcmp(lines[0].text, " Quiz: 3 of 3 answered, 33% right") == 0, "%d: %s", n, lines[0].text);
    CHECK(strncmp(lines[2].text, " *2 ", 4) == 0 && lines[2].role == AV_RIGHT, "%s", lines[2].text);
    CHECK(strlen(lines[1].text) <= 40 && strcmp(lines[1].text + strlen(lines[1].text) - 3, "  1") == 0);
    CHECK(strstr(lines[4].text, "R: release explanation") != NULL);
    n = answers_view_lines(&v, 20, false, lines, 64); /* narrow: the short forms */
    CHECK(n == 5 && strcmp(lines[0].text, " Quiz: 3/3, 33% right") == 0 && strlen(lines[4].text) <= 20);
    v.revealed = true;
    n = answers_view_lines(&v, 60, true, lines, 64);
    CHECK(find_line(lines, n, "2. two") >= 0 && find_line(lines, n, "explanation released") >= 0);

    class_step_stats(&r, "les", 2, 1.35, now, false, &st);
    v = (AnswersView){.step = &steps[1], .step_no = 2, .lesson = "les", .stats = &st, .roster = &r, .now = now};
    n = answers_view_lines(&v, 40, false, lines, 64);
    int marked = 0;
    for (int i = 0; i < n; i++) {
        marked += strstr(lines[i].text, "<measured") != NULL;
        CHECK((int)strlen(lines[i].text) <= 40, "%s", lines[i].text);
    }
    CHECK(marked == 1 && find_line(lines, n, "measured 1.35x (your last run)") >= 0);
    int one = find_line(lines, n, " 1-1.2x ");
    CHECK(one >= 0 && strstr(lines[one].text, "#   1") != NULL, "%s", one >= 0 ? lines[one].text : "");

    class_step_stats(&r, "les", 4, NAN, now, false, &st);
    v = (AnswersView){.step = &steps[3], .step_no = 4, .lesson = "les", .stats = &st, .roster = &r, .now = now};
    n = answers_view_lines(&v, 40, false, lines, 64);
    CHECK(strcmp(lines[0].text, " Exercise: 1 passed of 3") == 0);
    int k = find_line(lines, n, "stuck longest: ben 5:00, 3 tries, 1 hint");
    CHECK(k >= 0 && lines[k].role == AV_ALERT);
    n = answers_view_lines(&v, 70, true, lines, 64);
    int stuck = find_line(lines, n, "STUCK"), passed = find_line(lines, n, "passed       cat");
    CHECK(stuck >= 0 && passed > stuck && find_line(lines, n, "not started  ann") > stuck);

    v.step = &steps[4]; /* plain text asks nothing */
    CHECK(answers_view_lines(&v, 40, false, lines, 64) == 0);
}

static int rows_seen, widest;

static void count_row(void *ctx, int i, char kind, const char *s, size_t len)
{
    (void)ctx, (void)i, (void)kind;
    rows_seen++;
    int w = text_width(s, len);
    widest = w > widest ? w : widest;
}

static void test_layout(void)
{
    const char *text = "TReleased: step 4\nN\nNWhy: the threads take turns holding the lock\n"
                       "C0123456789012345\nC\nR> 2. two";
    int total = reveal_layout(text, 10, 0, 0, NULL, NULL);
    CHECK(total == 12, "%d rows", total); /* 2 + 1 + 5 + 2 + 1 + 1 */
    rows_seen = widest = 0;
    CHECK(reveal_layout(text, 10, 2, 4, count_row, NULL) == total && rows_seen == 4);
    rows_seen = widest = 0;
    reveal_layout(text, 10, 0, 100, count_row, NULL);
    CHECK(rows_seen == total && widest <= 10);
    rows_seen = widest = 0;
    reveal_layout("Ncaf\xc3\xa9 caf\xc3\xa9 caf\xc3\xa9", 5, 0, 100, count_row, NULL);
    CHECK(rows_seen == 3 && widest <= 5, "%d rows, %d wide", rows_seen, widest);
    CHECK(reveal_layout("", 10, 0, 10, count_row, NULL) == 0);
}

static void test_histogram_edges(void)
{
    double v[] = {1.0, 2.0, 1.5};
    ClassHistogram h;
    class_histogram(v, 3, 0.675, CLASS_HIST_BINS, &h);
    double width = (h.hi - h.lo) / h.bins;
    int bin = -1;
    for (int i = 0; i < h.bins; i++)
        if (h.lo + i * width <= 1.0 + 1e-12 && 1.0 < h.lo + (i + 1) * width - 1e-12)
            bin = i;
    CHECK(bin >= 0 && h.count[bin] == 1, "1.0 is counted in its bin [%g, %g)", h.lo + bin * width,
          h.lo + (bin + 1) * width);
}

int main(void)
{
    RUN(test_copy);
    RUN(test_copy_bounded);
    RUN(test_lines);
    RUN(test_layout);
    RUN(test_histogram_edges);
    return check_exit();
}
