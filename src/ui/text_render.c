/* ui/text_render: lesson markup (paragraphs, lists, `code`, **bold**,
 * *emphasis*) into word-wrapped doc lines. */
#include "ui/ui_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    StrBuf text;
    unsigned char *roles;
    size_t cap;
} Rich;

static void rich_add(Rich *r, const char *s, size_t n, Role role)
{
    if (r->text.len + n + 1 > r->cap) {
        r->cap = (r->text.len + n + 1) * 2;
        r->roles = xrealloc(r->roles, r->cap);
    }
    memset(r->roles + r->text.len, (int)role, n);
    strbuf_add(&r->text, s, n);
}

static const char *find_str(const char *s, size_t n, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, pat, m) == 0)
            return s + i;
    return NULL;
}

/* Inline markup of s[0..n) with `role` as the plain role. */
static void parse_inline(Rich *r, const char *s, size_t n, Role role)
{
    size_t i = 0, plain = 0;
    while (i < n) {
        const char *end = NULL;
        size_t open = 0, close = 0;
        Role inner = role;
        if (s[i] == '`') {
            end = find_str(s + i + 1, n - i - 1, "`");
            open = close = 1;
            inner = ROLE_INLINE_CODE;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            end = find_str(s + i + 2, n - i - 2, "**");
            open = close = 2;
            inner = ROLE_BOLD;
        } else if (s[i] == '*' && i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '*') {
            end = find_str(s + i + 1, n - i - 1, "*");
            open = close = 1;
            inner = ROLE_EMPH;
        }
        if (!end || end == s + i + open) { /* no closing mark, or empty: literal */
            i++;
            continue;
        }
        rich_add(r, s + plain, i - plain, role);
        size_t body = (size_t)(end - (s + i + open));
        if (inner == ROLE_INLINE_CODE)
            rich_add(r, s + i + open, body, ROLE_INLINE_CODE);
        else
            parse_inline(r, s + i + open, body, inner);
        i = (size_t)(end - s) + close;
        plain = i;
    }
    rich_add(r, s + plain, n - plain, role);
}

static void emit_run(Doc *d, const char *text, const unsigned char *roles, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && roles[j] == roles[i])
            j++;
        doc_add(d, text + i, j - i, (Role)roles[i]);
        i = j;
    }
}

static void start_line(Doc *d, const char *prefix, Role prefix_role, int indent, bool first)
{
    if (first) {
        doc_adds(d, prefix, prefix_role);
    } else {
        for (int k = 0; k < indent; k++)
            doc_add(d, " ", 1, ROLE_NORMAL);
    }
}

void render_wrapped(Doc *d, const char *text, const unsigned char *roles, size_t len, int width,
                    const char *prefix, Role prefix_role)
{
    int indent = text_width(prefix, strlen(prefix));
    if (indent > width / 2) { /* a very narrow area: no room for the prefix */
        prefix = "";
        indent = 0;
    }
    int avail = width - indent;
    if (avail < 1)
        avail = 1;
    if (d->cur.len)
        doc_newline(d);
    start_line(d, prefix, prefix_role, indent, true);
    int col = 0;
    size_t i = 0;
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        if (i >= len)
            break;
        size_t j = i;
        while (j < len && text[j] != ' ')
            j++;
        int ww = text_width(text + i, j - i);
        if (col > 0 && col + 1 + ww > avail) {
            doc_newline(d);
            start_line(d, prefix, prefix_role, indent, false);
            col = 0;
        }
        if (col > 0) {
            doc_add(d, " ", 1, (Role)roles[i - 1]);
            col++;
        }
        /* A word longer than the line is cut where it must be. What is
         * left of its width is kept by subtraction: measuring the rest
         * again after every cut made a long word quadratic. */
        while (ww > avail - col) {
            size_t fit = text_fit(text + i, j - i, avail - col);
            if (fit == 0) {
                if (col == 0)
                    fit = utf8_len(text + i, j - i);
                else {
                    doc_newline(d);
                    start_line(d, prefix, prefix_role, indent, false);
                    col = 0;
                    continue;
                }
            }
            emit_run(d, text + i, roles + i, fit);
            doc_newline(d);
            start_line(d, prefix, prefix_role, indent, false);
            col = 0;
            ww -= text_width(text + i, fit);
            i += fit;
        }
        emit_run(d, text + i, roles + i, j - i);
        col += ww;
        i = j;
    }
    doc_newline(d);
}

void render_inline(Doc *d, const char *markup, int width, bool ascii, const char *prefix, Role base)
{
    char *disp = text_display(markup ? markup : "", ascii);
    for (char *c = disp; *c; c++)
        if (*c == '\n')
            *c = ' ';
    Rich r = {0};
    strbuf_init(&r.text);
    parse_inline(&r, disp, strlen(disp), base);
    render_wrapped(d, r.text.data ? r.text.data : "", r.roles, r.text.len, width, prefix, base);
    strbuf_free(&r.text);
    free(r.roles);
    free(disp);
}

static void render_block(Doc *d, const char *s, size_t n, int width, const char *prefix, Role base)
{
    Rich r = {0};
    strbuf_init(&r.text);
    parse_inline(&r, s, n, base);
    render_wrapped(d, r.text.data ? r.text.data : "", r.roles, r.text.len, width, prefix, ROLE_BOLD);
    strbuf_free(&r.text);
    free(r.roles);
}

static size_t indent_of(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && line[i] == ' ')
        i++;
    return i;
}

/* Length of a list marker ("- ", "* ", "12. ") at line, 0 when none. */
static size_t list_marker(const char *line, size_t n)
{
    if (n >= 2 && (line[0] == '-' || line[0] == '*') && line[1] == ' ')
        return 2;
    size_t i = 0;
    while (i < n && i < 3 && isdigit((unsigned char)line[i]))
        i++;
    if (i > 0 && i + 1 < n && line[i] == '.' && line[i + 1] == ' ')
        return i + 2;
    return 0;
}

typedef struct {
    StrBuf block;
    char prefix[16];
    bool active;
} PendingBlock;

static void flush(Doc *d, PendingBlock *p, int width, Role base)
{
    if (!p->active)
        return;
    render_block(d, p->block.data ? p->block.data : "", p->block.len, width, p->prefix, base);
    strbuf_reset(&p->block);
    p->active = false;
}

void render_markup(Doc *d, const char *markup, int width, bool ascii, Role base)
{
    if (!markup)
        return;
    char *disp = text_display(markup, ascii);
    const char *bullet = ascii ? "- " : "\xe2\x80\xa2 "; /* U+2022 */
    PendingBlock p = {0};
    strbuf_init(&p.block);
    bool in_list = false;
    const char *s = disp;
    while (*s) {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        size_t ind = indent_of(s, n);
        const char *body = s + ind;
        size_t bn = n - ind;
        size_t mark = list_marker(body, bn);
        if (bn == 0) { /* blank line: end of a paragraph or item */
            flush(d, &p, width, base);
            in_list = false;
            doc_blank(d);
        } else if (mark) {
            flush(d, &p, width, base);
            in_list = true;
            p.active = true;
            if (body[0] == '-' || body[0] == '*')
                snprintf(p.prefix, sizeof p.prefix, "%*s%s", (int)(ind > 8 ? 8 : ind), "", bullet);
            else
                snprintf(p.prefix, sizeof p.prefix, "%.*s", (int)(mark < 12 ? mark : 12), body);
            strbuf_add(&p.block, body + mark, bn - mark);
        } else if (!in_list && ind >= 4) { /* preformatted */
            flush(d, &p, width, base);
            size_t fit = text_fit(s, n, width);
            doc_add(d, s, fit, ROLE_CODE);
            doc_newline(d);
        } else {
            if (!p.active) {
                p.active = true;
                p.prefix[0] = '\0';
            } else {
                strbuf_addc(&p.block, ' ');
            }
            strbuf_add(&p.block, body, bn);
        }
        s += n;
        if (*s == '\n')
            s++;
    }
    flush(d, &p, width, base);
    strbuf_free(&p.block);
    free(disp);
}

void render_list(Doc *d, const StrList *items, int width, bool ascii)
{
    const char *bullet = ascii ? "- " : "\xe2\x80\xa2 ";
    for (size_t i = 0; i < items->n; i++) {
        char *disp = text_display(items->items[i], ascii);
        PendingBlock p = {0};
        strbuf_init(&p.block);
        strbuf_adds(&p.block, disp);
        snprintf(p.prefix, sizeof p.prefix, "%s", bullet);
        p.active = true;
        flush(d, &p, width, ROLE_NORMAL);
        strbuf_free(&p.block);
        free(disp);
    }
}
