/* Reading a child's output: a bounded line splitter over a non-blocking
 * pipe, and the parser for `corelab demo --json` lines (json-c), which
 * takes the records demo/stream.h defines and no others. Nothing a child
 * prints can make this fail: garbage becomes a message. */
#include "ui/panes/panes.h"
#include "util/json_in.h"
#include "util/util.h"

#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void linereader_init(LineReader *lr)
{
    memset(lr, 0, sizeof *lr);
    lr->buf = xmalloc(LINE_MAX_BYTES);
}

void linereader_free(LineReader *lr)
{
    free(lr->buf);
    memset(lr, 0, sizeof *lr);
}

void linereader_feed(LineReader *lr, const char *data, size_t n, LineFn fn, void *ctx)
{
    while (n > 0) {
        const char *nl = memchr(data, '\n', n);
        size_t take = nl ? (size_t)(nl - data) : n;
        if (lr->skipping) {
            lr->skipped += take;
        } else {
            size_t room = LINE_MAX_BYTES - lr->len;
            size_t copy = take < room ? take : room;
            memcpy(lr->buf + lr->len, data, copy);
            lr->len += copy;
            if (copy < take) { /* over-long: hand out what fits, drop the rest */
                fn(ctx, lr->buf, lr->len, true);
                lr->len = 0;
                lr->skipping = true;
                lr->skipped = take - copy;
            }
        }
        if (!nl)
            return;
        if (!lr->skipping)
            fn(ctx, lr->buf, lr->len, false);
        lr->len = 0;
        lr->skipping = false;
        lr->skipped = 0;
        data = nl + 1;
        n -= take + 1;
    }
}

void linereader_finish(LineReader *lr, LineFn fn, void *ctx)
{
    if (lr->len > 0 && !lr->skipping)
        fn(ctx, lr->buf, lr->len, false);
    lr->len = 0;
    lr->skipping = false;
}

LrStatus linereader_read(LineReader *lr, int fd, size_t max_bytes, LineFn fn, void *ctx)
{
    char chunk[16384];
    size_t total = 0;
    while (total < max_bytes) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r > 0) {
            linereader_feed(lr, chunk, (size_t)r, fn, ctx);
            total += (size_t)r;
            continue;
        }
        if (r == 0)
            return LR_EOF;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return LR_AGAIN;
        return LR_ERROR;
    }
    return LR_AGAIN;
}

/* ---- the JSON records ---- */

static bool get_num(json_object *o, const char *key, double *out)
{
    return json_get_number(o, key, out) == JSON_GOT;
}

static const char *get_str(json_object *o, const char *key)
{
    const char *s;
    size_t n;
    return json_get_string(o, key, &s, &n) == JSON_GOT ? s : NULL;
}

static void parse_sample(Model *m, json_object *o)
{
    double t = 0;
    json_object *arr, *ids_arr = NULL;
    get_num(o, STREAM_KEY_T, &t);
    if (!json_object_object_get_ex(o, STREAM_KEY_CPU, &arr) || !json_object_is_type(arr, json_type_array)) {
        model_message(m, "a sample record without a cpu array was ignored");
        return;
    }
    size_t n = json_object_array_length(arr);
    if (n > MODEL_MAX_CPUS)
        n = MODEL_MAX_CPUS;
    double pct[MODEL_MAX_CPUS];
    int ids[MODEL_MAX_CPUS];
    bool have_ids = json_object_object_get_ex(o, STREAM_KEY_CPUS, &ids_arr) &&
                    json_object_is_type(ids_arr, json_type_array) &&
                    json_object_array_length(ids_arr) >= n;
    for (size_t i = 0; i < n; i++) {
        json_object *v = json_object_array_get_idx(arr, i);
        pct[i] = v ? json_object_get_double(v) : 0;
        ids[i] = have_ids ? json_object_get_int(json_object_array_get_idx(ids_arr, i)) : (int)i;
    }
    double q;
    if (get_num(o, STREAM_KEY_QUOTA, &q))
        m->quota_cpus = q > 0 ? q : 0;
    model_add_sample(m, t, pct, (int)n, have_ids ? ids : NULL);
}

/* `corelab trace` also names the real thread (pid, tid, name): the row's
 * label. */
static void parse_span(Model *m, json_object *o)
{
    double t, dur, th, cpu = -1;
    int state = stream_state_from_name(get_str(o, STREAM_KEY_STATE));
    if (!get_num(o, STREAM_KEY_T, &t) || !get_num(o, STREAM_KEY_DUR, &dur) || !get_num(o, STREAM_KEY_THREAD, &th) ||
        state < 0) {
        m->n_spans_dropped++;
        return;
    }
    get_num(o, STREAM_KEY_CPU, &cpu);
    if (th < 0 || th >= MODEL_MAX_THREADS) {
        m->n_spans_dropped++;
        return;
    }
    /* a CPU number out of any range is unknown, not an int overflow */
    int c = isfinite(cpu) && cpu >= 0 && cpu < 32768 ? (int)cpu : -1;
    model_add_span(m, t, dur, (int)th, state, c);
    double pid, tid;
    const char *name = get_str(o, STREAM_KEY_NAME);
    if (name && get_num(o, STREAM_KEY_PID, &pid) && get_num(o, STREAM_KEY_TID, &tid) && pid > 0 && pid < 1e9 &&
        tid > 0 && tid < 1e9)
        model_name_thread(m, (int)th, (int)pid, (int)tid, name);
}

static int get_count(json_object *o, const char *key)
{
    double x = 0;
    return get_num(o, key, &x) && x >= 0 && x < 1e9 ? (int)x : 0;
}

static bool get_bool(json_object *o, const char *key)
{
    bool b = false;
    return json_get_boolean(o, key, &b) == JSON_GOT && b;
}

/* The result record of `corelab trace` (no demo key): the figures and the
 * verdict for the trace pane, not a row of the demos' results table. */
static void parse_trace_result(Model *m, json_object *o)
{
    ShownTrace *t = &m->trace;
    memset(t, 0, sizeof *t);
    t->has = true;
    get_num(o, "cores_busy", &t->cores_busy);
    get_num(o, "overlap", &t->overlap);
    get_num(o, STREAM_KEY_WALL_S, &t->wall_s);
    t->threads = get_count(o, "threads");
    t->processes = get_count(o, "processes");
    t->exit_status = get_count(o, "exit_status");
    t->rows_capped = get_bool(o, "rows_capped");
    t->stopped = get_bool(o, STREAM_KEY_STOPPED);
    const char *v = get_str(o, "verdict");
    snprintf(t->verdict, sizeof t->verdict, "%s", v ? v : "");
    for (char *c = t->verdict; *c; c++) /* a line of the pane: no control bytes */
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = ' ';
}

/* A demo field's value as text for the table and the CSV. */
static char *field_text(json_object *v)
{
    switch (json_object_get_type(v)) {
    case json_type_null:
        return xstrdup("");
    case json_type_boolean:
        return xstrdup(json_object_get_boolean(v) ? "true" : "false");
    case json_type_int:
        return xasprintf("%lld", (long long)json_object_get_int64(v));
    case json_type_double:
        return xasprintf("%.6g", json_object_get_double(v));
    case json_type_string:
        return xstrndup(json_object_get_string(v), 200);
    case json_type_array: {
        StrBuf sb;
        strbuf_init(&sb);
        size_t n = json_object_array_length(v);
        for (size_t i = 0; i < n && i < 256; i++) {
            char *t = field_text(json_object_array_get_idx(v, i));
            if (i)
                strbuf_addc(&sb, ';');
            strbuf_adds(&sb, t);
            free(t);
        }
        if (!sb.data)
            strbuf_adds(&sb, "");
        return strbuf_detach(&sb);
    }
    default:
        return xstrdup("{...}");
    }
}

static bool is_core_key(const char *k)
{
    static const char *const core[] = {STREAM_KEY_TYPE,    STREAM_KEY_DEMO,   STREAM_KEY_VARIANT,
                                       STREAM_KEY_WORKERS, STREAM_KEY_WALL_S, STREAM_KEY_SPEEDUP};
    for (size_t i = 0; i < sizeof core / sizeof core[0]; i++)
        if (strcmp(k, core[i]) == 0)
            return true;
    return false;
}

static void parse_result(Model *m, json_object *o)
{
    ShownResult r = {0};
    double w = 0;
    const char *demo = get_str(o, STREAM_KEY_DEMO), *variant = get_str(o, STREAM_KEY_VARIANT);
    r.demo = xstrdup(demo ? demo : "");
    r.variant = xstrdup(variant ? variant : "");
    get_num(o, STREAM_KEY_WORKERS, &w);
    r.workers = w >= 0 && w < 1e6 ? (int)w : 0;
    get_num(o, STREAM_KEY_WALL_S, &r.wall_s);
    r.has_speedup = get_num(o, STREAM_KEY_SPEEDUP, &r.speedup);
    if (!r.has_speedup && r.workers == 1) { /* one worker is its own baseline */
        r.speedup = 1.0;
        r.has_speedup = true;
    }
    json_object_object_foreach(o, key, val)
    {
        if (is_core_key(key) || r.n_fields >= MODEL_MAX_FIELDS)
            continue;
        r.fields[r.n_fields].key = xstrndup(key, 64);
        r.fields[r.n_fields].value = field_text(val);
        r.n_fields++;
    }
    model_add_result(m, &r);
}

static void note_garbage(Model *m, const char *line, size_t len, const char *why)
{
    m->n_garbage++;
    model_message(m, "%s: %.*s", why, (int)(len > 60 ? 60 : len), line);
}

void stream_parse_line(Model *m, const char *line, size_t len, bool cut)
{
    while (len > 0 && (line[len - 1] == '\r' || line[len - 1] == ' '))
        len--;
    if (len == 0)
        return;
    if (cut) {
        m->n_garbage++;
        model_message(m, "skipped a line longer than %d bytes", LINE_MAX_BYTES);
        return;
    }
    json_tokener *tok = json_tokener_new();
    json_object *o = json_tokener_parse_ex(tok, line, (int)len);
    bool whole = o && json_tokener_get_error(tok) == json_tokener_success &&
                 json_tokener_get_parse_end(tok) == len;
    json_tokener_free(tok);
    if (!whole || !json_object_is_type(o, json_type_object)) {
        json_object_put(o);
        /* Most likely the demo's stderr (merged): show it as it is. */
        note_garbage(m, line, len, line[0] == '{' ? "unreadable record" : "demo says");
        return;
    }
    const char *type = get_str(o, STREAM_KEY_TYPE);
    m->n_records++;
    if (!type) {
        note_garbage(m, line, len, "record without a type");
    } else if (strcmp(type, STREAM_SAMPLE) == 0) {
        parse_sample(m, o);
    } else if (strcmp(type, STREAM_SPAN) == 0) {
        parse_span(m, o);
    } else if (strcmp(type, STREAM_RESULT) == 0 && !get_str(o, STREAM_KEY_DEMO) && get_str(o, "verdict")) {
        parse_trace_result(m, o);
    } else if (strcmp(type, STREAM_RESULT) == 0) {
        parse_result(m, o);
    } else if (strcmp(type, STREAM_FIT) == 0) {
        double f, cpus = 0;
        get_num(o, STREAM_KEY_CPUS, &cpus);
        if (get_num(o, STREAM_KEY_SERIAL_FRACTION, &f))
            model_set_fit(m, f, cpus >= 1 && cpus < 1e6 ? (int)cpus : 0);
    } else if (strcmp(type, STREAM_ERROR) == 0) {
        const char *msg = get_str(o, STREAM_KEY_MESSAGE);
        m->saw_error = true;
        model_message(m, "demo error: %s", msg ? msg : "(no message)");
        snprintf(m->last_error, sizeof m->last_error, "%s", model_msg(m, 0));
    }
    /* Another type comes from a newer corelab (on a compute node, say):
     * nothing here reads it, and it is no error either. */
    json_object_put(o);
}

void stream_line_fn(void *ctx, const char *line, size_t len, bool cut)
{
    stream_parse_line(ctx, line, len, cut);
}
