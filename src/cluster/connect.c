/* Reaching the session: what the job wrote (host, port, Jupyter's server
 * file), whether the listener there is that Jupyter (its server file names
 * the port and our token, its API answers the token), and the lines a user
 * copies (on campus: the node's URL; off campus: an ssh tunnel, then
 * localhost). */
#include "cluster/session_int.h"

#include <errno.h>
#include <json-c/json.h>
#include <netdb.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- a TCP connection and one HTTP request ---- */

static int connect_one(const struct addrinfo *ai, double deadline)
{
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
    if (fd < 0)
        return -1;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
        return fd;
    if (errno == EINPROGRESS) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int ms = (int)((deadline - now_monotonic()) * 1000);
        int e = 0;
        socklen_t l = sizeof e;
        if (ms > 0 && poll(&p, 1, ms) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l) == 0 && e == 0)
            return fd;
    }
    close(fd);
    return -1;
}

/* A connected socket to host:port, or -1. */
static int connect_to(const char *host, int port, double deadline)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_family = AF_UNSPEC};
    struct addrinfo *res = NULL;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    if (getaddrinfo(host, service, &hints, &res) != 0)
        return -1;
    int fd = -1;
    for (struct addrinfo *ai = res; ai && fd < 0; ai = ai->ai_next)
        fd = connect_one(ai, deadline);
    freeaddrinfo(res);
    return fd;
}

bool cluster_port_open(const char *host, int port, double timeout_s)
{
    int fd = connect_to(host, port, now_monotonic() + timeout_s);
    if (fd >= 0)
        close(fd);
    return fd >= 0;
}

/* The status line's code ("HTTP/1.1 200 OK"), -1 when it is not HTTP. */
static int http_code(const char *head)
{
    if (strncmp(head, "HTTP/1.", 7) != 0 || !head[7] || head[8] != ' ')
        return -1;
    long code;
    char digits[4] = {head[9], head[10], head[11], '\0'};
    return parse_long(digits, 100, 599, &code) ? (int)code : -1;
}

int cluster_http_status(const char *host, int port, const char *path, const char *token, double timeout_s)
{
    double deadline = now_monotonic() + timeout_s;
    int fd = connect_to(host, port, deadline);
    if (fd < 0)
        return 0;
    char *req = xasprintf("GET %s HTTP/1.0\r\nHost: %s:%d\r\nAuthorization: token %s\r\n"
                          "Connection: close\r\n\r\n", path, host, port, token);
    int code = 0;
    char head[64];
    size_t got = 0;
    if (send(fd, req, strlen(req), MSG_NOSIGNAL) == (ssize_t)strlen(req)) {
        while (got < sizeof head - 1) {
            struct pollfd p = {.fd = fd, .events = POLLIN};
            int ms = (int)((deadline - now_monotonic()) * 1000);
            if (ms <= 0 || poll(&p, 1, ms) != 1)
                break;
            ssize_t n = recv(fd, head + got, sizeof head - 1 - got, 0);
            if (n <= 0)
                break;
            got += (size_t)n;
            head[got] = '\0';
            if (strchr(head, '\n'))
                break;
        }
        head[got] = '\0';
        /* something answered: what it said decides */
        code = got > 0 ? http_code(head) : 0;
    }
    free(req);
    close(fd);
    return code;
}

/* ---- what the job wrote ---- */

void jupyter_conn_free(JupyterConn *c)
{
    free(c->host);
    free(c->path);
    free(c->server_file);
    memset(c, 0, sizeof *c);
}

/* The node's name as the job wrote it: a host name, nothing else. */
static bool plain_host(const char *h)
{
    if (!h || !h[0] || strchr(h, '@'))
        return false;
    char *bad = cluster_check_host(h);
    bool ok = bad == NULL;
    free(bad);
    return ok;
}

static bool server_file_name(const char *f)
{
    size_t n = f ? strlen(f) : 0;
    size_t digits = n > 14 ? strspn(f + 9, "0123456789") : 0;
    return n > 14 && (strncmp(f, "jpserver-", 9) == 0 || strncmp(f, "nbserver-", 9) == 0) && digits > 0 &&
           strcmp(f + 9 + digits, ".json") == 0;
}

bool jupyter_conn_read(const JupyterSession *js, const char *jobid, JupyterConn *c)
{
    memset(c, 0, sizeof *c);
    char *text = key_file_read(jupyter_conn_path(js, jobid));
    if (!text)
        return false;
    char *port = key_value(text, "port");
    c->host = key_value(text, "host");
    c->path = key_value(text, "path");
    c->server_file = key_value(text, "server_file");
    free(text);
    long pv = 0;
    bool ok = plain_host(c->host) && port && parse_long(port, 1, 65535, &pv) && server_file_name(c->server_file) &&
              (!c->path || strspn(c->path, "abcdefghijklmnopqrstuvwxyz") == strlen(c->path));
    free(port);
    if (!ok) {
        jupyter_conn_free(c);
        return false;
    }
    if (!c->path)
        c->path = xstrdup(cluster_url_path(js->cfg.command));
    c->port = (int)pv;
    return true;
}

/* Jupyter's server file (in the job's own runtime directory) must name the
 * port the job checked and our token. NULL when it does, else why not.
 * *base: its base_url ("/" unless configured). */
static char *check_server_file(const JupyterSession *js, const char *jobid, const JupyterConn *c,
                               const char *token, char **base)
{
    char *dir = session_file(js, jobid, "runtime");
    char *path = path_join(dir, c->server_file);
    char *text = read_file_bounded(path, 65536, NULL, true);
    free(path);
    free(dir);
    json_object *o = text ? json_tokener_parse(text) : NULL;
    free(text);
    json_object *port = NULL, *tok = NULL, *url = NULL;
    char *why = NULL;
    if (!o || !json_object_is_type(o, json_type_object))
        why = xasprintf("Jupyter's server file %s cannot be read", c->server_file);
    else if (!json_object_object_get_ex(o, "port", &port) || json_object_get_int(port) != c->port)
        why = xasprintf("Jupyter's server file does not name port %d", c->port);
    else if (!json_object_object_get_ex(o, "token", &tok) || !token ||
             strcmp(json_object_get_string(tok), token) != 0)
        why = xstrdup("Jupyter's server file has another token than the job's");
    if (!why && json_object_object_get_ex(o, "base_url", &url) && json_object_is_type(url, json_type_string))
        *base = xstrdup(json_object_get_string(url));
    json_object_put(o);
    return why;
}

ConnCheck jupyter_conn_check(const JupyterSession *js, const char *jobid, double timeout_s, JupyterConn *c,
                             char **why)
{
    if (why)
        *why = NULL;
    if (!jupyter_conn_read(js, jobid, c))
        return CONN_NONE;
    char *token = jupyter_token_read(js, jobid);
    char *base = NULL;
    char *bad = check_server_file(js, jobid, c, token, &base);
    ConnCheck r = CONN_WRONG;
    if (!bad) {
        bool plain = !base || (base[0] == '/' && strspn(base + 1, "abcdefghijklmnopqrstuvwxyz0123456789/_-") == strlen(base + 1));
        char *api = xasprintf("%sapi/status", plain && base ? base : "/");
        int code = cluster_http_status(c->host, c->port, api, token, timeout_s);
        free(api);
        r = code == 200 ? CONN_VERIFIED : code == 0 ? CONN_UNREACHABLE : CONN_WRONG;
        if (r == CONN_WRONG)
            bad = xasprintf("%s:%d answers, but not as the job's Jupyter (HTTP %d)", c->host, c->port, code);
        if (plain && base && strcmp(base, "/") != 0) { /* a base_url of the user's Jupyter config */
            char *p = xasprintf("%s%s", base + 1, c->path);
            free(c->path);
            c->path = p;
        }
    }
    if (why)
        *why = bad;
    else
        free(bad);
    free(base);
    free(token);
    return r;
}

/* ---- the lines to copy ---- */

static char *login_target(const JupyterSession *js)
{
    char name[256];
    const char *login = js->cfg.login_host;
    if (!login[0]) {
        if (gethostname(name, sizeof name) < 0)
            snprintf(name, sizeof name, "LOGIN-NODE");
        name[sizeof name - 1] = '\0';
        login = name;
    }
    /* login_host may already say who: "alice@login.example.edu" */
    if (strchr(login, '@'))
        return xstrdup(login);
    char *user = current_user_name();
    char *t = xasprintf("%s@%s", user, login);
    free(user);
    return t;
}

void jupyter_connection_text(StrBuf *sb, const JupyterSession *js, const JupyterConn *c, const char *token)
{
    char *target = login_target(js);
    strbuf_addf(sb, "On campus (or on the VPN), open:\n"
                    "    http://%s:%d/%s?token=%s\n",
                c->host, c->port, c->path, token);
    strbuf_addf(sb, "Off campus, first run this on your own computer (and leave it running):\n"
                    "    ssh -N -L %d:%s:%d %s\n"
                    "then open:\n"
                    "    http://localhost:%d/%s?token=%s\n",
                c->port, c->host, c->port, target, c->port, c->path, token);
    free(target);
}

void jupyter_connection_plain(StrBuf *sb, const JupyterSession *js, const JupyterConn *c, const char *token)
{
    char *target = login_target(js);
    strbuf_addf(sb, "http://%s:%d/%s?token=%s\n", c->host, c->port, c->path, token);
    strbuf_addf(sb, "ssh -N -L %d:%s:%d %s\n", c->port, c->host, c->port, target);
    strbuf_addf(sb, "http://localhost:%d/%s?token=%s\n", c->port, c->path, token);
    free(target);
}

void jupyter_stop_hint(StrBuf *sb, const JupyterSession *js, const char *jobid)
{
    strbuf_addf(sb, "The job keeps running (and using your allocation) when you leave corelab.\n"
                    "Stop it with: corelab jupyter stop %s   (or: %s %s)\n",
                jobid, js->sched->cancel_prog, jobid);
}
