/* The job script. Every value in it was validated by validate.c; the few
 * that are strings are still single-quoted, so the script stays a script
 * even if a validator were too generous. Nothing is chosen before the job
 * starts: the port is picked on the node, by the job, and picked again when
 * something else takes it first. The job tells corelab host and port only
 * once Jupyter's own server file (jpserver-PID.json, nbserver-PID.json in a
 * runtime directory of the job's own) says that Jupyter serves there. */
#include "cluster/cluster.h"

#include <string.h>

/* Is word (space-separated) w in command c, or its basename "jupyter-w"? */
static bool command_has_word(const char *c, const char *w)
{
    size_t wl = strlen(w);
    for (const char *p = c; *p;) {
        size_t n = strcspn(p, " ");
        const char *base = p;
        for (const char *q = p; q < p + n; q++)
            if (*q == '/')
                base = q + 1;
        size_t bn = (size_t)(p + n - base);
        if ((bn == wl && strncmp(base, w, wl) == 0) ||
            (bn == wl + 8 && strncmp(base, "jupyter-", 8) == 0 && strncmp(base + 8, w, wl) == 0))
            return true;
        p += n;
        while (*p == ' ')
            p++;
    }
    return false;
}

const char *cluster_url_path(const char *command)
{
    if (command_has_word(command, "notebook") || command_has_word(command, "nbclassic"))
        return "tree";
    if (command_has_word(command, "lab"))
        return "lab";
    return "";
}

/* Append a single-quoted shell word. */
static void add_quoted(StrBuf *sb, const char *s)
{
    strbuf_addc(sb, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            strbuf_adds(sb, "'\\''");
        else
            strbuf_addc(sb, *p);
    }
    strbuf_addc(sb, '\'');
}

static void add_prologue(StrBuf *sb, const ClusterConfig *c, const Scheduler *s, const char *dir)
{
    strbuf_adds(sb, "set -e\n"
                    "umask 077\n"
                    "# a login node's runtime dir does not exist here\n"
                    "unset XDG_RUNTIME_DIR\n"
                    "sessions=");
    add_quoted(sb, dir);
    strbuf_addf(sb, "\nid=%s\n", s->jobid_var);
    strbuf_adds(sb, "log=\"$sessions/nb_session_$id.log\"\n"
                    "conn=\"$sessions/nb_session_$id.conn\"\n");
    if (s->script_output)
        strbuf_adds(sb, s->script_output);
    /* the walltime counts from about now: the warning can say what is left */
    strbuf_addf(sb, "walltime_end=$(( $(date +%%s) + %ld ))\n", cluster_time_seconds(c->time));
    strbuf_adds(sb, "timer=\n"
                    "runtime=\n"
                    "cleanup() {\n"
                    "    rm -f \"$conn\"\n"
                    "    if [ -n \"$runtime\" ]; then rm -rf \"$runtime\"; fi\n"
                    "    if [ -n \"$timer\" ]; then kill \"$timer\" 2>/dev/null || true; fi\n"
                    "}\n"
                    "trap cleanup EXIT\n"
                    "walltime_warning() {\n"
                    "    left=$(( (walltime_end - $(date +%s) + 59) / 60 ))\n"
                    "    echo \"corelab: WARNING: the walltime ends in $left minutes (at $(date -d \"@$walltime_end\" +%H:%M)); save your work now.\"\n"
                    "}\n"
                    "trap walltime_warning USR1\n");
    if (s->script_timer_why) {
        long secs = cluster_time_seconds(c->time);
        if (secs > 600)
            strbuf_addf(sb, "# %s: a timer sends USR1 ten minutes before the walltime\n"
                            "( sleep %ld && kill -USR1 $$ ) &\n"
                            "timer=$!\n",
                        s->script_timer_why, secs - 600);
    }
}

static void add_modules(StrBuf *sb, const ClusterConfig *c)
{
    if (!c->module[0])
        return;
    strbuf_adds(sb, "# a failed module load ends the job (set -e) with its error in the log\n"
                    "module load ");
    add_quoted(sb, c->module);
    strbuf_addc(sb, '\n');
}

static void add_token_and_runtime(StrBuf *sb, const char *token_name)
{
    strbuf_adds(sb, "# this job's token, named after it (corelab may have done so already)\n"
                    "token_file=\"$sessions/nb_session_$id.token\"\n"
                    "mv -f \"$sessions\"/");
    add_quoted(sb, token_name);
    strbuf_adds(sb, " \"$token_file\" 2>/dev/null || true\n"
                    "# the token reaches Jupyter through the environment, never a command line\n"
                    "JUPYTER_TOKEN=$(<\"$token_file\")\n"
                    "export JUPYTER_TOKEN\n"
                    "# Jupyter's server file (jpserver-PID.json, nbserver-PID.json) lands here, in\n"
                    "# a directory of this job's own: the proof that Jupyter serves the port\n"
                    "runtime=\"$sessions/nb_session_$id.runtime\"\n"
                    "mkdir -p -m 700 \"$runtime\"\n"
                    "JUPYTER_RUNTIME_DIR=\"$runtime\"\n"
                    "export JUPYTER_RUNTIME_DIR\n"
                    "node=$(hostname)\n");
}

static void add_helpers(StrBuf *sb)
{
    strbuf_adds(sb,
        "# a free port on this node, chosen now that the job runs here\n"
        "free_port() {\n"
        "    python3 -c 'import socket; s = socket.socket(); s.bind((\"\", 0)); print(s.getsockname()[1])' 2>/dev/null && return 0\n"
        "    local p\n"
        "    for _ in $(seq 1 200); do\n"
        "        p=$((20000 + RANDOM % 40000))\n"
        "        (exec 3<>\"/dev/tcp/127.0.0.1/$p\") 2>/dev/null || { echo \"$p\"; return 0; }\n"
        "    done\n"
        "    return 1\n"
        "}\n"
        "port_answers() { (exec 3<>\"/dev/tcp/127.0.0.1/$1\") 2>/dev/null; }\n"
        "# the server file a live Jupyter wrote in this job's runtime directory\n"
        "server_file() {\n"
        "    local f pid\n"
        "    for f in \"$JUPYTER_RUNTIME_DIR\"/jpserver-*.json \"$JUPYTER_RUNTIME_DIR\"/nbserver-*.json; do\n"
        "        [ -e \"$f\" ] || continue\n"
        "        pid=${f##*-}\n"
        "        pid=${pid%.json}\n"
        "        if kill -0 \"$pid\" 2>/dev/null; then echo \"${f##*/}\"; return 0; fi\n"
        "    done\n"
        "    return 1\n"
        "}\n");
}

/* One try: Jupyter on a fresh port, then every 50 ms: its server file and
 * the port answering (ready), or Jupyter gone. */
static void add_attempt(StrBuf *sb, const ClusterConfig *c)
{
    strbuf_adds(sb, "    port=$(free_port) || { echo \"corelab: no free port on $node\"; exit 1; }\n"
                    "    rm -f \"$JUPYTER_RUNTIME_DIR\"/jpserver-*.json \"$JUPYTER_RUNTIME_DIR\"/nbserver-*.json\n"
                    "    echo \"corelab: job $id starts Jupyter on $node, port $port\"\n");
    /* port_retries=0: a busy port must fail, not silently move */
    strbuf_addf(sb, "    %s --no-browser --ip=0.0.0.0 --port=\"$port\"", c->command);
    if (strcmp(cluster_url_path(c->command), "tree") == 0)
        strbuf_adds(sb, " --NotebookApp.port_retries=0");
    strbuf_adds(sb, " --ServerApp.port_retries=0 &\n");
    strbuf_adds(sb, "    jupyter_pid=$!\n"
                    "    info=\n"
                    "    while [ \"$SECONDS\" -lt \"$give_up\" ] && kill -0 \"$jupyter_pid\" 2>/dev/null; do\n"
                    "        if info=$(server_file) && port_answers \"$port\"; then break; fi\n"
                    "        info=\n"
                    "        sleep 0.05\n"
                    "    done\n");
}

static void add_jupyter(StrBuf *sb, const ClusterConfig *c)
{
    size_t prog_len = strcspn(c->command, " ");
    strbuf_addf(sb, "if ! command -v %.*s >/dev/null 2>&1; then\n"
                    "    echo \"corelab: %.*s: command not found on $node (is the right module loaded?)\"\n"
                    "    exit 127\n"
                    "fi\n",
                (int)prog_len, c->command, (int)prog_len, c->command);
    strbuf_addf(sb, "url_path=%s\n", cluster_url_path(c->command));
    strbuf_adds(sb, "give_up=$((SECONDS + 600))\n"
                    "for attempt in 1 2 3 4 5; do\n");
    add_attempt(sb, c);
    strbuf_adds(sb,
        "    [ -n \"$info\" ] && break\n"
        "    kill \"$jupyter_pid\" 2>/dev/null || true\n"
        "    wait \"$jupyter_pid\" 2>/dev/null || true\n"
        "    # Jupyter ended while something else holds its port: another port\n"
        "    if port_answers \"$port\" && [ \"$attempt\" -lt 5 ] && [ \"$SECONDS\" -lt \"$give_up\" ]; then\n"
        "        echo \"corelab: port $port on $node was taken by another program; trying another port\"\n"
        "        continue\n"
        "    fi\n"
        "    echo \"corelab: Jupyter did not start serving on port $port; the job ends\"\n"
        "    exit 1\n"
        "done\n"
        "# host, port and Jupyter's server file for corelab, readable by this user only (umask 077)\n"
        "printf 'host=%s\\nport=%s\\npath=%s\\nserver_file=%s\\n' \"$node\" \"$port\" \"$url_path\" \"$info\" >\"$conn.tmp\"\n"
        "mv -f \"$conn.tmp\" \"$conn\"\n"
        "echo \"corelab: Jupyter is listening on $node:$port\"\n"
        "# a trapped USR1 interrupts wait: wait again while Jupyter runs\n"
        "status=0\n"
        "while kill -0 \"$jupyter_pid\" 2>/dev/null; do\n"
        "    if wait \"$jupyter_pid\"; then status=0; else status=$?; fi\n"
        "done\n"
        "exit \"$status\"\n");
}

char *cluster_job_script(const ClusterConfig *c, const Scheduler *s, const char *dir, const char *token_name)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, "#!/bin/bash -l\n"
                     "# Jupyter for the workshop, written by `corelab jupyter`.\n");
    s->script_header(&sb, c, dir);
    add_prologue(&sb, c, s, dir);
    add_modules(&sb, c);
    add_token_and_runtime(&sb, token_name);
    add_helpers(&sb);
    add_jupyter(&sb, c);
    return strbuf_detach(&sb);
}
