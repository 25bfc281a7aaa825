/* util/rect: a rectangle of terminal cells, the one type every part of the
 * UI (the walker's layout, its screens, the live panes) places things in. */
#ifndef CORELAB_UTIL_RECT_H
#define CORELAB_UTIL_RECT_H

/* Rows y..y+h-1, columns x..x+w-1; empty when h or w is 0. */
typedef struct {
    int y, x, h, w;
} Rect;

#endif
