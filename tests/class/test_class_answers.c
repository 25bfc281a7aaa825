/* Unit tests of what the class records carry and what the instructor makes
 * of them (no I/O but the class record's files): user names as entry
 * names, records with answers and reveal (round trips, ranges, old
 * records, the size bound), the answers' helpers, the step statistics and
 * histogram, the roster order with the stuck, and the class record. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "class/class.h"
#include "util/util.h"

#include "class_check.h"

static bool round_trip(const char *user)
{
    char enc[CLASS_ENTRY_MAX], dec[CLASS_NAME_MAX];
    return class_name_encode(user, enc, sizeof enc) && !strchr(enc, '+') && enc[0] != '.'
        && !strchr(enc, '/') && class_name_decode(enc, strlen(enc), dec, sizeof dec)
        && strcmp(dec, user) == 0;
}

static bool decodes(const char *enc)
{
    char dec[CLASS_NAME_MAX];
    return class_name_decode(enc, strlen(enc), dec, sizeof dec);
}

static void test_names(void)
{
    const char *users[] = {"alice", "j.smith", "user-1", "a+b", ".dot", "..", "x%y", "Ann_B",
                           "caf\xc3\xa9", "sp ace", "-lead", "a$", "+plus", "."};
    for (size_t i = 0; i < sizeof users / sizeof *users; i++)
        CHECK(round_trip(users[i]));
    char enc[CLASS_ENTRY_MAX];
    CHECK(class_name_encode("alice", enc, sizeof enc) && strcmp(enc, "alice") == 0);
    CHECK(class_name_encode("a+b", enc, sizeof enc) && strcmp(enc, "a%2Bb") == 0);
    CHECK(class_name_encode(".dot", enc, sizeof enc) && strcmp(enc, "%2Edot") == 0);
    CHECK(class_name_encode("j.smith", enc, sizeof enc) && strcmp(enc, "j.smith") == 0);
    CHECK(!class_name_encode("", enc, sizeof enc));
    CHECK(!class_name_encode("a+b", enc, 5)); /* does not fit */
    /* Only the canonical encoding decodes: one entry name per user. */
    const char *bad[] = {"", "%61lice", "a%2bb", "a+b", ".dot", "j%2Esmith", "%00", "%2F", "%",
                         "%4", "%G1", "a/b"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(!decodes(bad[i]));
    CHECK(!decodes("%2E%2E") && decodes("%2E.") && decodes("a%2Bb"));
    char small[4];
    CHECK(!class_name_decode("alice", 5, small, sizeof small));
}

static const char *why;

static bool pace_ok(const char *js)
{
    ClassPace p;
    return class_pace_from_json(js, strlen(js), &p, &why) == 0;
}

static bool status_ok(const char *js, ClassStatus *out)
{
    static ClassStatus scratch;
    return class_status_from_json(js, strlen(js), out ? out : &scratch, &why) == 0;
}

static void test_pace_records(void)
{
    ClassPace p = {.lesson = "gil", .step = 3, .seq = 2, .heartbeat = 1763680000.0,
                   .timer_end = 1763680300.0};
    p.reveal = 1ULL << 2 | 1ULL << 63;
    char *js = class_pace_to_json(&p);
    CHECK(strstr(js, "\"reveal\":[3,64]") != NULL);
    ClassPace q;
    CHECK(class_pace_from_json(js, strlen(js), &q, &why) == 0);
    CHECK(q.reveal == p.reveal && class_pace_revealed(&q, 3) && class_pace_revealed(&q, 64));
    CHECK(!class_pace_revealed(&q, 4) && !class_pace_revealed(&q, 0) && !class_pace_revealed(&q, 65));
    free(js);
    p.reveal = 0;
    js = class_pace_to_json(&p);
    CHECK(strstr(js, "reveal") == NULL); /* an old follower reads the same record */
    free(js);
    /* Ranges: what a broken or hostile writer might put there. */
    CHECK(!pace_ok("{\"timer_end_ms\":1e300}") && strstr(why, "timer_end_ms"));
    CHECK(!pace_ok("{\"heartbeat_ms\":1763680000000,\"timer_end_ms\":1763680000000e3}"));
    CHECK(!pace_ok("{\"heartbeat_ms\":1763680000000,\"timer_end_ms\":1764680000000}"));
    CHECK(pace_ok("{\"heartbeat_ms\":1763680000000,\"timer_end_ms\":1763680600000}"));
    CHECK(!pace_ok("{\"heartbeat_ms\":-5}"));
    CHECK(!pace_ok("{\"step_started_ms\":5e15}"));
    CHECK(!pace_ok("{\"reveal\":[65]}") && !pace_ok("{\"reveal\":[0]}"));
    CHECK(!pace_ok("{\"reveal\":[\"3\"]}") && !pace_ok("{\"reveal\":3}"));
    CHECK(pace_ok("{\"lesson\":\"gil\",\"step\":2}")); /* old and minimal */
}

static ClassAnswer full_answer(int step)
{
    ClassAnswer a = {.step = step, .quiz_choice = CLASS_CHOICES_MAX, .quiz_right = true,
                     .predicted = true, .predict_value = -123456789012.5, .predict_right = true,
                     .exercise = CLASS_EX_PASSED, .attempts = 100000, .hints = 1000,
                     .solution_shown = true, .tried_since = 4102444799.999,
                     .passed_at = 4102444799.999, .help = true, .done = true, .seconds = 9999999};
    return a;
}

static void test_status_records(void)
{
    static ClassStatus s, t;
    memset(&s, 0, sizeof s);
    snprintf(s.user, sizeof s.user, "a+b");
    snprintf(s.lesson, sizeof s.lesson, "gil");
    s.step = 4;
    s.beat = 17;
    s.heartbeat = 1763680000.25;
    class_status_answers_for(&s, "gil");
    ClassAnswer *a = class_status_answer(&s, 4);
    *a = full_answer(4);
    a = class_status_answer(&s, 2);
    a->quiz_choice = 2;
    a = class_status_answer(&s, 3);
    a->predicted = true;
    a->predict_choice = 3;
    a->exercise = CLASS_EX_TRYING;
    a->attempts = 2;
    a->tried_since = 1763680000.0;
    char *js = class_status_to_json(&s);
    CHECK(class_status_from_json(js, strlen(js), &t, &why) == 0);
    CHECK(t.beat == 17 && t.n_answers == 3 && strcmp(t.answers_lesson, "gil") == 0);
    CHECK(t.answers[0].step == 2 && t.answers[0].quiz_choice == 2 && !t.answers[0].quiz_right);
    CHECK(t.answers[1].predicted && t.answers[1].predict_choice == 3);
    CHECK(t.answers[1].exercise == CLASS_EX_TRYING && t.answers[1].attempts == 2);
    CHECK(fabs(t.answers[1].tried_since - 1763680000.0) < 1e-3);
    const ClassAnswer *f = &t.answers[2];
    CHECK(f->quiz_choice == CLASS_CHOICES_MAX && f->quiz_right && f->predicted && f->predict_right);
    CHECK(fabs(f->predict_value + 123456789012.5) < 1e6 && f->exercise == CLASS_EX_PASSED);
    CHECK(f->attempts == 100000 && f->hints == 1000 && f->solution_shown && f->help && f->done);
    CHECK(f->seconds == 9999999);
    free(js);

    /* The biggest record there can be stays within what readers read. */
    s.n_answers = 0;
    for (int k = 0; k < CLASS_STEPS_MAX; k++)
        *class_status_answer(&s, 100000 - CLASS_STEPS_MAX + k + 1) = full_answer(100000 - CLASS_STEPS_MAX + k + 1);
    snprintf(s.user, sizeof s.user, "%063d", 7);
    snprintf(s.lesson, sizeof s.lesson, "%063d", 7);
    snprintf(s.answers_lesson, sizeof s.answers_lesson, "%s", s.lesson);
    s.flag_seq = 1L << 40;
    js = class_status_to_json(&s);
    CHECK(strlen(js) < CLASS_STATUS_MAX);
    CHECK(class_status_from_json(js, strlen(js), &t, &why) == 0 && t.n_answers == CLASS_STEPS_MAX);
    CHECK(class_status_answer(&s, 1) == NULL); /* full */
    free(js);

    /* A version 1 record (no beat, no answers) still reads. */
    CHECK(status_ok("{\"v\":1,\"user\":\"bob\",\"lesson\":\"gil\",\"step\":2,\"flag\":\"help\","
                    "\"flag_seq\":3,\"quiz_score\":1,\"quiz_total\":2,\"heartbeat_ms\":1763680000000,"
                    "\"roaming\":false}", &t));
    CHECK(t.flag == CLASS_FLAG_HELP && t.n_answers == 0 && t.beat == 0);
    /* Answers out of range or shape are refused as a whole record. */
    const char *bad[] = {
        "{\"answers\":[{\"step\":0}]}", "{\"answers\":[{\"step\":2},{\"step\":2}]}",
        "{\"answers\":[{\"step\":3},{\"step\":2}]}", "{\"answers\":[{\"step\":1,\"quiz\":17}]}",
        "{\"answers\":[{\"step\":1,\"predict\":1e300}]}", "{\"answers\":[{\"step\":1,\"exercise\":\"maybe\"}]}",
        "{\"answers\":[{\"step\":1,\"attempts\":-1}]}", "{\"answers\":[{\"step\":1,\"seconds\":1e9}]}",
        "{\"answers\":[{\"step\":1,\"passed_ms\":1e300}]}", "{\"answers\":[5]}", "{\"answers\":{}}",
        "{\"beat\":-1}", "{\"heartbeat_ms\":1e300}"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(!status_ok(bad[i], NULL));
    CHECK(!status_ok("{\"answers\":[{\"step\":1,\"hints\":5000}]}", NULL) && strstr(why, "hints"));
    char many[8192] = "{\"answers\":[";
    for (int k = 1; k <= CLASS_STEPS_MAX + 1; k++)
        snprintf(many + strlen(many), sizeof many - strlen(many), "%s{\"step\":%d}", k > 1 ? "," : "", k);
    strcat(many, "]}");
    CHECK(!status_ok(many, NULL));
}

static void test_answer_helpers(void)
{
    static ClassStatus s;
    memset(&s, 0, sizeof s);
    snprintf(s.lesson, sizeof s.lesson, "gil");
    s.step = 5;
    class_status_add_time(&s, 5, 10); /* no answers lesson yet: nothing */
    CHECK(s.n_answers == 0);
    class_status_answers_for(&s, "gil");
    class_status_add_time(&s, 5, 10);
    class_status_add_time(&s, 5, 2.5);
    CHECK(class_status_find_answer(&s, 5) && class_status_find_answer(&s, 5)->seconds == 12.5);
    ClassPace pace = {.seq = 4};
    class_status_set_flag(&s, CLASS_FLAG_HELP, &pace);
    s.step = 2;
    class_status_set_flag(&s, CLASS_FLAG_DONE, &pace);
    CHECK(class_status_find_answer(&s, 5)->help && class_status_find_answer(&s, 2)->done);
    CHECK(s.n_answers == 2 && s.answers[0].step == 2 && s.answers[1].step == 5);
    snprintf(s.lesson, sizeof s.lesson, "threading"); /* roaming elsewhere */
    class_status_add_time(&s, 2, 5);
    CHECK(class_status_find_answer(&s, 2)->seconds == 0);
    class_status_answers_for(&s, "gil");
    CHECK(s.n_answers == 2);
    class_status_answers_for(&s, "pools"); /* the class moved on */
    CHECK(s.n_answers == 0 && class_status_answer(&s, 0) == NULL);
    ClassAnswer a = {.exercise = CLASS_EX_TRYING, .tried_since = 100};
    CHECK(class_answer_trying_s(&a, 400) == 300 && class_answer_trying_s(&a, 50) == 0);
    a.exercise = CLASS_EX_PASSED;
    CHECK(class_answer_trying_s(&a, 400) < 0);
}

static void test_histogram(void)
{
    ClassHistogram h;
    double v[] = {1.8, 2.0, 2.1, 3.9, 4.0};
    class_histogram(v, 5, 3.2, CLASS_HIST_BINS, &h);
    int sum = 0;
    for (int k = 0; k < h.bins; k++)
        sum += h.count[k];
    CHECK(h.bins >= 1 && h.bins <= CLASS_HIST_BINS && sum == 5);
    CHECK(h.lo <= 1.8 && h.hi > 4.0);
    double w = (h.hi - h.lo) / h.bins;
    CHECK(h.measured_bin >= 0 && h.lo + w * h.measured_bin <= 3.2 && 3.2 < h.lo + w * (h.measured_bin + 1));
    class_histogram(v, 1, NAN, 4, &h); /* one value */
    CHECK(h.bins == 1 && h.count[0] == 1 && h.measured_bin == -1 && isnan(h.measured));
    class_histogram(NULL, 0, NAN, 4, &h);
    CHECK(h.bins == 0);
    class_histogram(NULL, 0, 7.0, 4, &h); /* only the measurement */
    CHECK(h.bins == 1 && h.measured_bin == 0);
    double wide[] = {-1e15, 1e15, NAN, INFINITY};
    class_histogram(wide, 4, NAN, 3, &h);
    CHECK(h.bins >= 1 && h.bins <= 3 && h.count[0] + h.count[h.bins - 1] == 2);
}

/* A roster of live students at one step of "gil", and one stale. */
static void class_of_five(ClassRoster *r, double now)
{
    const char *who[] = {"ann", "ben", "cy", "dee", "eve"};
    r->n = 5;
    r->items = calloc(5, sizeof *r->items);
    for (int i = 0; i < 5; i++) {
        ClassStudent *s = &r->items[i];
        snprintf(s->st.user, sizeof s->st.user, "%s", who[i]);
        snprintf(s->st.lesson, sizeof s->st.lesson, "gil");
        s->st.step = 4;
        s->last_seen = i == 4 ? now - 600 : now - 1; /* eve is gone */
        class_status_answers_for(&s->st, "gil");
        ClassAnswer *a = class_status_answer(&s->st, 4);
        a->quiz_choice = i < 2 ? 2 : 3; /* 2 is right */
        a->quiz_right = i < 2;
        a->predicted = true;
        a->predict_value = 1.5 + i;
        a->predict_right = i == 1;
        a->exercise = i == 0 ? CLASS_EX_PASSED : i == 1 || i == 4 ? CLASS_EX_TRYING : CLASS_EX_NONE;
        a->tried_since = i == 1 ? now - 400 : i == 4 ? now - 900 : now - 100;
        a->help = i == 3;
        a->seconds = 60;
    }
}

static void test_stats(void)
{
    double now = 1763680000.0;
    ClassRoster r = {0};
    class_of_five(&r, now);
    ClassPace pace = {.lesson = "gil", .step = 4, .seq = 1};
    class_roster_finish(&r, &pace, now);
    CHECK(r.live == 4 && r.stale == 1);
    CHECK(strcmp(r.items[0].st.user, "ben") == 0 && r.items[0].stuck_s >= 399); /* stuck first */
    ClassStepStats st;
    class_step_stats(&r, "gil", 4, 3.0, now, false, &st);
    CHECK(st.students == 4 && st.quiz_answered == 4 && st.quiz_right == 2);
    CHECK(st.quiz_choice[2] == 2 && st.quiz_choice[3] == 2 && fabs(st.quiz_share_right - 0.5) < 1e-9);
    CHECK(st.predicted == 4 && st.predict_right == 1 && st.predict_hist.measured_bin >= 0);
    CHECK(st.ex_passed == 1 && st.ex_trying == 1 && st.ex_none == 2);
    CHECK(strcmp(st.stuck_user, "ben") == 0 && st.stuck_s >= 399 && st.helped == 1);
    CHECK(fabs(st.seconds_mean - 60) < 1e-9);
    class_step_stats(&r, "gil", 4, NAN, now, true, &st); /* the class record counts eve */
    CHECK(st.students == 5 && st.ex_trying == 2 && strcmp(st.stuck_user, "eve") == 0);
    class_step_stats(&r, "gil", 5, NAN, now, false, &st); /* nobody there yet */
    CHECK(st.quiz_answered == 0 && isnan(st.quiz_share_right) && st.ex_none == 4);
    class_step_stats(&r, "pools", 4, NAN, now, false, &st);
    CHECK(st.quiz_answered == 0 && st.students == 4);
    class_roster_free(&r);
}

static void test_summary(const char *base)
{
    double now = 1763680000.0;
    ClassRoster r = {0};
    class_of_five(&r, now);
    snprintf(r.items[2].st.user, sizeof r.items[2].st.user, "=cmd|x,y");
    ClassPace pace = {.lesson = "gil", .step = 4, .instructor = "teacher"};
    class_roster_finish(&r, &pace, now);
    char *csv = class_summary_csv(&r, &pace, now);
    CHECK(strncmp(csv, "user,lesson,step,alive,quiz_choice,quiz_right,", 46) == 0);
    CHECK(strstr(csv, "\"'=cmd|x,y\",gil,4,1,3,0,") != NULL);
    CHECK(strstr(csv, "ben,gil,4,1,2,1,2.5,1,trying,0,0,0,") != NULL);
    int lines = 0;
    for (const char *p = csv; *p; p++)
        lines += *p == '\n';
    CHECK(lines == 6); /* a header and one step for each of five students */
    char *js = class_summary_json(&r, &pace, "/x/class", now);
    json_object *o = json_tokener_parse(js), *v, *step;
    CHECK(o && json_object_object_get_ex(o, "students", &v) && json_object_array_length(v) == 5);
    CHECK(o && json_object_object_get_ex(o, "steps", &v) && json_object_array_length(v) == 4);
    step = o && v ? json_object_array_get_idx(v, 3) : NULL;
    CHECK(step && json_object_object_get_ex(step, "quiz_right", &v) && json_object_get_int(v) == 2);
    CHECK(step && json_object_object_get_ex(step, "students", &v) && json_object_get_int(v) == 5);
    json_object_put(o);
    char *cls = path_join(base, "class"), *inner = path_join(cls, "students");
    CHECK(mkdir(cls, 0755) == 0 && mkdir(inner, 0755) == 0);
    char *cp, *jp, *err = NULL;
    CHECK(class_summary_write(&r, &pace, cls, inner, now, &cp, &jp, &err) < 0 && err
          && strstr(err, "inside the class directory"));
    free(err);
    CHECK(class_summary_write(&r, &pace, cls, cls, now, &cp, &jp, &err) < 0);
    free(err);
    CHECK(class_summary_write(&r, &pace, cls, base, now, &cp, &jp, &err) == 0);
    struct stat st;
    CHECK(cp && stat(cp, &st) == 0 && (st.st_mode & 0777) == 0600 && strstr(cp, "corelab-class-gil-"));
    CHECK(jp && stat(jp, &st) == 0 && (st.st_mode & 0777) == 0600);
    free(cp);
    free(jp);
    free(cls);
    free(inner);
    free(csv);
    free(js);
    class_roster_free(&r);
}

int main(void)
{
    static const CheckTest plain[] = {
        CHECK_TEST(test_names), CHECK_TEST(test_pace_records), CHECK_TEST(test_status_records),
        CHECK_TEST(test_answer_helpers), CHECK_TEST(test_histogram), CHECK_TEST(test_stats),
    };
    static const ClassDirTest in_dir[] = {CLASS_DIR_TEST(test_summary)};
    return class_run_tests("/tmp/corelab-class-answers-XXXXXX", plain, CHECK_COUNT(plain), in_dir,
                           CHECK_COUNT(in_dir));
}
