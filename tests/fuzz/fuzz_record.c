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

static void check_pace(const char *text, size_t len)
{
    ClassPace p;
    const char *err = NULL;
    int rc = class_pace_from_json(text, len, &p, &err);
    if (!was_read(rc, err))
        return;
    check_str(p.lesson, sizeof p.lesson);
    check_str(p.instructor, sizeof p.instructor);
    check_str(p.host, sizeof p.host);
    if (p.step < 0 || p.seq < 0 || p.pid < 0 || !isfinite(p.heartbeat))
        abort();
    char *again = class_pace_to_json(&p);
    ClassPace q;
    if (class_pace_from_json(again, strlen(again), &q, &err) < 0)
        abort(); /* what we write, we read */
    if (strcmp(p.lesson, q.lesson) || strcmp(p.instructor, q.instructor) ||
        strcmp(p.host, q.host) || p.step != q.step || p.seq != q.seq || p.pid != q.pid ||
        p.away != q.away || p.clear_flags_on_step != q.clear_flags_on_step ||
        !same_time(p.heartbeat, q.heartbeat) || !same_time(p.timer_end, q.timer_end))
        abort();
    free(again);
}

static void check_status(const char *text, size_t len)
{
    ClassStatus s;
    const char *err = NULL;
    int rc = class_status_from_json(text, len, &s, &err);
    if (!was_read(rc, err))
        return;
    check_str(s.user, sizeof s.user);
    check_str(s.lesson, sizeof s.lesson);
    if (s.step < 0 || s.flag_seq < 0 || s.quiz_score < 0 || s.quiz_total < 0)
        abort();
    char *again = class_status_to_json(&s);
    ClassStatus t;
    if (class_status_from_json(again, strlen(again), &t, &err) < 0)
        abort();
    if (strcmp(s.user, t.user) || strcmp(s.lesson, t.lesson) || s.step != t.step ||
        s.flag != t.flag || s.flag_seq != t.flag_seq || s.quiz_score != t.quiz_score ||
        s.quiz_total != t.quiz_total || s.roaming != t.roaming || !same_time(s.heartbeat, t.heartbeat))
        abort();
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_pace((const char *)data, size);
    check_status((const char *)data, size);
    return 0;
}
