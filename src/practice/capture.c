/* practice/capture: a check's output, its head and tail kept. */
#include "practice/capture.h"

#include <stdlib.h>
#include <string.h>

#include "practice/practice.h"

void capture_init(Capture *c, const char *needle)
{
    memset(c, 0, sizeof *c);
    strbuf_init(&c->head);
    strbuf_init(&c->view);
    c->tail = xmalloc(CHECK_KEEP_TAIL);
    c->needle = needle && *needle ? needle : NULL;
    if (c->needle) {
        size_t n = strlen(needle);
        c->carry = xmalloc(n);
        c->joint = xmalloc(2 * n);
    }
}

void capture_free(Capture *c)
{
    strbuf_free(&c->head);
    strbuf_free(&c->view);
    free(c->tail);
    free(c->carry);
    free(c->joint);
    memset(c, 0, sizeof *c);
}

/* The needle may straddle two reads: look in the carried end of the last
 * read joined to the start of this one, then in this one. */
static void look_for_needle(Capture *c, const char *data, size_t len)
{
    size_t n = strlen(c->needle);
    if (c->carry_len) {
        size_t take = len < n - 1 ? len : n - 1;
        memcpy(c->joint, c->carry, c->carry_len);
        memcpy(c->joint + c->carry_len, data, take);
        if (memmem(c->joint, c->carry_len + take, c->needle, n))
            c->found = true;
    }
    if (!c->found && memmem(data, len, c->needle, n))
        c->found = true;
    size_t keep = n - 1;
    if (len >= keep) {
        memcpy(c->carry, data + len - keep, keep);
        c->carry_len = keep;
    } else {
        size_t drop = c->carry_len + len > keep ? c->carry_len + len - keep : 0;
        memmove(c->carry, c->carry + drop, c->carry_len - drop);
        memcpy(c->carry + c->carry_len - drop, data, len);
        c->carry_len = c->carry_len - drop + len;
    }
}

void capture_add(Capture *c, const char *data, size_t len)
{
    if (len == 0)
        return;
    c->view_valid = false;
    c->total += len;
    if (c->needle && !c->found)
        look_for_needle(c, data, len);
    if (c->head.len < CHECK_KEEP_HEAD) {
        size_t room = CHECK_KEEP_HEAD - c->head.len;
        size_t n = len < room ? len : room;
        strbuf_add(&c->head, data, n);
        data += n;
        len -= n;
    }
    if (len >= CHECK_KEEP_TAIL) { /* only the last bytes can stay */
        data += len - CHECK_KEEP_TAIL;
        len = CHECK_KEEP_TAIL;
    }
    for (size_t i = 0; i < len;) {
        size_t n = CHECK_KEEP_TAIL - c->tail_at;
        if (n > len - i)
            n = len - i;
        memcpy(c->tail + c->tail_at, data + i, n);
        c->tail_at = (c->tail_at + n) % CHECK_KEEP_TAIL;
        c->tail_len = c->tail_len + n > CHECK_KEEP_TAIL ? CHECK_KEEP_TAIL : c->tail_len + n;
        i += n;
    }
}

static void add_tail(Capture *c, StrBuf *out)
{
    /* Until the ring is full its bytes are in order from 0; after, the
     * oldest is at tail_at. */
    bool full = c->tail_len == CHECK_KEEP_TAIL;
    size_t start = full ? c->tail_at : 0;
    StrBuf t;
    strbuf_init(&t);
    strbuf_add(&t, c->tail + start, full ? CHECK_KEEP_TAIL - start : c->tail_len);
    if (full)
        strbuf_add(&t, c->tail, start);
    const char *s = t.data ? t.data : "";
    size_t len = t.len;
    /* Cut output starts mid-line when a line was cut: start at the next one. */
    bool cut = c->total > c->head.len + c->tail_len;
    const char *nl = cut ? memchr(s, '\n', len < 1024 ? len : 1024) : NULL;
    if (nl) {
        len -= (size_t)(nl + 1 - s);
        s = nl + 1;
    }
    strbuf_add(out, s, len);
    strbuf_free(&t);
}

const char *capture_text(Capture *c, size_t *len)
{
    if (!c->view_valid) {
        strbuf_reset(&c->view);
        strbuf_add(&c->view, c->head.data ? c->head.data : "", c->head.len);
        size_t cut = c->total - c->head.len - c->tail_len;
        if (cut > 0) {
            if (c->view.len && c->view.data[c->view.len - 1] != '\n')
                strbuf_addc(&c->view, '\n');
            strbuf_addf(&c->view, "[... %zu bytes cut: the check printed %zu bytes; the first %d KiB and the "
                        "last %d KiB are shown ...]\n", cut, c->total, CHECK_KEEP_HEAD >> 10,
                        CHECK_KEEP_TAIL >> 10);
        }
        if (c->tail_len)
            add_tail(c, &c->view);
        if (!c->view.data)
            strbuf_adds(&c->view, "");
        c->view_valid = true;
    }
    *len = c->view.len;
    return c->view.data;
}
