/* The child of a `run:` step: the step's command, split without a shell
 * and started in the lesson's folder with Python unbuffered; its output
 * lines go to the output pane and are looked at for `expect`.
 *
 * A step with `trace: true` runs `SELF trace --json -- COMMAND` instead
 * (through srun on a compute node when `n` is on, as demos do). corelab
 * trace writes its JSON records (samples, spans, the result) on its
 * standard output and sends the program's standard output and error to its
 * own standard error: so the child gets two pipes, the records going to the
 * stream reader like a demo's (the meters, the timeline, the trace pane)
 * and the program's output to the output pane, where `expect` is looked
 * for as in a plain run. */
#include "ui/panes/panel_state.h"
#include "util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define READ_BUDGET (256 * 1024)

extern char **environ;

void panel_run_line(void *ctx, const char *line, size_t len, bool cut)
{
    Panel *p = ctx;
    model_add_output(&p->model, line, len);
    (void)cut;
    const char *want = p->step->run->expect;
    if (want && *want && !p->expect_found && memmem(line, len, want, strlen(want)))
        p->expect_found = true;
}

void panel_explain_spawn_error(Panel *p, const char *prog, int err)
{
    const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    char msg[MODEL_MSG_LEN];
    if (err == ENOENT && strncmp(base, "python", 6) == 0)
        snprintf(msg, sizeof msg,
                 "%s was not found: this exercise needs Python 3 on your PATH "
                 "(on a cluster, load it first, e.g. `module load python`).", base);
    else if (err == ENOENT)
        snprintf(msg, sizeof msg, "%s was not found on your PATH, so this step cannot run.", base);
    else
        snprintf(msg, sizeof msg, "cannot start %s: %s", base, strerror(err));
    model_message(&p->model, "%s", msg);
    if (p->kind == KIND_RUN)
        model_add_output(&p->model, msg, strlen(msg));
}

/* Our environment plus PYTHONUNBUFFERED=1, so that a Python exercise's
 * prints reach the pane as they happen rather than when its pipe buffer
 * fills or it exits. The strings stay environ's; free only the array. */
static char **run_environment(void)
{
    size_t n = 0;
    bool has = false;
    for (char **e = environ; e && *e; e++, n++)
        has |= strncmp(*e, "PYTHONUNBUFFERED=", 17) == 0;
    char **env = xcalloc(n + 2, sizeof *env);
    memcpy(env, environ, n * sizeof *env);
    if (!has)
        env[n] = "PYTHONUNBUFFERED=1";
    return env;
}

/* `SELF trace --json -- COMMAND...` for cmd (taken over), wrapped by srun
 * when `n` is on. */
static char **traced_argv(Panel *p, char **cmd)
{
    size_t n = 0;
    while (cmd[n])
        n++;
    char **argv = xcalloc(n + 5, sizeof *argv);
    argv[0] = xstrdup(p->self_exe);
    argv[1] = xstrdup("trace");
    argv[2] = xstrdup("--json");
    argv[3] = xstrdup("--");
    memcpy(argv + 4, cmd, n * sizeof *cmd);
    free(cmd); /* its strings are argv's now */
    if (!p->node.on)
        return argv;
    char **wrapped = node_run_wrap(&p->node, argv);
    argv_free(argv);
    p->child_on_node = true;
    return wrapped;
}

int panel_run_spawn(Panel *p)
{
    char **argv = lesson_run_argv(p->step->run->command);
    if (!argv || !argv[0]) {
        model_message(&p->model, "this step's command is empty");
        argv_free(argv);
        return EINVAL;
    }
    if (p->traced)
        argv = traced_argv(p, argv);
    SpawnOpts o = spawn_opts_default();
    o.cwd = p->lesson ? p->lesson->dir : NULL;
    char **env = run_environment();
    o.env = env;
    int rc = p->traced ? spawn_child_split(argv, &o, &p->child, &p->err_fd) : spawn_child(argv, &o, &p->child);
    free(env);
    if (rc)
        panel_explain_spawn_error(p, argv[0], rc);
    argv_free(argv);
    return rc;
}

bool panel_run_read_output(Panel *p)
{
    if (p->err_fd < 0 || p->err_eof)
        return false;
    unsigned long before = p->model.out_total;
    LrStatus st = linereader_read(&p->err_lr, p->err_fd, READ_BUDGET, panel_run_line, p);
    if (st != LR_AGAIN) {
        linereader_finish(&p->err_lr, panel_run_line, p);
        p->err_eof = true;
    }
    return p->model.out_total != before || p->err_eof;
}

int panel_run_pollfd(const Panel *p, struct pollfd *fd)
{
    if (!p->traced || p->err_fd < 0 || p->err_eof)
        return 0;
    *fd = (struct pollfd){.fd = p->err_fd, .events = POLLIN};
    return 1;
}

void panel_run_close(Panel *p)
{
    if (p->err_fd >= 0)
        close(p->err_fd);
    p->err_fd = -1;
}

/* The first word of the step's command, as trace started it. */
static void command_word(const Panel *p, char *buf, size_t n)
{
    const char *c = p->step->run->command;
    c += strspn(c, " \t");
    snprintf(buf, n, "%.*s", (int)strcspn(c, " \t"), c);
}

void panel_run_ended(Panel *p, int status, double secs)
{
    const char *want = p->step->run->expect;
    p->passed = WIFEXITED(status) && WEXITSTATUS(status) == 0 && (!want || !*want || p->expect_found);
    /* corelab trace could not start the program: said as a plain run would */
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    if (p->traced && p->model.saw_error && (code == 127 || code == 126)) {
        char prog[128];
        command_word(p, prog, sizeof prog);
        panel_explain_spawn_error(p, prog, code == 127 ? ENOENT : EACCES);
    }
    char line[160];
    snprintf(line, sizeof line, "[%s after %.1f s]", describe_status(status), secs);
    model_add_output(&p->model, line, strlen(line));
}
