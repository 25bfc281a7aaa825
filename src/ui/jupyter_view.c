/* ui/jupyter_view: what `j` shows until the cluster code plugs its live
 * screen in (AppConfig.jupyter): how to start Jupyter from the shell. */
#include "ui/ui_internal.h"

static const char *const lines[] = {
    "Jupyter Lab on the cluster",
    "",
    "corelab starts Jupyter as a batch job on a compute node and tells you",
    "how to reach it from your laptop. From a shell on the login node:",
    "",
    "  corelab jupyter start     submit the job (Slurm or PBS) and wait for it",
    "  corelab jupyter status    queue state, node, time left, connection lines",
    "  corelab jupyter stop      end the job (asks first)",
    "  corelab jupyter script    print the job script it would submit",
    "",
    "`corelab jupyter start --help` lists the options (partition, cpus, time,",
    "module, account). This screen will follow the job live in a later version.",
};

static const KeyBinding info_keys[] = {
    {.keys = {27, 'q', 'j'}, .names = "Esc  q  j", .hint = "goes back to the lesson",
     .what = "back to the lesson", .run = ui_key_close},
    {.names = NULL},
};

KEY_SECTIONS_ONE(info_sections, "Jupyter page", info_keys);

static void info_draw(void *ctx, App *app, WINDOW *win, int y, int x, int h, int w)
{
    (void)ctx;
    const UiCaps *caps = app_caps(app);
    int n = (int)(sizeof lines / sizeof lines[0]);
    for (int i = 0; i < n && i + 1 < h - 1; i++)
        draw_text(win, y + 1 + i, x + 2, w - 4, lines[i],
                  style_attr(caps, i == 0 ? ROLE_TITLE : ROLE_NORMAL));
    char foot[128] = "";
    keys_hints(info_keys, ", ", foot, sizeof foot);
    draw_text(win, y + h - 1, x + 2, w - 4, foot, style_attr(caps, ROLE_DIM));
}

const UiScreen jupyter_info_screen = {
    .name = "jupyter",
    .keys = info_sections,
    .draw = info_draw,
};
