/* class/scan: the instructor reads students/ into a roster. Every entry is
 * read from the directory; what each one is was decided once (scan_index)
 * and is decided again only when its inode changes. Students' files are
 * lstat'ed every scan and read again only when that changed. A new entry
 * costs one lstat (to learn its owner), within CLASS_SCAN_NEW_MAX a scan,
 * oldest first, so a flood of planted files delays a student by a scan or
 * two at most; asking the user database whose name an entry bears costs
 * more (LDAP), so at most CLASS_SCAN_LOOKUPS_MAX a scan, and only for
 * names that are not their owner's. */
#include "teach_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "class/class_fs.h"
#include "util/util.h"

#define NAME_TTL_S 300.0
#define INDEX_MAX (1u << 17) /* entries remembered; beyond, counted only */

typedef struct {
    unsigned long first_scan;
    size_t index;
} PendingName;

typedef struct {
    PendingName *items;
    size_t n, cap;
} PendingList;

typedef struct {
    ClassTeach *t;
    double now;
    PendingList stat, lookup, read; /* entries to lstat; names to look up; files to read */
} Scan;

static void pending_add(PendingList *l, const ScanEntry *base, const ScanEntry *e)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n].first_scan = e->first_scan;
    l->items[l->n++].index = (size_t)(e - base);
}

static int cmp_pending(const void *a, const void *b)
{
    const PendingName *x = a, *y = b;
    if (x->first_scan != y->first_scan)
        return x->first_scan < y->first_scan ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void sort_pending(PendingList *l)
{
    if (l->n > 1)
        qsort(l->items, l->n, sizeof *l->items, cmp_pending);
}

/* "NAME", "NAME+UID" or "NAME+UID+ANY" with NAME encoded: e->user and
 * e->uid_in_name. False for names that cannot be a student's. */
static bool parse_name(ScanEntry *e)
{
    const char *name = e->name;
    const char *plus = strchr(name, '+');
    size_t n = plus ? (size_t)(plus - name) : strlen(name);
    e->uid_in_name = -1;
    if (name[0] == '.' || !class_name_decode(name, n, e->user, sizeof e->user)) {
        e->user[0] = '\0';
        return false;
    }
    if (!plus)
        return true;
    char *end;
    errno = 0;
    long v = strtol(plus + 1, &end, 10);
    if (errno || end == plus + 1 || v < 0 || plus[1] < '0' || plus[1] > '9'
        || (*end != '\0' && *end != '+')) {
        e->user[0] = '\0';
        return false;
    }
    e->uid_in_name = v;
    return true;
}

static bool same_file(const StudentFile *f, const struct stat *st)
{
    return f->ino == st->st_ino && f->size == st->st_size && f->mtim.tv_sec == st->st_mtim.tv_sec
        && f->mtim.tv_nsec == st->st_mtim.tv_nsec;
}

/* When the student was last heard from, by our clock: the first time, the
 * record's own heartbeat (not believed when ahead of us); later, the moment
 * we saw its heartbeat change. */
static void note_heartbeat(StudentFile *f, const ClassStatus *st, double now)
{
    if (!f->read_once)
        f->changed_at = st->heartbeat > now + CLASS_CLOCK_SKEW_S ? 0 : fmin(st->heartbeat, now);
    else if (st->beat != f->st.beat || st->heartbeat != f->st.heartbeat)
        f->changed_at = now;
    f->read_once = true;
}

/* Read a student's file when it changed. The owner is checked on the
 * opened file, not on the lstat, so a swap between the two cannot slip
 * through. */
static void load_student(Scan *sc, ScanEntry *e, const struct stat *lst)
{
    StudentFile *f = e->file;
    if (f->tried && same_file(f, lst))
        return; /* an unchanged bad file stays bad, unread */
    f->dirty_since = 0;
    struct stat st;
    size_t len;
    char *text = class_fs_read_at(sc->t->studfd, e->name, CLASS_STATUS_MAX, &len, &st);
    if (!text) {
        f->ok = false;
        return;
    }
    f->tried = true;
    f->ino = st.st_ino;
    f->size = st.st_size;
    f->mtim = st.st_mtim;
    const char *why;
    static const ClassStatus zero;
    ClassStatus s = zero;
    f->ok = st.st_uid == e->owner && class_status_from_json(text, len, &s, &why) == 0;
    free(text);
    if (!f->ok)
        return;
    note_heartbeat(f, &s, sc->now);
    f->st = s;
    snprintf(f->st.user, sizeof f->st.user, "%s", e->user); /* the name, not the claim */
}

static void make_student(Scan *sc, ScanEntry *e, const struct stat *st)
{
    e->kind = ENTRY_STUDENT;
    e->file = xcalloc(1, sizeof *e->file);
    load_student(sc, e, st);
}

/* One lstat: the owner, and whether the name is its owner's. */
static void examine_new(Scan *sc, ScanEntry *e)
{
    bool named = parse_name(e);
    struct stat st;
    if (fstatat(sc->t->studfd, e->name, &st, AT_SYMLINK_NOFOLLOW) < 0)
        return; /* gone already: forgotten at the next scan */
    e->owner = st.st_uid;
    e->owner_known = true;
    e->regular = S_ISREG(st.st_mode);
    e->kind = ENTRY_JUNK;
    e->name_checked = !named; /* a name of nobody needs no lookup */
    if (named && e->regular && scan_owner_is(&sc->t->index, st.st_uid, e->user, sc->now)
        && (e->uid_in_name < 0 || (uid_t)e->uid_in_name == st.st_uid)
        && scan_owner_take(&sc->t->index, st.st_uid, sc->t->scans, sc->now))
        make_student(sc, e, &st);
}

/* Whose name the entry bears, when it is not its owner's: nobody's (junk),
 * a user sharing the owner's uid (a student after all), or another user's
 * (refused; a squat when it is the plain NAME). */
static void examine_name(Scan *sc, ScanEntry *e)
{
    struct passwd *pw = getpwnam(e->user);
    e->name_checked = true;
    e->checked_at = sc->now;
    if (!pw) {
        e->kind = ENTRY_JUNK;
    } else if (!e->regular) {
        e->kind = ENTRY_REFUSED;
    } else if (pw->pw_uid == e->owner && (e->uid_in_name < 0 || (uid_t)e->uid_in_name == e->owner)) {
        struct stat st;
        if (fstatat(sc->t->studfd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_uid == e->owner
            && scan_owner_take(&sc->t->index, e->owner, sc->t->scans, sc->now))
            make_student(sc, e, &st);
    } else {
        e->kind = e->uid_in_name < 0 && pw->pw_uid != e->owner ? ENTRY_SQUAT : ENTRY_REFUSED;
    }
}

/* A known student: one lstat; read again when it changed. */
static void examine_student(Scan *sc, ScanEntry *e)
{
    struct stat st;
    if (fstatat(sc->t->studfd, e->name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        e->file->ok = false;
        return;
    }
    if (!S_ISREG(st.st_mode) || st.st_uid != e->owner) { /* replaced by root, say */
        scan_entry_reset(e);
        examine_new(sc, e);
        return;
    }
    StudentFile *f = e->file;
    if (!f->tried || same_file(f, &st)) {
        load_student(sc, e, &st); /* a first read, or nothing to do */
        return;
    }
    if (!f->dirty_since) /* changed: read in turn, within the budget */
        f->dirty_since = sc->t->scans;
    if (sc->read.n == sc->read.cap) {
        sc->read.cap = sc->read.cap ? sc->read.cap * 2 : 64;
        sc->read.items = xrealloc(sc->read.items, sc->read.cap * sizeof *sc->read.items);
    }
    sc->read.items[sc->read.n].first_scan = f->dirty_since;
    sc->read.items[sc->read.n++].index = (size_t)(e - sc->t->index.items);
}

/* One directory entry as readdir gives it. */
static void visit(Scan *sc, const struct dirent *de)
{
    ClassTeach *t = sc->t;
    bool made;
    ScanEntry *e = scan_index_get(&t->index, de->d_name, &made);
    if (made) {
        e->first_scan = t->scans;
        e->d_ino = de->d_ino;
    } else if (de->d_ino && de->d_ino != e->d_ino) {
        e->d_ino = de->d_ino; /* a student's rewrite is a rename: a new inode */
        if (e->kind != ENTRY_STUDENT) {
            scan_entry_reset(e);
            e->first_scan = t->scans;
        }
    }
    e->last_scan = t->scans;
    if (e->kind == ENTRY_STUDENT && !scan_owner_take(&t->index, e->owner, t->scans, sc->now))
        e->over_cap_scan = t->scans; /* counted as the owner's junk this scan */
    else if (e->kind == ENTRY_STUDENT)
        examine_student(sc, e);
    else if (e->kind == ENTRY_NEW && !(e->name[0] == '.' && e->first_scan == t->scans))
        pending_add(&sc->stat, t->index.items, e); /* writers' temp files: next scan */
    else if (e->kind == ENTRY_JUNK && e->user[0]
             && (!e->name_checked || sc->now - e->checked_at > NAME_TTL_S))
        pending_add(&sc->lookup, t->index.items, e);
}

/* The pending work, oldest entries first, within the budgets. */
static void work_through(Scan *sc)
{
    ScanIndex *x = &sc->t->index;
    sort_pending(&sc->stat);
    for (size_t i = 0; i < sc->stat.n && i < CLASS_SCAN_NEW_MAX; i++) {
        ScanEntry *e = &x->items[sc->stat.items[i].index];
        examine_new(sc, e);
        if (e->kind == ENTRY_JUNK && !e->name_checked)
            pending_add(&sc->lookup, x->items, e);
    }
    sort_pending(&sc->lookup);
    for (size_t i = 0; i < sc->lookup.n && i < CLASS_SCAN_LOOKUPS_MAX; i++)
        examine_name(sc, &x->items[sc->lookup.items[i].index]);
    sort_pending(&sc->read);
    for (size_t i = 0; i < sc->read.n && i < CLASS_SCAN_READS_MAX; i++) {
        ScanEntry *e = &x->items[sc->read.items[i].index];
        struct stat st;
        if (fstatat(sc->t->studfd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            load_student(sc, e, &st);
    }
    sc->t->roster.unread = sc->read.n > CLASS_SCAN_READS_MAX ? sc->read.n - CLASS_SCAN_READS_MAX : 0;
}

/* Read students/ to its end. -1 with *err when the listing fails. */
static int read_entries(Scan *sc, char **err)
{
    ClassTeach *t = sc->t;
    ClassRoster *r = &t->roster;
    struct dirent *de;
    rewinddir(t->stud_dir);
    for (;;) {
        errno = 0;
        if (!(de = readdir(t->stud_dir)))
            break;
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        r->entries++;
        if (t->index.n >= INDEX_MAX) { /* memory bound: counted, not kept */
            r->unexamined++;
            continue;
        }
        visit(sc, de);
    }
    if (errno) {
        *err = xasprintf("cannot list %s/students: %s", t->dir, strerror(errno));
        return -1;
    }
    return 0;
}

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const ClassRoster *class_teach_scan(ClassTeach *t, double now, char **err)
{
    double t0 = now_monotonic(), c0 = cpu_now();
    class_roster_free(&t->roster);
    t->scans++;
    Scan sc = {.t = t, .now = now};
    int rc = read_entries(&sc, err);
    if (rc == 0)
        work_through(&sc);
    free(sc.stat.items);
    free(sc.lookup.items);
    free(sc.read.items);
    if (rc < 0)
        return NULL;
    scan_index_sweep(&t->index, t->scans);
    class_scan_build_roster(t, now);
    t->roster.scan_s = now_monotonic() - t0;
    t->roster.scan_cpu_s = cpu_now() - c0;
    return &t->roster;
}

const ClassRoster *class_teach_scan_all(ClassTeach *t, double now, char **err)
{
    const ClassRoster *r = class_teach_scan(t, now, err);
    size_t before = SIZE_MAX;
    /* Each scan examines CLASS_SCAN_NEW_MAX more; stop when none are left,
     * or when a scan got no further (entries over INDEX_MAX). */
    while (r && (r->unexamined > 0 || r->unread > 0) && r->unexamined + r->unread < before) {
        before = r->unexamined + r->unread;
        r = class_teach_scan(t, now, err);
    }
    return r;
}
