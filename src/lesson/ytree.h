/* lesson/ytree: a small YAML document tree built from libyaml's event API,
 * with the limits a lesson needs (nesting depth, node count, no anchors,
 * aliases or tags). Internal to lesson/: the schema walks this tree. */
#ifndef CORELAB_LESSON_YTREE_H
#define CORELAB_LESSON_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"

#define YTREE_MAX_DEPTH 32
#define YTREE_MAX_NODES 200000

typedef enum { YNODE_SCALAR, YNODE_SEQ, YNODE_MAP } YNodeKind;

typedef struct YNode YNode;
struct YNode {
    YNodeKind kind;
    int line, col;      /* 1-based, where the node starts */
    /* scalar */
    char *value;        /* NUL-terminated; may hold NULs before len */
    size_t len;
    bool plain;         /* unquoted: may be a number, bool or null */
    bool single_line;   /* the scalar's text lies on its first line */
    /* sequence: items[0..n); mapping: keys at items[i], values at
     * items[i+1] for even i (n is twice the number of pairs) */
    YNode **items;
    size_t n;
    size_t cap;
};

/* Parse data (len bytes) into a tree. On any error adds one located
 * diagnostic for name and returns NULL; an empty stream returns NULL too,
 * with *empty set. */
YNode *ytree_parse(const char *name, const unsigned char *data, size_t len,
                   DiagList *diags, bool *empty);
void ytree_free(YNode *n);

/* Scalar helpers. */
bool ynode_is_null(const YNode *n);
const char *ynode_kind_name(const YNode *n); /* "a mapping", "a list", "a string", ... */

#endif
