/* Reaching the session: a TCP check from here, and the lines a user copies
 * (on campus: the node's URL; off campus: an ssh tunnel, then localhost). */
#include "cluster/cluster.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static bool connect_one(const struct addrinfo *ai, double timeout_s)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0)
        return false;
    bool ok = false;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
        ok = true;
    } else if (errno == EINPROGRESS) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        if (poll(&p, 1, (int)(timeout_s * 1000)) == 1) {
            int e = 0;
            socklen_t l = sizeof e;
            ok = getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) == 0 && e == 0;
        }
    }
    close(fd);
    return ok;
}

bool cluster_port_open(const char *host, int port, double timeout_s)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC};
    struct addrinfo *res = NULL;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    if (getaddrinfo(host, service, &hints, &res) != 0)
        return false;
    bool ok = false;
    for (struct addrinfo *ai = res; ai && !ok; ai = ai->ai_next)
        ok = connect_one(ai, timeout_s);
    freeaddrinfo(res);
    return ok;
}

static char *login_host(const JupyterSession *js)
{
    if (js->cfg.login_host[0])
        return xstrdup(js->cfg.login_host);
    char name[256];
    if (gethostname(name, sizeof name) < 0)
        return xstrdup("LOGIN-NODE");
    name[sizeof name - 1] = '\0';
    return xstrdup(name);
}

void jupyter_connection_text(StrBuf *sb, const JupyterSession *js, const char *host, int port,
                             const char *path, const char *token)
{
    char *login = login_host(js);
    char *user = current_user_name();
    /* login_host may already say who: "alice@login.example.edu" */
    char *target = strchr(login, '@') ? xstrdup(login) : xasprintf("%s@%s", user, login);
    strbuf_addf(sb, "On campus (or on the VPN), open:\n"
                    "    http://%s:%d/%s?token=%s\n",
                host, port, path, token);
    strbuf_addf(sb, "Off campus, first run this on your own computer (and leave it running):\n"
                    "    ssh -N -L %d:%s:%d %s\n"
                    "then open:\n"
                    "    http://localhost:%d/%s?token=%s\n",
                port, host, port, target, port, path, token);
    free(target);
    free(user);
    free(login);
}

void jupyter_stop_hint(StrBuf *sb, const JupyterSession *js, const char *jobid)
{
    strbuf_addf(sb, "The job keeps running (and using your allocation) when you leave corelab.\n"
                    "Stop it with: corelab jupyter stop %s   (or: %s %s)\n",
                jobid, js->sched->cancel_prog, jobid);
}
