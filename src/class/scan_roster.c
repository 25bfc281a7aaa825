/* class/scan_roster: the roster from what the scan decided of each entry:
 * one row per student (the record heard from last wins), the refused and
 * the squats, and everything not counted tallied by its owner. */
#include "teach_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* r->items has room for every student entry (made in build_roster). */
static void add_student(ClassRoster *r, const StudentFile *f)
{
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->items[i].st.user, f->st.user) == 0) {
            if (f->changed_at > r->items[i].last_seen) {
                r->items[i].st = f->st;
                r->items[i].last_seen = f->changed_at;
            }
            return;
        }
    }
    ClassStudent *s = &r->items[r->n++];
    memset(s, 0, sizeof *s);
    s->st = f->st;
    s->last_seen = f->changed_at;
}

static void add_squat(ClassRoster *r, const char *name, const char *owner)
{
    r->squats = xrealloc(r->squats, (r->n_squats + 1) * sizeof *r->squats);
    ClassSquat *s = &r->squats[r->n_squats++];
    snprintf(s->name, sizeof s->name, "%s", name);
    snprintf(s->owner, sizeof s->owner, "%s", owner);
}

static void tally(ClassRoster *r, ScanIndex *x, const ScanEntry *e, double now)
{
    if (!e->owner_known)
        return;
    for (size_t i = 0; i < r->n_junk; i++) {
        if (r->junk[i].uid == e->owner) {
            r->junk[i].n++;
            return;
        }
    }
    r->junk = xrealloc(r->junk, (r->n_junk + 1) * sizeof *r->junk);
    ClassJunk *j = &r->junk[r->n_junk++];
    j->uid = e->owner;
    j->n = 1;
    snprintf(j->owner, sizeof j->owner, "%s", scan_owner_name(x, e->owner, now));
}

static int cmp_junk(const void *a, const void *b)
{
    const ClassJunk *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->owner, y->owner);
}

/* A squatted user who got counted through a fallback name: mark them. */
static void mark_squatted(ClassRoster *r)
{
    for (size_t i = 0; i < r->n_squats; i++) {
        for (size_t k = 0; k < r->n; k++) {
            if (strcmp(r->items[k].st.user, r->squats[i].name) == 0) {
                r->items[k].squatted = true;
                snprintf(r->items[k].squatter, sizeof r->items[k].squatter, "%s", r->squats[i].owner);
            }
        }
    }
}

void class_scan_build_roster(ClassTeach *t, double now)
{
    ClassRoster *r = &t->roster;
    ScanIndex *x = &t->index;
    size_t students = 0;
    for (size_t i = 0; i < x->n; i++)
        students += x->items[i].kind == ENTRY_STUDENT;
    r->items = students ? xmalloc(students * sizeof *r->items) : NULL;
    for (size_t i = 0; i < x->n; i++) {
        const ScanEntry *e = &x->items[i];
        if (e->name[0] == '.' && e->first_scan == t->scans)
            continue; /* most likely a writer's temp file: judged next scan */
        switch (e->kind) {
        case ENTRY_STUDENT:
            if (e->over_cap_scan == t->scans) {
                r->junk_total++;
                break;
            }
            if (e->file->ok) {
                add_student(r, e->file);
                continue;
            }
            r->refused++;
            break;
        case ENTRY_SQUAT:
            add_squat(r, e->user, scan_owner_name(x, e->owner, now));
            r->refused++;
            break;
        case ENTRY_REFUSED:
            r->refused++;
            break;
        case ENTRY_JUNK:
            r->junk_total++;
            break;
        case ENTRY_NEW:
            r->unexamined++;
            continue;
        }
        tally(r, x, e, now);
    }
    if (r->n_junk > 1)
        qsort(r->junk, r->n_junk, sizeof *r->junk, cmp_junk);
    mark_squatted(r);
    class_roster_finish(r, &t->pace, now);
}
