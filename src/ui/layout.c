/* ui/layout: where the text, the panel, a mode's side pane and the status
 * bar go for a terminal of a given size. Pure arithmetic, no drawing. */
#include "ui/ui_internal.h"

#include <string.h>

void layout_compute(Layout *l, int rows, int cols, bool has_panel, int side_w)
{
    memset(l, 0, sizeof *l);
    l->rows = rows;
    l->cols = cols;
    l->too_small = rows < UI_MIN_ROWS || cols < UI_MIN_COLS;
    if (l->too_small)
        return;
    l->status = (Rect){rows - 1, 0, 1, cols};
    int main_h = rows - 1;
    int main_w = cols;
    /* A mode's side pane never takes the text below 60 columns. */
    if (side_w > 0) {
        if (side_w > cols - 61)
            side_w = cols - 61;
        if (side_w >= 16) {
            l->side = (Rect){0, cols - side_w, main_h, side_w};
            l->side_sep = (Rect){0, cols - side_w - 1, main_h, 1};
            main_w = cols - side_w - 1;
        }
    }
    l->has_panel = has_panel;
    if (!has_panel) {
        l->text = (Rect){0, 0, main_h, main_w};
        return;
    }
    if (main_w >= UI_SIDE_BY_SIDE_COLS) {
        /* Side by side: the text keeps a readable measure, the panel the rest. */
        int text_w = main_w * 45 / 100;
        if (text_w < 56)
            text_w = 56;
        l->panel_right = true;
        l->text = (Rect){0, 0, main_h, text_w};
        l->sep = (Rect){0, text_w, main_h, 1};
        l->panel = (Rect){0, text_w + 1, main_h, main_w - text_w - 1};
    } else {
        int text_h = main_h * 55 / 100;
        l->text = (Rect){0, 0, text_h, main_w};
        l->sep = (Rect){text_h, 0, 1, main_w};
        l->panel = (Rect){text_h + 1, 0, main_h - text_h - 1, main_w};
    }
}

void layout_zoom_panel(Layout *l)
{
    if (l->too_small || !l->has_panel)
        return;
    int main_w = l->side.w > 0 ? l->side_sep.x : l->cols;
    l->panel = (Rect){0, 0, l->rows - 1, main_w};
    l->text = (Rect){0, 0, 0, main_w};
    l->sep = (Rect){0, 0, 0, 0};
}
