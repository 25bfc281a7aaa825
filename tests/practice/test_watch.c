/* Watching the learner's file: a save by writing in place and a save by
 * renaming a new file over it are each seen within 2 s, with inotify and
 * by the stat poll alone; a half-written save is reported once, whole. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "practice/practice.h"
#include "util/util.h"

#include "../lib/check.h"
#include "helpers.h"

/* Drive the watch as a poll loop would, for up to limit seconds: how long
 * until it reported a change, or -1. */
static double wait_change(FileWatch *w, double limit)
{
    double start = now_monotonic();
    for (;;) {
        double now = now_monotonic();
        if (file_watch_changed(w, now))
            return now - start;
        if (now - start > limit)
            return -1;
        struct pollfd p = {.fd = file_watch_fd(w), .events = POLLIN};
        double t = file_watch_timeout(w, now);
        poll(&p, 1, (int)(t * 1000) + 1);
    }
}

/* No change reported for a while (a quiet file stays quiet). */
static bool stays_quiet(FileWatch *w, double seconds) { return wait_change(w, seconds) < 0; }

static void save_by_rename(const char *path, const char *text)
{
    char *tmp = xasprintf("%s.swp", path);
    put_file(tmp, text);
    rename(tmp, path);
    free(tmp);
}

static void test_saves(const char *dir, bool force_poll)
{
    char *path = path_join(dir, force_poll ? "polled.py" : "watched.py");
    put_file(path, "print(1)\n");
    FileWatch *w = file_watch_open(path, force_poll);
    CHECK(file_watch_uses_inotify(w) == !force_poll);
    CHECK((file_watch_fd(w) >= 0) == !force_poll);
    CHECK(stays_quiet(w, 0.7));

    put_file(path, "print(2)\n");
    double t = wait_change(w, 2.0);
    CHECK(t >= 0 && t < 2.0);
    fprintf(stderr, "%s: a save in place seen after %.2f s\n", force_poll ? "poll" : "inotify", t);
    CHECK(stays_quiet(w, 0.7));

    save_by_rename(path, "print(3)\n");
    t = wait_change(w, 2.0);
    CHECK(t >= 0 && t < 2.0);
    fprintf(stderr, "%s: a save by rename seen after %.2f s\n", force_poll ? "poll" : "inotify", t);

    /* Another file in the folder is not ours. */
    char *other = path_join(dir, "other.py");
    put_file(other, "x\n");
    CHECK(stays_quiet(w, 0.7));
    free(other);

    unlink(path);
    CHECK(wait_change(w, 2.0) >= 0);
    put_file(path, "back\n");
    CHECK(wait_change(w, 2.0) >= 0);
    file_watch_close(w);
    free(path);
}

/* Time is the caller's: a file written in two parts 50 ms apart is not
 * reported until it has kept still for 100 ms. */
static void test_half_written(const char *dir)
{
    char *path = path_join(dir, "slow.py");
    put_file(path, "");
    FileWatch *w = file_watch_open(path, true);
    double t0 = now_monotonic() + 1.0; /* past the first poll */
    FILE *f = fopen(path, "w");
    fputs("first half\n", f);
    fflush(f);
    CHECK(!file_watch_changed(w, t0));        /* seen changing */
    CHECK(!file_watch_changed(w, t0 + 0.05)); /* not still for long enough */
    fputs("second half\n", f);
    fclose(f);
    CHECK(!file_watch_changed(w, t0 + 0.10)); /* changed again: wait anew */
    CHECK(!file_watch_changed(w, t0 + 0.15));
    CHECK(file_watch_changed(w, t0 + 0.21));  /* still for 110 ms */
    CHECK(file_is(path, "first half\nsecond half\n"));
    CHECK(!file_watch_changed(w, t0 + 0.4) && !file_watch_changed(w, t0 + 1.5));
    file_watch_close(w);
    free(path);
}

static void test_env_forces_poll(const char *dir)
{
    char *path = path_join(dir, "env.py");
    put_file(path, "x\n");
    setenv("CORELAB_WATCH", "poll", 1);
    FileWatch *w = file_watch_open(path, false);
    CHECK(!file_watch_uses_inotify(w) && file_watch_fd(w) < 0);
    file_watch_close(w);
    unsetenv("CORELAB_WATCH");
    /* A folder that does not exist yet: polling, and the file's arrival is seen. */
    char *later = path_join(dir, "later/x.py");
    w = file_watch_open(later, false);
    CHECK(!file_watch_uses_inotify(w));
    char *sub = path_join(dir, "later");
    mkdir_p(sub, 0700);
    put_file(later, "now\n");
    CHECK(wait_change(w, 2.0) >= 0);
    file_watch_close(w);
    free(sub);
    free(later);
    free(path);
}

int main(void)
{
    char *dir = scratch_dir("watch");
    unsetenv("CORELAB_WATCH");
    test_saves(dir, false);
    test_saves(dir, true);
    test_half_written(dir);
    test_env_forces_poll(dir);
    return scratch_done(dir);
}
