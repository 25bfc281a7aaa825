/* util/json_out: a small emitter for one-object-per-line JSON, and the
 * one-line records corelab streams. We only write JSON by hand; every JSON
 * we read goes through json-c. */
#ifndef CORELAB_JSON_OUT_H
#define CORELAB_JSON_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include "util/util.h"

typedef struct {
    StrBuf buf;
    bool need_comma[32]; /* per nesting level */
    int depth;
} JsonOut;

void json_init(JsonOut *j);
void json_free(JsonOut *j);
void json_reset(JsonOut *j);

void json_obj_begin(JsonOut *j);
void json_obj_end(JsonOut *j);
void json_arr_begin(JsonOut *j);
void json_arr_end(JsonOut *j);

/* Inside an object: a key, then exactly one value call. */
void json_key(JsonOut *j, const char *key);

void json_str(JsonOut *j, const char *s); /* escapes; invalid UTF-8 bytes become U+FFFD */
void json_int(JsonOut *j, int64_t v);
void json_num(JsonOut *j, double v);      /* non-finite values are written as null */
void json_bool(JsonOut *j, bool v);
void json_null(JsonOut *j);

/* Shorthands for key + value. */
void json_kstr(JsonOut *j, const char *key, const char *s);
void json_kint(JsonOut *j, const char *key, int64_t v);
void json_knum(JsonOut *j, const char *key, double v);
void json_kbool(JsonOut *j, const char *key, bool v);

const char *json_text(const JsonOut *j);
/* Write the text plus '\n' to f and flush; resets j. Returns 0 or -1. */
int json_write_line(JsonOut *j, FILE *f);
/* End the text with '\n' (nothing may follow) and return its length:
 * json_text is then one whole line for write(2) or a file. */
size_t json_finish_line(JsonOut *j);
/* The text, which the caller frees; j is freed. */
char *json_detach(JsonOut *j);

/* ---- one-line records: one object a line, {"type":TYPE,...} ---- */
/* Initialise j (json_free it after) and open a record: {"type":TYPE, ready
 * for its fields; json_obj_end closes it. */
void json_record_begin(JsonOut *j, const char *type);
/* Initialise j with a whole error record: {"type":"error","message":...}
 * (the error record of corelab's JSON output, demo/stream.h). */
void json_error_record(JsonOut *j, const char *message);
/* That error record as one line on f, flushed. 0 or -1. */
int json_write_error(FILE *f, const char *message);

#endif
