/* ui/code_render: code blocks with simple highlighting of keywords,
 * strings, comments and numbers for Python, C and shell. Line by line, with
 * the little state that crosses lines (C block comments, Python triple
 * quotes). */
#include "ui/ui_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum { LANG_TEXT, LANG_PYTHON, LANG_C, LANG_SH } Lang;

static const char *const py_keywords[] = {
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield", "match", "case", NULL};

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else",
    "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long", "register",
    "restrict", "return", "short", "signed", "sizeof", "static", "struct", "switch",
    "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "true", "false",
    "NULL", "size_t", "_Atomic", "pragma", "include", "define", NULL};

static const char *const sh_keywords[] = {
    "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "in",
    "function", "export", "local", "return", "exit", "set", "module", "source", NULL};

static Lang lang_of(const char *name)
{
    if (!name)
        return LANG_TEXT;
    if (strcmp(name, "python") == 0 || strcmp(name, "py") == 0)
        return LANG_PYTHON;
    if (strcmp(name, "c") == 0 || strcmp(name, "cpp") == 0)
        return LANG_C;
    if (strcmp(name, "sh") == 0 || strcmp(name, "bash") == 0 || strcmp(name, "shell") == 0)
        return LANG_SH;
    return LANG_TEXT;
}

static bool is_keyword(Lang lang, const char *s, size_t n)
{
    const char *const *k = lang == LANG_PYTHON ? py_keywords : lang == LANG_C ? c_keywords
                                                             : lang == LANG_SH ? sh_keywords : NULL;
    for (; k && *k; k++)
        if (strlen(*k) == n && memcmp(*k, s, n) == 0)
            return true;
    return false;
}

static bool ident_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

typedef struct {
    bool c_comment;   /* inside a C block comment */
    char py_triple;   /* quote character of an open Python triple-quoted string, or 0 */
} HlState;

static size_t find_pat(const char *s, size_t n, size_t from, const char *pat)
{
    size_t m = strlen(pat);
    for (size_t i = from; i + m <= n; i++)
        if (memcmp(s + i, pat, m) == 0)
            return i;
    return n;
}

/* Fill roles for one line. */
static void highlight_line(Lang lang, HlState *st, const char *s, size_t n, unsigned char *roles)
{
    memset(roles, ROLE_CODE, n);
    if (lang == LANG_TEXT)
        return;
    size_t i = 0;
    if (st->c_comment) {
        size_t e = find_pat(s, n, 0, "*/");
        size_t stop = e < n ? e + 2 : n;
        memset(roles, ROLE_COMMENT, stop);
        st->c_comment = e >= n;
        i = stop;
    } else if (st->py_triple) {
        char pat[4] = {st->py_triple, st->py_triple, st->py_triple, 0};
        size_t e = find_pat(s, n, 0, pat);
        size_t stop = e < n ? e + 3 : n;
        memset(roles, ROLE_STRING, stop);
        if (e < n)
            st->py_triple = 0;
        i = stop;
    }
    while (i < n) {
        char c = s[i];
        if ((lang == LANG_PYTHON || lang == LANG_SH) && c == '#') {
            memset(roles + i, ROLE_COMMENT, n - i);
            return;
        }
        if (lang == LANG_C && c == '/' && i + 1 < n && s[i + 1] == '/') {
            memset(roles + i, ROLE_COMMENT, n - i);
            return;
        }
        if (lang == LANG_C && c == '/' && i + 1 < n && s[i + 1] == '*') {
            size_t e = find_pat(s, n, i + 2, "*/");
            size_t stop = e < n ? e + 2 : n;
            memset(roles + i, ROLE_COMMENT, stop - i);
            st->c_comment = e >= n;
            i = stop;
            continue;
        }
        if (c == '"' || c == '\'') {
            if (lang == LANG_PYTHON && i + 2 < n && s[i + 1] == c && s[i + 2] == c) {
                char pat[4] = {c, c, c, 0};
                size_t e = find_pat(s, n, i + 3, pat);
                size_t stop = e < n ? e + 3 : n;
                memset(roles + i, ROLE_STRING, stop - i);
                if (e >= n)
                    st->py_triple = c;
                i = stop;
                continue;
            }
            size_t j = i + 1;
            while (j < n && s[j] != c) {
                if (s[j] == '\\' && lang != LANG_SH)
                    j++;
                j++;
            }
            size_t stop = j < n ? j + 1 : n;
            memset(roles + i, ROLE_STRING, stop - i);
            i = stop;
            continue;
        }
        if (isdigit((unsigned char)c) && (i == 0 || !ident_char(s[i - 1]))) {
            size_t j = i;
            while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '_'))
                j++;
            memset(roles + i, ROLE_NUMBER, j - i);
            i = j;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            size_t j = i;
            while (j < n && ident_char(s[j]))
                j++;
            if (is_keyword(lang, s + i, j - i))
                memset(roles + i, ROLE_KEYWORD, j - i);
            i = j;
            continue;
        }
        i++;
    }
}

void render_code(Doc *d, const char *lang_name, const char *source, int width, bool ascii)
{
    if (!source)
        return;
    Lang lang = lang_of(lang_name);
    char *disp = text_display(source, ascii);
    const char *gutter = ascii ? "| " : "\xe2\x94\x82 "; /* U+2502 */
    int avail = width - 2 < 1 ? 1 : width - 2;
    HlState st = {0};
    if (d->cur.len)
        doc_newline(d);
    const char *s = disp;
    size_t total = strlen(disp);
    if (total && disp[total - 1] == '\n')
        total--; /* a block scalar's final newline is no extra line */
    while (s < disp + total) {
        const char *nl = memchr(s, '\n', (size_t)(disp + total - s));
        size_t n = nl ? (size_t)(nl - s) : (size_t)(disp + total - s);
        unsigned char *roles = xmalloc(n + 1);
        highlight_line(lang, &st, s, n, roles);
        size_t i = 0;
        do { /* long lines continue on the next row */
            size_t fit = text_fit(s + i, n - i, avail);
            if (fit == 0 && i < n)
                fit = utf8_len(s + i, n - i);
            doc_adds(d, gutter, ROLE_BORDER);
            size_t k = i;
            while (k < i + fit) {
                size_t j = k;
                while (j < i + fit && roles[j] == roles[k])
                    j++;
                doc_add(d, s + k, j - k, (Role)roles[k]);
                k = j;
            }
            doc_newline(d);
            i += fit;
        } while (i < n);
        free(roles);
        s += n;
        if (s < disp + total && *s == '\n')
            s++;
    }
    free(disp);
}
