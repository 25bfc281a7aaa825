/* practice/verdict: what the end of a check means, in one line a learner
 * can act on. A check passes when it exits with status 0 and, for a
 * command with `expect`, printed that text (as a `run` step passes). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "practice/practice.h"
#include "util/spawn.h"
#include "util/util.h"

enum { SHOWN_MAX = 160 };

const char *check_state_word(CheckState s)
{
    static const char *const words[] = {"running", "passed", "not yet", "error",
                                        "timeout", "too much output", "could not run", "cancelled"};
    return (unsigned)s < sizeof words / sizeof words[0] ? words[s] : "?";
}

/* At most SHOWN_MAX bytes of a line, cut on a character boundary. */
static char *shown(const char *s, size_t len)
{
    if (len <= SHOWN_MAX)
        return xstrndup(s, len);
    size_t cut = SHOWN_MAX;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
        cut--;
    char *r = xmalloc(cut + 4);
    memcpy(r, s, cut);
    strcpy(r + cut, "...");
    return r;
}

/* The last non-blank line containing word (any line when word is NULL),
 * skipping the note that says output was cut. NULL when none. */
static char *last_line_with(const char *out, size_t len, const char *word)
{
    size_t end = len;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && out[start - 1] != '\n')
            start--;
        size_t a = start, b = end;
        while (a < b && (out[a] == ' ' || out[a] == '\t'))
            a++;
        while (b > a && (out[b - 1] == '\n' || out[b - 1] == '\r' || out[b - 1] == ' '))
            b--;
        bool note = b - a > 5 && memcmp(out + a, "[... ", 5) == 0;
        if (b > a && !note && (!word || memmem(out + a, b - a, word, strlen(word))))
            return shown(out + a, b - a);
        end = start > 0 ? start - 1 : 0;
    }
    return NULL;
}

/* The first word of expect that has a letter in it ("lost" of "lost 0"):
 * the line that holds it is the one the learner wants to see. */
static char *key_word(const char *expect)
{
    for (const char *p = expect; *p;) {
        p += strspn(p, " \t");
        size_t n = strcspn(p, " \t");
        for (size_t i = 0; i < n; i++)
            if ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= 'A' && p[i] <= 'Z'))
                return xstrndup(p, n);
        p += n;
    }
    return NULL;
}

static bool exited_zero(const CheckOutcome *o)
{
    return o->exited && WIFEXITED(o->status) && WEXITSTATUS(o->status) == 0;
}

static void not_yet_by_command(const CheckOutcome *o, CheckVerdict *v, bool found)
{
    char *word = key_word(o->expect);
    v->seen = last_line_with(o->output, o->len, word);
    if (!v->seen && word)
        v->seen = last_line_with(o->output, o->len, NULL);
    free(word);
    v->expected = xstrdup(o->expect);
    if (found)
        v->line = xasprintf("not yet: \"%s\" was printed, but the program %s", o->expect,
                            describe_status(o->status));
    else if (v->seen)
        v->line = xasprintf("not yet: expected \"%s\", saw \"%s\"", o->expect, v->seen);
    else
        v->line = xasprintf("not yet: expected \"%s\", but nothing was printed", o->expect);
}

static void not_yet(const CheckOutcome *o, CheckVerdict *v, bool found)
{
    v->state = CHECK_NOT_YET;
    if (o->expect && *o->expect && !o->script) {
        not_yet_by_command(o, v, found);
        return;
    }
    v->seen = last_line_with(o->output, o->len, NULL);
    if (o->script)
        v->line = v->seen ? xasprintf("not yet: %s", v->seen)
                          : xasprintf("not yet: the checker %s and said nothing", describe_status(o->status));
    else
        v->line = v->seen ? xasprintf("not yet: the program %s; its last line: \"%s\"", describe_status(o->status), v->seen)
                          : xasprintf("not yet: the program %s", describe_status(o->status));
}

/* Where the learner's program was, from a traceback, as " at FILE line N". */
static bool locate(const CheckOutcome *o, CheckVerdict *v, char **message)
{
    PyError e;
    if (!py_error_find(o->output, o->len, o->file_name, &e))
        return false;
    const char *slash = strrchr(e.file, '/');
    v->where_file = xstrdup(slash ? slash + 1 : e.file);
    v->where_line = e.line;
    *message = e.message;
    e.message = NULL;
    py_error_free(&e);
    return true;
}

static void stopped(const CheckOutcome *o, CheckVerdict *v)
{
    char *msg = NULL;
    if (o->flooded) {
        v->state = CHECK_FLOOD;
        v->line = xasprintf("stopped: the check printed more than %d MiB (a print in a loop that never ends?)",
                            CHECK_MAX_PRINTED >> 20);
    } else if (locate(o, v, &msg) && strcmp(v->where_file, o->file_name) == 0) {
        v->state = CHECK_TIMEOUT;
        v->line = xasprintf("timeout: no result after %g s, so the check was stopped; it was at %s line %d",
                            o->timeout_s, v->where_file, v->where_line);
    } else {
        v->state = CHECK_TIMEOUT;
        free(v->where_file);
        v->where_file = NULL;
        v->where_line = 0;
        v->line = xasprintf("timeout: no result after %g s, so the check was stopped (waiting for something "
                            "that never happens, or a loop that never ends?)", o->timeout_s);
    }
    free(msg);
}

static void cannot_run(const CheckOutcome *o, CheckVerdict *v)
{
    v->state = CHECK_CANNOT_RUN;
    if (o->spawn_errno == ENOENT)
        v->line = xasprintf("could not run the check: '%s' was not found (is it installed, and on PATH?)",
                            o->program);
    else
        v->line = xasprintf("could not run the check: %s: %s", o->program, strerror(o->spawn_errno));
}

void check_verdict_make(const CheckOutcome *o, CheckVerdict *v)
{
    memset(v, 0, sizeof *v);
    v->status = o->status;
    v->seconds = o->seconds;
    bool found = o->expect && *o->expect && o->expect_found;
    char *msg = NULL;
    if (o->cancelled) {
        v->state = CHECK_CANCELLED;
        v->line = xstrdup("cancelled: a newer save is checked instead");
    } else if (o->spawn_errno) {
        cannot_run(o, v);
    } else if (o->flooded || o->timed_out) {
        stopped(o, v);
    } else if (exited_zero(o) && (o->script || !o->expect || !*o->expect || found)) {
        v->state = CHECK_PASSED;
        char *last = o->script ? last_line_with(o->output, o->len, NULL) : NULL;
        v->line = last ? xasprintf("passed: %s", last) : xstrdup("passed");
        free(last);
    } else if (locate(o, v, &msg)) {
        v->state = CHECK_ERROR;
        v->seen = msg;
        v->line = xasprintf("error: %s line %d: %s", v->where_file, v->where_line, msg);
    } else if (o->exited && WIFSIGNALED(o->status)) {
        v->state = CHECK_ERROR;
        v->line = xasprintf("error: the program was %s", describe_status(o->status));
    } else {
        not_yet(o, v, found);
    }
}

void check_verdict_free(CheckVerdict *v)
{
    FREE_ALL(v->line, v->expected, v->seen, v->where_file);
    memset(v, 0, sizeof *v);
}
