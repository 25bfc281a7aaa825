/* class/roster: counting and ordering the roster (pure: no I/O). */
#include "class/class.h"

#include <stdlib.h>
#include <string.h>

void class_roster_free(ClassRoster *r)
{
    free(r->items);
    free(r->squats);
    free(r->junk);
    memset(r, 0, sizeof *r);
}

/* help (live) first, then the stuck, then live before stale, then by
 * step, then by name. */
static int rank(const ClassStudent *s)
{
    if (!s->stale && s->flag_current && s->st.flag == CLASS_FLAG_HELP)
        return 0;
    if (!s->stale && s->stuck_s >= CLASS_STUCK_S)
        return 1;
    return s->stale ? 3 : 2;
}

static int cmp_student(const void *a, const void *b)
{
    const ClassStudent *x = a, *y = b;
    int rx = rank(x), ry = rank(y);
    if (rx != ry)
        return rx - ry;
    if (rx == 1 && x->stuck_s != y->stuck_s) /* stuck longest first */
        return x->stuck_s > y->stuck_s ? -1 : 1;
    if (x->st.step != y->st.step)
        return x->st.step < y->st.step ? -1 : 1;
    return strcmp(x->st.user, y->st.user);
}

/* Failing the exercise of the class's step for CLASS_STUCK_S or more. */
static double stuck_on(const ClassStudent *s, const ClassPace *pace, double now)
{
    if (!pace->lesson[0] || strcmp(s->st.answers_lesson, pace->lesson) != 0)
        return 0;
    const ClassAnswer *a = class_status_find_answer(&s->st, pace->step);
    double t = a ? class_answer_trying_s(a, now) : -1;
    return t >= CLASS_STUCK_S ? t : 0;
}

void class_roster_finish(ClassRoster *r, const ClassPace *pace, double now)
{
    r->done = r->help = r->live = r->stale = 0;
    for (size_t i = 0; i < r->n; i++) {
        ClassStudent *s = &r->items[i];
        s->stale = now - s->last_seen > CLASS_STALE_S;
        s->flag_current = s->st.flag != CLASS_FLAG_NONE
            && (!pace->clear_flags_on_step || s->st.flag_seq == pace->seq);
        s->stuck_s = stuck_on(s, pace, now);
        if (s->stale) {
            r->stale++;
            continue;
        }
        r->live++;
        if (s->flag_current && s->st.flag == CLASS_FLAG_DONE)
            r->done++;
        if (s->flag_current && s->st.flag == CLASS_FLAG_HELP)
            r->help++;
    }
    if (r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, cmp_student);
}
