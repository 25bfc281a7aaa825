/* ui/classmode/summary_main: `corelab teach --summary DIR [--out DIR]`:
 * the class record from the status files of DIR, written where the
 * instructor keeps their own files. No terminal UI. */
#include "ui/classmode/classmode_int.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* The current directory, unless it is the class directory or inside it
 * (students can read that): then $XDG_STATE_HOME/corelab. Caller frees. */
static char *default_out(const char *class_dir)
{
    char here[PATH_MAX], cls[PATH_MAX];
    if (realpath(".", here) && realpath(class_dir, cls)) {
        size_t n = strlen(cls);
        if (strncmp(here, cls, n) == 0 && (here[n] == '\0' || here[n] == '/')) {
            char *state = xdg_state_dir();
            if (mkdir_p(state, 0700) == 0)
                return state;
            free(state);
        }
    }
    return xstrdup(".");
}

int classmode_summary_main(const ClassOptions *o)
{
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open_reader(o->summary_dir, now, &err);
    const ClassRoster *r = t ? class_teach_scan_all(t, now, &err) : NULL;
    if (!r) {
        fprintf(stderr, "corelab teach: %s\n", err);
        free(err);
        class_teach_free(t);
        return 1;
    }
    char *out = o->out_dir ? xstrdup(o->out_dir) : default_out(o->summary_dir);
    char *csv = NULL, *json = NULL;
    int rc = class_summary_write(r, class_teach_pace(t), o->summary_dir, out, now, &csv, &json, &err);
    if (rc < 0) {
        fprintf(stderr, "corelab teach: %s\n", err);
        free(err);
    } else {
        printf("corelab teach: the class record of %zu student%s (%d here now):\n  %s\n  %s\n", r->n,
               r->n == 1 ? "" : "s", r->live, csv, json);
    }
    free(csv);
    free(json);
    free(out);
    class_teach_free(t);
    return rc < 0 ? 1 : 0;
}
