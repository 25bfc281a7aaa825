/* ui/screens: the screens over the lesson (help, the lesson index, search
 * results, the Jupyter screen), a short stack so that help can open over
 * any of them and close back to it. The one on top is drawn and takes the
 * keys; every open one is polled and ticked, and so is the Jupyter screen
 * while closed: it follows its job from every screen. */
#include "ui/ui_internal.h"

void app_open_screen(App *app, const UiScreen *s, void *ctx)
{
    if (app->n_screens == UI_MAX_SCREENS)
        app->n_screens--;
    app->screens[app->n_screens++] = (OpenScreen){s, ctx};
    app->dirty |= DIRTY_ALL;
}

void app_close_screen(App *app)
{
    if (app->n_screens > 0)
        app->n_screens--;
    app->dirty |= DIRTY_ALL;
}

void app_close_screens(App *app)
{
    app->n_screens = 0;
    app->dirty |= DIRTY_ALL;
}

const UiScreen *app_top_screen(const App *app, void **ctx)
{
    if (app->n_screens == 0) {
        if (ctx)
            *ctx = NULL;
        return NULL;
    }
    const OpenScreen *o = &app->screens[app->n_screens - 1];
    if (ctx)
        *ctx = o->ctx;
    return o->screen;
}

bool ui_key_close(void *ctx, int key)
{
    (void)key;
    app_close_screen(((UiKeyCtx *)ctx)->app);
    return true;
}

/* The first action of the screen's sections that uses the key. */
static bool dispatch(const UiScreen *s, UiKeyCtx *k, int key)
{
    for (const KeySection *sec = s->keys; sec && sec->keys; sec++)
        if (keys_dispatch(sec->keys, k, key))
            return true;
    return false;
}

void screen_key(App *app, int key)
{
    void *ctx;
    const UiScreen *s = app_top_screen(app, &ctx);
    UiKeyCtx k = {app, ctx};
    int before = app->n_screens;
    bool used = (s->take_key && s->take_key(ctx, app, key)) || dispatch(s, &k, key);
    if (!used)
        used = keys_dispatch(app_keys_every_screen, app, key);
    /* The screen changed, or its own state did. */
    if (used && app->n_screens == before && app_top_screen(app, NULL) == s)
        app->dirty |= DIRTY_SCREEN;
}

/* The screens polled and ticked: the open ones, and the config's Jupyter
 * screen when it is not among them (one with a status bar segment). */
static int followed(const App *app, OpenScreen *out)
{
    int n = 0;
    bool jupyter_open = false;
    for (int i = 0; i < app->n_screens; i++) {
        out[n++] = app->screens[i];
        jupyter_open |= app->screens[i].screen == app->cfg.jupyter;
    }
    if (app->cfg.jupyter && app->cfg.jupyter->status_text && !jupyter_open)
        out[n++] = (OpenScreen){app->cfg.jupyter, app->cfg.jupyter_ctx};
    return n;
}

int screens_pollfds(App *app, struct pollfd *fds, int max, ScreensPolled *sp)
{
    int n = 0;
    sp->n = followed(app, sp->open);
    for (int i = 0; i < sp->n; i++) {
        const OpenScreen *o = &sp->open[i];
        sp->count[i] = o->screen->pollfds ? o->screen->pollfds(o->ctx, fds + n, max - n) : 0;
        n += sp->count[i];
    }
    return n;
}

static bool still_open(const App *app, const OpenScreen *o)
{
    OpenScreen now[UI_MAX_SCREENS + 1];
    int n = followed(app, now);
    for (int i = 0; i < n; i++)
        if (now[i].screen == o->screen && now[i].ctx == o->ctx)
            return true;
    return false;
}

void screens_on_poll(App *app, const struct pollfd *fds, const ScreensPolled *sp)
{
    int at = 0;
    for (int i = 0; i < sp->n; i++) {
        const OpenScreen *o = &sp->open[i];
        /* keys read since the poll may have closed it */
        if (sp->count[i] > 0 && o->screen->on_poll && still_open(app, o) &&
            o->screen->on_poll(o->ctx, app, fds + at, sp->count[i]))
            app->dirty |= DIRTY_SCREEN;
        at += sp->count[i];
    }
}

double screens_wake_in(App *app, double now)
{
    double t = -1;
    OpenScreen all[UI_MAX_SCREENS + 1];
    int n = followed(app, all);
    for (int i = 0; i < n; i++) {
        const OpenScreen *o = &all[i];
        double w = o->screen->wake_in ? o->screen->wake_in(o->ctx, now) : -1;
        if (w >= 0 && (t < 0 || w < t))
            t = w;
    }
    return t;
}

void screens_tick(App *app, double now)
{
    OpenScreen all[UI_MAX_SCREENS + 1];
    int n = followed(app, all);
    for (int i = 0; i < n; i++) {
        const OpenScreen *o = &all[i];
        if (o->screen->tick && o->screen->tick(o->ctx, app, now))
            app->dirty |= DIRTY_SCREEN;
    }
}
