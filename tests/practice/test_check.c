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
    free(s->ex.file);
    free(s->ex.check.command);
    free(s->ex.check.expect);
    free(s->ex.check.script);
    free(s->f.dir);
    free(s->f.file);
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

static void test_passed_and_not_yet(void)
{
    Setup s;
    char line[512];
    setup(&s, "race.py", "print('balance 4000 of 4000: lost 0')\n", "python3 race.py", "lost 0", 20);
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_PASSED && strcmp(line, "passed") == 0);
    put_file(s.f.file, "print('starting')\nprint('balance 1026 of 4000: lost 2974')\nprint('bye')\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_NOT_YET);
    CHECK(strcmp(line, "not yet: expected \"lost 0\", saw \"balance 1026 of 4000: lost 2974\"") == 0);
    put_file(s.f.file, "");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_NOT_YET);
    CHECK(strcmp(line, "not yet: expected \"lost 0\", but nothing was printed") == 0);
    put_file(s.f.file, "import sys\nprint('lost 0')\nsys.exit(3)\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_NOT_YET);
    CHECK(strcmp(line, "not yet: \"lost 0\" was printed, but the program exited with status 3") == 0);
    teardown(&s);
    /* Without expect, the exit status decides. */
    setup(&s, "ok.py", "import sys\nprint('almost')\nsys.exit(1)\n", "python3 ok.py", NULL, 20);
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_NOT_YET);
    CHECK(strcmp(line, "not yet: the program exited with status 1; its last line: \"almost\"") == 0);
    put_file(s.f.file, "print('fine')\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_PASSED);
    teardown(&s);
}

static void test_errors(void)
{
    Setup s;
    char line[512];
    setup(&s, "err.py",
          "import threading\n"
          "\n"
          "def deposit():\n"
          "    with lok:\n"
          "        pass\n"
          "\n"
          "deposit()\n",
          "python3 err.py", "lost 0", 20);
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strcmp(line, "error: err.py line 4: NameError: name 'lok' is not defined") == 0);
    put_file(s.f.file, "print('hello')\nx = (1,\nprint('never')\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strncmp(line, "error: err.py line 2: SyntaxError: ", 35) == 0);
    put_file(s.f.file, "def f(:\n    pass\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strncmp(line, "error: err.py line 1: SyntaxError: invalid syntax", 49) == 0);
    put_file(s.f.file, "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strstr(line, "error: the program was killed by signal 11") == line);
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
    char line[512];
    double secs;
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
    (void)line, (void)secs;
    teardown(&s);
}

static void test_cannot_run(void)
{
    Setup s;
    char line[512];
    setup(&s, "x.py", "print(1)\n", "corelab-no-such-program x.py", NULL, 5);
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_CANNOT_RUN);
    CHECK(strcmp(line, "could not run the check: 'corelab-no-such-program' was not found (is it installed, and "
                       "on PATH?)") == 0);
    free(s.ex.check.command);
    s.ex.check.command = xstrdup("python3 x.py");
    unlink(s.f.file);
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_CANNOT_RUN);
    CHECK(strstr(line, "x.py is missing (reset copies the starter again)") != NULL);
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
    char line[512];
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
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_NOT_YET);
    CHECK(strcmp(line, "not yet: twice(21) should be 42, got 43") == 0);
    put_file(s.f.file, "def twice(x):\n    return x + x\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_PASSED);
    CHECK(strcmp(line, "passed: twice works") == 0);
    /* The learner's error, through the checker: their line. */
    put_file(s.f.file, "def twice(x):\n    return x + y\n");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_ERROR);
    CHECK(strcmp(line, "error: twice.py line 2: NameError: name 'y' is not defined") == 0);
    free(s.ex.check.script);
    s.ex.check.script = xstrdup("checkers/gone.py");
    CHECK(run_check(&s, line, sizeof line, NULL) == CHECK_CANNOT_RUN);
    CHECK(strstr(line, "the checker") && strstr(line, "gone.py is missing"));
    free(checker);
    free(checkers);
    teardown(&s);
}

/* A process of its own group that outlives the check's first process. */
static bool gone(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    char *stat = get_file(path);
    if (!stat)
        return true;
    const char *close = strrchr(stat, ')');
    bool zombie = close && close[1] == ' ' && close[2] == 'Z';
    free(stat);
    return zombie;
}

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
    double until = now_monotonic() + 2;
    while (pid > 0 && !gone(pid) && now_monotonic() < until)
        usleep(10000);
    CHECK(pid > 0 && gone(pid));
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
    free(text);
    free(pidfile);
    teardown(&s);
}

/* ---- pure parts ---- */

static void test_tracebacks(void)
{
    PyError e;
    const char *syntax = "  File \"/home/ana/w/race.py\", line 5\n    x = (\n        ^\n"
                         "SyntaxError: '(' was never closed\n";
    CHECK(py_error_find(syntax, strlen(syntax), "race.py", &e));
    CHECK(e.line == 5 && strcmp(e.file, "/home/ana/w/race.py") == 0 &&
          strcmp(e.message, "SyntaxError: '(' was never closed") == 0);
    py_error_free(&e);
    /* The learner's deepest frame, not the library's. */
    const char *deep = "Traceback (most recent call last):\n"
                       "  File \"/w/race.py\", line 30, in <module>\n    main()\n"
                       "  File \"/w/race.py\", line 24, in main\n    t.join()\n"
                       "  File \"/usr/lib/python3.11/threading.py\", line 1112, in join\n"
                       "    self._wait_for_tstate_lock()\n    ^^^^^^^^^^\n"
                       "KeyboardInterrupt\n"
                       "other output\n";
    CHECK(py_error_find(deep, strlen(deep), "race.py", &e));
    CHECK(e.line == 24 && strcmp(e.message, "KeyboardInterrupt") == 0);
    py_error_free(&e);
    CHECK(py_error_find(deep, strlen(deep), "elsewhere.py", &e) && e.line == 1112);
    py_error_free(&e);
    /* A message that starts on the next lines. */
    const char *mp = "Traceback (most recent call last):\n"
                     "  File \"/w/guard.py\", line 25, in <module>\n    w.start()\n"
                     "  File \"/usr/lib/python3.11/multiprocessing/spawn.py\", line 138, in _check\n"
                     "    raise RuntimeError('''\n"
                     "RuntimeError: \n"
                     "        An attempt has been made to start a new process before the\n"
                     "        current process has finished its bootstrapping phase.\n"
                     "\n"
                     "        This probably means...\n";
    CHECK(py_error_find(mp, strlen(mp), "guard.py", &e) && e.line == 25);
    CHECK(e.message && strcmp(e.message, "RuntimeError: An attempt has been made to start a new process before the "
                                         "current process has finished its bootstrapping phase.") == 0);
    py_error_free(&e);
    /* Two processes that failed at once, their lines mixed in one pipe. */
    const char *mixed = "Traceback (most recent call last):\nTraceback (most recent call last):\n"
                        "  File \"/w/guard.py\", line 25, in <module>\n  File \"/w/guard.py\", line 25, in <module>\n"
                        "    w.start()\n  File \"/usr/lib/spawn.py\", line 138, in check\n    w.start()\n"
                        "  File \"/usr/lib/spawn.py\", line 138, in check\nRuntimeError: bad\nRuntimeError: bad\n";
    CHECK(py_error_find(mixed, strlen(mixed), "guard.py", &e) && e.line == 25 && strcmp(e.message, "RuntimeError: bad") == 0);
    py_error_free(&e);
    /* The last of chained exceptions. */
    const char *chain = "Traceback (most recent call last):\n  File \"a.py\", line 2, in <module>\n"
                        "KeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\n"
                        "Traceback (most recent call last):\n  File \"a.py\", line 4, in <module>\n"
                        "ValueError: bad\n";
    CHECK(py_error_find(chain, strlen(chain), "a.py", &e) && e.line == 4 && strcmp(e.message, "ValueError: bad") == 0);
    py_error_free(&e);
    const char *none[] = {"", "lost 3\n", "  File \"x.py\", line 3\nno exception here: lower case\n",
                          "Traceback (most recent call last):\n", "  File \"x.py\", line\nValueError\n"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        CHECK(!py_error_find(none[i], strlen(none[i]), "x.py", &e));
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
    test_tracebacks();
    test_capture();
    test_verdict_lines();
    test_passed_and_not_yet();
    test_errors();
    test_timeout();
    test_flood();
    test_cannot_run();
    test_checker_script();
    test_traced();
    test_left_behind_and_cancel();
    remove_tree(tmp);
    free(tmp);
    if (check_failures) {
        fprintf(stderr, "%d checks failed\n", check_failures);
        return 1;
    }
    puts("all check checks passed");
    return 0;
}
