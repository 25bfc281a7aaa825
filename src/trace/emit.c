/* trace/emit: the JSON lines of `corelab trace --json`. */
#include "trace/emit.h"
#include "demo/stream.h"
#include "util/util.h"

#include <math.h>
#include <stdlib.h>

void emitter_init(Emitter *e, FILE *out, double origin)
{
    *e = (Emitter){.out = out, .origin = origin, .t_sample = origin, .t_flush = origin};
    strbuf_init(&e->pending);
    json_init(&e->j);
    e->probe = probe_open();
    e->pct = xcalloc((size_t)probe_ncpus(e->probe), sizeof *e->pct);
}

void emitter_free(Emitter *e)
{
    strbuf_free(&e->pending);
    json_free(&e->j);
    probe_close(e->probe);
    free(e->pct);
}

static void write_pending(Emitter *e)
{
    if (e->pending.len && !e->broken) {
        if (fwrite(e->pending.data, 1, e->pending.len, e->out) != e->pending.len || fflush(e->out) != 0)
            e->broken = true;
    }
    strbuf_reset(&e->pending);
}

/* Moves the finished record in e->j to the pending lines. */
static void take_record(Emitter *e, JsonOut *j)
{
    strbuf_adds(&e->pending, json_text(j));
    strbuf_addc(&e->pending, '\n');
    json_reset(j);
}

void emitter_span(void *ctx, const TraceRow *r, int state, double t0, double t1, int cpu)
{
    Emitter *e = ctx;
    JsonOut *j = &e->j;
    json_obj_begin(j);
    json_kstr(j, STREAM_KEY_TYPE, STREAM_SPAN);
    json_knum(j, STREAM_KEY_T, round(t0 * 1e6) / 1e6);
    json_knum(j, STREAM_KEY_DUR, round((t1 - t0) * 1e6) / 1e6);
    json_kint(j, STREAM_KEY_THREAD, r->row);
    json_kstr(j, STREAM_KEY_STATE, stream_state_name(state));
    json_kint(j, STREAM_KEY_CPU, cpu);
    json_kint(j, STREAM_KEY_PID, r->pid);
    json_kint(j, STREAM_KEY_TID, r->tid);
    json_kstr(j, STREAM_KEY_NAME, r->name);
    json_obj_end(j);
    take_record(e, j);
}

static void add_sample(Emitter *e, double now)
{
    if (probe_sample(e->probe, e->pct) != 0)
        return;
    JsonOut *j = &e->j;
    json_obj_begin(j);
    json_kstr(j, STREAM_KEY_TYPE, STREAM_SAMPLE);
    json_knum(j, STREAM_KEY_T, round((now - e->origin) * 1e6) / 1e6);
    json_key(j, STREAM_KEY_CPU);
    json_arr_begin(j);
    for (int i = 0; i < probe_ncpus(e->probe); i++)
        json_num(j, e->pct[i] < 0 ? NAN : round(e->pct[i] * 10) / 10);
    json_arr_end(j);
    json_key(j, STREAM_KEY_CPUS);
    json_arr_begin(j);
    for (int i = 0; i < probe_ncpus(e->probe); i++)
        json_int(j, probe_cpu_id(e->probe, i));
    json_arr_end(j);
    if (probe_quota(e->probe) > 0)
        json_knum(j, STREAM_KEY_QUOTA, probe_quota(e->probe));
    json_obj_end(j);
    take_record(e, j);
}

void emitter_poll(Emitter *e, double now)
{
    if (now - e->t_sample >= EMIT_SAMPLE_S) {
        add_sample(e, now);
        e->t_sample = now;
    }
    if (now - e->t_flush >= EMIT_FLUSH_S || e->pending.len > 64 * 1024) {
        write_pending(e);
        e->t_flush = now;
    }
}

void emitter_record(Emitter *e, JsonOut *j)
{
    take_record(e, j);
    write_pending(e);
}

void emitter_error(Emitter *e, const char *message)
{
    JsonOut *j = &e->j;
    json_obj_begin(j);
    json_kstr(j, STREAM_KEY_TYPE, STREAM_ERROR);
    json_kstr(j, STREAM_KEY_MESSAGE, message);
    json_obj_end(j);
    emitter_record(e, j);
}
