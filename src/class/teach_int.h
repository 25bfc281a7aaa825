/* class/teach_int: the instructor's state, shared by teach.c, scan.c and
 * scan_index.c. */
#ifndef CORELAB_CLASS_TEACH_INT_H
#define CORELAB_CLASS_TEACH_INT_H

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include "class/class.h"

/* What a students/ entry turned out to be. */
typedef enum {
    ENTRY_NEW,     /* not examined yet (over the budget, or just seen) */
    ENTRY_STUDENT, /* named after its owner: a status file we read */
    ENTRY_REFUSED, /* named after another existing user (or not a regular file) */
    ENTRY_SQUAT,   /* a plain NAME owned by someone else: reported */
    ENTRY_JUNK,    /* no user's name (or not looked up yet) */
} EntryKind;

/* The status file of a student entry, as last read. */
typedef struct {
    ino_t ino;
    struct timespec mtim;
    off_t size;
    bool ok;             /* parsed and trusted */
    bool tried;          /* ino/size/mtim are those of a read (good or not) */
    bool read_once;      /* a record was parsed before (liveness: a change) */
    unsigned long dirty_since; /* the scan that saw it change unread; 0 none */
    ClassStatus st;
    double changed_at;   /* instructor's clock: when its heartbeat last changed */
} StudentFile;

/* One entry of students/, kept between scans so that nothing is examined
 * twice: a junk entry costs one lstat when it appears, then nothing. */
typedef struct {
    char *name;
    ino_t d_ino;                /* from readdir: another inode is a new entry */
    EntryKind kind;
    bool owner_known;
    bool regular;               /* a regular file (else never a student) */
    uid_t owner;
    char user[CLASS_NAME_MAX];  /* the decoded name ("" when not a name) */
    long uid_in_name;           /* NAME+UID: UID; -1 none */
    bool name_checked;          /* getpwnam(user) was asked (for refused names) */
    double checked_at;
    unsigned long first_scan, last_scan;
    unsigned long over_cap_scan; /* the scan that found its owner over the cap */
    StudentFile *file;          /* ENTRY_STUDENT only */
} ScanEntry;

/* getpwuid answers, kept for a while (LDAP on clusters is slow). */
typedef struct {
    uid_t uid;
    bool found;
    char name[CLASS_NAME_MAX];
    double fetched;
    unsigned long scan;  /* student entries of this owner looked at in scan */
    unsigned entries;
} OwnerName;

typedef struct {
    ScanEntry *items;
    size_t n, cap;
    size_t *slots;       /* open addressing: index + 1, 0 empty */
    size_t n_slots;
    OwnerName *owners;
    size_t n_owners, cap_owners;
} ScanIndex;

struct ClassTeach {
    char *dir;
    int dirfd;          /* O_RDONLY on DIR */
    int studfd;         /* O_RDONLY on students/ (owned by stud_dir) */
    DIR *stud_dir;      /* for listing students/ */
    uid_t uid;
    bool reader;        /* opened for --summary: never writes */
    dev_t dev;          /* DIR as opened: the path must keep naming it */
    ino_t ino;
    char *problem;      /* why followers may not see us, or NULL */
    char *path_problem; /* the last walk of the path found it untrusted */
    double checked_path_at;
    ClassPace pace;
    ClassRoster roster;
    ScanIndex index;
    unsigned long scans;
};

int class_teach_write_pace(ClassTeach *t, double now, char **err);

/* ---- scan_roster.c: the roster from the entries of the last scan ---- */
void class_scan_build_roster(ClassTeach *t, double now);

/* ---- scan_index.c ---- */
/* The entry of name, made (kind ENTRY_NEW) when missing. */
ScanEntry *scan_index_get(ScanIndex *x, const char *name, bool *made);
/* Forget entries not seen in scan `scan`. */
void scan_index_sweep(ScanIndex *x, unsigned long scan);
/* Back to ENTRY_NEW (another inode under the same name). */
void scan_entry_reset(ScanEntry *e);
void scan_index_free(ScanIndex *x);
/* The user name of a uid ("uid N" when none), cached. */
const char *scan_owner_name(ScanIndex *x, uid_t uid, double now);
/* Whether uid is the user named user (by getpwuid, cached). */
bool scan_owner_is(ScanIndex *x, uid_t uid, const char *user, double now);
/* One more student entry of uid in this scan: false beyond
 * CLASS_ENTRIES_PER_USER (a student's own fallback names are no way to
 * make the instructor stat thousands of files a second). */
bool scan_owner_take(ScanIndex *x, uid_t uid, unsigned long scan, double now);

#endif
