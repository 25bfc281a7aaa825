/* The launcher's settings: built-in defaults, the site's file, the user's
 * file, then flags (config_yaml.c reads the files). Each key is validated
 * as it is set; a problem in a file is kept with the key it is about, so
 * that `stop` can go on past a typo in `cpus`. */
#include "cluster/config_int.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util/term_safe.h"

typedef enum { V_SCHEDULER, V_NAME, V_CPUS, V_TIME, V_MEM, V_COMMAND, V_HOST, V_PATH } ValueKind;

struct ConfigKey {
    const char *key;
    const char *old_key; /* launch-jlab.sh's parameter name, or NULL */
    ValueKind kind;
    size_t offset;       /* of the char * field (unused for cpus) */
};

#define FIELD(f) offsetof(ClusterConfig, f)

static const ConfigKey config_keys[] = {
    {"scheduler", NULL, V_SCHEDULER, FIELD(scheduler)},
    {"partition", "PART", V_NAME, FIELD(partition)},
    {"cpus", "TASKS", V_CPUS, 0},
    {"time", "TIME", V_TIME, FIELD(time)},
    {"mem", NULL, V_MEM, FIELD(mem)},
    {"account", NULL, V_NAME, FIELD(account)},
    {"module", "PYTHON_MODULE", V_NAME, FIELD(module)},
    {"command", NULL, V_COMMAND, FIELD(command)},
    {"login_host", NULL, V_HOST, FIELD(login_host)},
    {"sessions_dir", NULL, V_PATH, FIELD(sessions_dir)},
    {"workspace", NULL, V_PATH, FIELD(workspace)}, /* read by the walker's exercises */
};
#define N_KEYS (sizeof config_keys / sizeof config_keys[0])

static char **field(ClusterConfig *c, const ConfigKey *k)
{
    return (char **)((char *)c + k->offset);
}

static char *const *cfield(const ClusterConfig *c, const ConfigKey *k)
{
    return (char *const *)((const char *)c + k->offset);
}

void cluster_config_defaults(ClusterConfig *c)
{
    c->scheduler = xstrdup("slurm");
    c->partition = xstrdup("");
    c->cpus = 2;
    c->time = xstrdup("02:00:00");
    c->mem = xstrdup("");
    c->account = xstrdup("");
    c->module = xstrdup("");
    c->command = xstrdup("jupyter lab");
    c->login_host = xstrdup("");
    c->sessions_dir = xstrdup("session_logs");
    c->workspace = xstrdup("");
}

void cluster_config_free(ClusterConfig *c)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (config_keys[i].kind != V_CPUS) {
            free(*field(c, &config_keys[i]));
            *field(c, &config_keys[i]) = NULL;
        }
}

void cluster_config_copy(ClusterConfig *dst, const ClusterConfig *src)
{
    dst->cpus = src->cpus;
    for (size_t i = 0; i < N_KEYS; i++)
        if (config_keys[i].kind != V_CPUS)
            *field(dst, &config_keys[i]) = xstrdup(*cfield(src, &config_keys[i]));
}

const ConfigKey *config_find_key(const char *key)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(config_keys[i].key, key) == 0 ||
            (config_keys[i].old_key && strcmp(config_keys[i].old_key, key) == 0))
            return &config_keys[i];
    return NULL;
}

const char *config_key_name(const ConfigKey *k)
{
    return k ? k->key : NULL;
}

const char *cluster_config_key_name(const char *key)
{
    return config_key_name(config_find_key(key));
}

/* Letters that differ, are missing or extra, up to a small limit (for "did
 * you mean"): a plain edit distance over short words. */
static int distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 15 || lb > 15)
        return 99;
    int d[16][16];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

const char *config_suggest_key(const char *key)
{
    const char *best = NULL;
    int best_d = 3;
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *names[] = {config_keys[i].key, config_keys[i].old_key};
        for (int k = 0; k < 2; k++) {
            int d = names[k] ? distance(key, names[k]) : 99;
            if (d < best_d) {
                best_d = d;
                best = names[k];
            }
        }
    }
    return best;
}

static char *check_value(const ConfigKey *k, const char *value, int *cpus)
{
    switch (k->kind) {
    case V_SCHEDULER: {
        char *m = cluster_check_name(k->key, value, false);
        if (m || scheduler_find(value))
            return m;
        return xasprintf("scheduler '%s' is not known (slurm or pbs)", value);
    }
    case V_NAME: return cluster_check_name(k->key, value, true);
    case V_CPUS: return cluster_check_cpus(value, cpus);
    case V_TIME: return cluster_check_time(value);
    case V_MEM: return cluster_check_mem(value);
    case V_COMMAND: return cluster_check_command(value);
    case V_HOST: return cluster_check_host(value);
    case V_PATH: return cluster_check_path(k->key, value);
    }
    return NULL;
}

int cluster_config_set(ClusterConfig *c, const char *key, const char *value, char **err)
{
    const ConfigKey *k = config_find_key(key);
    if (!k) {
        const char *near = config_suggest_key(key);
        StrBuf sb;
        strbuf_init(&sb);
        strbuf_addf(&sb, "unknown key '%s'", key);
        if (near)
            strbuf_addf(&sb, " (did you mean %s?)", near);
        else
            strbuf_adds(&sb, " (known: scheduler, partition, cpus, time, mem, account, module, command, "
                             "login_host, sessions_dir, workspace, PART, TASKS, TIME, PYTHON_MODULE)");
        *err = strbuf_detach(&sb);
        return -1;
    }
    int cpus = 0;
    char *m = check_value(k, value, &cpus);
    if (m) {
        *err = m;
        return -1;
    }
    if (k->kind == V_CPUS) {
        c->cpus = cpus;
    } else {
        free(*field(c, k));
        *field(c, k) = xstrdup(value);
    }
    return 0;
}

/* ---- problems, and the files in their order ---- */

void config_problem_add(ConfigProblems *p, const char *key, char *msg)
{
    p->v = xrealloc(p->v, sizeof *p->v * (size_t)(p->n + 1));
    p->v[p->n++] = (ConfigProblem){key, msg};
}

void config_problems_free(ConfigProblems *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->v[i].msg);
    free(p->v);
    p->v = NULL;
    p->n = 0;
}

int cluster_config_read_file(ClusterConfig *c, const char *path, ConfigProblems *p)
{
    size_t len;
    char *text = read_file_bounded(path, CONFIG_MAX_BYTES, &len, false);
    if (!text) {
        if (errno == ENOENT)
            return 1;
        char *safe = term_safe(path);
        config_problem_add(p, NULL, xasprintf("%s: %s", safe, strerror(errno)));
        free(safe);
        return -1;
    }
    int rc = cluster_config_read_buffer(c, path, text, len, p);
    free(text);
    return rc;
}

int cluster_config_read(ClusterConfig *c, ConfigProblems *p)
{
    cluster_config_defaults(c);
    const char *site = getenv("CORELAB_SITE_CONFIG");
    if (!site || !*site)
        site = "/etc/corelab/config.yaml";
    int bad = cluster_config_read_file(c, site, p) < 0;
    char *dir = xdg_config_dir();
    char *user = path_join(dir, "config.yaml");
    bad |= cluster_config_read_file(c, user, p) < 0;
    free(user);
    free(dir);
    return bad ? -1 : 0;
}

/* The first problem as *err, the rest dropped. */
static int first_problem(int rc, ConfigProblems *p, char **err)
{
    if (rc < 0 && p->n > 0) {
        *err = p->v[0].msg;
        p->v[0].msg = NULL;
    }
    config_problems_free(p);
    return rc < 0 ? -1 : rc;
}

int cluster_config_load_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               char **err)
{
    ConfigProblems p = {0};
    return first_problem(cluster_config_read_buffer(c, name, text, len, &p), &p, err);
}

int cluster_config_load_file(ClusterConfig *c, const char *path, char **err)
{
    ConfigProblems p = {0};
    return first_problem(cluster_config_read_file(c, path, &p), &p, err);
}

int cluster_config_load(ClusterConfig *c, char **err)
{
    ConfigProblems p = {0};
    return first_problem(cluster_config_read(c, &p), &p, err);
}
