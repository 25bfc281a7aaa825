/* practice/capture: a check's output, bounded. The first CHECK_KEEP_HEAD
 * bytes and the last CHECK_KEEP_TAIL are kept (a traceback comes last),
 * with a line that says what was cut between them. Internal to practice/. */
#ifndef CORELAB_PRACTICE_CAPTURE_H
#define CORELAB_PRACTICE_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "util/util.h"

typedef struct {
    StrBuf head;
    char *tail;        /* a ring of CHECK_KEEP_TAIL bytes */
    size_t tail_len;   /* bytes in the ring */
    size_t tail_at;    /* where the next byte goes */
    size_t total;      /* bytes printed in all */
    const char *needle;/* text to look for in the whole stream; NULL: none */
    char *carry;       /* the stream's last strlen(needle) - 1 bytes, for a */
    size_t carry_len;  /*   needle that straddles two reads */
    char *joint;       /* room for carry and as much of the next read */
    bool found;
    StrBuf view;       /* head, note and tail, made on demand */
    bool view_valid;
} Capture;

/* needle (may be NULL; kept, not copied) is looked for in everything
 * printed, the cut part included. */
void capture_init(Capture *c, const char *needle);
void capture_free(Capture *c);
void capture_add(Capture *c, const char *data, size_t len);
const char *capture_text(Capture *c, size_t *len);

#endif
