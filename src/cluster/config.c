/* The launcher's settings: built-in defaults, the site's file, the user's
 * file, then flags. The YAML files are mappings of keys to scalars, read
 * with libyaml's event parser; a key of ours with a bad value or a mistyped
 * key is an error with its line and column, and so are a key set twice and
 * a tag (the value would be used without the type it asks for). A key whose
 * value is a mapping is another part of corelab's section and is left
 * alone. */
#include "cluster/cluster.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/term_safe.h"

#define CONFIG_MAX_BYTES (256 * 1024)

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

/* A key the file has set: for the message when it comes again. */
typedef struct {
    char *name;          /* as written */
    const ConfigKey *k;  /* NULL: another part's section */
    size_t line;
} SeenKey;

typedef struct {
    yaml_parser_t parser;
    const char *path;
    char *err;
    SeenKey *seen;
    size_t n_seen;
} Reader;

/* The whole message is made safe to print: the path, and the keys and
 * values it quotes, came from the file. */
static int fail_at(Reader *r, const yaml_mark_t *m, const char *msg)
{
    if (!r->err) {
        char *raw = xasprintf("%s:%zu:%zu: %s", r->path, m->line + 1, m->column + 1, msg);
        r->err = term_safe(raw);
        free(raw);
    }
    return -1;
}

static const yaml_char_t *event_tag(const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_SCALAR_EVENT: return ev->data.scalar.tag;
    case YAML_SEQUENCE_START_EVENT: return ev->data.sequence_start.tag;
    case YAML_MAPPING_START_EVENT: return ev->data.mapping_start.tag;
    default: return NULL;
    }
}

/* A tag (`!!python/object`, `!!str`) asks for a type that corelab would
 * silently ignore; refused, as in lessons. Shown as written when it is
 * one of YAML's own ("!!..."). */
static int refuse_tag(Reader *r, yaml_event_t *ev)
{
    const char *tag = (const char *)event_tag(ev);
    if (!tag)
        return 0;
    static const char yaml_prefix[] = "tag:yaml.org,2002:";
    bool own = strncmp(tag, yaml_prefix, sizeof yaml_prefix - 1) == 0;
    char *msg = xasprintf("tags (%s%.60s) are not allowed in config files; write the value alone",
                          own ? "!!" : "", own ? tag + sizeof yaml_prefix - 1 : tag);
    fail_at(r, &ev->start_mark, msg);
    free(msg);
    yaml_event_delete(ev);
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
    return refuse_tag(r, ev);
}

/* A key set twice would silently take the last value; so would an old
 * name beside the new one (PART and partition). */
static int refuse_duplicate(Reader *r, const yaml_event_t *key_ev, const ConfigKey *k)
{
    const char *key = (const char *)key_ev->data.scalar.value;
    for (size_t i = 0; i < r->n_seen; i++) {
        const SeenKey *s = &r->seen[i];
        if (k ? s->k != k : (s->k || strcmp(s->name, key) != 0))
            continue;
        char *msg = strcmp(s->name, key) == 0
                        ? xasprintf("duplicate key '%s' (first at line %zu)", key, s->line)
                        : xasprintf("duplicate key '%s': '%s' at line %zu sets %s already", key,
                                    s->name, s->line, k->key);
        fail_at(r, &key_ev->start_mark, msg);
        free(msg);
        return -1;
    }
    r->seen = xrealloc(r->seen, (r->n_seen + 1) * sizeof *r->seen);
    r->seen[r->n_seen++] = (SeenKey){xstrdup(key), k, key_ev->start_mark.line + 1};
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
    const ConfigKey *k = find_key(key);
    if (refuse_duplicate(r, key_ev, k) < 0)
        return -1;
    yaml_event_t val;
    if (next(r, &val) < 0)
        return -1;
    int rc = 0;
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

static char *safe_path_error(const char *path, const char *why)
{
    char *safe = term_safe(path);
    char *msg = xasprintf("%s: %s", safe, why);
    free(safe);
    return msg;
}

int cluster_config_load_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               char **err)
{
    Reader r = {.path = name};
    if (!yaml_parser_initialize(&r.parser)) {
        *err = safe_path_error(name, "out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)text, len);
    int rc = read_document(&r, c);
    yaml_parser_delete(&r.parser);
    for (size_t i = 0; i < r.n_seen; i++)
        free(r.seen[i].name);
    free(r.seen);
    if (rc < 0) {
        *err = r.err ? r.err : safe_path_error(name, "cannot be read");
        return -1;
    }
    free(r.err);
    return 0;
}

int cluster_config_load_file(ClusterConfig *c, const char *path, char **err)
{
    size_t len;
    char *text = read_file_bounded(path, CONFIG_MAX_BYTES, &len, false);
    if (!text) {
        if (errno == ENOENT)
            return 1;
        *err = safe_path_error(path, strerror(errno));
        return -1;
    }
    int rc = cluster_config_load_buffer(c, path, text, len, err);
    free(text);
    return rc;
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
