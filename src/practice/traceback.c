/* practice/traceback: Python's error, read from what a program printed.
 *
 *   Traceback (most recent call last):
 *     File "/home/ana/corelab-work/threads/race_fix.py", line 21, in <module>
 *       main()
 *     File "/home/ana/corelab-work/threads/race_fix.py", line 7, in main
 *       lock.aquire()
 *   AttributeError: '_thread.lock' object has no attribute 'aquire'
 *
 * A syntax error has the frame without the "Traceback" line; an exception
 * whose message starts on the next line (multiprocessing's RuntimeError
 * about the bootstrapping phase) continues on indented lines. Output of
 * other processes may follow the exception line. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "practice/practice.h"
#include "util/util.h"

enum { MESSAGE_MAX = 300 };

typedef struct {
    const char *s;
    size_t len;
} Slice;

/* Line i of the output, by offsets; lines[] holds each line's start. */
typedef struct {
    const char *out;
    size_t len;
    size_t *starts;
    size_t n;
} OutputLines;

static void lines_split(OutputLines *l, const char *out, size_t len)
{
    l->out = out;
    l->len = len;
    l->n = 0;
    size_t cap = 64;
    l->starts = xmalloc(cap * sizeof *l->starts);
    for (size_t i = 0; i < len;) {
        if (l->n == cap) {
            cap *= 2;
            l->starts = xrealloc(l->starts, cap * sizeof *l->starts);
        }
        l->starts[l->n++] = i;
        const char *nl = memchr(out + i, '\n', len - i);
        i = nl ? (size_t)(nl - out) + 1 : len;
    }
}

static Slice line_at(const OutputLines *l, size_t i)
{
    size_t start = l->starts[i];
    size_t end = i + 1 < l->n ? l->starts[i + 1] : l->len;
    while (end > start && (l->out[end - 1] == '\n' || l->out[end - 1] == '\r'))
        end--;
    return (Slice){l->out + start, end - start};
}

static bool indented(Slice s) { return s.len > 0 && (s.s[0] == ' ' || s.s[0] == '\t'); }

/* '  File "NAME", line N' (and anything after): name and line. */
static bool frame_parse(Slice s, Slice *file, int *line)
{
    size_t i = 0;
    while (i < s.len && (s.s[i] == ' ' || s.s[i] == '\t'))
        i++;
    static const char head[] = "File \"";
    if (i == 0 || s.len - i < sizeof head || memcmp(s.s + i, head, sizeof head - 1) != 0)
        return false;
    i += sizeof head - 1;
    size_t name = i;
    static const char mid[] = "\", line ";
    for (; i + sizeof mid - 1 <= s.len; i++) {
        if (memcmp(s.s + i, mid, sizeof mid - 1) != 0)
            continue;
        size_t d = i + sizeof mid - 1;
        long n = 0;
        size_t digits = 0;
        while (d < s.len && isdigit((unsigned char)s.s[d]) && digits < 9)
            n = n * 10 + (s.s[d++] - '0'), digits++;
        if (!digits)
            return false;
        *file = (Slice){s.s + name, i - name};
        *line = (int)n;
        return true;
    }
    return false;
}

/* "NameError: name 'x' is not defined", "KeyboardInterrupt",
 * "multiprocessing.context.TimeoutError": a dotted name, maybe a message. */
static bool exception_line(Slice s)
{
    if (s.len == 0 || !(isalpha((unsigned char)s.s[0]) || s.s[0] == '_'))
        return false;
    size_t i = 0;
    while (i < s.len && (isalnum((unsigned char)s.s[i]) || s.s[i] == '_' || s.s[i] == '.'))
        i++;
    return i == s.len || s.s[i] == ':';
}

static const char *base_name(Slice f, size_t *len)
{
    size_t i = f.len;
    while (i > 0 && f.s[i - 1] != '/')
        i--;
    *len = f.len - i;
    return f.s + i;
}

/* The message: the exception line, and when it ends at "Name:" the
 * indented lines that follow, up to a blank one, joined by spaces. */
static char *message_at(const OutputLines *l, size_t e)
{
    StrBuf sb;
    strbuf_init(&sb);
    Slice s = line_at(l, e);
    while (s.len && (s.s[s.len - 1] == ' ' || s.s[s.len - 1] == '\t'))
        s.len--;
    strbuf_add(&sb, s.s, s.len);
    if (s.s[s.len - 1] == ':') {
        for (size_t i = e + 1; i < l->n && sb.len < MESSAGE_MAX; i++) {
            Slice c = line_at(l, i);
            size_t k = 0;
            while (k < c.len && (c.s[k] == ' ' || c.s[k] == '\t'))
                k++;
            if (k == c.len || k == 0)
                break;
            strbuf_addc(&sb, ' ');
            strbuf_add(&sb, c.s + k, c.len - k);
        }
    }
    char *m = strbuf_detach(&sb);
    if (strlen(m) > MESSAGE_MAX) {
        size_t cut = MESSAGE_MAX;
        while (cut > 0 && ((unsigned char)m[cut] & 0xC0) == 0x80)
            cut--;
        strcpy(m + cut, "...");
    }
    return m;
}

/* From the last frame back to the exception before it (or the start), the
 * deepest frame in a file called name. Not only the last traceback's own
 * lines: processes that fail together (pool workers, two Process objects
 * under spawn) print their tracebacks into one pipe, line through line. */
static size_t pick_frame(const OutputLines *l, size_t last, const char *name)
{
    size_t nlen = strlen(name);
    for (size_t i = last + 1; i-- > 0;) {
        Slice s = line_at(l, i);
        if (!indented(s) && exception_line(s))
            break;
        Slice file;
        int line;
        size_t blen;
        if (frame_parse(s, &file, &line)) {
            const char *b = base_name(file, &blen);
            if (blen == nlen && memcmp(b, name, nlen) == 0)
                return i;
        }
    }
    return last;
}

bool py_error_find(const char *out, size_t len, const char *file_name, PyError *e)
{
    memset(e, 0, sizeof *e);
    OutputLines l;
    lines_split(&l, out, len);
    Slice file;
    int line;
    size_t last = l.n;
    for (size_t i = l.n; i-- > 0;)
        if (frame_parse(line_at(&l, i), &file, &line)) {
            last = i;
            break;
        }
    size_t exc = l.n;
    for (size_t i = last + 1; last < l.n && i < l.n; i++) {
        Slice s = line_at(&l, i);
        if (!indented(s) && exception_line(s)) {
            exc = i;
            break;
        }
    }
    bool found = exc < l.n;
    if (found) {
        size_t f = pick_frame(&l, last, file_name ? file_name : "");
        frame_parse(line_at(&l, f), &file, &line);
        e->file = xstrndup(file.s, file.len);
        e->line = line;
        e->message = message_at(&l, exc);
    }
    free(l.starts);
    return found;
}

void py_error_free(PyError *e)
{
    free(e->file);
    free(e->message);
    memset(e, 0, sizeof *e);
}
