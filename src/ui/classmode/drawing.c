/* ui/classmode/drawing: the class screens' lines and colours. Plain ASCII
 * text only, so the roster and the answers read the same under --ascii and
 * LANG=C. */
#include "ui/classmode/classmode_int.h"

#include <stdio.h>
#include <string.h>

void classmode_line(WINDOW *win, int y, int x, int w, attr_t attr, const char *text)
{
    wattrset(win, A_NORMAL);
    mvwhline(win, y, x, ' ', w);
    wattrset(win, attr);
    mvwaddnstr(win, y, x, text, w);
    wattrset(win, A_NORMAL);
}

void classmode_init_pairs(bool color)
{
    static const short fg[] = {COLOR_RED, COLOR_GREEN, COLOR_CYAN, COLOR_YELLOW};
    if (!color)
        return;
    for (int i = 0; i < (int)(sizeof fg / sizeof fg[0]); i++)
        init_pair((short)(CLASS_PAIR_HELP + i), fg[i], -1);
}

attr_t classmode_attr(bool color, int pair, attr_t mono)
{
    return color ? (attr_t)COLOR_PAIR(pair) | mono : mono;
}

int classmode_scroll_key(int scroll, int key)
{
    scroll += key == KEY_UP ? -1 : key == KEY_DOWN ? 1 : key == KEY_PPAGE ? -10 : 10;
    return scroll < 0 ? 0 : scroll; /* the draw keeps it within the text */
}

int classmode_scroll_clamp(int scroll, int total, int rows)
{
    if (scroll > total - rows)
        scroll = total - rows > 0 ? total - rows : 0;
    return scroll;
}

void classmode_keys_foot(WINDOW *win, int y, int x, int w, const KeyBinding *keys, bool more_below)
{
    char foot[160] = " ";
    keys_hints(keys, "  ", foot, sizeof foot);
    if (more_below)
        snprintf(foot + strlen(foot), sizeof foot - strlen(foot), "  (more below)");
    classmode_line(win, y, x, w, A_DIM, foot);
}
