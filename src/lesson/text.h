/* lesson/text: checks on the raw bytes of a lesson, and positions in them.
 * Internal to lesson/. */
#ifndef CORELAB_LESSON_TEXT_H
#define CORELAB_LESSON_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "lesson/lesson.h"

/* Well-formed UTF-8 made only of the characters YAML allows. Adds one
 * located diagnostic at the first offending character and returns false. */
bool text_check(const char *name, const unsigned char *data, size_t len, DiagList *diags);

/* Line and column (1-based, counted in characters) of a byte offset. */
void text_position(const unsigned char *data, size_t len, size_t offset, int *line, int *col);
/* The byte offset of a 1-based line and character column, or len when
 * beyond the end. */
size_t text_offset(const unsigned char *data, size_t len, int line, int col);

#endif
