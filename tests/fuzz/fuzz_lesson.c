/* libFuzzer target for the lesson loader: any bytes must give either a
 * lesson or located problems, never a crash, a hang or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"

static void check_diags(const DiagList *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const Diag *g = &d->items[i];
        if (g->line < 1 || g->col < 1 || !g->message[0] || !g->file)
            abort(); /* every problem in a buffer has a place and words */
    }
}

static void check_lesson(const Lesson *l)
{
    if (!l->id || !l->title || l->n_steps == 0)
        abort();
    for (size_t i = 0; i < l->n_steps; i++) {
        const LessonStep *s = &l->steps[i];
        if (!s->title)
            abort();
        if (s->quiz && (s->quiz->answer < 1 || (size_t)s->quiz->answer > s->quiz->choices.n))
            abort();
        if (s->demo && (!s->demo->name || s->demo->n_workers > 64))
            abort();
        if (s->run) {
            char **argv = lesson_run_argv(s->run->command);
            if (!argv || !argv[0])
                abort(); /* a lesson that loaded has a runnable command */
            argv_free(argv);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList d;
    diag_list_init(&d);
    Lesson *l = lesson_load_buffer("fuzz.yaml", NULL, data, size, &d);
    if ((l == NULL) != (d.n > 0))
        abort(); /* NULL exactly when something was reported */
    check_diags(&d);
    diag_list_sort(&d);
    if (l)
        check_lesson(l);
    lesson_free(l);
    diag_list_free(&d);

    /* The run-command splitter on the same bytes as a string. */
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    argv_free(lesson_run_argv(s));
    free(s);
    return 0;
}
