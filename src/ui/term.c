/* ui/term: opening and restoring the terminal, and signals.
 *
 * Global state, and why: a signal handler can reach nothing else.
 *  - sig_write_fd: the write end of the self-pipe; SIGINT, SIGTERM, SIGHUP
 *    and SIGWINCH handlers only write their number to it, the loop does the
 *    rest (save, kill the panel's child, endwin).
 *  - restore_seq / saved_tio: what a fatal-signal handler (SIGSEGV, SIGABRT,
 *    ...) writes and sets with async-signal-safe calls so that even a crash
 *    leaves a usable shell behind; prepared once the terminal is open.
 *  - term_is_open: for the atexit() hook, so that exit() from anywhere
 *    restores the terminal too; screen: the ncurses screen it closes.
 *  - stdout_flags: the terminal's file flags from before a hang-up made it
 *    non-blocking, put back when the terminal is closed. */
#include "ui/ui_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t sig_write_fd = -1;
static int sig_read_fd = -1;
static char restore_seq[256];
static size_t restore_len;
static struct termios saved_tio;
static bool saved_tio_ok;
static bool term_is_open;
static SCREEN *screen;
static int stdout_flags = -1; /* saved by term_hangup, restored by term_close */

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define UI_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define UI_SANITIZED 1
#endif
#endif

bool term_locale_is_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static void add_cap(const char *name)
{
    char *s = tigetstr(name);
    if (!s || s == (char *)-1)
        return;
    size_t n = strlen(s);
    if (restore_len + n < sizeof restore_seq) {
        memcpy(restore_seq + restore_len, s, n);
        restore_len += n;
    }
}

static void fatal_handler(int sig)
{
    if (restore_len)
        (void)!write(STDOUT_FILENO, restore_seq, restore_len);
    if (saved_tio_ok)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_fatal_handlers(void)
{
    static const int sigs[] = {SIGABRT,
#ifndef UI_SANITIZED
                               SIGSEGV, SIGBUS, SIGFPE, SIGILL,
#endif
    };
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fatal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

/* Home and End as other terminals (and tmux, whatever TERM says) send them,
 * so that they work even when terminfo names another sequence. */
static void define_extra_keys(void)
{
    static const struct {
        const char *seq;
        int key;
    } extra[] = {
        {"\033[1~", KEY_HOME}, {"\033[7~", KEY_HOME}, {"\033[H", KEY_HOME}, {"\033OH", KEY_HOME},
        {"\033[4~", KEY_END},  {"\033[8~", KEY_END},  {"\033[F", KEY_END},  {"\033OF", KEY_END},
    };
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (key_defined(extra[i].seq) == 0)
            define_key(extra[i].seq, extra[i].key);
}

static void atexit_restore(void) { term_close(); }

const char *term_open(UiCaps *caps, bool want_ascii, bool no_color)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return "needs a terminal (standard input and output must be a tty)";
    saved_tio_ok = tcgetattr(STDIN_FILENO, &saved_tio) == 0;
    screen = newterm(NULL, stdout, stdin);
    if (!screen)
        return "cannot use this terminal (is TERM set to a known terminal type?)";
    set_term(screen);
    char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) { /* e.g. TERM=dumb: nothing sensible to draw */
        endwin();
        delscreen(screen);
        screen = NULL;
        if (saved_tio_ok)
            tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
        return "this terminal cannot move the cursor (TERM is dumb or unknown); try TERM=xterm";
    }
    static bool atexit_done;
    if (!atexit_done) {
        atexit(atexit_restore);
        atexit_done = true;
    }
    term_is_open = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    define_extra_keys();
    curs_set(0);
    const char *nc = getenv("NO_COLOR");
    caps->ascii = want_ascii || !term_locale_is_utf8();
    caps->color = !no_color && !(nc && *nc) && has_colors();
    style_init(caps);
    restore_len = 0;
    add_cap("sgr0");
    add_cap("cnorm");
    add_cap("rmkx");
    add_cap("rmcup");
    install_fatal_handlers();
    return NULL;
}

void term_close(void)
{
    if (!term_is_open)
        return;
    term_is_open = false;
    endwin();
    if (screen) {
        delscreen(screen);
        screen = NULL;
    }
    if (saved_tio_ok)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    if (stdout_flags >= 0) {
        fcntl(STDOUT_FILENO, F_SETFL, stdout_flags);
        stdout_flags = -1;
    }
}

static void sig_handler(int sig)
{
    int saved = errno;
    int fd = sig_write_fd;
    if (fd >= 0) {
        unsigned char b = (unsigned char)sig;
        (void)!write(fd, &b, 1);
    }
    errno = saved;
}

static const int loop_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGWINCH};

int term_signals_install(void)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
        return -1;
    sig_read_fd = fds[0];
    sig_write_fd = fds[1];
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = sig_handler;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof loop_signals / sizeof loop_signals[0]; i++)
        sigaction(loop_signals[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    return sig_read_fd;
}

void term_signals_remove(void)
{
    for (size_t i = 0; i < sizeof loop_signals / sizeof loop_signals[0]; i++)
        signal(loop_signals[i], SIG_DFL);
    int w = sig_write_fd;
    sig_write_fd = -1;
    if (w >= 0)
        close(w);
    if (sig_read_fd >= 0)
        close(sig_read_fd);
    sig_read_fd = -1;
}

int term_signals_read(int fd, bool *winch)
{
    int first = 0;
    unsigned char buf[64];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; i++) {
            if (buf[i] == SIGWINCH)
                *winch = true;
            else if (!first)
                first = buf[i];
        }
    }
    return first;
}

void term_hangup(void)
{
    /* Whatever is left to write must not block on a connection that is
     * gone; and if something still hangs, end anyway after a while. */
    int fl = fcntl(STDOUT_FILENO, F_GETFL);
    if (fl >= 0 && fcntl(STDOUT_FILENO, F_SETFL, fl | O_NONBLOCK) == 0)
        stdout_flags = fl; /* the terminal may be shared with a shell: put it back */
    signal(SIGALRM, SIG_DFL);
    alarm(5);
}

void term_resize(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
        resizeterm(ws.ws_row, ws.ws_col);
}
