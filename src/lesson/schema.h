/* lesson/schema: the lesson schema. Walks a YNode tree, reports every
 * problem it finds (it does not stop at the first) and fills a Lesson.
 * Internal to lesson/; lessons/README.md documents the schema for authors. */
#ifndef CORELAB_LESSON_SCHEMA_H
#define CORELAB_LESSON_SCHEMA_H

#include "lesson/lesson.h"
#include "lesson/ytree.h"

/* Fills l (already zeroed, path and dir set) from root. base_dir: where
 * `run` files must exist (NULL: do not check). Returns the number of
 * problems added to diags. */
size_t schema_lesson(const YNode *root, Lesson *l, const char *name, const char *base_dir,
                     DiagList *diags);

#endif
