/* The last run of each step the learner has left (a few of them, the
 * oldest forgotten first), so that coming back to a step shows its
 * results and its verdict again instead of "press r"; and a run step's
 * verdict in words. */
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

void panel_memo_save(Panel *p)
{
    if (!p->step || !(p->ended || p->running))
        return;
    StepMemo *slot = &p->memos[0];
    for (int i = 0; i < MAX_MEMOS; i++) {
        StepMemo *m = &p->memos[i];
        if (m->step == p->step && m->lesson == p->lesson) {
            slot = m;
            break;
        }
        if (!m->step || (slot->step && m->used < slot->used))
            slot = m;
    }
    if (slot->step)
        model_free(&slot->model);
    double now = now_monotonic();
    *slot = (StepMemo){.lesson = p->lesson, .step = p->step, .used = ++p->memo_clock, .model = p->model,
                       .ended = true, .stopped = p->stopped || p->running, .timed_out = p->timed_out,
                       .spawn_failed = p->spawn_failed, .expect_found = p->expect_found, .passed = p->passed,
                       .status = p->status, .secs = (p->running ? now : p->t_end) - p->t_start,
                       .busy_others = p->busy_others};
    model_init(&p->model); /* the memo owns its buffers now */
}

bool panel_memo_restore(Panel *p)
{
    for (int i = 0; i < MAX_MEMOS; i++) {
        StepMemo *m = &p->memos[i];
        if (!m->step || m->step != p->step || m->lesson != p->lesson)
            continue;
        model_free(&p->model);
        p->model = m->model;
        p->ended = m->ended;
        p->stopped = m->stopped;
        p->timed_out = m->timed_out;
        p->spawn_failed = m->spawn_failed;
        p->expect_found = m->expect_found;
        p->passed = m->passed;
        p->status = m->status;
        p->busy_others = m->busy_others;
        p->t_end = now_monotonic();
        p->t_start = p->t_end - m->secs;
        memset(m, 0, sizeof *m);
        return true;
    }
    return false;
}

void panel_memo_free(Panel *p)
{
    for (int i = 0; i < MAX_MEMOS; i++)
        if (p->memos[i].step)
            model_free(&p->memos[i].model);
    memset(p->memos, 0, sizeof p->memos);
}

void panel_run_verdict(const Panel *p, char *buf, size_t n, bool *good)
{
    const char *want = p->step->run->expect;
    *good = p->passed;
    int cpus = probe_allowed_workers();
    /* Other programs can make a run time out or print another verdict
     * than the one expected; a command that failed failed by itself. */
    bool exited_0 = WIFEXITED(p->status) && WEXITSTATUS(p->status) == 0;
    bool busy = !p->passed && (p->timed_out || exited_0) && demo_run_disturbed(p->busy_others, cpus, cpus);
    if (p->stopped)
        snprintf(buf, n, " stopped (r runs it again)");
    else if (busy && want && *want)
        snprintf(buf, n, " expected \"%s\": not confirmed (machine busy: other programs held %.1f CPUs)", want,
                 p->busy_others);
    else if (busy)
        snprintf(buf, n, " not confirmed (machine busy: other programs held %.1f CPUs)", p->busy_others);
    else if (want && *want)
        snprintf(buf, n, " expected \"%s\": %s", want,
                 p->passed         ? "passed"
                 : p->expect_found ? "found, but the command failed"
                                   : "failed, not in the output");
    else
        snprintf(buf, n, " %s", p->passed ? "passed (exit status 0)" : "failed");
}
