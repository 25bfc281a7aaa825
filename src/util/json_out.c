#include "util/json_out.h"

#include <math.h>
#include <inttypes.h>
#include <string.h>

#include "util/utf8.h"

void json_init(JsonOut *j)
{
    strbuf_init(&j->buf);
    json_reset(j);
}

void json_free(JsonOut *j)
{
    strbuf_free(&j->buf);
}

void json_reset(JsonOut *j)
{
    strbuf_reset(&j->buf);
    j->depth = 0;
    memset(j->need_comma, 0, sizeof j->need_comma);
}

/* A value at the current level: separate it from the previous one, unless
 * it follows a key (json_key already wrote the comma and colon). */
static void before_value(JsonOut *j)
{
    if (j->buf.len && j->buf.data[j->buf.len - 1] == ':')
        return;
    if (j->need_comma[j->depth])
        strbuf_addc(&j->buf, ',');
    j->need_comma[j->depth] = true;
}

static void open_level(JsonOut *j, char c)
{
    before_value(j);
    strbuf_addc(&j->buf, c);
    if (j->depth < (int)(sizeof j->need_comma / sizeof j->need_comma[0]) - 1)
        j->depth++;
    j->need_comma[j->depth] = false;
}

static void close_level(JsonOut *j, char c)
{
    strbuf_addc(&j->buf, c);
    if (j->depth > 0)
        j->depth--;
}

void json_obj_begin(JsonOut *j) { open_level(j, '{'); }
void json_obj_end(JsonOut *j) { close_level(j, '}'); }
void json_arr_begin(JsonOut *j) { open_level(j, '['); }
void json_arr_end(JsonOut *j) { close_level(j, ']'); }

static void add_escaped(StrBuf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = strlen(s);
    strbuf_addc(b, '"');
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c == '"' || c == '\\') {
            strbuf_addc(b, '\\');
            strbuf_addc(b, (char)c);
            i++;
        } else if (c == '\n') {
            strbuf_adds(b, "\\n"); i++;
        } else if (c == '\t') {
            strbuf_adds(b, "\\t"); i++;
        } else if (c == '\r') {
            strbuf_adds(b, "\\r"); i++;
        } else if (c < 0x20 || c == 0x7F) {
            strbuf_addf(b, "\\u%04x", c); i++;
        } else {
            uint32_t cp;
            size_t n = utf8_decode(s + i, len - i, &cp);
            if (cp == UTF8_INVALID)
                strbuf_adds(b, "\\ufffd");
            else
                strbuf_add(b, s + i, n);
            i += n;
        }
    }
    strbuf_addc(b, '"');
}

void json_key(JsonOut *j, const char *key)
{
    if (j->need_comma[j->depth])
        strbuf_addc(&j->buf, ',');
    j->need_comma[j->depth] = true;
    add_escaped(&j->buf, key);
    strbuf_addc(&j->buf, ':');
}

void json_str(JsonOut *j, const char *s)
{
    before_value(j);
    add_escaped(&j->buf, s ? s : "");
}

void json_int(JsonOut *j, int64_t v)
{
    before_value(j);
    strbuf_addf(&j->buf, "%" PRId64, v);
}

void json_num(JsonOut *j, double v)
{
    before_value(j);
    if (!isfinite(v))
        strbuf_adds(&j->buf, "null");
    else
        strbuf_addf(&j->buf, "%.6g", v);
}

void json_bool(JsonOut *j, bool v)
{
    before_value(j);
    strbuf_adds(&j->buf, v ? "true" : "false");
}

void json_null(JsonOut *j)
{
    before_value(j);
    strbuf_adds(&j->buf, "null");
}

void json_kstr(JsonOut *j, const char *key, const char *s) { json_key(j, key); json_str(j, s); }
void json_kint(JsonOut *j, const char *key, int64_t v) { json_key(j, key); json_int(j, v); }
void json_knum(JsonOut *j, const char *key, double v) { json_key(j, key); json_num(j, v); }
void json_kbool(JsonOut *j, const char *key, bool v) { json_key(j, key); json_bool(j, v); }

const char *json_text(const JsonOut *j)
{
    return j->buf.data ? j->buf.data : "";
}

int json_write_line(JsonOut *j, FILE *f)
{
    int rc = 0;
    if (fputs(json_text(j), f) == EOF || fputc('\n', f) == EOF || fflush(f) == EOF)
        rc = -1;
    json_reset(j);
    return rc;
}

size_t json_finish_line(JsonOut *j)
{
    strbuf_addc(&j->buf, '\n');
    return j->buf.len;
}

char *json_detach(JsonOut *j)
{
    char *s = strbuf_detach(&j->buf);
    json_free(j);
    return s;
}

void json_record_begin(JsonOut *j, const char *type)
{
    json_init(j);
    json_obj_begin(j);
    json_kstr(j, "type", type);
}

void json_error_record(JsonOut *j, const char *message)
{
    json_record_begin(j, "error");
    json_kstr(j, "message", message);
    json_obj_end(j);
}

int json_write_error(FILE *f, const char *message)
{
    JsonOut j;
    json_error_record(&j, message);
    int rc = json_write_line(&j, f);
    json_free(&j);
    return rc;
}
