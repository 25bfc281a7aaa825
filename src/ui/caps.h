/* ui/caps: what the terminal can show, decided once at start-up. */
#ifndef CORELAB_UI_CAPS_H
#define CORELAB_UI_CAPS_H

#include <stdbool.h>

typedef struct {
    bool ascii;  /* --ascii, LANG=C or a non-UTF-8 locale: no braille, blocks or line glyphs */
    bool color;  /* has_colors() and no NO_COLOR / --no-color */
} UiCaps;

/* Colour pairs: 1-31 belong to the walker (ui/), 32-63 to the panes
 * (ui/panes/), 64-95 to the Jupyter screen, 96-127 to class mode. */
enum { UI_PAIR_PANES_BASE = 32, UI_PAIR_JUPYTER_BASE = 64, UI_PAIR_CLASS_BASE = 96 };

#endif
