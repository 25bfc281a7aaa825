/* The learner's workspace: the starter is copied on first use and never
 * over the learner's file, reset keeps a backup, and what cannot work
 * says so in one line. Real files in a scratch folder. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "practice/practice.h"
#include "util/util.h"

#include "../lib/check.h"
#include "helpers.h"

static char *tmp;
static char lesson_dir[4096];

static const char STARTER[] = "print('lost', 7)\n";
static const char SOLUTION[] = "print('lost', 0)\n";

static void make_lesson(void)
{
    snprintf(lesson_dir, sizeof lesson_dir, "%s/lessons", tmp);
    char *ex = path_join(lesson_dir, "exercises");
    char *sol = path_join(lesson_dir, "solutions");
    mkdir_p(ex, 0755);
    mkdir_p(sol, 0755);
    char *p = path_join(ex, "race.py");
    put_file(p, STARTER);
    free(p);
    p = path_join(sol, "race.py");
    put_file(p, SOLUTION);
    free(p);
    free(ex);
    free(sol);
}

static void files_for(PracticeFiles *f, const char *root)
{
    Lesson l = {.id = "threads", .dir = lesson_dir};
    LessonExercise ex = {.file = "exercises/race.py", .solution = "solutions/race.py"};
    practice_files_init(f, root, &l, &ex);
}

static void test_paths(void)
{
    setenv("HOME", "/home/ana", 1);
    char *root = practice_workspace_root(NULL);
    CHECK(strcmp(root, "/home/ana/corelab-work") == 0);
    free(root);
    root = practice_workspace_root("~/elsewhere");
    CHECK(strcmp(root, "/home/ana/elsewhere") == 0);
    free(root);
    root = practice_workspace_root("/scratch/ana");
    CHECK(strcmp(root, "/scratch/ana") == 0);
    free(root);
    PracticeFiles f;
    files_for(&f, NULL);
    CHECK(strcmp(f.dir, "/home/ana/corelab-work/threads") == 0);
    CHECK(strcmp(f.file, "/home/ana/corelab-work/threads/race.py") == 0);
    char *starter = path_join(lesson_dir, "exercises/race.py");
    CHECK(strcmp(f.starter, starter) == 0);
    free(starter);
    char *shown = practice_display_path(f.file);
    CHECK(strcmp(shown, "~/corelab-work/threads/race.py") == 0);
    free(shown);
    shown = practice_display_path("/home/anabel/x.py");
    CHECK(strcmp(shown, "/home/anabel/x.py") == 0);
    free(shown);
    practice_files_free(&f);
}

static void test_copy_on_first_use(void)
{
    char *root = path_join(tmp, "work");
    PracticeFiles f;
    files_for(&f, root);
    bool copied;
    char *err;
    CHECK(practice_workspace_prepare(&f, &copied, &err) == 0 && copied && err == NULL);
    CHECK(file_is(f.file, STARTER));
    struct stat st;
    CHECK(stat(f.dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    CHECK(stat(f.file, &st) == 0 && (st.st_mode & 0777) == 0600);
    /* The learner's edit is never overwritten, not even by a second start. */
    put_file(f.file, "my own work\n");
    CHECK(practice_workspace_prepare(&f, &copied, &err) == 0 && !copied && err == NULL);
    CHECK(file_is(f.file, "my own work\n"));
    /* Deleted: the starter comes back. */
    unlink(f.file);
    CHECK(practice_workspace_prepare(&f, &copied, &err) == 0 && copied);
    CHECK(file_is(f.file, STARTER));
    char *text = practice_solution_text(&f, &err);
    CHECK(text && strcmp(text, SOLUTION) == 0 && err == NULL);
    free(text);
    practice_files_free(&f);
    free(root);
}

static void test_reset_keeps_backup(void)
{
    char *root = path_join(tmp, "reset");
    PracticeFiles f;
    files_for(&f, root);
    bool copied;
    char *err, *backup;
    /* No file yet: the starter, and no backup. */
    CHECK(practice_workspace_reset(&f, &backup, &err) == 0 && backup == NULL && err == NULL);
    CHECK(file_is(f.file, STARTER));
    CHECK(practice_workspace_prepare(&f, &copied, &err) == 0 && !copied);
    put_file(f.file, "attempt one\n");
    CHECK(practice_workspace_reset(&f, &backup, &err) == 0 && err == NULL);
    char *want = xasprintf("%s.~1~", f.file);
    CHECK(backup && strcmp(backup, want) == 0);
    CHECK(file_is(want, "attempt one\n") && file_is(f.file, STARTER));
    free(want);
    free(backup);
    put_file(f.file, "attempt two\n");
    CHECK(practice_workspace_reset(&f, &backup, &err) == 0);
    want = xasprintf("%s.~2~", f.file);
    CHECK(backup && strcmp(backup, want) == 0 && file_is(want, "attempt two\n"));
    CHECK(file_is(backup, "attempt two\n") && file_is(f.file, STARTER));
    free(want);
    free(backup);
    /* The first backup is untouched. */
    want = xasprintf("%s.~1~", f.file);
    CHECK(file_is(want, "attempt one\n"));
    free(want);
    practice_files_free(&f);
    free(root);
}

static void test_errors(void)
{
    /* A workspace under a plain file cannot be made. */
    char *blocker = path_join(tmp, "blocker");
    put_file(blocker, "x");
    char *root = path_join(blocker, "work");
    PracticeFiles f;
    files_for(&f, root);
    bool copied;
    char *err = NULL;
    CHECK(practice_workspace_prepare(&f, &copied, &err) < 0 && err && !copied);
    CHECK(err && strstr(err, "cannot create the workspace") && strstr(err, "Not a directory") && !strchr(err, '\n'));
    free(err);
    practice_files_free(&f);
    free(root);

    /* The starter is missing: said, and nothing is written. */
    root = path_join(tmp, "nostarter");
    files_for(&f, root);
    free(f.starter);
    f.starter = path_join(lesson_dir, "exercises/gone.py");
    CHECK(practice_workspace_prepare(&f, &copied, &err) < 0 && err && strstr(err, "the starter") &&
          strstr(err, "gone.py") && strstr(err, "No such file"));
    free(err);
    CHECK(access(f.file, F_OK) != 0);
    put_file(f.file, "kept\n");
    char *backup;
    CHECK(practice_workspace_reset(&f, &backup, &err) < 0 && err && backup == NULL);
    CHECK(file_is(f.file, "kept\n"));
    free(err);
    practice_files_free(&f);

    /* The learner's file is a folder. */
    files_for(&f, root);
    unlink(f.file);
    mkdir(f.file, 0700);
    CHECK(practice_workspace_prepare(&f, &copied, &err) < 0 && err && strstr(err, "is not a file"));
    free(err);
    practice_files_free(&f);
    free(root);

    /* The solution is missing. */
    files_for(&f, tmp);
    free(f.solution);
    f.solution = path_join(lesson_dir, "solutions/gone.py");
    CHECK(practice_solution_text(&f, &err) == NULL && err && strstr(err, "the solution"));
    free(err);
    practice_files_free(&f);
    free(blocker);
}

int main(void)
{
    tmp = scratch_dir("workspace");
    make_lesson();
    char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
    test_paths();
    if (home)
        setenv("HOME", home, 1);
    free(home);
    test_copy_on_first_use();
    test_reset_keeps_backup();
    test_errors();
    return scratch_done(tmp);
}
