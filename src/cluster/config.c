/* The launcher's settings: built-in defaults, the site's file, the user's
 * file, then flags. The YAML files are mappings of keys to scalars, read
 * with libyaml's event parser; a key of ours with a bad value or a mistyped
 * key is an error with its line and column. A key whose value is a mapping
 * is another part of corelab's section and is left alone. */
#include "cluster/cluster.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef enum { V_SCHEDULER, V_NAME, V_CPUS, V_TIME, V_MEM, V_COMMAND, V_HOST, V_PATH } ValueKind;

typedef struct {
    const char *key;
    const char *old_key; /* launch-jlab.sh's parameter name, or NULL */
    ValueKind kind;
    size_t offset;       /* of the char * field (unused for cpus) */
} ConfigKey;

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

static const ConfigKey *find_key(const char *key)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(config_keys[i].key, key) == 0 ||
            (config_keys[i].old_key && strcmp(config_keys[i].old_key, key) == 0))
            return &config_keys[i];
    return NULL;
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
    const ConfigKey *k = find_key(key);
    if (!k) {
        *err = xasprintf("unknown key '%s' (known: scheduler, partition, cpus, time, mem, account, "
                         "module, command, login_host, sessions_dir, workspace, PART, TASKS, TIME, "
                         "PYTHON_MODULE)",
                         key);
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

/* ---- YAML ---- */

typedef struct {
    yaml_parser_t parser;
    const char *path;
    char *err;
} Reader;

static int fail_at(Reader *r, const yaml_mark_t *m, const char *msg)
{
    if (!r->err)
        r->err = xasprintf("%s:%zu:%zu: %s", r->path, m->line + 1, m->column + 1, msg);
    return -1;
}

static int next(Reader *r, yaml_event_t *ev)
{
    if (!yaml_parser_parse(&r->parser, ev)) {
        const char *what = r->parser.problem ? r->parser.problem : "YAML syntax error";
        yaml_mark_t m = r->parser.problem_mark;
        char *msg = r->parser.context ? xasprintf("%s %s", what, r->parser.context) : xstrdup(what);
        fail_at(r, &m, msg);
        free(msg);
        return -1;
    }
    return 0;
}

/* Skip a whole node whose start event is ev (already consumed). */
static int skip_node(Reader *r, yaml_event_t *start)
{
    if (start->type != YAML_MAPPING_START_EVENT && start->type != YAML_SEQUENCE_START_EVENT)
        return 0;
    int depth = 1;
    while (depth > 0) {
        yaml_event_t ev;
        if (next(r, &ev) < 0)
            return -1;
        if (ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT)
            depth++;
        else if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT)
            depth--;
        yaml_event_delete(&ev);
    }
    return 0;
}

static int read_pair(Reader *r, ClusterConfig *c, yaml_event_t *key_ev)
{
    if (key_ev->type != YAML_SCALAR_EVENT)
        return fail_at(r, &key_ev->start_mark, "keys must be plain words");
    const char *key = (const char *)key_ev->data.scalar.value;
    yaml_event_t val;
    if (next(r, &val) < 0)
        return -1;
    int rc = 0;
    const ConfigKey *k = find_key(key);
    if (val.type == YAML_MAPPING_START_EVENT && !k) {
        rc = skip_node(r, &val); /* another part's section */
    } else if (val.type != YAML_SCALAR_EVENT) {
        char *msg = k ? xasprintf("'%s' must be a single value", key)
                      : xasprintf("unknown key '%s'", key);
        rc = fail_at(r, &val.start_mark, msg);
        free(msg);
    } else {
        char *m = NULL;
        if (cluster_config_set(c, key, (const char *)val.data.scalar.value, &m) < 0) {
            rc = fail_at(r, k ? &val.start_mark : &key_ev->start_mark, m);
            free(m);
        }
    }
    yaml_event_delete(&val);
    return rc;
}

static int read_document(Reader *r, ClusterConfig *c)
{
    yaml_event_t ev;
    if (next(r, &ev) < 0)
        return -1;
    if (ev.type == YAML_STREAM_START_EVENT) {
        yaml_event_delete(&ev);
        if (next(r, &ev) < 0)
            return -1;
    }
    if (ev.type == YAML_STREAM_END_EVENT) { /* empty file */
        yaml_event_delete(&ev);
        return 0;
    }
    yaml_event_delete(&ev); /* DOCUMENT_START */
    if (next(r, &ev) < 0)
        return -1;
    if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0) {
        yaml_event_delete(&ev); /* a document with only comments */
        return 0;
    }
    if (ev.type != YAML_MAPPING_START_EVENT) {
        int rc = fail_at(r, &ev.start_mark, "the config file must be a mapping of keys to values");
        yaml_event_delete(&ev);
        return rc;
    }
    yaml_event_delete(&ev);
    for (;;) {
        if (next(r, &ev) < 0)
            return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        int rc = read_pair(r, c, &ev);
        yaml_event_delete(&ev);
        if (rc < 0)
            return -1;
    }
    if (next(r, &ev) < 0) /* DOCUMENT_END */
        return -1;
    yaml_event_delete(&ev);
    if (next(r, &ev) < 0)
        return -1;
    int rc = 0;
    if (ev.type != YAML_STREAM_END_EVENT)
        rc = fail_at(r, &ev.start_mark, "only one document is allowed");
    yaml_event_delete(&ev);
    return rc;
}

int cluster_config_load_file(ClusterConfig *c, const char *path, char **err)
{
    size_t len;
    char *text = read_file_bounded(path, 256 * 1024, &len, false);
    if (!text) {
        if (errno == ENOENT)
            return 1;
        *err = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    Reader r = {.path = path};
    yaml_parser_initialize(&r.parser);
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    int rc = read_document(&r, c);
    yaml_parser_delete(&r.parser);
    free(text);
    if (rc < 0) {
        *err = r.err ? r.err : xasprintf("%s: cannot be read", path);
        return -1;
    }
    return 0;
}

int cluster_config_load(ClusterConfig *c, char **err)
{
    cluster_config_defaults(c);
    const char *site = getenv("CORELAB_SITE_CONFIG");
    if (!site || !*site)
        site = "/etc/corelab/config.yaml";
    if (cluster_config_load_file(c, site, err) < 0)
        return -1;
    char *dir = xdg_config_dir();
    char *user = path_join(dir, "config.yaml");
    int rc = cluster_config_load_file(c, user, err);
    free(user);
    free(dir);
    return rc < 0 ? -1 : 0;
}
