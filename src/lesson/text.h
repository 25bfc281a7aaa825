/* lesson/text: checks on the raw bytes of a lesson, and positions in them.
 * Internal to lesson/. */
#ifndef CORELAB_LESSON_TEXT_H
#define CORELAB_LESSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lesson/lesson.h"

/* Well-formed UTF-8 made only of the characters YAML allows. Adds one
 * located diagnostic at the first offending character and returns false. */
bool text_check(const char *name, const unsigned char *data, size_t len, DiagList *diags);

/* A value after YAML's escapes may still not hold a control character
 * other than tab and newline: C0, DEL and C1 (U+0080..U+009F) would reach
 * a terminal as commands ("\e[2J", "\x9b"). The byte offset of the first
 * one in value[0..len), or len when there is none; *cp gets it. */
size_t text_value_control(const char *value, size_t len, uint32_t *cp);
/* In the double-quoted scalar whose opening quote is at data[quote], the
 * byte offset of the first escape that makes such a character, or len
 * when there is none; *esc_len gets the escape's length in bytes. */
size_t text_escape_control(const unsigned char *data, size_t len, size_t quote, size_t *esc_len);

/* Line and column (1-based, counted in characters) of a byte offset. */
void text_position(const unsigned char *data, size_t len, size_t offset, int *line, int *col);
/* The byte offset of a 1-based line and character column, or len when
 * beyond the end. */
size_t text_offset(const unsigned char *data, size_t len, int line, int col);

#endif
