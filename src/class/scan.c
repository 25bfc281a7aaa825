/* class/scan: the instructor reads students/ into a roster. Unchanged files
 * (same inode, size, mtime) are not read again; every entry's owner must be
 * the user it is named after. */
#include "teach_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "class/class_fs.h"
#include "util/util.h"

#define NAME_TTL_S 300.0
#define NAME_CACHE_MAX 4096

/* uid of a user name, cached; false when there is no such user. */
static bool lookup_user(ClassTeach *t, const char *name, double now, uid_t *uid)
{
    NameEntry *e = NULL;
    for (size_t i = 0; i < t->n_names; i++) {
        if (strcmp(t->names[i].name, name) == 0) {
            e = &t->names[i];
            break;
        }
    }
    if (!e && t->n_names >= NAME_CACHE_MAX) {
        /* Junk names could grow the cache without end: start afresh. */
        for (size_t i = 0; i < t->n_names; i++)
            free(t->names[i].name);
        t->n_names = 0;
    }
    if (!e) {
        if (t->n_names == t->cap_names) {
            t->cap_names = t->cap_names ? t->cap_names * 2 : 64;
            t->names = xrealloc(t->names, t->cap_names * sizeof *t->names);
        }
        e = &t->names[t->n_names++];
        e->name = xstrdup(name);
        e->fetched = -1e300;
    }
    if (now - e->fetched > NAME_TTL_S || now < e->fetched) {
        struct passwd *pw = getpwnam(name);
        e->found = pw != NULL;
        e->uid = pw ? pw->pw_uid : 0;
        e->fetched = now;
    }
    *uid = e->uid;
    return e->found;
}

/* "NAME", "NAME+UID" or "NAME+UID+ANY": the user part and the uid named
 * (-1 when none). False for names that are not status files at all. */
static bool split_entry(const char *entry, char *user, size_t cap, long *uid_in_name)
{
    const char *plus = strchr(entry, '+');
    size_t n = plus ? (size_t)(plus - entry) : strlen(entry);
    if (n == 0 || n >= cap)
        return false;
    memcpy(user, entry, n);
    user[n] = '\0';
    *uid_in_name = -1;
    if (!plus)
        return true;
    char *end;
    errno = 0;
    long v = strtol(plus + 1, &end, 10);
    if (errno || end == plus + 1 || v < 0 || (*end != '\0' && *end != '+'))
        return false;
    *uid_in_name = v;
    return true;
}

static ScanEntry *cache_find(ClassTeach *t, const char *name)
{
    for (size_t i = 0; i < t->n_entries; i++)
        if (strcmp(t->entries[i].name, name) == 0)
            return &t->entries[i];
    if (t->n_entries == t->cap_entries) {
        t->cap_entries = t->cap_entries ? t->cap_entries * 2 : 64;
        t->entries = xrealloc(t->entries, t->cap_entries * sizeof *t->entries);
    }
    ScanEntry *e = &t->entries[t->n_entries++];
    memset(e, 0, sizeof *e);
    e->name = xstrdup(name);
    return e;
}

static bool same_file(const ScanEntry *e, const struct stat *st)
{
    return e->ino == st->st_ino && e->size == st->st_size && e->uid == st->st_uid
        && e->mtim.tv_sec == st->st_mtim.tv_sec && e->mtim.tv_nsec == st->st_mtim.tv_nsec;
}

static void remember(ScanEntry *e, const struct stat *st)
{
    e->ino = st->st_ino;
    e->size = st->st_size;
    e->uid = st->st_uid;
    e->mtim = st->st_mtim;
}

static void add_squat(ClassRoster *r, const char *name, uid_t owner)
{
    r->squats = xrealloc(r->squats, (r->n_squats + 1) * sizeof *r->squats);
    ClassSquat *s = &r->squats[r->n_squats++];
    snprintf(s->name, sizeof s->name, "%s", name);
    struct passwd *pw = getpwuid(owner);
    if (pw && pw->pw_name)
        snprintf(s->owner, sizeof s->owner, "%s", pw->pw_name);
    else
        snprintf(s->owner, sizeof s->owner, "uid %ld", (long)owner);
}

/* Read and trust one entry; the owner is checked on the opened file, not on
 * the lstat, so a swap between the two cannot slip through. */
static bool load_entry(ClassTeach *t, ScanEntry *e, const char *user, uid_t uid)
{
    struct stat st;
    size_t len;
    char *text = class_fs_read_at(t->studfd, e->name, CLASS_STATUS_MAX, &len, &st);
    if (!text)
        return false;
    remember(e, &st);
    const char *why;
    bool ok = st.st_uid == uid && class_status_from_json(text, len, &e->st, &why) == 0;
    free(text);
    if (ok)
        snprintf(e->st.user, sizeof e->st.user, "%s", user); /* the name, not the claim */
    return ok;
}

/* Add or merge e into the roster: one row per user, the newest file wins. */
static void add_student(ClassRoster *r, const ScanEntry *e)
{
    double seen = (double)e->mtim.tv_sec + (double)e->mtim.tv_nsec / 1e9;
    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->items[i].st.user, e->st.user) == 0) {
            if (seen > r->items[i].last_seen) {
                r->items[i].st = e->st;
                r->items[i].last_seen = seen;
            }
            return;
        }
    }
    r->items = xrealloc(r->items, (r->n + 1) * sizeof *r->items);
    ClassStudent *s = &r->items[r->n++];
    memset(s, 0, sizeof *s);
    s->st = e->st;
    s->last_seen = seen;
}

static void scan_one(ClassTeach *t, const char *name, double now)
{
    ClassRoster *r = &t->roster;
    char user[CLASS_NAME_MAX];
    long uid_in_name;
    struct stat st;
    if (!split_entry(name, user, sizeof user, &uid_in_name)
        || fstatat(t->studfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode)) {
        r->refused++; /* symlinks, FIFOs, directories, junk names */
        return;
    }
    uid_t uid;
    if (!lookup_user(t, user, now, &uid)) {
        r->refused++;
        return;
    }
    if (st.st_uid != uid) {
        r->refused++;
        if (uid_in_name < 0)
            add_squat(r, user, st.st_uid);
        return;
    }
    if (uid_in_name >= 0 && (uid_t)uid_in_name != uid) {
        r->refused++;
        return;
    }
    ScanEntry *e = cache_find(t, name);
    e->seen = true;
    if (!same_file(e, &st))
        e->ok = load_entry(t, e, user, uid); /* an unchanged bad file stays bad */
    if (e->ok)
        add_student(r, e);
    else
        r->refused++;
}

/* Forget entries that went away. */
static void cache_sweep(ClassTeach *t)
{
    size_t k = 0;
    for (size_t i = 0; i < t->n_entries; i++) {
        if (t->entries[i].seen) {
            t->entries[i].seen = false;
            t->entries[k++] = t->entries[i];
        } else {
            free(t->entries[i].name);
        }
    }
    t->n_entries = k;
}

const ClassRoster *class_teach_scan(ClassTeach *t, double now, char **err)
{
    double t0 = now_monotonic();
    ClassRoster *r = &t->roster;
    class_roster_free(r);
    rewinddir(t->stud_dir);
    size_t looked = 0;
    struct dirent *de;
    errno = 0;
    while (looked < CLASS_MAX_STUDENTS && (de = readdir(t->stud_dir)) != NULL) {
        if (de->d_name[0] == '.') /* ., .., and writers' temp files */
            continue;
        looked++;
        scan_one(t, de->d_name, now);
    }
    if (errno && looked < CLASS_MAX_STUDENTS) {
        *err = xasprintf("cannot list %s/students: %s", t->dir, strerror(errno));
        return NULL;
    }
    cache_sweep(t);
    /* A squatted user who got counted through a fallback name: mark them. */
    for (size_t i = 0; i < r->n_squats; i++) {
        for (size_t k = 0; k < r->n; k++) {
            if (strcmp(r->items[k].st.user, r->squats[i].name) == 0) {
                r->items[k].squatted = true;
                snprintf(r->items[k].squatter, sizeof r->items[k].squatter, "%s",
                         r->squats[i].owner);
            }
        }
    }
    class_roster_finish(r, &t->pace, now);
    r->scan_s = now_monotonic() - t0;
    return r;
}
