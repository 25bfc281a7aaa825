/* class/teach_int: the instructor's state, shared by teach.c and scan.c. */
#ifndef CORELAB_CLASS_TEACH_INT_H
#define CORELAB_CLASS_TEACH_INT_H

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

#include "class/class.h"

/* What the last scan saw of one students/ entry, so that an unchanged file
 * is not read again. */
typedef struct {
    char *name;
    ino_t ino;
    struct timespec mtim;
    off_t size;
    uid_t uid;
    bool ok;           /* parsed and trusted */
    ClassStatus st;
    bool seen;         /* present in the current scan */
} ScanEntry;

/* getpwnam answers, kept for a while (LDAP on clusters is slow). */
typedef struct {
    char *name;
    bool found;
    uid_t uid;
    double fetched;
} NameEntry;

struct ClassTeach {
    char *dir;
    int dirfd;          /* O_RDONLY on DIR */
    int studfd;         /* O_RDONLY on students/ (owned by stud_dir) */
    DIR *stud_dir;      /* for listing students/ */
    uid_t uid;
    ClassPace pace;
    ClassRoster roster;
    ScanEntry *entries;
    size_t n_entries, cap_entries;
    NameEntry *names;
    size_t n_names, cap_names;
};

int class_teach_write_pace(ClassTeach *t, double now, char **err);

#endif
