/* `c` on the job's page: the screen steps aside (curses' shell mode), the
 * connection lines are printed plainly, each whole on its own line
 * however long the node's name, so that a terminal's selection copies them
 * as they are; the on-campus URL also goes to the clipboard by OSC 52
 * where the terminal's terminfo says it takes it (Ms). Enter brings the
 * screen back. */
#include "ui/jupyter/jupyter_int.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>

static void base64(StrBuf *sb, const char *s, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i += 3) {
        unsigned v = (unsigned char)s[i] << 16;
        if (i + 1 < n)
            v |= (unsigned char)s[i + 1] << 8;
        if (i + 2 < n)
            v |= (unsigned char)s[i + 2];
        strbuf_addc(sb, abc[(v >> 18) & 63]);
        strbuf_addc(sb, abc[(v >> 12) & 63]);
        strbuf_addc(sb, i + 1 < n ? abc[(v >> 6) & 63] : '=');
        strbuf_addc(sb, i + 2 < n ? abc[v & 63] : '=');
    }
}

/* The clipboard, by the terminal's own Ms string; false where it has none. */
static bool to_clipboard(const char *text, size_t n)
{
    char *ms = tigetstr("Ms");
    if (!ms || ms == (char *)-1)
        return false;
    StrBuf b64;
    strbuf_init(&b64);
    strbuf_adds(&b64, "");
    base64(&b64, text, n);
    char *seq = tiparm(ms, "c", b64.data);
    if (seq)
        fputs(seq, stdout);
    strbuf_free(&b64);
    return seq != NULL;
}

/* Until Enter (or the terminal goes, or a signal comes). */
static void wait_for_enter(void)
{
    for (;;) {
        struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
        int rc = poll(&p, 1, -1);
        if (rc < 0 && errno == EINTR)
            return; /* the loop's signal pipe has it: quit, resize */
        char c;
        if (rc < 0 || (p.revents & (POLLHUP | POLLERR)) || read(STDIN_FILENO, &c, 1) != 1 || c == '\n' || c == '\r')
            return;
    }
}

void jupyter_copy_lines(JupyterScreen *s, App *app)
{
    JupyterConn c = {.host = s->conn.host, .port = s->conn.port, .path = s->conn.path};
    const char *token = s->conn.token[0] ? s->conn.token : "(token file missing)";
    StrBuf text, plain;
    strbuf_init(&text);
    strbuf_init(&plain);
    jupyter_connection_text(&text, &s->js, &c, token);
    jupyter_connection_plain(&plain, &s->js, &c, token);
    def_prog_mode();
    endwin();
    printf("\n\nJupyter job %s on %s, port %d: the lines whole, to copy.\n\n%s", s->jobid, c.host, c.port,
           text.data);
    bool clip = to_clipboard(plain.data, strcspn(plain.data, "\n"));
    printf("\n%sPress Enter to go back to corelab.",
           clip ? "The on-campus URL is on your clipboard too, if your terminal allows it.\n" : "");
    fflush(stdout);
    wait_for_enter();
    reset_prog_mode();
    clearok(curscr, TRUE); /* what was printed is not what curses last drew */
    app_redraw_all(app);
    strbuf_free(&plain);
    strbuf_free(&text);
}
