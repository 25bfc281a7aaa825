/* Running checks on real learner files with real python3: passed, not yet
 * (what was expected, what was seen), error (Python's message and line, a
 * syntax error's too), timeout, a flood of output, a command that is not
 * installed, a checker script, cancelling, and processes left behind.
 * Then the pure parts: tracebacks, the output's head and tail, verdicts. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "practice/capture.h"
#include "practice/practice.h"
#include "util/util.h"

#include "../lib/check.h"
#include "../lib/procs.h"
#include "helpers.h"

static char *tmp;
static const CheckTracer *tracer; /* set: checks that ask for it are traced */

/* One exercise in the scratch folder: the learner's file holds text. */
typedef struct {
    LessonExercise ex;
    PracticeFiles f;
} Setup;

static void setup(Setup *s, const char *name, const char *text, const char *command, const char *expect,
                  int timeout)
{
    memset(s, 0, sizeof *s);
    s->ex.file = xstrdup(name);
    s->ex.check.command = command ? xstrdup(command) : NULL;
    s->ex.check.expect = expect ? xstrdup(expect) : NULL;
    s->ex.check.timeout = timeout;
    s->f.dir = xstrdup(tmp);
    s->f.file = path_join(tmp, name);
    put_file(s->f.file, text);
}

static void teardown(Setup *s)
{
    FREE_ALL(s->ex.file, s->ex.check.command, s->ex.check.expect, s->ex.check.script, s->f.dir, s->f.file);
}

/* Run the check to its end; the verdict's line is copied to line. */
static CheckState run_check(Setup *s, char *line, size_t n, double *seconds)
{
    double start = now_monotonic();
    ExerciseCheck *c = exercise_check_start_traced(&s->ex, tmp, &s->f, tracer);
    const CheckVerdict *v = exercise_check_wait(c);
    CheckState st = v->state;
    snprintf(line, n, "%s", v->line ? v->line : "(none)");
    if (seconds)
        *seconds = now_monotonic() - start;
    fprintf(stderr, "  %-14s %s\n", check_state_word(st), line);
    exercise_check_free(c);
    return st;
}

/* One try of a check: the learner's file (NULL: as it is), the verdict
 * and its line, in which "..." stands for any text. */
typedef struct {
    const char *file;
    CheckState state;
    const char *said;
} Try;

static bool line_is(const char *line, const char *said)
{
    const char *dots = strstr(said, "...");
    if (!dots)
        return strcmp(line, said) == 0;
    size_t head = (size_t)(dots - said);
    if (strncmp(line, said, head) != 0)
        return false;
    for (const char *p = line + head;; p++) {
        if (line_is(p, dots + 3))
            return true;
        if (!*p)
            return false;
    }
}

static void tries(Setup *s, const Try *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char line[512];
        if (t[i].file)
            put_file(s->f.file, t[i].file);
        CheckState st = run_check(s, line, sizeof line, NULL);
        CHECK(st == t[i].state, "try %zu: %s, not %s", i + 1, check_state_word(st), check_state_word(t[i].state));
        CHECK(line_is(line, t[i].said), "try %zu: \"%s\", not \"%s\"", i + 1, line, t[i].said);
    }
}

#define TRIES(s, ...) tries((s), (const Try[]){__VA_ARGS__}, sizeof((const Try[]){__VA_ARGS__}) / sizeof(Try))

static void test_passed_and_not_yet(void)
{
    Setup s;
    setup(&s, "race.py", "print('balance 4000 of 4000: lost 0')\n", "python3 race.py", "lost 0", 20);
    TRIES(&s, {NULL, CHECK_PASSED, "passed"},
          {"print('starting')\nprint('balance 1026 of 4000: lost 2974')\nprint('bye')\n", CHECK_NOT_YET,
           "not yet: expected \"lost 0\", saw \"balance 1026 of 4000: lost 2974\""},
          {"", CHECK_NOT_YET, "not yet: expected \"lost 0\", but nothing was printed"},
          {"import sys\nprint('lost 0')\nsys.exit(3)\n", CHECK_NOT_YET,
           "not yet: \"lost 0\" was printed, but the program exited with status 3"});
    teardown(&s);
    /* Without expect, the exit status decides. */
    setup(&s, "ok.py", "import sys\nprint('almost')\nsys.exit(1)\n", "python3 ok.py", NULL, 20);
    TRIES(&s, {NULL, CHECK_NOT_YET, "not yet: the program exited with status 1; its last line: \"almost\""},
          {"print('fine')\n", CHECK_PASSED, "passed"});
    teardown(&s);
}

static void test_errors(void)
{
    Setup s;
    setup(&s, "err.py", "", "python3 err.py", "lost 0", 20);
    TRIES(&s,
          {"import threading\n"
           "\n"
           "def deposit():\n"
           "    with lok:\n"
           "        pass\n"
           "\n"
           "deposit()\n",
           CHECK_ERROR, "error: err.py line 4: NameError: name 'lok' is not defined"},
          {"print('hello')\nx = (1,\nprint('never')\n", CHECK_ERROR, "error: err.py line 2: SyntaxError: ..."},
          {"def f(:\n    pass\n", CHECK_ERROR, "error: err.py line 1: SyntaxError: invalid syntax..."},
          {"import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", CHECK_ERROR,
           "error: the program was killed by signal 11..."});
    teardown(&s);
}

static void test_timeout(void)
{
    Setup s;
    char line[512];
    double secs;
    setup(&s, "hang.py",
          "import threading\n"
          "lock = threading.Lock()\n"
          "lock.acquire()\n"
          "print('waiting', flush=True)\n"
          "lock.acquire()\n",
          "python3 hang.py", "lost 0", 1);
    CHECK(run_check(&s, line, sizeof line, &secs) == CHECK_TIMEOUT);
    CHECK(strcmp(line, "timeout: no result after 1 s, so the check was stopped; it was at hang.py line 5") == 0);
    CHECK(secs < 3.0);
    /* One that ignores SIGINT is killed all the same. */
    put_file(s.f.file, "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)\n");
    CHECK(run_check(&s, line, sizeof line, &secs) == CHECK_TIMEOUT && secs < 3.0);
    CHECK(strstr(line, "timeout: no result after 1 s, so the check was stopped (") == line);
    teardown(&s);
}

static void test_flood(void)
{
    Setup s;
    setup(&s, "flood.py", "print('first line')\nwhile True:\n    print('x' * 999)\n", "python3 flood.py", "lost 0",
          30);
    ExerciseCheck *c = exercise_check_start(&s.ex, tmp, &s.f);
    const CheckVerdict *v = exercise_check_wait(c);
    CHECK(v->state == CHECK_FLOOD && strstr(v->line, "stopped: the check printed more than 8 MiB"));
    size_t len;
    const char *out = exercise_check_output(c, &len);
    CHECK(len < CHECK_KEEP_HEAD + CHECK_KEEP_TAIL + 200);
    CHECK(strncmp(out, "first line\n", 11) == 0);
    CHECK(strstr(out, "bytes cut: the check printed") != NULL);
    exercise_check_free(c);
    teardown(&s);
}

static void test_cannot_run(void)
{
    Setup s;
    setup(&s, "x.py", "print(1)\n", "corelab-no-such-program x.py", NULL, 5);
    TRIES(&s, {NULL, CHECK_CANNOT_RUN,
               "could not run the check: 'corelab-no-such-program' was not found (is it installed, and on PATH?)"});
    free(s.ex.check.command);
    s.ex.check.command = xstrdup("python3 x.py");
    unlink(s.f.file);
    TRIES(&s, {NULL, CHECK_CANNOT_RUN, "...x.py is missing (reset copies the starter again)..."});
    teardown(&s);
}

static void add_records(void *ctx, const char *data, size_t len)
{
    strbuf_add(ctx, data, len);
}

/* A check with trace: true runs under the real `corelab trace --json`: the
 * verdicts are the program's as without it (its output, its status, its
 * traceback at the timeout), and the records go to the tracer. */
static void test_traced(void)
{
    char *corelab = getenv("CORELAB_BIN") ? realpath(getenv("CORELAB_BIN"), NULL) : NULL;
    CHECK(corelab != NULL, "CORELAB_BIN names the corelab binary");
    if (!corelab)
        return;
    StrBuf records;
    strbuf_init(&records);
    CheckTracer t = {corelab, add_records, &records};
    tracer = &t;
    Setup s;
    char line[512];
    setup(&s, "turns.py",
          "import threading\n"
          "def count(n):\n"
          "    while n > 0:\n"
          "        n -= 1\n"
          "ts = [threading.Thread(target=count, args=(1_000_000,)) for _ in range(2)]\n"
          "[t.start() for t in ts]\n"
          "[t.join() for t in ts]\n"
          "print('lost 0')\n",
          "python3 turns.py", "lost 0", 30);
    s.ex.check.trace = true;
    ExerciseCheck *c = exercise_check_start_traced(&s.ex, tmp, &s.f, &t);
    CHECK(exercise_check_records_fd(c) >= 0);
    CHECK(exercise_check_wait(c)->state == CHECK_PASSED);
    size_t len;
    const char *out = exercise_check_output(c, &len);
    CHECK(strcmp(out, "lost 0\n") == 0, "output: %s", out);
    CHECK(exercise_check_records_fd(c) < 0);
    exercise_check_free(c);
    CHECK_STR_HAS(records.data, "{\"type\":\"span\"");
    CHECK_STR_HAS(records.data, "\"name\":\"T1\"");
    CHECK_STR_HAS(records.data, "\"verdict\":");
    put_file(s.f.file, "x = 1\nraise ValueError('no')\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strcmp(line, "error: turns.py line 2: ValueError: no") == 0);
    put_file(s.f.file, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strstr(line, "error: the program was killed by signal 11") == line);
    put_file(s.f.file, "import threading\nlock = threading.Lock()\nlock.acquire()\nlock.acquire()\n");
    s.ex.check.timeout = 1;
    double secs;
    CHECK(run_check(&s, line, sizeof line, &secs) == CHECK_TIMEOUT && secs < 3.0);
    CHECK(strcmp(line, "timeout: no result after 1 s, so the check was stopped; it was at turns.py line 4") == 0);
    free(s.ex.check.command);
    s.ex.check.command = xstrdup("corelab-no-such-program turns.py");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_CANNOT_RUN);
    CHECK(strstr(line, "could not run the check: 'corelab-no-such-program' was not found") == line);
    tracer = NULL;
    teardown(&s);
    strbuf_free(&records);
    free(corelab);
}

static void test_checker_script(void)
{
    Setup s;
    setup(&s, "twice.py", "def twice(x):\n    return x + x + 1\n", NULL, NULL, 20);
    char *checkers = path_join(tmp, "checkers");
    mkdir_p(checkers, 0700);
    char *checker = path_join(checkers, "twice.py");
    put_file(checker, "import importlib.util, sys\n"
                      "spec = importlib.util.spec_from_file_location('learner', sys.argv[1])\n"
                      "m = importlib.util.module_from_spec(spec)\n"
                      "spec.loader.exec_module(m)\n"
                      "got = m.twice(21)\n"
                      "if got != 42:\n"
                      "    print(f'twice(21) should be 42, got {got}')\n"
                      "    sys.exit(1)\n"
                      "print('twice works')\n");
    s.ex.check.script = xstrdup("checkers/twice.py");
    TRIES(&s, {NULL, CHECK_NOT_YET, "not yet: twice(21) should be 42, got 43"},
          {"def twice(x):\n    return x + x\n", CHECK_PASSED, "passed: twice works"},
          /* The learner's error, through the checker: their line. */
          {"def twice(x):\n    return x + y\n", CHECK_ERROR,
           "error: twice.py line 2: NameError: name 'y' is not defined"});
    free(s.ex.check.script);
    s.ex.check.script = xstrdup("checkers/gone.py");
    TRIES(&s, {NULL, CHECK_CANNOT_RUN, "could not run the check: the checker ...gone.py is missing"});
    FREE_ALL(checker, checkers);
    teardown(&s);
}

/* A process of its own group that outlives the check's first process. */
static void test_left_behind_and_cancel(void)
{
    Setup s;
    char line[512];
    double secs;
    char *pidfile = path_join(tmp, "child.pid");
    char *text = xasprintf("import subprocess\n"
                           "p = subprocess.Popen(['sleep', '30'])\n"
                           "open('%s', 'w').write(str(p.pid))\n"
                           "print('lost 0')\n",
                           pidfile);
    setup(&s, "leave.py", text, "python3 leave.py", "lost 0", 20);
    CHECK(run_check(&s, line, sizeof line, &secs) == CHECK_PASSED && secs < 3.0);
    char *pid_text = get_file(pidfile);
    pid_t pid = pid_text ? (pid_t)atoi(pid_text) : 0;
    CHECK(pid > 0 && pid_ended_within(pid, 2));
    free(pid_text);

    put_file(s.f.file, "import time\nprint('working', flush=True)\ntime.sleep(30)\n");
    ExerciseCheck *c = exercise_check_start(&s.ex, tmp, &s.f);
    double start = now_monotonic();
    while (!strstr(exercise_check_output(c, &(size_t){0}), "working") && now_monotonic() - start < 5) {
        exercise_check_pump(c, now_monotonic());
        usleep(10000);
    }
    CHECK(!exercise_check_done(c) && exercise_check_verdict(c)->state == CHECK_RUNNING);
    exercise_check_cancel(c);
    CHECK(exercise_check_done(c) && exercise_check_verdict(c)->state == CHECK_CANCELLED);
    CHECK(now_monotonic() - start < 5);
    exercise_check_free(c);
    FREE_ALL(text, pidfile);
    teardown(&s);
}

/* ---- pure parts ---- */

/* Learner output with a traceback in it, and what py_error_find reads
 * from it for file_name (file NULL: not checked; line 0: none found). */
typedef struct {
    const char *out, *file_name;
    int line;
    const char *file, *message;
} Traceback;

static const char DEEP[] = "Traceback (most recent call last):\n"
                           "  File \"/w/race.py\", line 30, in <module>\n    main()\n"
                           "  File \"/w/race.py\", line 24, in main\n    t.join()\n"
                           "  File \"/usr/lib/python3.11/threading.py\", line 1112, in join\n"
                           "    self._wait_for_tstate_lock()\n    ^^^^^^^^^^\n"
                           "KeyboardInterrupt\n"
                           "other output\n";

static const Traceback tracebacks[] = {
    {"  File \"/home/ana/w/race.py\", line 5\n    x = (\n        ^\nSyntaxError: '(' was never closed\n", "race.py",
     5, "/home/ana/w/race.py", "SyntaxError: '(' was never closed"},
    /* The learner's deepest frame, not the library's. */
    {DEEP, "race.py", 24, NULL, "KeyboardInterrupt"},
    {DEEP, "elsewhere.py", 1112, NULL, "KeyboardInterrupt"},
    /* A message that starts on the next lines. */
    {"Traceback (most recent call last):\n"
     "  File \"/w/guard.py\", line 25, in <module>\n    w.start()\n"
     "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 138, in _check\n"
     "    raise RuntimeError('''\n"
     "RuntimeError: \n"
     "        An attempt has been made to start a new process before the\n"
     "        current process has finished its bootstrapping phase.\n"
     "\n"
     "        This probably means...\n",
     "guard.py", 25, NULL,
     "RuntimeError: An attempt has been made to start a new process before the current process has finished its "
     "bootstrapping phase."},
    /* Two processes that failed at once, their lines mixed in one pipe. */
    {"Traceback (most recent call last):\nTraceback (most recent call last):\n"
     "  File \"/w/guard.py\", line 25, in <module>\n  File \"/w/guard.py\", line 25, in <module>\n"
     "    w.start()\n  File \"/usr/lib/spawn.py\", line 138, in check\n    w.start()\n"
     "  File \"/usr/lib/spawn.py\", line 138, in check\nRuntimeError: bad\nRuntimeError: bad\n",
     "guard.py", 25, NULL, "RuntimeError: bad"},
    /* The last of chained exceptions. */
    {"Traceback (most recent call last):\n  File \"a.py\", line 2, in <module>\n"
     "KeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\n"
     "Traceback (most recent call last):\n  File \"a.py\", line 4, in <module>\n"
     "ValueError: bad\n",
     "a.py", 4, NULL, "ValueError: bad"},
    /* No traceback at all. */
    {"", "x.py", 0, NULL, NULL},
    {"lost 3\n", "x.py", 0, NULL, NULL},
    {"  File \"x.py\", line 3\nno exception here: lower case\n", "x.py", 0, NULL, NULL},
    {"Traceback (most recent call last):\n", "x.py", 0, NULL, NULL},
    {"  File \"x.py\", line\nValueError\n", "x.py", 0, NULL, NULL},
};

static void test_tracebacks(void)
{
    for (size_t i = 0; i < sizeof tracebacks / sizeof tracebacks[0]; i++) {
        const Traceback *t = &tracebacks[i];
        PyError e;
        bool found = py_error_find(t->out, strlen(t->out), t->file_name, &e);
        CHECK(found == (t->line > 0), "traceback %zu", i + 1);
        if (found && t->line > 0) {
            CHECK(e.line == t->line, "traceback %zu: line %d", i + 1, e.line);
            CHECK(!t->file || strcmp(e.file, t->file) == 0, "traceback %zu: file %s", i + 1, e.file);
            CHECK(e.message && strcmp(e.message, t->message) == 0, "traceback %zu: message %s", i + 1,
                  e.message ? e.message : "(none)");
        }
        py_error_free(&e);
    }
}

static void test_capture(void)
{
    Capture c;
    capture_init(&c, "needle");
    capture_add(&c, "hay nee", 7);
    capture_add(&c, "dle hay\n", 8);
    CHECK(c.found);
    capture_free(&c);
    capture_init(&c, "lost 0");
    char block[4096];
    memset(block, 'x', sizeof block);
    block[sizeof block - 1] = '\n';
    for (int i = 0; i < 100; i++)
        capture_add(&c, block, sizeof block);
    capture_add(&c, "the end: lo", 11);
    capture_add(&c, "s", 1);
    capture_add(&c, "t 0\n", 4);
    CHECK(c.found && c.total == 100 * sizeof block + 16);
    size_t len;
    const char *text = capture_text(&c, &len);
    CHECK(len < CHECK_KEEP_HEAD + CHECK_KEEP_TAIL + 200);
    CHECK(strlen(text) == len && len > 16 && strcmp(text + len - 16, "the end: lost 0\n") == 0);
    CHECK(strstr(text, "bytes cut: the check printed 409616 bytes") != NULL);
    capture_free(&c);
    /* A long expect, printed in three reads. */
    char needle[301];
    for (int i = 0; i < 300; i++)
        needle[i] = (char)('a' + i % 26);
    needle[300] = '\0';
    capture_init(&c, needle);
    capture_add(&c, "xx", 2);
    capture_add(&c, needle, 100);
    capture_add(&c, needle + 100, 150);
    CHECK(!c.found);
    capture_add(&c, needle + 250, 50);
    CHECK(c.found);
    capture_free(&c);
    capture_init(&c, NULL);
    capture_add(&c, "short\n", 6);
    text = capture_text(&c, &len);
    CHECK(len == 6 && strcmp(text, "short\n") == 0 && !c.found);
    capture_free(&c);
}

static void test_verdict_lines(void)
{
    const char out[] = "round 1: lost 12\nround 2: lost 3\nsummary: done\n";
    CheckOutcome o = {.output = out, .len = strlen(out), .exited = true, .status = 0, .expect = "lost 0",
                      .file_name = "race.py", .timeout_s = 30};
    CheckVerdict v;
    check_verdict_make(&o, &v);
    CHECK(v.state == CHECK_NOT_YET && strcmp(v.seen, "round 2: lost 3") == 0 && strcmp(v.expected, "lost 0") == 0);
    check_verdict_free(&v);
    o.expect_found = true;
    check_verdict_make(&o, &v);
    CHECK(v.state == CHECK_PASSED);
    check_verdict_free(&v);
    o.spawn_errno = EACCES;
    o.program = "python3";
    check_verdict_make(&o, &v);
    CHECK(v.state == CHECK_CANNOT_RUN && strcmp(v.line, "could not run the check: python3: Permission denied") == 0);
    check_verdict_free(&v);
    CHECK(strcmp(check_state_word(CHECK_NOT_YET), "not yet") == 0 && strcmp(check_state_word(CHECK_FLOOD), "too much output") == 0);
}

int main(void)
{
    tmp = scratch_dir("check");
    python_first_on_path();
    RUN(test_tracebacks);
    RUN(test_capture);
    RUN(test_verdict_lines);
    RUN(test_passed_and_not_yet);
    RUN(test_errors);
    RUN(test_timeout);
    RUN(test_flood);
    RUN(test_cannot_run);
    RUN(test_checker_script);
    RUN(test_traced);
    RUN(test_left_behind_and_cancel);
    return scratch_done(tmp);
}
