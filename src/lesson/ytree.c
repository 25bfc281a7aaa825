/* lesson/ytree: libyaml events -> YNode tree. Working on events (not
 * yaml_parser_load) lets us stop at the first anchor, alias or tag and at
 * the event where nesting gets too deep, before anything is expanded or
 * allocated for it. */
#include "lesson/ytree.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lesson/text.h"
#include "util/util.h"

typedef struct {
    const char *name;
    const unsigned char *data;
    size_t len;
    DiagList *diags;
    YNode *stack[YTREE_MAX_DEPTH];
    int depth;
    size_t nodes;
    YNode *root;
} Builder;

static void fail_at(Builder *b, yaml_mark_t m, const char *msg)
{
    diag_add(b->diags, b->name, (int)m.line + 1, (int)m.column + 1, "%s", msg);
}

static YNode *node_new(YNodeKind kind, yaml_mark_t m)
{
    YNode *n = xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = (int)m.line + 1;
    n->col = (int)m.column + 1;
    return n;
}

void ytree_free(YNode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n; i++)
        ytree_free(n->items[i]);
    free(n->items);
    free(n->value);
    free(n);
}

static void node_append(YNode *parent, YNode *child)
{
    if (parent->n == parent->cap) {
        parent->cap = parent->cap ? parent->cap * 2 : 8;
        parent->items = xrealloc(parent->items, parent->cap * sizeof *parent->items);
    }
    parent->items[parent->n++] = child;
}

/* Hang a new node under the open collection (or make it the root). */
static bool attach(Builder *b, YNode *node, yaml_mark_t m)
{
    if (++b->nodes > YTREE_MAX_NODES) {
        char *msg = xasprintf("more than %d YAML nodes; this is not a lesson", YTREE_MAX_NODES);
        fail_at(b, m, msg);
        free(msg);
        ytree_free(node);
        return false;
    }
    if (b->depth == 0) {
        b->root = node;
        return true;
    }
    YNode *parent = b->stack[b->depth - 1];
    if (parent->kind == YNODE_MAP && parent->n % 2 == 0 && node->kind != YNODE_SCALAR) {
        fail_at(b, m, node->kind == YNODE_MAP ? "a key must be a name, not a mapping"
                                              : "a key must be a name, not a list");
        ytree_free(node);
        return false;
    }
    node_append(parent, node);
    return true;
}

/* Anchors, aliases and tags have no use in a lesson; refusing them is what
 * makes "billion laughs" harmless. */
static bool refuse_extras(Builder *b, const yaml_event_t *ev, const yaml_char_t *anchor,
                          const yaml_char_t *tag)
{
    char *msg = NULL;
    if (anchor)
        msg = xasprintf("anchors (&%.40s) are not allowed in lessons; write the text out", anchor);
    else if (tag)
        msg = xasprintf("tags (%.40s) are not allowed in lessons", tag);
    if (!msg)
        return true;
    fail_at(b, ev->start_mark, msg);
    free(msg);
    return false;
}

/* Escapes ("\e", "\x9b", "\u001b") make control characters that the raw
 * bytes could not hold; refused at the escape that made one. */
static bool refuse_controls(Builder *b, const yaml_event_t *ev)
{
    uint32_t cp;
    const char *v = (const char *)ev->data.scalar.value;
    if (text_value_control(v, ev->data.scalar.length, &cp) == ev->data.scalar.length)
        return true;
    int line = (int)ev->start_mark.line + 1, col = (int)ev->start_mark.column + 1;
    size_t at = b->len, n = 0;
    if (ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
        at = text_escape_control(b->data, b->len, text_offset(b->data, b->len, line, col), &n);
    if (at == b->len) {
        diag_add(b->diags, b->name, line, col,
                 "control character U+%04X is not allowed in lessons (tabs and newlines are)",
                 (unsigned)cp);
        return false;
    }
    text_position(b->data, b->len, at, &line, &col);
    diag_add(b->diags, b->name, line, col,
             "the escape %.*s makes control character U+%04X, which lessons may not hold "
             "(tabs and newlines are allowed)",
             (int)n, (const char *)b->data + at, (unsigned)cp);
    return false;
}

static bool on_scalar(Builder *b, const yaml_event_t *ev)
{
    if (!refuse_extras(b, ev, ev->data.scalar.anchor, ev->data.scalar.tag) ||
        !refuse_controls(b, ev))
        return false;
    YNode *n = node_new(YNODE_SCALAR, ev->start_mark);
    n->len = ev->data.scalar.length;
    n->value = xmalloc(n->len + 1);
    memcpy(n->value, ev->data.scalar.value, n->len);
    n->value[n->len] = '\0';
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    n->single_line = ev->start_mark.line == ev->end_mark.line &&
                     (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
                      ev->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
                      ev->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
    return attach(b, n, ev->start_mark);
}

static bool on_open(Builder *b, const yaml_event_t *ev, YNodeKind kind)
{
    const yaml_char_t *anchor = kind == YNODE_MAP ? ev->data.mapping_start.anchor
                                                  : ev->data.sequence_start.anchor;
    const yaml_char_t *tag = kind == YNODE_MAP ? ev->data.mapping_start.tag
                                               : ev->data.sequence_start.tag;
    if (!refuse_extras(b, ev, anchor, tag))
        return false;
    if (b->depth >= YTREE_MAX_DEPTH) {
        char *msg = xasprintf("nesting deeper than %d levels; lessons are shallow", YTREE_MAX_DEPTH);
        fail_at(b, ev->start_mark, msg);
        free(msg);
        return false;
    }
    YNode *n = node_new(kind, ev->start_mark);
    if (!attach(b, n, ev->start_mark))
        return false;
    b->stack[b->depth++] = n;
    return true;
}

/* libyaml's own words, located, with a plainer message for the commonest
 * mistake: a tab where YAML wants spaces. */
static void report_parser_error(Builder *b, const yaml_parser_t *p)
{
    int line, col;
    if (p->error == YAML_READER_ERROR) {
        text_position(b->data, b->len, p->problem_offset, &line, &col);
        diag_add(b->diags, b->name, line, col, "%s", p->problem ? p->problem : "unreadable text");
        return;
    }
    if (p->error == YAML_MEMORY_ERROR) {
        diag_add(b->diags, b->name, 1, 1, "out of memory while reading YAML");
        return;
    }
    line = (int)p->problem_mark.line + 1;
    col = (int)p->problem_mark.column + 1;
    size_t off = text_offset(b->data, b->len, line, col);
    if (off < b->len && b->data[off] == '\t') {
        diag_add(b->diags, b->name, line, col,
                 "tab character in indentation; YAML indents with spaces only");
        return;
    }
    const char *problem = p->problem ? p->problem : "YAML syntax error";
    if (p->context)
        diag_add(b->diags, b->name, line, col, "%s (%s at line %d)", problem, p->context,
                 (int)p->context_mark.line + 1);
    else
        diag_add(b->diags, b->name, line, col, "%s", problem);
}

static bool on_event(Builder *b, const yaml_event_t *ev, int *docs)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++*docs > 1) {
            fail_at(b, ev->start_mark,
                    "a second YAML document ('---'); a lesson file holds exactly one");
            return false;
        }
        return true;
    case YAML_ALIAS_EVENT: {
        char *msg = xasprintf("aliases (*%.40s) are not allowed in lessons; write the text out",
                              ev->data.alias.anchor);
        fail_at(b, ev->start_mark, msg);
        free(msg);
        return false;
    }
    case YAML_SCALAR_EVENT:
        return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT:
        return on_open(b, ev, YNODE_SEQ);
    case YAML_MAPPING_START_EVENT:
        return on_open(b, ev, YNODE_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0)
            b->depth--;
        return true;
    default:
        return true;
    }
}

YNode *ytree_parse(const char *name, const unsigned char *data, size_t len, DiagList *diags,
                   bool *empty)
{
    Builder b = {.name = name, .data = data, .len = len, .diags = diags};
    *empty = false;
    if (!text_check(name, data, len, diags))
        return NULL;

    yaml_parser_t p;
    if (!yaml_parser_initialize(&p)) {
        diag_add(diags, name, 1, 1, "out of memory while reading YAML");
        return NULL;
    }
    /* The encoding is left to libyaml so that it skips a UTF-8 byte order
     * mark; text_check has already refused anything but UTF-8. */
    yaml_parser_set_input_string(&p, data, len);
    bool ok = true;
    int docs = 0;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&p, &ev)) {
            report_parser_error(&b, &p);
            ok = false;
            break;
        }
        bool done = ev.type == YAML_STREAM_END_EVENT;
        ok = on_event(&b, &ev, &docs);
        yaml_event_delete(&ev);
        if (!ok || done)
            break;
    }
    yaml_parser_delete(&p);
    if (!ok) {
        ytree_free(b.root);
        return NULL;
    }
    *empty = docs == 0;
    return b.root;
}

bool ynode_is_null(const YNode *n)
{
    if (!n)
        return true;
    if (n->kind != YNODE_SCALAR || !n->plain)
        return false;
    return n->len == 0 || strcmp(n->value, "~") == 0 || strcmp(n->value, "null") == 0 ||
           strcmp(n->value, "Null") == 0 || strcmp(n->value, "NULL") == 0;
}

const char *ynode_kind_name(const YNode *n)
{
    if (!n || ynode_is_null(n))
        return "nothing";
    switch (n->kind) {
    case YNODE_MAP:
        return "a mapping";
    case YNODE_SEQ:
        return "a list";
    default:
        return "a string";
    }
}
