/* ui/doc: styled lines and ASCII fallbacks. */
#include "ui/ui_internal.h"

#include <stdlib.h>
#include <string.h>

void doc_init(Doc *d)
{
    memset(d, 0, sizeof *d);
    strbuf_init(&d->cur);
}

void doc_reset(Doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->lines[i].text);
        free(d->lines[i].roles);
    }
    d->n = 0;
    strbuf_reset(&d->cur);
}

void doc_free(Doc *d)
{
    doc_reset(d);
    free(d->lines);
    free(d->cur_roles);
    strbuf_free(&d->cur);
    memset(d, 0, sizeof *d);
}

void doc_add(Doc *d, const char *s, size_t n, Role role)
{
    size_t need = d->cur.len + n + 1;
    if (need > d->cur_roles_cap) {
        d->cur_roles_cap = need * 2;
        d->cur_roles = xrealloc(d->cur_roles, d->cur_roles_cap);
    }
    memset(d->cur_roles + d->cur.len, (int)role, n);
    strbuf_add(&d->cur, s, n);
}

void doc_adds(Doc *d, const char *s, Role role) { doc_add(d, s, strlen(s), role); }

void doc_newline(Doc *d)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 64;
        d->lines = xrealloc(d->lines, d->cap * sizeof *d->lines);
    }
    DocLine *l = &d->lines[d->n++];
    l->len = d->cur.len;
    l->text = xstrndup(d->cur.data ? d->cur.data : "", d->cur.len);
    l->roles = xmalloc(l->len + 1);
    if (l->len)
        memcpy(l->roles, d->cur_roles, l->len);
    strbuf_reset(&d->cur);
}

void doc_blank(Doc *d)
{
    if (d->cur.len)
        doc_newline(d);
    if (d->n && d->lines[d->n - 1].len == 0)
        return;
    doc_newline(d);
}

/* Close ASCII spellings of the characters lessons are likely to use. */
static const char *ascii_for(unsigned cp)
{
    static const struct {
        unsigned cp;
        const char *s;
    } table[] = {
        {0x00A0, " "},   {0x00A9, "(c)"}, {0x00AB, "<<"},  {0x00B0, " deg"}, {0x00B1, "+/-"},
        {0x00B2, "^2"},  {0x00B3, "^3"},  {0x00B5, "u"},   {0x00B7, "."},    {0x00BB, ">>"},
        {0x00BD, "1/2"}, {0x00D7, "x"},   {0x00F7, "/"},   {0x03B1, "alpha"}, {0x03B2, "beta"},
        {0x03BB, "lambda"}, {0x03BC, "u"}, {0x03C0, "pi"}, {0x03A3, "Sum"},  {0x03C3, "sigma"},
        {0x2010, "-"},   {0x2011, "-"},   {0x2012, "-"},   {0x2013, "-"},    {0x2014, "--"},
        {0x2018, "'"},   {0x2019, "'"},   {0x201C, "\""},  {0x201D, "\""},   {0x2022, "*"},
        {0x2026, "..."}, {0x2032, "'"},   {0x2190, "<-"},  {0x2191, "^"},    {0x2192, "->"},
        {0x2193, "v"},   {0x2194, "<->"}, {0x21D2, "=>"},  {0x2212, "-"},    {0x2248, "~"},
        {0x2260, "!="},  {0x2264, "<="},  {0x2265, ">="},  {0x221E, "inf"},  {0x2713, "v"},
        {0x2717, "x"},   {0x2500, "-"},   {0x2502, "|"},   {0x2588, "#"},    {0x25B6, ">"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].cp == cp)
            return table[i].s;
    return "?";
}

char *text_display(const char *s, bool ascii)
{
    StrBuf out;
    strbuf_init(&out);
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (cp == UTF8_INVALID)
            strbuf_addc(&out, '?');
        else if (cp == '\t')
            strbuf_adds(&out, "    ");
        else if (cp == '\n')
            strbuf_addc(&out, '\n');
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            strbuf_addc(&out, '?');
        else if (cp >= 0x80 && ascii)
            strbuf_adds(&out, ascii_for(cp));
        else
            strbuf_add(&out, s + i, len);
        i += len;
    }
    if (!out.data)
        strbuf_adds(&out, "");
    return strbuf_detach(&out);
}

void doc_draw_line(WINDOW *win, const UiCaps *caps, const DocLine *line, int y, int x, int w)
{
    int col = 0;
    size_t i = 0;
    while (line && i < line->len && col < w) {
        size_t j = i;
        while (j < line->len && line->roles[j] == line->roles[i])
            j++;
        size_t fit = text_fit(line->text + i, j - i, w - col);
        if (fit > 0) {
            wattrset(win, style_attr(caps, (Role)line->roles[i]));
            mvwaddnstr(win, y, x + col, line->text + i, (int)fit);
            col += text_width(line->text + i, fit);
        }
        if (fit < j - i)
            break;
        i = j;
    }
    wattrset(win, A_NORMAL);
    if (col < w)
        mvwhline(win, y, x + col, ' ', w - col);
}
