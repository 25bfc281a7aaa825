/* ui/style: roles to attributes. In colour each role may get a colour pair;
 * in monochrome bold, underline, reverse and dim carry the same meaning, so
 * that nothing depends on colour alone. */
#include "ui/ui_internal.h"

/* Colour pairs 1..31 belong to the walker (ui/caps.h). */
enum {
    WPAIR_TITLE = 1,
    WPAIR_CODE,
    WPAIR_KEYWORD,
    WPAIR_STRING,
    WPAIR_COMMENT,
    WPAIR_NUMBER,
    WPAIR_CORRECT,
    WPAIR_WRONG,
    WPAIR_HINT,
    WPAIR_STATUS,
    WPAIR_BORDER,
    WPAIR_KEY,
};

void style_init(const UiCaps *caps)
{
    if (!caps->color)
        return;
    start_color();
    use_default_colors();
    init_pair(WPAIR_TITLE, COLOR_YELLOW, -1);
    init_pair(WPAIR_CODE, COLOR_CYAN, -1);
    init_pair(WPAIR_KEYWORD, COLOR_MAGENTA, -1);
    init_pair(WPAIR_STRING, COLOR_GREEN, -1);
    init_pair(WPAIR_COMMENT, COLOR_BLUE, -1);
    init_pair(WPAIR_NUMBER, COLOR_RED, -1);
    init_pair(WPAIR_CORRECT, COLOR_GREEN, -1);
    init_pair(WPAIR_WRONG, COLOR_RED, -1);
    init_pair(WPAIR_HINT, COLOR_YELLOW, -1);
    init_pair(WPAIR_STATUS, COLOR_BLACK, COLOR_CYAN);
    init_pair(WPAIR_BORDER, COLOR_BLUE, -1);
    init_pair(WPAIR_KEY, COLOR_CYAN, -1);
}

static attr_t mono_attr(Role role)
{
    switch (role) {
    case ROLE_TITLE: return A_BOLD | A_UNDERLINE;
    case ROLE_HEADING: return A_BOLD;
    case ROLE_BOLD: return A_BOLD;
    case ROLE_EMPH: return A_UNDERLINE;
    case ROLE_CODE: return A_NORMAL;
    case ROLE_KEYWORD: return A_BOLD;
    case ROLE_STRING: return A_NORMAL;
    case ROLE_COMMENT: return A_DIM;
    case ROLE_NUMBER: return A_NORMAL;
    case ROLE_CORRECT: return A_BOLD;
    case ROLE_WRONG: return A_BOLD;
    case ROLE_HINT: return A_UNDERLINE;
    case ROLE_DIM: return A_DIM;
    case ROLE_SELECTED: return A_REVERSE;
    case ROLE_STATUS: return A_REVERSE;
    case ROLE_BORDER: return A_NORMAL;
    case ROLE_KEY: return A_BOLD;
    case ROLE_INLINE_CODE: return A_BOLD; /* without colour it would read as plain text */
    case ROLE_MATCH: return A_REVERSE | A_BOLD;
    default: return A_NORMAL;
    }
}

attr_t style_attr(const UiCaps *caps, Role role)
{
    attr_t a = mono_attr(role);
    if (!caps->color)
        return a;
    switch (role) {
    case ROLE_TITLE: return A_BOLD | COLOR_PAIR(WPAIR_TITLE);
    case ROLE_HEADING: return A_BOLD | COLOR_PAIR(WPAIR_TITLE);
    case ROLE_CODE: return COLOR_PAIR(WPAIR_CODE);
    case ROLE_INLINE_CODE: return COLOR_PAIR(WPAIR_CODE);
    case ROLE_KEYWORD: return A_BOLD | COLOR_PAIR(WPAIR_KEYWORD);
    case ROLE_STRING: return COLOR_PAIR(WPAIR_STRING);
    case ROLE_COMMENT: return COLOR_PAIR(WPAIR_COMMENT);
    case ROLE_NUMBER: return COLOR_PAIR(WPAIR_NUMBER);
    case ROLE_CORRECT: return A_BOLD | COLOR_PAIR(WPAIR_CORRECT);
    case ROLE_WRONG: return A_BOLD | COLOR_PAIR(WPAIR_WRONG);
    case ROLE_HINT: return COLOR_PAIR(WPAIR_HINT);
    case ROLE_STATUS: return COLOR_PAIR(WPAIR_STATUS);
    case ROLE_BORDER: return COLOR_PAIR(WPAIR_BORDER);
    case ROLE_KEY: return A_BOLD | COLOR_PAIR(WPAIR_KEY);
    default: return a;
    }
}
