/* Unit tests for cluster/'s sessions directory, with stand-in scheduler
 * tools written below (shell scripts, clearly fakes): the one start path
 * (a token per job, the live session found first, two starts at once give
 * one job), the warnings a submission returns (also through the screen's
 * child), a job's record and finding it from another directory, the
 * connection check against a listener that is or is not the job's
 * Jupyter, the child task and the file watch. */
#include "cluster/cluster.h"
#include "ui/jupyter/jupyter_op.h"

#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../lib/check.h"

static char *tmp;      /* this run's directory */
static char *old_path; /* PATH before the fakes */

static void write_exe(const char *name, const char *text)
{
    char *p = xasprintf("%s/bin/%s", tmp, name);
    CHECK(write_file_atomic(p, text, strlen(text), 0700) == 0);
    free(p);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
    (void)st, (void)flag, (void)f;
    return remove(path);
}

static void open_session(JupyterSession *js, ClusterConfig *c, const char *dir)
{
    char *err = NULL;
    cluster_config_defaults(c);
    char *path = path_join(tmp, dir);
    CHECK(cluster_config_set(c, "sessions_dir", path, &err) == 0);
    CHECK(cluster_config_set(c, "login_host", "alice@login.example.edu", &err) == 0);
    CHECK(jupyter_session_open(js, c, true, &err) == 0);
    free(path);
    free(err);
}

static int count_lines(const char *path)
{
    char *text = read_file_bounded(path, 65536, NULL, false);
    int n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    free(text);
    return n;
}

static bool file_mode_is(const char *path, mode_t mode)
{
    struct stat st;
    return stat(path, &st) == 0 && (st.st_mode & 0777) == mode;
}

/* ---- the start path ---- */

/* FAKE sbatch: a new id each time (after a moment, so that two starts
 * overlap), each call recorded; FAKE squeue: every id sbatch gave runs. */
static void fake_slurm(void)
{
    char *fake = xasprintf("#!/bin/sh\n# FAKE sbatch (tests/cluster/test_cluster_session.c)\n"
                           "sleep 0.3\nn=$(( $(cat %s/ids 2>/dev/null | wc -l) + 4242 ))\n"
                           "echo $n >> %s/ids\necho $n\n", tmp, tmp);
    write_exe("sbatch", fake);
    free(fake);
    fake = xasprintf("#!/bin/sh\n# FAKE squeue (tests/cluster/test_cluster_session.c)\n"
                     "if grep -qx \"$3\" %s/ids 2>/dev/null; then echo 'RUNNING|None|node1|1:00:00|N/A'; fi\n", tmp);
    write_exe("squeue", fake);
    free(fake);
}

static void test_start_path(void)
{
    fake_slurm();
    ClusterConfig c;
    JupyterSession js;
    open_session(&js, &c, "start");
    JupyterStart s;
    jupyter_start(&js, sched_deadline(SCHED_BUDGET_S), &s);
    CHECK(s.outcome == START_SUBMITTED && strcmp(s.jobid, "4242") == 0 && s.warnings.len == 0);
    char *tok = jupyter_token_path(&js, "4242");
    CHECK(file_mode_is(tok, 0600));
    char *token = jupyter_token_read(&js, "4242");
    CHECK(token && strlen(token) == 32);
    char *job = path_join(js.dir, "nb_session.job");
    char *script = read_file_bounded(job, 1 << 20, NULL, false);
    CHECK(script && strstr(script, "mv -f \"$sessions\"/'nb_session_new_"));
    JobRecord r;
    CHECK(jupyter_record_read(&js, "4242", &r) && strcmp(r.login_host, "alice@login.example.edu") == 0);
    CHECK(strcmp(r.scheduler, "slurm") == 0 && r.submitted > 0 && r.last_at == 0);
    jupyter_start_free(&s);

    /* the session runs: a second start attaches, submits nothing */
    jupyter_start(&js, sched_deadline(SCHED_BUDGET_S), &s);
    CHECK(s.outcome == START_ATTACHED && strcmp(s.jobid, "4242") == 0 && s.st.phase == JOB_RUNNING);
    jupyter_start_free(&s);
    char *ids = path_join(tmp, "ids");
    CHECK(count_lines(ids) == 1);
    /* no token was left under a temporary name */
    char *tmpl = xasprintf("%s/nb_session_new_", js.dir);
    char *cur = jupyter_current_job(&js);
    CHECK(cur && strcmp(cur, "4242") == 0);
    free(cur);
    free(tmpl);
    free(ids);
    free(script);
    free(job);
    free(token);
    free(tok);
    jupyter_session_close(&js);
    cluster_config_free(&c);
}

/* Two starts at once in one directory (the command line and the screen):
 * the lock lets one submit, the other finds its job. */
static void test_starts_at_once(void)
{
    ClusterConfig c;
    JupyterSession js;
    open_session(&js, &c, "twice");
    pid_t kids[2];
    for (int i = 0; i < 2; i++) {
        kids[i] = fork();
        if (kids[i] == 0) {
            JupyterStart s;
            jupyter_start(&js, sched_deadline(SCHED_BUDGET_S), &s);
            _exit(s.outcome == START_SUBMITTED ? 10 : s.outcome == START_ATTACHED ? 11 : 12);
        }
    }
    int got[2];
    for (int i = 0; i < 2; i++) {
        int st;
        waitpid(kids[i], &st, 0);
        got[i] = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    }
    CHECK((got[0] == 10 && got[1] == 11) || (got[0] == 11 && got[1] == 10));
    char *ids = path_join(tmp, "ids");
    CHECK(count_lines(ids) == 2); /* one more than before */
    free(ids);
    jupyter_session_close(&js);
    cluster_config_free(&c);
}

/* fd 2 goes to path until stderr_restore: what a call printed there. */
static int stderr_to(const char *path)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    return saved;
}

static void stderr_restore(int saved)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}

static bool file_is_empty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size == 0;
}

/* The screen's child: start, and wait (20 s at most) for its result. */
static bool start_in_child(JupyterSession *js, JupyterOpResult *res)
{
    JupyterOp op;
    jupyter_op_init(&op);
    if (!jupyter_op_start(&op, JUPYTER_OP_START, js, NULL))
        return false;
    double end = now_monotonic() + 20.0;
    while (now_monotonic() < end) {
        struct pollfd p = {.fd = op.task.fd, .events = POLLIN};
        if (poll(&p, 1, 200) > 0 && jupyter_op_read(&op, res))
            return true;
    }
    jupyter_op_abandon(&op);
    return false;
}

/* A job submitted whose state file cannot be written: the start returns
 * the warning to its caller instead of printing it (the screen runs it in
 * a child under its curses screen), and the screen's child carries it back. */
static void test_submit_warnings(void)
{
    ClusterConfig c;
    JupyterSession js;
    open_session(&js, &c, "warn");
    char *state = path_join(js.dir, "current.session");
    CHECK(mkdir(state, 0700) == 0); /* where the state file belongs */
    char *said = path_join(tmp, "stderr");
    int saved = stderr_to(said);
    JupyterStart s;
    jupyter_start(&js, sched_deadline(SCHED_BUDGET_S), &s);
    stderr_restore(saved);
    CHECK(s.outcome == START_SUBMITTED && s.jobid[0]);
    CHECK(strstr(s.warnings.data, "cannot record job ") && s.warnings.data[s.warnings.len - 1] == '\n');
    CHECK(file_is_empty(said));
    jupyter_start_free(&s);

    JupyterOpResult res;
    saved = stderr_to(said);
    bool done = start_in_child(&js, &res);
    stderr_restore(saved);
    CHECK(done && res.outcome == START_SUBMITTED && res.result == SCHED_OK && res.jobid[0]);
    CHECK(done && strstr(res.warnings, "cannot record job "));
    CHECK(file_is_empty(said));
    free(said);
    free(state);
    jupyter_session_close(&js);
    cluster_config_free(&c);
}

/* ---- records, and a job found from another directory ---- */

static void test_records(void)
{
    ClusterConfig c, c2;
    JupyterSession there, here;
    open_session(&there, &c, "there");
    JobRecord r = {.jobid = "77", .scheduler = "slurm", .login_host = "bob@login2", .command = "jupyter notebook",
                   .submitted = 1.0};
    r.last.time_left_s = -1;
    CHECK(jupyter_record_write(&there, &r) == 0);
    JobStatus run = {.phase = JOB_RUNNING, .state = "RUNNING", .node = "n7", .time_left_s = 600};
    jupyter_record_status(&there, "77", &run);
    JobRecord back;
    CHECK(jupyter_record_read(&there, "77", &back) && back.last_at > 0 && back.last.phase == JOB_RUNNING);
    CHECK(strcmp(back.last.node, "n7") == 0 && back.last.time_left_s == 600);
    /* an unknown state does not replace the last known one */
    JobStatus unknown = {.phase = JOB_UNKNOWN, .time_left_s = -1};
    jupyter_record_status(&there, "77", &unknown);
    CHECK(jupyter_record_read(&there, "77", &back) && back.last.phase == JOB_RUNNING);

    /* FAKE scontrol: the job's output file is in "there" */
    char *fake = xasprintf("#!/bin/sh\n# FAKE scontrol (tests/cluster/test_cluster_session.c)\n"
                           "echo 'JobId=77 JobState=RUNNING StdOut=%s/nb_session_77.log WorkDir=/nonexistent'\n",
                           there.dir);
    write_exe("scontrol", fake);
    free(fake);
    open_session(&here, &c2, "here");
    CHECK(jupyter_session_find(&here, "77", sched_deadline(SCHED_BUDGET_S)) == 0);
    CHECK(strcmp(here.dir, there.dir) == 0 && strcmp(here.cfg.login_host, "bob@login2") == 0);
    CHECK(strcmp(here.cfg.command, "jupyter notebook") == 0);
    CHECK(jupyter_session_find(&here, "78", sched_deadline(SCHED_BUDGET_S)) == 1);

    /* "no such job" for a job that ran from here: it ended long ago */
    JobStatus gone = {.phase = JOB_NOT_FOUND, .time_left_s = -1};
    jupyter_status_known(&here, "77", &gone);
    CHECK(gone.phase == JOB_ENDED && strstr(gone.detail, "no longer remembers"));
    JobStatus typo = {.phase = JOB_NOT_FOUND, .time_left_s = -1};
    jupyter_status_known(&here, "99", &typo);
    CHECK(typo.phase == JOB_NOT_FOUND);
    jupyter_session_close(&here);
    jupyter_session_close(&there);
    cluster_config_free(&c);
    cluster_config_free(&c2);
}

/* ---- is the listener the job's Jupyter? ---- */

/* A stand-in Jupyter API in a child: 200 for "token GOOD", 403 otherwise;
 * or, as a squatter, a line that is not HTTP. */
static pid_t serve(int *port, bool squatter)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 8) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &l) < 0)
        abort();
    *port = ntohs(a.sin_port);
    pid_t pid = fork();
    if (pid != 0) {
        close(fd);
        return pid;
    }
    for (;;) {
        int c = accept(fd, NULL, NULL);
        char req[2048] = "";
        ssize_t n = read(c, req, sizeof req - 1);
        req[n > 0 ? n : 0] = '\0';
        const char *reply = squatter ? "hello\n"
                            : strstr(req, "Authorization: token GOOD\r\n") && strstr(req, "GET /api/status ")
                                ? "HTTP/1.1 200 OK\r\n\r\n{}"
                                : "HTTP/1.1 403 Forbidden\r\n\r\n";
        (void)write_all(c, reply, strlen(reply));
        close(c);
    }
}

/* The files the job writes: host and port, Jupyter's server file. */
static void job_files(JupyterSession *js, int port, const char *file_token)
{
    char *conn = jupyter_conn_path(js, "5");
    char *text = xasprintf("host=localhost\nport=%d\npath=tree\nserver_file=nbserver-123.json\n", port);
    CHECK(write_file_atomic(conn, text, strlen(text), 0600) == 0);
    free(text);
    char *dir = xasprintf("%s/nb_session_5.runtime", js->dir);
    mkdir(dir, 0700);
    char *info = path_join(dir, "nbserver-123.json");
    text = xasprintf("{\"base_url\": \"/\", \"pid\": 123, \"port\": %d, \"token\": \"%s\"}\n", port, file_token);
    CHECK(write_file_atomic(info, text, strlen(text), 0600) == 0);
    free(text);
    free(info);
    free(dir);
    free(conn);
}

static ConnCheck check_now(JupyterSession *js)
{
    JupyterConn c;
    char *why = NULL;
    ConnCheck r = jupyter_conn_check(js, "5", 2.0, &c, &why);
    if (r != CONN_NONE)
        jupyter_conn_free(&c);
    free(why);
    return r;
}

static void test_conn_check(void)
{
    ClusterConfig c;
    JupyterSession js;
    open_session(&js, &c, "conn");
    CHECK(check_now(&js) == CONN_NONE);
    char *tok = jupyter_token_path(&js, "5");
    CHECK(write_file_atomic(tok, "GOOD", 4, 0600) == 0);
    int port;
    pid_t jupyter = serve(&port, false);
    job_files(&js, port, "GOOD");
    CHECK(check_now(&js) == CONN_VERIFIED);
    job_files(&js, port, "OTHER"); /* another job's Jupyter, or a stale file */
    CHECK(check_now(&js) == CONN_WRONG);
    CHECK(write_file_atomic(tok, "BAD", 3, 0600) == 0);
    job_files(&js, port, "BAD"); /* the files agree, the API does not */
    CHECK(check_now(&js) == CONN_WRONG);
    kill(jupyter, SIGKILL);
    waitpid(jupyter, NULL, 0);
    pid_t squatter = serve(&port, true);
    job_files(&js, port, "BAD");
    CHECK(check_now(&js) == CONN_WRONG);
    kill(squatter, SIGKILL);
    waitpid(squatter, NULL, 0);
    CHECK(check_now(&js) == CONN_UNREACHABLE); /* nothing listens there now */
    free(tok);
    jupyter_session_close(&js);
    cluster_config_free(&c);
}

/* ---- the child task and the file watch ---- */

static void fill(void *arg, void *out)
{
    snprintf(out, 32, "from the child: %s", (const char *)arg);
}

static void test_task_and_watch(void)
{
    ClusterTask t;
    cluster_task_init(&t);
    CHECK(cluster_task_start(&t, fill, "hi", 32) && cluster_task_busy(&t));
    char out[32] = "";
    int got = 0;
    for (double end = now_monotonic() + 10; got == 0 && now_monotonic() < end;) {
        struct pollfd p = {.fd = t.fd, .events = POLLIN};
        poll(&p, 1, 100);
        got = cluster_task_read(&t, out);
    }
    CHECK(got == 1 && strcmp(out, "from the child: hi") == 0 && !cluster_task_busy(&t));

    char *path = path_join(tmp, "watched");
    PathWatch w;
    path_watch_open(&w, path);
    CHECK(path_watch_fd(&w) >= 0 && !path_watch_changed(&w, now_monotonic()));
    CHECK(write_file_atomic(path, "x", 1, 0600) == 0);
    struct pollfd p = {.fd = path_watch_fd(&w), .events = POLLIN};
    CHECK(poll(&p, 1, 2000) == 1); /* inotify tells at once */
    CHECK(path_watch_changed(&w, now_monotonic()) && !path_watch_changed(&w, now_monotonic()));
    path_watch_close(&w);
    free(path);

    const char *text = "one\ntwo\n\nfour", *cur = text, *line;
    size_t len;
    int n = 0;
    while (text_next_line(&cur, &line, &len))
        n++;
    CHECK(n == 4);
}

int main(void)
{
    char tmpl[] = "/tmp/corelab-cluster-session-XXXXXX";
    tmp = mkdtemp(tmpl);
    if (!tmp)
        return 1;
    char *bin = path_join(tmp, "bin");
    mkdir(bin, 0700);
    old_path = xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    char *path = xasprintf("%s:%s", bin, old_path);
    setenv("PATH", path, 1);
    test_start_path();
    test_starts_at_once();
    test_submit_warnings();
    test_records();
    test_conn_check();
    test_task_and_watch();
    setenv("PATH", old_path, 1);
    nftw(tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(path);
    free(bin);
    free(old_path);
    return check_exit();
}
