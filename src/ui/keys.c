/* ui/keys: looking keys up in a key table, and a footer's hints. */
#include "ui/keys.h"

#include <stdio.h>
#include <string.h>

#include "util/utf8.h"

const KeyBinding *keys_find(const KeyBinding *table, int key)
{
    for (const KeyBinding *b = table; b && b->names; b++) {
        if (b->range_lo && key >= b->range_lo && key <= b->range_hi)
            return b;
        for (int i = 0; i < KEYS_PER_BINDING && b->keys[i]; i++)
            if (b->keys[i] == key)
                return b;
    }
    return NULL;
}

bool keys_dispatch(const KeyBinding *table, void *ctx, int key)
{
    const KeyBinding *b = keys_find(table, key);
    return b && b->run && b->run(ctx, key);
}

int keys_count(const KeyBinding *table)
{
    int n = 0;
    while (table && table[n].names)
        n++;
    return n;
}

void keys_hint(const KeyBinding *b, char *buf, size_t n)
{
    if (n == 0)
        return;
    size_t k = 0;
    /* "Esc  q  g" -> "Esc/q/g": the names are separated by two spaces */
    for (const char *s = b->names; *s && k + 1 < n; s++) {
        if (s[0] == ' ' && s[1] == ' ') {
            while (s[1] == ' ')
                s++;
            buf[k++] = '/';
        } else {
            buf[k++] = *s;
        }
    }
    buf[k] = '\0';
    if (b->hint)
        snprintf(buf + k, n - k, " %s", b->hint);
}

void keys_hints(const KeyBinding *table, const char *sep, char *buf, size_t n)
{
    size_t k = strlen(buf);
    bool first = true;
    for (const KeyBinding *b = table; b && b->names && k + 1 < n; b++) {
        if (!b->hint)
            continue;
        char one[160];
        keys_hint(b, one, sizeof one);
        snprintf(buf + k, n - k, "%s%s", first ? "" : sep, one);
        k += strlen(buf + k);
        first = false;
    }
}

enum { MAX_HINTS = 64 };

/* Columns of the hints kept, joined by sep. */
static int hints_width(const KeyHint *hints, const bool *keep, int n, int sep_w)
{
    int w = 0, shown = 0;
    for (int i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        char one[160];
        keys_hint(hints[i].b, one, sizeof one);
        w += text_width(one, strlen(one)) + (shown++ ? sep_w : 0);
    }
    return w;
}

int keys_hints_fit(const KeyHint *hints, int n, const char *sep, int width, char *buf, size_t len)
{
    bool keep[MAX_HINTS];
    if (n > MAX_HINTS)
        n = MAX_HINTS;
    for (int i = 0; i < n; i++)
        keep[i] = hints[i].b && hints[i].b->hint;
    int sep_w = text_width(sep, strlen(sep)), dropped = 0;
    while (hints_width(hints, keep, n, sep_w) > width) {
        int worst = -1;
        for (int i = 0; i < n; i++)
            if (keep[i] && hints[i].prio > 0 && (worst < 0 || hints[i].prio >= hints[worst].prio))
                worst = i;
        if (worst < 0)
            break;
        keep[worst] = false;
        dropped++;
    }
    /* A shorter one left out may still fit where a longer one went. */
    for (int prio = 1; dropped > 0 && prio < 100; prio++)
        for (int i = 0; i < n; i++) {
            if (keep[i] || hints[i].prio != prio || !hints[i].b || !hints[i].b->hint)
                continue;
            keep[i] = true;
            if (hints_width(hints, keep, n, sep_w) > width)
                keep[i] = false;
            else
                dropped--;
        }
    size_t k = strlen(buf);
    bool first = true;
    for (int i = 0; i < n && k + 1 < len; i++) {
        if (!keep[i])
            continue;
        char one[160];
        keys_hint(hints[i].b, one, sizeof one);
        snprintf(buf + k, len - k, "%s%s", first ? "" : sep, one);
        k += strlen(buf + k);
        first = false;
    }
    return dropped;
}
