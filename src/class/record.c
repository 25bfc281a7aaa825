/* class/record: the pace and status records written as JSON with the
 * util/json_out emitter (record_read.c reads them with json-c: the two
 * headers cannot meet in one file, both define json_bool), and the flag
 * rules. */
#include "class/class.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_out.h"
#include "util/util.h"

static const char *const flag_names[] = {"none", "done", "help"};

const char *class_flag_name(ClassFlag f)
{
    return (unsigned)f < 3 ? flag_names[f] : "none";
}

bool class_flag_parse(const char *s, ClassFlag *out)
{
    for (int i = 0; i < 3; i++) {
        if (strcmp(s, flag_names[i]) == 0) {
            *out = (ClassFlag)i;
            return true;
        }
    }
    return false;
}

/* Times go out as whole milliseconds since the epoch: the emitter's %g
 * would round a timestamp to the nearest 1000 s. */
static void put_time(JsonOut *j, const char *key, double t)
{
    json_kint(j, key, (int64_t)llround(t * 1000.0));
}

char *class_pace_to_json(const ClassPace *p)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 1);
    json_kstr(&j, "lesson", p->lesson);
    json_kint(&j, "step", p->step);
    json_kint(&j, "seq", p->seq);
    put_time(&j, "lesson_started_ms", p->lesson_started);
    put_time(&j, "step_started_ms", p->step_started);
    put_time(&j, "timer_end_ms", p->timer_end);
    json_kstr(&j, "instructor", p->instructor);
    put_time(&j, "heartbeat_ms", p->heartbeat);
    json_kbool(&j, "clear_flags_on_step", p->clear_flags_on_step);
    json_kbool(&j, "away", p->away);
    json_kstr(&j, "host", p->host);
    json_kint(&j, "pid", p->pid);
    json_obj_end(&j);
    return json_detach(&j);
}

char *class_status_to_json(const ClassStatus *s)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 1);
    json_kstr(&j, "user", s->user);
    json_kstr(&j, "lesson", s->lesson);
    json_kint(&j, "step", s->step);
    json_kstr(&j, "flag", class_flag_name(s->flag));
    json_kint(&j, "flag_seq", s->flag_seq);
    json_kint(&j, "quiz_score", s->quiz_score);
    json_kint(&j, "quiz_total", s->quiz_total);
    put_time(&j, "heartbeat_ms", s->heartbeat);
    json_kbool(&j, "roaming", s->roaming);
    json_obj_end(&j);
    return json_detach(&j);
}

void class_status_set_flag(ClassStatus *s, ClassFlag f, const ClassPace *pace)
{
    s->flag = f;
    s->flag_seq = pace ? pace->seq : 0;
}

bool class_status_on_pace(ClassStatus *s, const ClassPace *pace)
{
    if (s->flag == CLASS_FLAG_NONE || !pace->clear_flags_on_step || s->flag_seq == pace->seq)
        return false;
    s->flag = CLASS_FLAG_NONE;
    s->flag_seq = pace->seq;
    return true;
}
