/* The config files: YAML mappings of keys to scalars, read with libyaml's
 * event parser. A key of ours with a bad value, a mistyped key and a key
 * set twice are problems with their line and column, and reading goes on
 * past them; a tag (the value would be used without the type it asks for)
 * or broken YAML ends the file. A key whose value is a mapping is another
 * part of corelab's section and is left alone. Lines in launch-jlab.sh's
 * shell syntax (PART=broadwl) are explained, and the rest of the file is
 * still read. */
#include "cluster/config_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/term_safe.h"

/* A key the file has set: for the message when it comes again. */
typedef struct {
    char *name;          /* as written */
    const ConfigKey *k;  /* NULL: another part's section */
    size_t line;
} SeenKey;

typedef struct {
    yaml_parser_t parser;
    const char *path;
    ConfigProblems *problems;
    bool bad;            /* any problem */
    SeenKey *seen;
    size_t n_seen;
} Reader;

/* A problem about key (NULL: the file) at m. The whole message is made
 * safe to print: the path, and the keys and values it quotes, came from
 * the file. Returns -1. */
static int problem_at(Reader *r, const yaml_mark_t *m, const ConfigKey *key, const char *msg)
{
    char *raw = xasprintf("%s:%zu:%zu: %s", r->path, m->line + 1, m->column + 1, msg);
    config_problem_add(r->problems, config_key_name(key), term_safe(raw));
    free(raw);
    r->bad = true;
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
    problem_at(r, &ev->start_mark, NULL, msg);
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
        problem_at(r, &m, NULL, msg);
        free(msg);
        return -1;
    }
    return refuse_tag(r, ev);
}

/* A key set twice would silently take the last value; so would an old
 * name beside the new one (PART and partition). The second is a problem
 * and is not used: false. */
static bool first_time(Reader *r, const yaml_event_t *key_ev, const ConfigKey *k)
{
    const char *key = (const char *)key_ev->data.scalar.value;
    for (size_t i = 0; i < r->n_seen; i++) {
        const SeenKey *s = &r->seen[i];
        if (k ? s->k != k : (s->k || strcmp(s->name, key) != 0))
            continue;
        char *msg = strcmp(s->name, key) == 0
                        ? xasprintf("duplicate key '%s' (first at line %zu)", key, s->line)
                        : xasprintf("duplicate key '%s': '%s' at line %zu sets %s already", key,
                                    s->name, s->line, config_key_name(k));
        problem_at(r, &key_ev->start_mark, k, msg);
        free(msg);
        return false;
    }
    r->seen = xrealloc(r->seen, (r->n_seen + 1) * sizeof *r->seen);
    r->seen[r->n_seen++] = (SeenKey){xstrdup(key), k, key_ev->start_mark.line + 1};
    return true;
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

/* One value: set, or a problem of its key (reading goes on). */
static void use_value(Reader *r, ClusterConfig *c, const yaml_event_t *key_ev, const ConfigKey *k,
                      const yaml_event_t *val, bool use)
{
    const char *key = (const char *)key_ev->data.scalar.value;
    if (val->type != YAML_SCALAR_EVENT) {
        char *msg = k ? xasprintf("'%s' must be a single value", key) : xasprintf("unknown key '%s'", key);
        problem_at(r, &val->start_mark, k, msg);
        free(msg);
        return;
    }
    char *m = NULL;
    if (use && cluster_config_set(c, key, (const char *)val->data.scalar.value, &m) < 0) {
        problem_at(r, k ? &val->start_mark : &key_ev->start_mark, k, m);
        free(m);
    }
}

/* -1 only when the file cannot be read on. */
static int read_pair(Reader *r, ClusterConfig *c, yaml_event_t *key_ev)
{
    if (key_ev->type != YAML_SCALAR_EVENT)
        return problem_at(r, &key_ev->start_mark, NULL, "keys must be plain words");
    const ConfigKey *k = config_find_key((const char *)key_ev->data.scalar.value);
    bool use = first_time(r, key_ev, k);
    yaml_event_t val;
    if (next(r, &val) < 0)
        return -1;
    int rc = 0;
    if (val.type == YAML_MAPPING_START_EVENT && !k)
        rc = skip_node(r, &val); /* another part's section */
    else if (val.type != YAML_SCALAR_EVENT)
        rc = skip_node(r, &val);
    if (!(val.type == YAML_MAPPING_START_EVENT && !k))
        use_value(r, c, key_ev, k, &val, use);
    yaml_event_delete(&val);
    return rc;
}

/* The events before the mapping: 1 for an empty file, 0 at the mapping. */
static int read_start(Reader *r)
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
        return 1;
    }
    yaml_event_delete(&ev); /* DOCUMENT_START */
    if (next(r, &ev) < 0)
        return -1;
    if (ev.type == YAML_SCALAR_EVENT && ev.data.scalar.length == 0) {
        yaml_event_delete(&ev); /* a document with only comments */
        return 1;
    }
    int rc = 0;
    if (ev.type != YAML_MAPPING_START_EVENT)
        rc = problem_at(r, &ev.start_mark, NULL, "the config file must be a mapping of keys to values");
    yaml_event_delete(&ev);
    return rc;
}

static int read_document(Reader *r, ClusterConfig *c)
{
    int rc = read_start(r);
    if (rc != 0)
        return rc < 0 ? -1 : 0;
    yaml_event_t ev;
    for (;;) {
        if (next(r, &ev) < 0)
            return -1;
        if (ev.type == YAML_MAPPING_END_EVENT) {
            yaml_event_delete(&ev);
            break;
        }
        rc = read_pair(r, c, &ev);
        yaml_event_delete(&ev);
        if (rc < 0)
            return -1;
    }
    if (next(r, &ev) < 0) /* DOCUMENT_END */
        return -1;
    yaml_event_delete(&ev);
    if (next(r, &ev) < 0)
        return -1;
    if (ev.type != YAML_STREAM_END_EVENT)
        problem_at(r, &ev.start_mark, NULL, "only one document is allowed");
    yaml_event_delete(&ev);
    return 0;
}

/* ---- launch-jlab.sh's KEY=value lines ---- */

/* If line (n bytes) is `[export ]NAME=value`: where NAME starts, and its
 * length; else NULL. */
static const char *shell_assignment(const char *line, size_t n, size_t *name_len)
{
    const char *p = line, *end = line + n;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p > 7 && strncmp(p, "export ", 7) == 0)
        p += 7;
    const char *name = p;
    while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
        p++;
    if (p == name || isdigit((unsigned char)*name) || p >= end || *p != '=')
        return NULL;
    *name_len = (size_t)(p - name);
    return name;
}

/* Each shell line is explained with its place and turned into a comment,
 * so that the YAML around it is still read. */
static void explain_shell_lines(Reader *r, char *text, size_t len)
{
    size_t line_no = 0;
    for (char *line = text; line < text + len; line_no++) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(text + len - line);
        size_t name_len;
        const char *name = shell_assignment(line, n, &name_len);
        if (name) {
            char *key = xstrndup(name, name_len);
            const char *value = name + name_len + 1;
            int vlen = (int)(line + n - value);
            char *msg = xasprintf("'%s=%.*s' is shell syntax (as in launch-jlab.sh); in config.yaml "
                                  "write it as '%s: %.*s'", key, vlen, value, key, vlen, value);
            yaml_mark_t m = {.line = line_no, .column = (size_t)(name - line)};
            problem_at(r, &m, config_find_key(key), msg);
            free(msg);
            free(key);
            line[strspn(line, " \t")] = '#';
        }
        line += n + (nl != NULL);
    }
}

int cluster_config_read_buffer(ClusterConfig *c, const char *name, const char *text, size_t len,
                               ConfigProblems *p)
{
    Reader r = {.path = name, .problems = p};
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    explain_shell_lines(&r, copy, len);
    if (!yaml_parser_initialize(&r.parser)) {
        char *safe = term_safe(name);
        config_problem_add(p, NULL, xasprintf("%s: out of memory", safe));
        free(safe);
        free(copy);
        return -1;
    }
    yaml_parser_set_input_string(&r.parser, (const unsigned char *)copy, len);
    read_document(&r, c);
    yaml_parser_delete(&r.parser);
    for (size_t i = 0; i < r.n_seen; i++)
        free(r.seen[i].name);
    free(r.seen);
    free(copy);
    return r.bad ? -1 : 0;
}
