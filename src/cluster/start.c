/* Starting a session: one path for `corelab jupyter start` and the screen's
 * Start. Under an exclusive lock on the sessions directory it looks for
 * the directory's live session first; only when there is none does it
 * submit, with a token of the new job's own. So two starts in one
 * directory give one job, and a token file never holds another job's
 * token. */
#include "cluster/session_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_FILE "nb_session.lock"
#define SCRIPT_FILE "nb_session.job"

/* The lock, waited for while the other holder may still be submitting
 * (its own budget); -1 when it is not had by then. */
static int lock_sessions(const JupyterSession *js, double deadline)
{
    char *path = path_join(js->dir, LOCK_FILE);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    free(path);
    if (fd < 0)
        return -1;
    double give_up = deadline + SCHED_BUDGET_S;
    while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
        if ((errno != EWOULDBLOCK && errno != EINTR) || now_monotonic() > give_up) {
            close(fd);
            return -1;
        }
        poll(NULL, 0, 50);
    }
    return fd;
}

static int random_hex(char *out, size_t bytes)
{
    unsigned char raw[32];
    size_t got = 0;
    if (bytes > sizeof raw)
        return -1;
    while (got < bytes) {
        ssize_t r = getrandom(raw + got, bytes - got, 0);
        if (r < 0 && errno != EINTR)
            return -1;
        if (r > 0)
            got += (size_t)r;
    }
    for (size_t i = 0; i < bytes; i++)
        snprintf(out + 2 * i, 3, "%02x", raw[i]);
    return 0;
}

/* A fresh token (128 bits: the URLs stay short) in a file of its own,
 * named by a random word until the job's id is known. */
static char *write_new_token(const JupyterSession *js)
{
    char token[33], word[17];
    if (random_hex(token, 16) < 0 || random_hex(word, 8) < 0)
        return NULL;
    char *name = xasprintf("nb_session_new_%s.token", word);
    char *path = path_join(js->dir, name);
    int rc = write_file_atomic(path, token, strlen(token), 0600);
    free(path);
    if (rc < 0) {
        free(name);
        return NULL;
    }
    return name;
}

/* The token becomes nb_session_<id>.token. The job may have started and
 * renamed it already: link first, unlink after, so that one of the names
 * holds it at every moment. */
static void name_token(const JupyterSession *js, const char *token_name, const char *jobid, StrBuf *warnings)
{
    char *from = path_join(js->dir, token_name);
    char *to = jupyter_token_path(js, jobid);
    if (link(from, to) < 0 && errno != EEXIST && errno != ENOENT)
        strbuf_addf(warnings, "cannot name the token of job %s: %s\n", jobid, strerror(errno));
    unlink(from);
    free(to);
    free(from);
}

static void record_new_job(JupyterSession *js, const char *jobid, StrBuf *warnings)
{
    JobRecord r;
    memset(&r, 0, sizeof r);
    snprintf(r.jobid, sizeof r.jobid, "%s", jobid);
    snprintf(r.scheduler, sizeof r.scheduler, "%s", js->sched->name);
    snprintf(r.login_host, sizeof r.login_host, "%s", js->cfg.login_host);
    snprintf(r.command, sizeof r.command, "%s", js->cfg.command);
    r.submitted = now_wall();
    r.last.time_left_s = -1;
    if (jupyter_record_write(js, &r) < 0)
        strbuf_addf(warnings, "cannot keep job %s's settings in %s: %s\n", jobid, js->dir, strerror(errno));
    /* the job runs; only reattaching is lost: the caller says so */
    if (session_write_state(js, jobid) < 0)
        strbuf_addf(warnings, "cannot record job %s in %s: %s\n", jobid, js->dir, strerror(errno));
}

static void submit(JupyterSession *js, double deadline, JupyterStart *out)
{
    out->outcome = START_FAILED;
    out->result = SCHED_FAILED;
    char *token_name = write_new_token(js);
    if (!token_name) {
        out->err = xasprintf("cannot write a token in %s: %s", js->dir, strerror(errno));
        return;
    }
    char *script = cluster_job_script(&js->cfg, js->sched, js->dir, token_name);
    char *path = path_join(js->dir, SCRIPT_FILE);
    char *jobid = NULL;
    if (write_file_atomic(path, script, strlen(script), 0600) < 0)
        out->err = xasprintf("cannot write %s: %s", path, strerror(errno));
    else
        out->result = js->sched->submit(path, deadline, &jobid, &out->err);
    if (out->result == SCHED_OK) {
        out->outcome = START_SUBMITTED;
        snprintf(out->jobid, sizeof out->jobid, "%s", jobid);
        name_token(js, token_name, jobid, &out->warnings);
        record_new_job(js, jobid, &out->warnings);
    } else {
        char *tp = path_join(js->dir, token_name);
        unlink(tp);
        free(tp);
    }
    free(jobid);
    free(path);
    free(script);
    free(token_name);
}

/* The directory's recorded session: alive (attach), unknown (no new job
 * while it may run), or gone (forgotten; false). */
static bool recorded_session(JupyterSession *js, double deadline, JupyterStart *out)
{
    char *jobid = jupyter_current_job(js);
    if (!jobid)
        return false;
    snprintf(out->jobid, sizeof out->jobid, "%s", jobid);
    scheduler_status_retry(js->sched, jobid, deadline, &out->st);
    jupyter_record_status(js, jobid, &out->st);
    bool keep = out->st.phase == JOB_UNKNOWN || job_status_alive(&out->st);
    if (keep) {
        JobRecord r;
        if (jupyter_record_read(js, jobid, &r))
            jupyter_session_adopt(js, &r);
        out->outcome = out->st.phase == JOB_UNKNOWN ? START_UNSURE : START_ATTACHED;
    } else {
        jupyter_forget_job(js, jobid);
        out->jobid[0] = '\0';
    }
    free(jobid);
    return keep;
}

void jupyter_start(JupyterSession *js, double deadline, JupyterStart *out)
{
    memset(out, 0, sizeof *out);
    strbuf_init(&out->warnings);
    strbuf_adds(&out->warnings, "");
    out->st.time_left_s = -1;
    /* the scheduler creates the log with the submitter's umask */
    mode_t old = umask(077);
    int lock = lock_sessions(js, deadline);
    if (lock < 0) {
        out->outcome = START_FAILED;
        out->result = SCHED_FAILED;
        out->err = xasprintf("another corelab is starting Jupyter in %s; try again in a moment", js->dir);
    } else if (!recorded_session(js, deadline, out)) {
        submit(js, deadline, out);
    }
    if (lock >= 0)
        close(lock); /* and with it the lock */
    umask(old);
}

void jupyter_start_free(JupyterStart *s)
{
    strbuf_free(&s->warnings);
    free(s->err);
    s->err = NULL;
}
