/* util/term_safe: text that corelab did not write (file names, lesson and
 * config values, job logs) made safe to print on a terminal. A terminal
 * acts on control characters: ESC or the C1 CSI (U+009B) starts a sequence
 * that can clear the screen, retitle the window or move the cursor, and a
 * newline or carriage return can forge a line of corelab's own. */
#ifndef CORELAB_UTIL_TERM_SAFE_H
#define CORELAB_UTIL_TERM_SAFE_H

#include <stddef.h>

#include "util/util.h"

/* Flags for term_safe_add. */
enum {
    TERM_SAFE_KEEP_TAB = 1,     /* a tab stays a tab (log lines), not "\t" */
    TERM_SAFE_KEEP_NEWLINE = 2, /* text of several lines (a tool's message) */
};

/* Appends s[0..n) to sb with every control character written as a visible
 * escape: "\n", "\t", "\r", other C0 characters and DEL as "\x1b", C1
 * characters (U+0080..U+009F) as "\u009b", and each byte that is not part
 * of well-formed UTF-8 as "\xff". Everything else, non-ASCII included, is
 * copied unchanged. NUL bytes inside n are escaped too. */
void term_safe_add(StrBuf *sb, const char *s, size_t n, unsigned flags);

/* term_safe_add of a whole string into a new one line string (caller
 * frees). NULL gives "". */
char *term_safe(const char *s);

/* Whether s[0..n) would come out of term_safe_add unchanged. */
bool term_safe_is_clean(const char *s, size_t n, unsigned flags);

#endif
