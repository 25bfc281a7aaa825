/* Unit tests of src/class/ that need only one user: records, the pure
 * roster rules (with an injected clock), directory creation and modes, the
 * follower's trust checks, status files, stale students, flags clearing on a
 * step change, one stat per idle poll, one teach per DIR. Multi-user
 * cases: test_trust.py. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "class/class.h"
#include "util/util.h"

#include "class_check.h"

static void test_records(void)
{
    ClassPace p = {.lesson = "gil", .step = 3, .seq = 7, .lesson_started = 1763680000.25,
                   .step_started = 1763680100.5, .timer_end = 1763680400.0,
                   .instructor = "teacher", .heartbeat = 1763680123.456,
                   .clear_flags_on_step = false, .away = true};
    char *js = class_pace_to_json(&p);
    ClassPace q;
    const char *why = NULL;
    CHECK(class_pace_from_json(js, strlen(js), &q, &why) == 0);
    CHECK(strcmp(q.lesson, "gil") == 0 && q.step == 3 && q.seq == 7);
    CHECK(q.heartbeat > 1763680123.45 && q.heartbeat < 1763680123.46);
    CHECK(q.timer_end == 1763680400.0 && !q.clear_flags_on_step && q.away);
    free(js);

    ClassStatus s = {.user = "alice", .lesson = "gil", .step = 2, .flag = CLASS_FLAG_HELP,
                     .flag_seq = 7, .quiz_score = 2, .quiz_total = 3, .heartbeat = 5.5,
                     .roaming = true};
    js = class_status_to_json(&s);
    ClassStatus t;
    CHECK(class_status_from_json(js, strlen(js), &t, &why) == 0);
    CHECK(strcmp(t.user, "alice") == 0 && t.step == 2 && t.flag == CLASS_FLAG_HELP);
    CHECK(t.flag_seq == 7 && t.quiz_score == 2 && t.quiz_total == 3 && t.roaming);
    free(js);

    const char *bad[] = {"", "[]", "{", "{\"step\":\"3\"}", "{\"flag\":\"maybe\"}",
                         "{\"lesson\":5}", "{\"step\":-1}", "nonsense"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK(class_status_from_json(bad[i], strlen(bad[i]), &t, &why) < 0);
        CHECK(class_pace_from_json(bad[i], strlen(bad[i]), &q, &why) < 0 || i == 4);
    }
    /* Another user wrote these: escape sequences, C1 controls, broken
     * UTF-8, a NUL inside a name and a heartbeat far in the future are
     * refused (the fuzzer's findings). */
    const char *hostile[] = {"{\"lesson\":\"a\\u001b[2J\"}", "{\"lesson\":\"a\\u009b1m\"}",
                             "{\"lesson\":\"caf\xe9\"}", "{\"lesson\":\"a\\u0000b\"}",
                             "{\"heartbeat_ms\":1e19}", "{\"heartbeat_ms\":-5}"};
    for (size_t i = 0; i < sizeof hostile / sizeof *hostile; i++) {
        CHECK(class_status_from_json(hostile[i], strlen(hostile[i]), &t, &why) < 0);
        CHECK(class_pace_from_json(hostile[i], strlen(hostile[i]), &q, &why) < 0);
    }
    CHECK(class_status_from_json("{\"lesson\":\"caf\xc3\xa9\"}", 18, &t, &why) == 0);
}

static ClassStudent student(const char *user, int step, ClassFlag f, long seq, double seen)
{
    ClassStudent s;
    memset(&s, 0, sizeof s);
    snprintf(s.st.user, sizeof s.st.user, "%s", user);
    s.st.step = step;
    s.st.flag = f;
    s.st.flag_seq = seq;
    s.last_seen = seen;
    return s;
}

static void fill(ClassRoster *r)
{
    r->n = 5;
    r->items = calloc(r->n, sizeof *r->items);
    r->items[0] = student("dave", 4, CLASS_FLAG_NONE, 0, 990);
    r->items[1] = student("carol", 1, CLASS_FLAG_DONE, 5, 900);  /* stale */
    r->items[2] = student("bob", 2, CLASS_FLAG_DONE, 4, 995);    /* old seq */
    r->items[3] = student("alice", 3, CLASS_FLAG_HELP, 5, 999);
    r->items[4] = student("erin", 2, CLASS_FLAG_DONE, 5, 999);
}

static void test_roster_rules(void)
{
    ClassPace pace = {.seq = 5, .clear_flags_on_step = true};
    ClassRoster r = {0};
    fill(&r);
    class_roster_finish(&r, &pace, 1000.0);
    CHECK(r.help == 1 && r.done == 1 && r.live == 4 && r.stale == 1);
    const char *order[] = {"alice", "bob", "erin", "dave", "carol"};
    for (size_t i = 0; i < 5; i++)
        CHECK(strcmp(r.items[i].st.user, order[i]) == 0);
    CHECK(r.items[4].stale && !r.items[1].flag_current && r.items[2].flag_current);
    class_roster_free(&r);

    /* Flags that do not clear on a step change still count. */
    pace.clear_flags_on_step = false;
    fill(&r);
    class_roster_finish(&r, &pace, 1000.0);
    CHECK(r.done == 2 && r.help == 1);
    /* 61 s later everyone is stale and nothing counts. */
    class_roster_finish(&r, &pace, 1061.0);
    CHECK(r.live == 0 && r.stale == 5 && r.done == 0 && r.help == 0);
    class_roster_free(&r);

    /* The student's side of the rule. */
    ClassStatus s = {0};
    class_status_set_flag(&s, CLASS_FLAG_DONE, &pace);
    CHECK(s.flag_seq == 5);
    pace.seq = 6;
    pace.clear_flags_on_step = true;
    CHECK(class_status_on_pace(&s, &pace) && s.flag == CLASS_FLAG_NONE);
    CHECK(!class_status_on_pace(&s, &pace));
}

static char *mode_of(const char *path, mode_t *mode)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return NULL;
    *mode = st.st_mode & 07777;
    return (char *)path;
}

/* One class directory followed by this process and taught by it: the
 * scenario test_directory walks through, part by part. */
typedef struct {
    char *dir, *stud, *pace, *me;
    char *fifo, *link, *target; /* junk planted in students/ */
    double now;
    ClassFollow *f;
    ClassTeach *t;
    ClassStatus s; /* the student's own status */
    long seq;      /* the pace's seq at step 2 */
    char *err;
} Room;

/* A follower that starts first waits; the directory teach makes has the
 * modes the trust rules need; idle polls cost exactly one stat each. */
static void room_opens(Room *c)
{
    c->f = class_follow_open(c->dir, c->now, &c->err);
    CHECK(c->f != NULL);
    CHECK(c->f && class_follow_pace(c->f) == NULL);
    CHECK(c->f && class_follow_poll(c->f, c->now, &c->err) == CLASS_POLL_WAITING);

    mode_t old = umask(077); /* modes must not depend on the umask */
    c->t = class_teach_open(c->dir, true, c->now, &c->err);
    umask(old);
    CHECK(c->t != NULL);
    if (!c->t) {
        fprintf(stderr, "teach_open: %s\n", c->err);
        exit(1);
    }
    mode_t m = 0;
    CHECK(mode_of(c->dir, &m) && m == 0755);
    CHECK(mode_of(c->stud, &m) && m == 01733);
    CHECK(mode_of(c->pace, &m) && m == 0644);

    CHECK(class_teach_set_step(c->t, "gil", 2, c->now, &c->err) == 0);
    /* The waiting follower picks it up on a later poll (REOPEN_S apart). */
    CHECK(class_follow_poll(c->f, c->now + 1.5, &c->err) == CLASS_POLL_CHANGED);
    const ClassPace *p = class_follow_pace(c->f);
    CHECK(p && strcmp(p->lesson, "gil") == 0 && p->step == 2);
    c->seq = p ? p->seq : -1;

    unsigned long s0 = class_follow_stat_calls(c->f);
    for (int i = 0; i < 10; i++)
        CHECK(class_follow_poll(c->f, c->now + 2, &c->err) == CLASS_POLL_SAME);
    CHECK(class_follow_stat_calls(c->f) - s0 == 10);
}

/* A student writes a status file; the instructor counts it. Junk in
 * students/: a FIFO and a symlink are refused, without blocking. */
static void room_counts(Room *c)
{
    c->s = (ClassStatus){.step = 2};
    snprintf(c->s.lesson, sizeof c->s.lesson, "gil");
    class_status_set_flag(&c->s, CLASS_FLAG_DONE, class_follow_pace(c->f));
    CHECK(class_follow_write_status(c->f, &c->s, c->now, &c->err) == 0);
    CHECK(strcmp(class_follow_entry_name(c->f), c->me) == 0);
    const ClassRoster *r = class_teach_scan(c->t, c->now, &c->err);
    CHECK(r && r->live == 1 && r->done == 1 && r->help == 0);
    CHECK(r && r->n == 1 && strcmp(r->items[0].st.user, c->me) == 0);

    c->fifo = xasprintf("%s/%s+%ld+fifo", c->stud, c->me, (long)geteuid());
    CHECK(mkfifo(c->fifo, 0644) == 0);
    c->link = xasprintf("%s/%s+%ld+link", c->stud, c->me, (long)geteuid());
    c->target = xasprintf("%s/%s", c->stud, c->me);
    CHECK(symlink(c->target, c->link) == 0);
    r = class_teach_scan(c->t, c->now, &c->err);
    CHECK(r && r->live == 1 && r->refused == 2);
}

/* A step change: the old done no longer counts, at once. Stale after 60 s
 * without a heartbeat (injected clock). The exercise timer reaches the
 * follower. */
static void room_moves_on(Room *c)
{
    double now = c->now;
    CHECK(class_teach_set_step(c->t, "gil", 3, now + 3, &c->err) == 0);
    const ClassRoster *r = class_teach_scan(c->t, now + 3, &c->err);
    CHECK(r && r->done == 0 && r->live == 1);
    CHECK(class_follow_poll(c->f, now + 3, &c->err) == CLASS_POLL_CHANGED);
    const ClassPace *p = class_follow_pace(c->f);
    CHECK(p && p->seq == c->seq + 1 && p->step == 3);
    CHECK(p && class_status_on_pace(&c->s, p) && c->s.flag == CLASS_FLAG_NONE);

    r = class_teach_scan(c->t, now + 61, &c->err);
    CHECK(r && r->live == 0 && r->stale == 1);
    r = class_teach_scan(c->t, now + 59, &c->err);
    CHECK(r && r->live == 1 && r->stale == 0);

    CHECK(class_teach_set_timer(c->t, 300, now + 4, &c->err) == 0);
    CHECK(class_follow_poll(c->f, now + 4, &c->err) == CLASS_POLL_CHANGED);
    double left = class_follow_timer_left(c->f, now + 14);
    CHECK(left > 289 && left < 291);
}

/* Instructor away: silence for 30 s, or a clean quit. Coming back keeps
 * seq and step; set_step clears away. */
static void room_away_and_back(Room *c)
{
    double now = c->now;
    CHECK(!class_follow_instructor_away(c->f, now + 10));
    CHECK(class_follow_instructor_away(c->f, now + 40));
    class_teach_close(c->t, now + 5);
    CHECK(class_follow_poll(c->f, now + 5, &c->err) == CLASS_POLL_CHANGED);
    CHECK(class_follow_instructor_away(c->f, now + 5));
    const ClassPace *p = class_follow_pace(c->f);
    CHECK(p && p->step == 3);

    ClassTeach *t = class_teach_open(c->dir, true, now + 6, &c->err);
    CHECK(t && class_teach_pace(t)->seq == c->seq + 1 && class_teach_pace(t)->step == 3);
    CHECK(t && class_teach_set_step(t, "gil", 3, now + 6, &c->err) == 0);
    CHECK(class_follow_poll(c->f, now + 6, &c->err) == CLASS_POLL_CHANGED);
    CHECK(!class_follow_instructor_away(c->f, now + 6));
    class_teach_free(t);
}

/* A pace replaced by a symlink, a DIR writable by others, a directory
 * that holds other things, a DIR reached as a symlink: each refused. */
static void room_refuses(Room *c, const char *base)
{
    double now = c->now;
    char *real = path_join(c->dir, "real-pace");
    CHECK(rename(c->pace, real) == 0);
    CHECK(symlink(real, c->pace) == 0);
    c->err = NULL;
    CHECK(class_follow_poll(c->f, now + 7, &c->err) == CLASS_POLL_ERROR);
    CHECK(class_says(&c->err, "symlink", NULL));
    CHECK(class_follow_refused(c->dir, now, "symlink", NULL));
    CHECK(unlink(c->pace) == 0 && rename(real, c->pace) == 0);
    free(real);

    CHECK(chmod(c->dir, 0757) == 0);
    CHECK(class_follow_refused(c->dir, now, "writable", NULL));
    CHECK(class_teach_refused(c->dir, now, "writable", NULL));
    CHECK(chmod(c->dir, 0755) == 0);

    char *busy = path_join(base, "busy");
    char *busy_file = path_join(busy, "notes.txt");
    CHECK(mkdir(busy, 0755) == 0);
    FILE *bf = fopen(busy_file, "w");
    CHECK(bf != NULL);
    if (bf)
        fclose(bf);
    CHECK(class_teach_refused(busy, now, "not a class directory", NULL));
    free(busy_file);
    busy_file = path_join(busy, "pace");
    CHECK(!path_is_file(busy_file));
    free(busy_file);
    free(busy);

    char *alias = path_join(base, "alias");
    CHECK(symlink(c->dir, alias) == 0);
    CHECK(class_follow_refused(alias, now, "symlink", NULL));
    CHECK(class_teach_refused(alias, now, "symlink", NULL));
    free(alias);
}

static void test_directory(const char *base)
{
    Room c = {.dir = path_join(base, "class"), .now = now_wall(), .me = current_user_name()};
    c.stud = path_join(c.dir, "students");
    c.pace = path_join(c.dir, "pace");
    room_opens(&c);
    room_counts(&c);
    room_moves_on(&c);
    room_away_and_back(&c);
    room_refuses(&c, base);
    class_follow_close(c.f);
    unlink(c.fifo);
    unlink(c.link);
    free(c.fifo);
    free(c.link);
    free(c.target);
    free(c.me);
    free(c.pace);
    free(c.stud);
    free(c.dir);
}

/* Write DIR/pace as another teach would have left it. */
static void plant_pace(const char *pace_path, const char *host, long pid, double heartbeat, bool away)
{
    ClassPace p = {.step = 4, .seq = 9, .heartbeat = heartbeat, .away = away, .pid = pid};
    snprintf(p.lesson, sizeof p.lesson, "gil");
    snprintf(p.host, sizeof p.host, "%s", host);
    char *json = class_pace_to_json(&p);
    CHECK(write_file_atomic(pace_path, json, strlen(json), 0644) == 0);
    free(json);
}

/* Two teach processes on one DIR would overwrite each other's step under
 * the followers: the second is refused while the first is alive. */
static void test_second_teach(const char *base)
{
    char *dir = path_join(base, "second");
    char *pace = path_join(dir, "pace");
    char host[CLASS_NAME_MAX] = "";
    gethostname(host, sizeof host - 1);
    double now = now_wall();
    char *err = NULL;

    ClassTeach *t = class_teach_open(dir, true, now, &err);
    CHECK(t != NULL && class_teach_pace(t)->pid == (long)getpid());
    CHECK(t && strcmp(class_teach_pace(t)->host, host) == 0);
    class_teach_free(t); /* gone without quitting, as after a crash */

    /* pid 1 is alive: a live teach on this host. */
    plant_pace(pace, host, 1, now - 5, false);
    CHECK(class_teach_refused(dir, now, "already paces", "pid 1 on "));
    /* On another login node only the heartbeat tells. */
    plant_pace(pace, "login2.example", 1234, now - 5, false);
    CHECK(class_teach_refused(dir, now, "login2.example", "try again in"));
    /* Silent for CLASS_AWAY_S: followers call it away; take over. */
    plant_pace(pace, "login2.example", 1234, now - CLASS_AWAY_S - 1, false);
    t = class_teach_open(dir, true, now, &err);
    CHECK(t != NULL && class_teach_pace(t)->seq == 9 && class_teach_pace(t)->step == 4);
    class_teach_free(t);
    /* Quit cleanly a second ago: take over. */
    plant_pace(pace, host, 1, now - 1, true);
    t = class_teach_open(dir, true, now, &err);
    CHECK(t != NULL);
    class_teach_free(t);
    /* Its process is gone (a crash on this host): take over at once. */
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    int status;
    waitpid(dead, &status, 0);
    plant_pace(pace, host, dead, now - 1, false);
    t = class_teach_open(dir, true, now, &err);
    CHECK(t != NULL && class_teach_pace(t)->pid == (long)getpid());
    if (!t)
        fprintf(stderr, "second teach: %s\n", err);
    class_teach_close(t, now);
    free(pace);
    free(dir);
}


/* Following dir works and finds a pace there. */
static bool follows(const char *dir, double now)
{
    char *err = NULL;
    ClassFollow *f = class_follow_open(dir, now, &err);
    bool ok = f && class_follow_pace(f) != NULL;
    class_follow_close(f);
    free(err);
    return ok;
}

/* The path to DIR, checked as StrictModes: a group-writable parent is
 * refused by follow and teach; a sticky one (/tmp) is fine; a symlink on
 * the way is followed and its target checked; an ancestor owned by another
 * user is refused (root only: it needs chown). */
static void test_ancestors(const char *base)
{
    char *parent = path_join(base, "shared"), *dir = path_join(parent, "class");
    char *err = NULL;
    double now = now_wall();
    CHECK(mkdir(parent, 0755) == 0);
    ClassTeach *t = class_teach_open(dir, true, now, &err);
    CHECK(t != NULL);
    class_teach_close(t, now);
    CHECK(chmod(parent, 0775) == 0);
    CHECK(class_follow_refused(dir, now, "writable by its group", parent));
    CHECK(class_teach_refused(dir, now, "writable by its group", NULL));
    CHECK(chmod(parent, 01777) == 0); /* sticky: nobody can rename our DIR */
    CHECK(follows(dir, now));
    CHECK(chmod(parent, 0755) == 0);

    /* A symlink above DIR: its target is walked and checked too. */
    char *link = path_join(base, "link"), *via = path_join(link, "class");
    CHECK(symlink(parent, link) == 0);
    CHECK(follows(via, now));
    CHECK(chmod(parent, 0777) == 0);
    CHECK(class_follow_refused(via, now, "writable by others", NULL));
    CHECK(chmod(parent, 0755) == 0);
    /* A symlink in a directory others can write: they could point it
     * anywhere, so it is refused even when its target is fine. */
    char *open_dir = path_join(base, "open"), *open_link = path_join(open_dir, "link");
    char *open_via = path_join(open_link, "class");
    CHECK(mkdir(open_dir, 0777) == 0 && chmod(open_dir, 0777) == 0 && symlink(parent, open_link) == 0);
    CHECK(class_follow_refused(open_via, now, "writable by others", open_dir));
    free(open_dir);
    free(open_link);
    free(open_via);
    if (geteuid() == 0) { /* an ancestor owned by someone else */
        CHECK(chown(parent, 65534, 65534) == 0);
        CHECK(class_follow_refused(dir, now, "belongs to", "not to root or"));
        CHECK(chown(parent, 0, 0) == 0);
        /* A directory only passed through and left by "..": not judged. */
        char *other = path_join(base, "other"), *round = path_join(other, "../shared/class");
        CHECK(mkdir(other, 0777) == 0 && chmod(other, 0777) == 0 && chown(other, 65534, 65534) == 0);
        CHECK(follows(round, now));
        free(other);
        free(round);
    }
    free(link);
    free(via);
    free(parent);
    free(dir);
}

/* teach notices its directory moved away or replaced, and says so once. */
static void test_moved(const char *base)
{
    char *dir = path_join(base, "moving"), *away = path_join(base, "moved");
    char *err = NULL;
    double now = now_wall();
    ClassTeach *t = class_teach_open(dir, true, now, &err);
    CHECK(t && class_teach_tick(t, now + 1, &err) >= 0 && !class_teach_problem(t));
    CHECK(rename(dir, away) == 0 && mkdir(dir, 0755) == 0);
    CHECK(t && class_teach_tick(t, now + 2, &err) == -1 && err && strstr(err, "moved or replaced"));
    free(err);
    err = NULL;
    CHECK(t && class_teach_tick(t, now + 3, &err) >= 0 && class_teach_problem(t)); /* said once */
    CHECK(rmdir(dir) == 0 && rename(away, dir) == 0);
    CHECK(t && class_teach_tick(t, now + 4, &err) >= 0 && !class_teach_problem(t));
    class_teach_close(t, now + 5);
    free(dir);
    free(away);
}

static void write_status_file(const char *path, double heartbeat, long beat, const char *flag)
{
    char *json = xasprintf("{\"step\":1,\"lesson\":\"gil\",\"flag\":\"%s\",\"flag_seq\":1,"
                           "\"heartbeat_ms\":%.0f,\"beat\":%ld}", flag, heartbeat * 1000, beat);
    CHECK(write_file_atomic(path, json, strlen(json), 0644) == 0);
    free(json);
}

/* 3,000 junk files do not hide a student; liveness is the heartbeat in
 * the record seen changing by our clock, never the file's mtime. */
static void test_junk_and_liveness(const char *base)
{
    char *dir = path_join(base, "junky"), *stud = path_join(dir, "students");
    char *err = NULL, *me = current_user_name();
    double now = now_wall();
    ClassTeach *t = class_teach_open(dir, true, now, &err);
    CHECK(t && class_teach_set_step(t, "gil", 1, now, &err) == 0);
    for (int i = 0; i < 3000; i++) {
        char *junk = xasprintf("%s/junk%04d", stud, i);
        FILE *fp = fopen(junk, "w");
        CHECK(fp != NULL);
        if (fp)
            fclose(fp);
        free(junk);
    }
    char *mine = path_join(stud, me);
    write_status_file(mine, now, 1, "help");
    const ClassRoster *r = NULL;
    int scans = 0;
    do
        r = class_teach_scan(t, now, &err);
    while (r && r->help == 0 && ++scans < 10);
    CHECK(r && r->help == 1 && r->live == 1 && scans <= 3); /* a few scans at most */
    r = class_teach_scan_all(t, now, &err);
    CHECK(r && r->entries == 3001 && r->junk_total == 3000 && r->unexamined == 0 && r->refused == 0);
    CHECK(r && r->n_junk == 1 && r->junk[0].n == 3000 && strcmp(r->junk[0].owner, me) == 0);
    double t0 = now_monotonic();
    r = class_teach_scan(t, now, &err); /* nothing new: no lstat of the junk */
    CHECK(r && r->help == 1 && now_monotonic() - t0 < 0.1);

    /* An old record with its mtime set to 2099 is not alive... */
    write_status_file(mine, now - 3600, 2, "help");
    struct timespec future[2] = {{4070908800, 0}, {4070908800, 0}};
    CHECK(utimensat(AT_FDCWD, mine, future, 0) == 0);
    r = class_teach_scan(t, now + 1, &err);
    CHECK(r && r->live == 1); /* the beat changed: seen now, by our clock */
    r = class_teach_scan(t, now + 70, &err);
    CHECK(r && r->live == 0 && r->stale == 1 && r->help == 0);
    /* ... nor a record that claims a heartbeat in 2099, for a new teach. */
    class_teach_free(t);
    t = class_teach_open(dir, true, now, &err);
    write_status_file(mine, 4070908800.0, 3, "help");
    r = t ? class_teach_scan(t, now, &err) : NULL;
    CHECK(r && r->live == 0 && r->stale == 1);
    write_status_file(mine, 4070908800.0, 4, "help"); /* it keeps writing: alive */
    r = t ? class_teach_scan(t, now + 2, &err) : NULL;
    CHECK(r && r->live == 1);
    class_teach_close(t, now);
    free(mine);
    free(me);
    free(stud);
    free(dir);
}


/* A student's own fallback names are no way to make the instructor look
 * at thousands of files a second: at most CLASS_ENTRIES_PER_USER of one
 * user's count; the rest are that user's stray files. */
static void test_entries_per_user(const char *base)
{
    char *dir = path_join(base, "busy-class"), *err = NULL, *me = current_user_name();
    double now = now_wall();
    ClassTeach *t = class_teach_open(dir, true, now, &err);
    int n = 150;
    for (int i = 0; i < n; i++) {
        char *path = xasprintf("%s/students/%s+%ld+%04d", dir, me, (long)geteuid(), i);
        write_status_file(path, now, 1, i == 0 ? "help" : "none");
        free(path);
    }
    const ClassRoster *r = t ? class_teach_scan_all(t, now, &err) : NULL;
    CHECK(r && r->n == 1 && r->live == 1 && r->junk_total == (size_t)n - CLASS_ENTRIES_PER_USER);
    CHECK(r && r->n_junk == 1 && r->junk[0].n == (size_t)n - CLASS_ENTRIES_PER_USER);
    r = t ? class_teach_scan(t, now + 1, &err) : NULL;
    CHECK(r && r->n == 1 && r->unread == 0 && r->unexamined == 0);
    class_teach_close(t, now);
    free(me);
    free(dir);
}

int main(void)
{
    static const CheckTest plain[] = {CHECK_TEST(test_records), CHECK_TEST(test_roster_rules)};
    static const ClassDirTest in_dir[] = {
        CLASS_DIR_TEST(test_directory), CLASS_DIR_TEST(test_second_teach),
        CLASS_DIR_TEST(test_ancestors), CLASS_DIR_TEST(test_moved),
        CLASS_DIR_TEST(test_junk_and_liveness), CLASS_DIR_TEST(test_entries_per_user),
    };
    return class_run_tests("/tmp/corelab-class-unit-XXXXXX", plain, CHECK_COUNT(plain), in_dir,
                           CHECK_COUNT(in_dir));
}
