/* libFuzzer target for the class directory's records (class/record_read.c):
 * a pace or status file is written by another user, so any bytes must give
 * either a record within its limits or a refusal with a reason. A record
 * that is read, written again and read back is the same record. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "class/class.h"
#include "util/term_safe.h"

/* Names and ids reach the instructor's screen: printable UTF-8 only. */
static void check_str(const char *s, size_t cap)
{
    size_t n = strnlen(s, cap);
    if (n == cap || !term_safe_is_clean(s, n, 0))
        abort();
}

/* Records keep times in whole milliseconds. */
static bool same_time(double a, double b)
{
    return fabs(a - b) <= 0.0005 + 1e-9 * fabs(a);
}

/* Whether a reader's rc says it read a record; a refusal must say why. */
static bool was_read(int rc, const char *err)
{
    if (rc >= 0)
        return true;
    if (!err || !*err)
        abort();
    return false;
}

typedef union {
    ClassPace pace;
    ClassStatus status;
} AnyRecord;

/* One kind of record: its reader and writer, whether a record read is
 * within its limits, and whether two records are the same. */
typedef struct {
    int (*read)(const char *text, size_t len, AnyRecord *r, const char **err);
    char *(*write)(const AnyRecord *r);
    bool (*sound)(const AnyRecord *r);
    bool (*same)(const AnyRecord *a, const AnyRecord *b);
} RecordKind;

/* A kind's reader and writer on its member of AnyRecord: KIND_read, KIND_write. */
#define RECORD_IO(kind)                                                                     \
    static int kind##_read(const char *text, size_t len, AnyRecord *r, const char **err) \
    {                                                                                       \
        return class_##kind##_from_json(text, len, &r->kind, err);                          \
    }                                                                                       \
    static char *kind##_write(const AnyRecord *r)                                           \
    {                                                                                       \
        return class_##kind##_to_json(&r->kind);                                            \
    }

RECORD_IO(pace)
RECORD_IO(status)

static bool pace_sound(const AnyRecord *r)
{
    const ClassPace *p = &r->pace;
    check_str(p->lesson, sizeof p->lesson);
    check_str(p->instructor, sizeof p->instructor);
    check_str(p->host, sizeof p->host);
    return p->step >= 0 && p->seq >= 0 && p->pid >= 0 && isfinite(p->heartbeat);
}

static bool pace_same(const AnyRecord *a, const AnyRecord *b)
{
    const ClassPace *p = &a->pace, *q = &b->pace;
    return !strcmp(p->lesson, q->lesson) && !strcmp(p->instructor, q->instructor) && !strcmp(p->host, q->host) &&
           p->step == q->step && p->seq == q->seq && p->pid == q->pid && p->away == q->away &&
           p->clear_flags_on_step == q->clear_flags_on_step && same_time(p->heartbeat, q->heartbeat) &&
           same_time(p->timer_end, q->timer_end);
}

static bool status_sound(const AnyRecord *r)
{
    const ClassStatus *s = &r->status;
    check_str(s->user, sizeof s->user);
    check_str(s->lesson, sizeof s->lesson);
    return s->step >= 0 && s->flag_seq >= 0 && s->quiz_score >= 0 && s->quiz_total >= 0;
}

static bool status_same(const AnyRecord *a, const AnyRecord *b)
{
    const ClassStatus *s = &a->status, *t = &b->status;
    return !strcmp(s->user, t->user) && !strcmp(s->lesson, t->lesson) && s->step == t->step &&
           s->flag == t->flag && s->flag_seq == t->flag_seq && s->quiz_score == t->quiz_score &&
           s->quiz_total == t->quiz_total && s->roaming == t->roaming && same_time(s->heartbeat, t->heartbeat);
}

static const RecordKind kinds[] = {
    {pace_read, pace_write, pace_sound, pace_same},
    {status_read, status_write, status_sound, status_same},
};

static void check_record(const RecordKind *k, const char *text, size_t len)
{
    AnyRecord r, back;
    const char *err = NULL;
    if (!was_read(k->read(text, len, &r, &err), err))
        return;
    if (!k->sound(&r))
        abort();
    char *again = k->write(&r);
    if (k->read(again, strlen(again), &back, &err) < 0 || !k->same(&r, &back))
        abort(); /* what we write, we read: the same record */
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        check_record(&kinds[i], (const char *)data, size);
    return 0;
}
