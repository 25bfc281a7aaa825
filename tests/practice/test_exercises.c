/* Every exercise of the bundled workshop works: its starter does NOT pass
 * its check, its solution does, each in under 5 s, with /usr/bin/python3
 * (the learner's python in CI) first on PATH. The checkers of programs
 * that use multiprocessing run them under fork, forkserver and spawn, so a
 * pass here is a pass under all three. Every starter in lessons/exercises
 * belongs to an exercise. Exercises come from the lessons in lessons/ and
 * workshop_exercises.yaml (loaded with lessons/ as its folder). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "practice/practice.h"
#include "util/util.h"

#include "../lib/check.h"
#include "helpers.h"

#define LIMIT_S 5.0

static char *tmp;

static const CheckVerdict *check_file(const Lesson *l, const LessonExercise *ex, const char *text, double *secs,
                                      ExerciseCheck **out)
{
    PracticeFiles f;
    practice_files_init(&f, tmp, l, ex);
    bool copied;
    char *err = NULL;
    if (practice_workspace_prepare(&f, &copied, &err) < 0) {
        fprintf(stderr, "workspace: %s\n", err);
        CHECK(err == NULL);
        free(err);
    }
    put_file(f.file, text);
    double start = now_monotonic();
    *out = exercise_check_start(ex, l->dir, &f);
    const CheckVerdict *v = exercise_check_wait(*out);
    *secs = now_monotonic() - start;
    practice_files_free(&f);
    return v;
}

static void run_exercise(const Lesson *l, const LessonExercise *ex, const char *which, const char *path,
                         bool must_pass)
{
    char *text = read_file_bounded(path, 1 << 20, NULL, false);
    CHECK(text != NULL);
    if (!text)
        return;
    double secs;
    ExerciseCheck *c;
    const CheckVerdict *v = check_file(l, ex, text, &secs, &c);
    bool passed = v->state == CHECK_PASSED;
    printf("%-20s %-9s %-13s %.2f s  %s\n", lesson_exercise_name(ex), which, check_state_word(v->state), secs, v->line);
    if (passed != must_pass || secs >= LIMIT_S || v->state == CHECK_TIMEOUT || v->state == CHECK_CANNOT_RUN) {
        size_t len;
        const char *out = exercise_check_output(c, &len);
        fprintf(stderr, "--- %s %s: %s\n%.*s---\n", ex->file, which, v->line, (int)len, out);
    }
    CHECK(passed == must_pass);
    CHECK(secs < LIMIT_S);
    CHECK(v->state != CHECK_TIMEOUT && v->state != CHECK_CANNOT_RUN);
    exercise_check_free(c);
    free(text);
}

/* Run every exercise of l; note the starters used in seen[]. */
static int run_lesson(const Lesson *l, char **seen, int n_seen)
{
    for (size_t i = 0; i < l->n_steps; i++) {
        const LessonExercise *ex = l->steps[i].exercise;
        if (!ex)
            continue;
        char *starter = path_join(l->dir, ex->file);
        char *solution = path_join(l->dir, ex->solution);
        run_exercise(l, ex, "starter", starter, false);
        run_exercise(l, ex, "solution", solution, true);
        free(solution);
        seen[n_seen++] = starter;
    }
    return n_seen;
}

static Lesson *load_staged(const char *lessons)
{
    const char *tests = getenv("CORELAB_TESTS_DIR");
    char *path = xasprintf("%s/practice/workshop_exercises.yaml", tests ? tests : "tests");
    char *data = read_file_bounded(path, 1 << 20, NULL, false);
    CHECK(data != NULL);
    DiagList d;
    diag_list_init(&d);
    Lesson *l = data ? lesson_load_buffer(path, lessons, (const unsigned char *)data, strlen(data), &d) : NULL;
    diag_list_print(&d, stderr);
    CHECK(l != NULL && d.n == 0);
    diag_list_free(&d);
    free(data);
    free(path);
    return l;
}

/* Every file in lessons/exercises is some exercise's starter. */
static void every_starter_used(const char *lessons, char **seen, int n_seen)
{
    char *dir = path_join(lessons, "exercises");
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int files = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char *p = path_join(dir, e->d_name);
        bool used = false;
        for (int i = 0; i < n_seen; i++)
            used |= strcmp(seen[i], p) == 0;
        if (!used)
            fprintf(stderr, "%s is no exercise's starter\n", p);
        CHECK(used);
        files++;
        free(p);
    }
    if (d)
        closedir(d);
    CHECK(files >= 3);
    free(dir);
}

int main(void)
{
    const char *env = getenv("CORELAB_LESSONS_DIR");
    const char *lessons = env ? env : "lessons";
    tmp = scratch_dir("exercises");
    python_first_on_path();
    LessonSet set = {0};
    DiagList d;
    diag_list_init(&d);
    CHECK(lesson_set_load_dir(lessons, &set, &d) == 0);
    diag_list_print(&d, stderr);
    diag_list_free(&d);
    char *seen[256];
    int n_seen = 0;
    for (size_t i = 0; i < set.n && n_seen < 200; i++)
        n_seen = run_lesson(set.lessons[i], seen, n_seen);
    Lesson *staged = load_staged(lessons);
    if (staged)
        n_seen = run_lesson(staged, seen, n_seen);
    CHECK(n_seen >= 3);
    every_starter_used(lessons, seen, n_seen);
    for (int i = 0; i < n_seen; i++)
        free(seen[i]);
    lesson_free(staged);
    lesson_set_free(&set);
    if (!check_failures)
        puts("every bundled exercise: the starter does not pass, the solution does");
    return scratch_done(tmp);
}
