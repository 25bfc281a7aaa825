/* The sessions directory: 0700, with the job script, the state file naming
 * the current job (so that a second start reattaches), and for each job its
 * token, record, log, the host/port file and Jupyter's runtime directory,
 * all named nb_session_<id>.*. */
#include "cluster/session_int.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE "current.session"

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

/* Made 0700 (or tightened to it), and ours. NULL, or why not. */
static char *make_private(const char *dir)
{
    if (mkdir_p(dir, 0700) < 0)
        return xasprintf("cannot create %s: %s", dir, strerror(errno));
    struct stat st;
    if (lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid())
        return xasprintf("%s is not a directory of yours", dir);
    if ((st.st_mode & 077) != 0 && chmod(dir, 0700) < 0)
        return xasprintf("cannot make %s private (0700): %s", dir, strerror(errno));
    return NULL;
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
    if (!m && create)
        m = make_private(js->dir);
    if (m) {
        *err = m;
        free(js->dir);
        js->dir = NULL;
        return -1;
    }
    cluster_config_copy(&js->cfg, c);
    return 0;
}

void jupyter_session_close(JupyterSession *js)
{
    cluster_config_free(&js->cfg);
    free(js->dir);
    js->dir = NULL;
}

char *session_file(const JupyterSession *js, const char *jobid, const char *ext)
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

char *jupyter_token_path(const JupyterSession *js, const char *jobid)
{
    return session_file(js, jobid, "token");
}

/* ---- small files of key=value lines ---- */

char *key_file_read(char *path)
{
    char *text = read_file_bounded(path, 16384, NULL, true);
    free(path);
    return text;
}

char *key_value(const char *text, const char *key)
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

/* ---- the state file: "scheduler=slurm\njobid=123\n" ---- */

char *jupyter_current_job(const JupyterSession *js)
{
    char *text = key_file_read(path_join(js->dir, STATE_FILE));
    if (!text)
        return NULL;
    char *sched = key_value(text, "scheduler");
    char *id = key_value(text, "jobid");
    free(text);
    bool ok = sched && id && strcmp(sched, js->sched->name) == 0 && job_id_valid(id);
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
    if (cur && job_id_same(cur, jobid)) {
        char *path = path_join(js->dir, STATE_FILE);
        unlink(path);
        free(path);
    }
    free(cur);
}

int session_write_state(const JupyterSession *js, const char *jobid)
{
    char *path = path_join(js->dir, STATE_FILE);
    char *text = xasprintf("scheduler=%s\njobid=%s\n", js->sched->name, jobid);
    int rc = write_file_atomic(path, text, strlen(text), 0600);
    free(text);
    free(path);
    return rc;
}

/* ---- what the job and its programs write ---- */

char *jupyter_token_read(const JupyterSession *js, const char *jobid)
{
    char *path = jupyter_token_path(js, jobid);
    char *t = read_file_bounded(path, 256, NULL, true);
    free(path);
    if (t)
        t[strcspn(t, "\r\n")] = '\0';
    return t;
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
