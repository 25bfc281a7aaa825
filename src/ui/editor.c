/* ui/editor: `o` opens the exercise's file in the learner's editor:
 * $VISUAL, else $EDITOR (split on blanks as git does, but never through a
 * shell: quotes and $ are taken as they are), else nano, else vi. corelab
 * puts its screen away (endwin) and the editor has the terminal; the loop
 * goes on meanwhile without reading keys or drawing, so the file's saves
 * are checked and a class still sees the learner. When the editor exits,
 * the screen comes back on the step it was opened from and the file is
 * checked. A Ctrl-C typed in the editor is the editor's, not corelab's. */
#include "ui/practice_ui.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/spawn.h"

/* $VISUAL, else $EDITOR, when set to something other than blanks. */
static const char *user_editor(const char **var)
{
    static const char *const vars[] = {"VISUAL", "EDITOR"};
    for (size_t i = 0; i < 2; i++) {
        const char *e = getenv(vars[i]);
        if (e && e[strspn(e, " \t")]) {
            *var = vars[i];
            return e;
        }
    }
    return NULL;
}

static char **split_words(const char *s, const char *path)
{
    size_t cap = 4, n = 0;
    char **av = xcalloc(cap, sizeof *av);
    while (*s) {
        s += strspn(s, " \t");
        size_t len = strcspn(s, " \t");
        if (len == 0)
            break;
        if (n + 2 >= cap)
            av = xrealloc(av, (cap *= 2) * sizeof *av);
        av[n++] = xstrndup(s, len);
        s += len;
    }
    av[n++] = xstrdup(path);
    av[n] = NULL;
    return av;
}

char **editor_argv(int try_no, const char *path)
{
    const char *var;
    const char *user = user_editor(&var);
    if (user)
        return try_no == 0 ? split_words(user, path) : NULL;
    static const char *const fallback[] = {"nano", "vi"};
    return try_no >= 0 && try_no < 2 ? split_words(fallback[try_no], path) : NULL;
}

/* Whether prog can be started: a path that is executable, or a name found
 * executable on $PATH (as posix_spawnp looks it up). */
static bool startable(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    char *copy = xstrdup(path && *path ? path : "/usr/bin:/bin");
    bool found = false;
    char *save = NULL;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char *full = path_join(*dir ? dir : ".", prog);
        found = access(full, X_OK) == 0;
        free(full);
    }
    free(copy);
    return found;
}

/* The screen back as it was, sized afresh (the terminal may have changed). */
static void resume_screen(App *app)
{
    reset_prog_mode();
    keypad(stdscr, TRUE); /* sends keypad-transmit again: arrows as before */
    term_resize();
    clearok(curscr, TRUE);
    app->dirty |= DIRTY_ALL;
}

static void say_none(App *app, const char *path)
{
    const char *var;
    const char *user = user_editor(&var);
    char *shown = practice_display_path(path);
    if (user)
        exercise_notice(app, true, "cannot start your editor '%.60s' ($%s): not found; set $%s to an "
                        "editor you have, or edit %s in another window", user, var, var, shown);
    else
        exercise_notice(app, true, "no editor found (nano, vi): set $EDITOR, or edit %s in another window",
                        shown);
    free(shown);
}

bool editor_open(App *app, const char *path)
{
    ExerciseView *v = app->exercise;
    if (v->editor.pid > 0)
        return false;
    char **argv = NULL;
    for (int t = 0; (argv = editor_argv(t, path)) && !startable(argv[0]); t++)
        argv_free(argv);
    if (!argv) {
        say_none(app, path);
        return false;
    }
    SpawnOpts o = {.cwd = v->files.dir}; /* the terminal is the editor's: no pipe, our group */
    def_prog_mode();
    endwin();
    Child c;
    int rc = spawn_child(argv, &o, &c);
    if (rc) {
        resume_screen(app);
        exercise_notice(app, true, "cannot start the editor %.60s: %s", argv[0], strerror(rc));
        argv_free(argv);
        return false;
    }
    free(v->editor.name);
    v->editor = (EditorRun){.pid = c.pid, .lesson = app->lesson, .step = app->step,
                            .opened_at = now_monotonic(), .name = xstrdup(argv[0])};
    argv_free(argv);
    return true;
}

bool editor_running(const App *app) { return app->exercise && app->exercise->editor.pid > 0; }

static void editor_done(App *app, int status)
{
    ExerciseView *v = app->exercise;
    EditorRun ed = v->editor;
    v->editor.pid = -1;
    resume_screen(app);
    /* Back on the step it was opened from (a class may have moved on). */
    if (app->lesson != ed.lesson || app->step != ed.step)
        app_goto(app, ed.lesson, ed.step);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        exercise_notice(app, true, "the editor %.60s %s; your file is as it last saved it", ed.name,
                        describe_status(status));
    exercise_after_editor(app, ed.opened_at);
}

void editor_poll(App *app)
{
    ExerciseView *v = app->exercise;
    if (!v || v->editor.pid <= 0)
        return;
    int status;
    pid_t r = waitpid(v->editor.pid, &status, WNOHANG);
    if (r == 0 || (r < 0 && errno == EINTR))
        return;
    editor_done(app, r < 0 ? 0 : status);
}

void editor_wait(App *app)
{
    ExerciseView *v = app->exercise;
    if (!v || v->editor.pid <= 0)
        return;
    int status;
    while (waitpid(v->editor.pid, &status, 0) < 0 && errno == EINTR)
        ;
    v->editor.pid = -1;
    reset_prog_mode();
}
