/* The sessions directory: 0700, with the token (0600), the job script, the
 * state file naming the current job (so that a second start reattaches),
 * the host/port file the job writes, and the job's log. */
#include "cluster/cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE "current.session"
#define TOKEN_FILE "nb_session.token"

static char *absolute_dir(const char *dir)
{
    if (dir[0] == '/')
        return xstrdup(dir);
    const char *home = getenv("HOME");
    if (dir[0] == '~' && (dir[1] == '/' || dir[1] == '\0') && home && home[0] == '/')
        return xasprintf("%s%s", home, dir + 1);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    if (strcmp(dir, ".") == 0)
        return xstrdup(cwd);
    return path_join(cwd, dir[0] == '.' && dir[1] == '/' ? dir + 2 : dir);
}

static void copy_config(ClusterConfig *dst, const ClusterConfig *src)
{
    dst->scheduler = xstrdup(src->scheduler);
    dst->partition = xstrdup(src->partition);
    dst->cpus = src->cpus;
    dst->time = xstrdup(src->time);
    dst->mem = xstrdup(src->mem);
    dst->account = xstrdup(src->account);
    dst->module = xstrdup(src->module);
    dst->command = xstrdup(src->command);
    dst->login_host = xstrdup(src->login_host);
    dst->sessions_dir = xstrdup(src->sessions_dir);
}

int jupyter_session_open(JupyterSession *js, const ClusterConfig *c, bool create, char **err)
{
    memset(js, 0, sizeof *js);
    js->sched = scheduler_find(c->scheduler);
    if (!js->sched) {
        *err = xasprintf("scheduler '%s' is not known (slurm or pbs)", c->scheduler);
        return -1;
    }
    js->dir = absolute_dir(c->sessions_dir);
    char *m = js->dir ? cluster_check_path("sessions_dir", js->dir) : xstrdup("cannot resolve the current directory");
    if (m) {
        *err = m;
        free(js->dir);
        js->dir = NULL;
        return -1;
    }
    if (!create) {
        copy_config(&js->cfg, c);
        return 0;
    }
    if (mkdir_p(js->dir, 0700) < 0) {
        *err = xasprintf("cannot create %s: %s", js->dir, strerror(errno));
        free(js->dir);
        js->dir = NULL;
        return -1;
    }
    struct stat st;
    if (lstat(js->dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid()) {
        *err = xasprintf("%s is not a directory of yours", js->dir);
        free(js->dir);
        js->dir = NULL;
        return -1;
    }
    if ((st.st_mode & 077) != 0 && chmod(js->dir, 0700) < 0) {
        *err = xasprintf("cannot make %s private (0700): %s", js->dir, strerror(errno));
        free(js->dir);
        js->dir = NULL;
        return -1;
    }
    copy_config(&js->cfg, c);
    return 0;
}

void jupyter_session_close(JupyterSession *js)
{
    cluster_config_free(&js->cfg);
    free(js->dir);
    js->dir = NULL;
}

static char *session_file(const JupyterSession *js, const char *jobid, const char *ext)
{
    char *id = job_short_id(jobid);
    char *p = xasprintf("%s/nb_session_%s.%s", js->dir, id, ext);
    free(id);
    return p;
}

char *jupyter_log_path(const JupyterSession *js, const char *jobid)
{
    return session_file(js, jobid, "log");
}

char *jupyter_conn_path(const JupyterSession *js, const char *jobid)
{
    return session_file(js, jobid, "conn");
}

char *jupyter_token_path(const JupyterSession *js)
{
    return path_join(js->dir, TOKEN_FILE);
}

/* ---- state file: "scheduler=slurm\njobid=123\n" ---- */

/* A small file of key=value lines (path is freed): its text, or NULL. */
static char *read_key_file(char *path)
{
    char *text = read_file_bounded(path, 4096, NULL, true);
    free(path);
    return text;
}

static char *state_value(const char *text, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=')
            return xstrndup(p + kl + 1, n - kl - 1);
        p += n + (nl ? 1 : 0);
    }
    return NULL;
}

char *jupyter_current_job(const JupyterSession *js)
{
    char *text = read_key_file(path_join(js->dir, STATE_FILE));
    if (!text)
        return NULL;
    char *sched = state_value(text, "scheduler");
    char *id = state_value(text, "jobid");
    free(text);
    bool ok = sched && id && strcmp(sched, js->sched->name) == 0 && id[0] &&
              strspn(id, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-[]") == strlen(id);
    free(sched);
    if (!ok) {
        free(id);
        return NULL;
    }
    return id;
}

void jupyter_forget_job(const JupyterSession *js, const char *jobid)
{
    char *cur = jupyter_current_job(js);
    if (cur && strcmp(cur, jobid) == 0) {
        char *path = path_join(js->dir, STATE_FILE);
        unlink(path);
        free(path);
    }
    free(cur);
}

static int write_state(const JupyterSession *js, const char *jobid)
{
    char *path = path_join(js->dir, STATE_FILE);
    char *text = xasprintf("scheduler=%s\njobid=%s\n", js->sched->name, jobid);
    int rc = write_file_atomic(path, text, strlen(text), 0600);
    free(text);
    free(path);
    return rc;
}

/* ---- token ---- */

static int write_token(const JupyterSession *js)
{
    unsigned char raw[16]; /* 128 bits; the URLs stay within 80 columns */
    size_t got = 0;
    while (got < sizeof raw) {
        ssize_t r = getrandom(raw + got, sizeof raw - got, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        got += (size_t)r;
    }
    char hex[2 * sizeof raw + 2];
    for (size_t i = 0; i < sizeof raw; i++)
        snprintf(hex + 2 * i, 3, "%02x", raw[i]);
    char *path = jupyter_token_path(js);
    int rc = write_file_atomic(path, hex, 2 * sizeof raw, 0600);
    free(path);
    return rc;
}

char *jupyter_token_read(const JupyterSession *js)
{
    char *path = jupyter_token_path(js);
    char *t = read_file_bounded(path, 256, NULL, true);
    free(path);
    if (t)
        t[strcspn(t, "\r\n")] = '\0';
    return t;
}

/* ---- submit ---- */

SchedResult jupyter_submit(JupyterSession *js, char **jobid, StrBuf *warnings, char **err)
{
    /* the scheduler creates the log with the submitter's umask */
    mode_t old = umask(077);
    SchedResult r = SCHED_FAILED;
    char *script = NULL, *path = NULL;
    if (write_token(js) < 0) {
        *err = xasprintf("cannot write the token in %s: %s", js->dir, strerror(errno));
        goto out;
    }
    script = cluster_job_script(&js->cfg, js->sched, js->dir);
    path = path_join(js->dir, "nb_session.job");
    if (write_file_atomic(path, script, strlen(script), 0600) < 0) {
        *err = xasprintf("cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    r = js->sched->submit(path, NULL, jobid, err);
    if (r == SCHED_OK && write_state(js, *jobid) < 0) {
        /* the job runs; only reattaching is lost: the caller says so */
        strbuf_addf(warnings, "cannot record job %s in %s: %s\n", *jobid, js->dir, strerror(errno));
    }
out:
    umask(old);
    free(script);
    free(path);
    return r;
}

/* ---- what the job writes ---- */

bool jupyter_conn_read(const JupyterSession *js, const char *jobid, char **host, int *port,
                       char **path)
{
    char *text = read_key_file(jupyter_conn_path(js, jobid));
    if (!text)
        return false;
    char *h = state_value(text, "host");
    char *p = state_value(text, "port");
    char *up = state_value(text, "path");
    free(text);
    long pv = 0;
    bool ok = h && p && h[0] && !cluster_check_host(h) && parse_long(p, 1, 65535, &pv);
    free(p);
    if (up && strspn(up, "abcdefghijklmnopqrstuvwxyz") != strlen(up))
        ok = false;
    if (!ok) {
        free(h);
        free(up);
        return false;
    }
    if (path)
        *path = up ? up : xstrdup(cluster_url_path(js->cfg.command));
    else
        free(up);
    *host = h;
    *port = (int)pv;
    return true;
}

char *jupyter_log_tail(const JupyterSession *js, const char *jobid, int n)
{
    char *path = jupyter_log_path(js, jobid);
    size_t len;
    char *text = read_file_bounded(path, 8 * 1024 * 1024, &len, true);
    free(path);
    if (!text)
        return NULL;
    while (len > 0 && text[len - 1] == '\n')
        text[--len] = '\0';
    size_t start = len;
    int lines = 0;
    while (start > 0) {
        if (text[start - 1] == '\n' && ++lines == n)
            break;
        start--;
    }
    char *tail = xstrdup(text + start);
    free(text);
    return tail;
}
