/* Unit tests for cluster/: validators, config files, the schedulers' output
 * parsers and table, the job script, the srun argv, and the warnings a
 * submission returns. No scheduler needed. */
#include "cluster/cluster.h"
#include "ui/jupyter/jupyter_op.h"

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/check.h"

static bool refused(char *msg)
{
    bool r = msg != NULL;
    free(msg);
    return r;
}

static void test_validators(void)
{
    CHECK(!refused(cluster_check_name("partition", "broadwl", false)));
    CHECK(!refused(cluster_check_name("module", "Anaconda3/5.0.1", false)));
    CHECK(!refused(cluster_check_name("module", "python/3.11+gcc-12", false)));
    CHECK(refused(cluster_check_name("partition", "a;b", false)));
    CHECK(refused(cluster_check_name("partition", "$(id)", false)));
    CHECK(refused(cluster_check_name("partition", "a`id`", false)));
    CHECK(refused(cluster_check_name("partition", "a\nb", false)));
    CHECK(refused(cluster_check_name("partition", "a'b", false)));
    CHECK(refused(cluster_check_name("partition", "a\"b", false)));
    CHECK(refused(cluster_check_name("partition", "a b", false)));
    CHECK(refused(cluster_check_name("partition", "--wrap", false)));
    CHECK(refused(cluster_check_name("partition", "", false)));
    CHECK(!refused(cluster_check_name("account", "", true)));
    char *m = cluster_check_name("partition", "x;rm", false);
    CHECK(m && strstr(m, "';'") && strstr(m, "partition"));
    free(m);

    CHECK(cluster_time_seconds("01:00:00") == 3600);
    CHECK(cluster_time_seconds("1-00:00:10") == 86410);
    CHECK(cluster_time_seconds("00:01:00") == 60);
    CHECK(cluster_time_seconds("1:00:00") == -1);
    CHECK(cluster_time_seconds("01:60:00") == -1);
    CHECK(cluster_time_seconds("1-25:00:00") == -1);
    CHECK(cluster_time_seconds("01:00") == -1);
    CHECK(refused(cluster_check_time("00:00:00")));
    CHECK(refused(cluster_check_time("01:00:00;id")));
    CHECK(!refused(cluster_check_time("2-12:00:00")));

    int cpus = 0;
    CHECK(!refused(cluster_check_cpus("4", &cpus)) && cpus == 4);
    CHECK(refused(cluster_check_cpus("0", &cpus)));
    CHECK(refused(cluster_check_cpus("1025", &cpus)));
    CHECK(refused(cluster_check_cpus("4x", &cpus)));

    CHECK(!refused(cluster_check_mem("4G")));
    CHECK(!refused(cluster_check_mem("4096M")));
    CHECK(!refused(cluster_check_mem("4096")));
    CHECK(!refused(cluster_check_mem("")));
    CHECK(refused(cluster_check_mem("4GB")));
    CHECK(refused(cluster_check_mem("G")));
    CHECK(refused(cluster_check_mem("4G;id")));

    CHECK(!refused(cluster_check_command("jupyter lab")));
    CHECK(!refused(cluster_check_command("jupyter notebook --allow-root --NotebookApp.x=1")));
    CHECK(refused(cluster_check_command("jupyter lab; rm -rf ~")));
    CHECK(refused(cluster_check_command("jupyter $(id)")));
    CHECK(refused(cluster_check_command("jupyter `id`")));
    CHECK(refused(cluster_check_command("jupyter\nid")));
    CHECK(refused(cluster_check_command("jupyter 'lab'")));
    CHECK(refused(cluster_check_command("jupyter \"lab\"")));
    CHECK(refused(cluster_check_command("jupyter  lab")));
    CHECK(refused(cluster_check_command("jupyter lab ")));
    CHECK(refused(cluster_check_command(" jupyter")));
    CHECK(refused(cluster_check_command("jupyter > /tmp/x")));
    CHECK(refused(cluster_check_command("jupyter | cat")));
    CHECK(refused(cluster_check_command("jupyter & id")));
    CHECK(refused(cluster_check_command("")));

    CHECK(!refused(cluster_check_host("login.example.edu")));
    CHECK(!refused(cluster_check_host("alice@login")));
    CHECK(refused(cluster_check_host("-oProxyCommand=id")));
    CHECK(refused(cluster_check_host("a b")));
    CHECK(refused(cluster_check_path("sessions_dir", "/tmp/a b")));
    CHECK(refused(cluster_check_path("sessions_dir", "/tmp/$x")));
}

static char *write_temp(const char *text)
{
    char *path = xstrdup("/tmp/corelab-cluster-unit-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
        abort();
    close(fd);
    return path;
}

static int load_text(ClusterConfig *c, const char *text, char **err)
{
    char *path = write_temp(text);
    *err = NULL;
    int rc = cluster_config_load_file(c, path, err);
    unlink(path);
    free(path);
    return rc;
}

static void test_config(void)
{
    ClusterConfig c;
    cluster_config_defaults(&c);
    CHECK(strcmp(c.scheduler, "slurm") == 0 && strcmp(c.command, "jupyter lab") == 0);
    CHECK(strcmp(c.sessions_dir, "session_logs") == 0);
    char *err = NULL;
    CHECK(load_text(&c, "# site\nPART: edu\nTASKS: 4\nTIME: \"01:30:00\"\nPYTHON_MODULE: Anaconda3/5.0.1\n"
                        "login_host: midway.example.edu\nui: {theme: dark}\n", &err) == 0);
    CHECK(strcmp(c.partition, "edu") == 0 && c.cpus == 4 && strcmp(c.time, "01:30:00") == 0);
    CHECK(strcmp(c.module, "Anaconda3/5.0.1") == 0 && strcmp(c.login_host, "midway.example.edu") == 0);
    free(err);

    /* located errors: a bad value, a typo, a list where a value belongs, syntax */
    CHECK(load_text(&c, "partition: edu\ncpus: 4000\n", &err) < 0);
    CHECK(err && strstr(err, ":2:7: cpus '4000'"));
    free(err);
    CHECK(load_text(&c, "partiton: edu\n", &err) < 0);
    CHECK(err && strstr(err, ":1:1: unknown key 'partiton'"));
    free(err);
    CHECK(load_text(&c, "module: [a, b]\n", &err) < 0);
    CHECK(err && strstr(err, ":1:9:") && strstr(err, "single value"));
    free(err);
    CHECK(load_text(&c, "command: \"jupyter lab; id\"\n", &err) < 0);
    CHECK(err && strstr(err, ":1:10:") && strstr(err, "';'"));
    free(err);
    CHECK(load_text(&c, "partition: \"edu\n", &err) < 0);
    CHECK(err && strstr(err, ":2:1: found unexpected end of stream"));
    free(err);
    CHECK(load_text(&c, "- a\n- b\n", &err) < 0);
    CHECK(err && strstr(err, "mapping"));
    free(err);
    CHECK(load_text(&c, "", &err) == 0);
    CHECK(load_text(&c, "# only a comment\n", &err) == 0);
    CHECK(cluster_config_load_file(&c, "/nonexistent/corelab.yaml", &err) == 1);
    /* failed loads left the good values alone */
    CHECK(strcmp(c.partition, "edu") == 0 && c.cpus == 4);

    CHECK(cluster_config_set(&c, "scheduler", "lsf", &err) < 0);
    free(err);
    CHECK(cluster_config_set(&c, "scheduler", "pbs", &err) == 0);
    cluster_config_free(&c);
}

static void test_slurm_parsers(void)
{
    char id[64];
    CHECK(slurm_parse_sbatch("1234\n", id, sizeof id) && strcmp(id, "1234") == 0);
    CHECK(slurm_parse_sbatch("sbatch: warning: x\n5678;cluster2\n", id, sizeof id) && strcmp(id, "5678") == 0);
    CHECK(!slurm_parse_sbatch("sbatch: error: invalid partition\n", id, sizeof id));
    CHECK(!slurm_parse_sbatch("", id, sizeof id));

    JobStatus st;
    CHECK(slurm_parse_squeue_line("PENDING|Resources|||2026-11-20T10:00:00", &st));
    CHECK(st.phase == JOB_PENDING && strcmp(st.reason, "Resources") == 0 &&
          strcmp(st.start, "2026-11-20T10:00:00") == 0);
    CHECK(slurm_parse_squeue_line("PENDING|Priority|||N/A", &st) && st.start[0] == '\0');
    CHECK(slurm_parse_squeue_line("RUNNING|None|midway-042|1:02:03|2026-11-20T09:00:00\n", &st));
    CHECK(st.phase == JOB_RUNNING && strcmp(st.node, "midway-042") == 0 && st.time_left_s == 3723);
    CHECK(st.reason[0] == '\0' && st.start[0] == '\0');
    CHECK(slurm_parse_squeue_line("COMPLETING|None|n1|0:00|x", &st) && st.phase == JOB_ENDED);
    CHECK(slurm_parse_squeue_line("CONFIGURING|None|n1|1:00|x", &st) && st.phase == JOB_PENDING);
    CHECK(!slurm_parse_squeue_line("garbage", &st));

    CHECK(slurm_parse_duration("0:59") == 59);
    CHECK(slurm_parse_duration("1:00:00") == 3600);
    CHECK(slurm_parse_duration("2-01:00:00") == 2 * 86400 + 3600);
    CHECK(slurm_parse_duration("UNLIMITED") == -1);
    CHECK(slurm_parse_duration("INVALID") == -1);
    /* the fuzzer's findings: no overflow, no garbage before the dash */
    CHECK(slurm_parse_duration("1-01:05555555555555555555555555") == -1);
    CHECK(slurm_parse_duration("99999999999-00:00:00") == -1);
    CHECK(slurm_parse_duration("1x-00:00:00") == -1);
    CHECK(slurm_parse_duration("999999999-23:59:59") == 999999999L * 86400 + 86399);

    CHECK(slurm_parse_sacct("CANCELLED by 0|0:15|vm\n", &st));
    CHECK(st.phase == JOB_ENDED && strcmp(st.state, "CANCELLED by root") == 0 && strcmp(st.exit_code, "0:15") == 0);
    /* a uid without a user stays a number */
    CHECK(slurm_parse_sacct("CANCELLED by 3999999|0:15|vm\n", &st));
    CHECK(st.phase == JOB_ENDED && strcmp(st.state, "CANCELLED by 3999999") == 0);
    CHECK(slurm_parse_sacct("TIMEOUT|0:0|n1\n", &st) && st.phase == JOB_ENDED);
    CHECK(!slurm_parse_sacct("", &st));
    CHECK(slurm_parse_scontrol("JobId=7 JobName=x JobState=FAILED Reason=NonZeroExitCode Dependency=(null) "
                               "ExitCode=127:0 NodeList=vm BatchHost=vm", &st));
    CHECK(st.phase == JOB_ENDED && strcmp(st.state, "FAILED") == 0 && strcmp(st.exit_code, "127:0") == 0 &&
          strcmp(st.node, "vm") == 0);
    CHECK(!slurm_parse_scontrol("slurm_load_jobs error: Invalid job id specified", &st));

    CHECK(slurm_output_is_no_answer("squeue: error: Unable to contact slurm controller (connect failure)"));
    CHECK(slurm_output_is_no_answer("slurm_load_jobs error: Socket timed out on send/recv operation"));
    CHECK(!slurm_output_is_no_answer("slurm_load_jobs error: Invalid job id specified"));

    CHECK(slurm_state_phase("RUNNING") == JOB_RUNNING);
    CHECK(slurm_state_phase("OUT_OF_MEMORY") == JOB_ENDED);
    CHECK(slurm_state_phase("WHATEVER") == JOB_UNKNOWN);
}

static const char qstat_running[] =
    "Job Id: 4242.pbsserver\n"
    "    Job_Name = corelab-jupyter\n"
    "    Job_Owner = alice@login1.example.edu\n"
    "    job_state = R\n"
    "    queue = workq\n"
    "    exec_host = node07/0*2+node08/0*2\n"
    "    comment = Job run at Fri Nov 20 at 10:00 on (node07:ncpus=2)\n"
    "    Resource_List.walltime = 02:00:00\n"
    "    resources_used.walltime = 00:30:00\n"
    "\n"
    "Job Id: 4243.pbsserver\n"
    "    Job_Name = other\n"
    "    Job_Owner = alice@login1\n"
    "    job_state = Q\n"
    "\n"
    "Job Id: 4244.pbsserver\n"
    "    Job_Name = corelab-jupyter\n"
    "    Job_Owner = alicex@login1\n"
    "    job_state = Q\n"
    "\n"
    "Job Id: 4245.pbsserver\n"
    "    Job_Name = corelab-jupyter\n"
    "    Job_Owner = alice@login2\n"
    "    job_state = Q\n"
    "    comment = Not Running: Insufficient amount of resource: ncpus\n"
    "    estimated.start_time = Fri Nov 20 12:00:00 2026\n";

static void test_pbs_parsers(void)
{
    char id[64];
    CHECK(pbs_parse_qsub("4242.pbsserver\n", id, sizeof id) && strcmp(id, "4242.pbsserver") == 0);
    CHECK(!pbs_parse_qsub("qsub: Unknown queue\n", id, sizeof id));
    char *s = job_short_id("4242.pbsserver");
    CHECK(strcmp(s, "4242") == 0);
    free(s);

    JobStatus st;
    CHECK(pbs_parse_qstat(qstat_running, &st));
    CHECK(st.phase == JOB_RUNNING && strcmp(st.node, "node07") == 0 && st.time_left_s == 5400);
    CHECK(pbs_parse_qstat("Job Id: 1.s\n    job_state = F\n    Exit_status = 271\n", &st));
    CHECK(st.phase == JOB_ENDED && strcmp(st.exit_code, "271") == 0);
    CHECK(!pbs_parse_qstat("qstat: Unknown Job Id 9.s\n", &st));

    JobList l = {0};
    pbs_parse_qstat_list(qstat_running, "alice", JUPYTER_JOB_NAME, &l);
    CHECK(l.n == 2);
    if (l.n == 2) {
        CHECK(strcmp(l.v[0].jobid, "4242.pbsserver") == 0 && l.v[0].st.phase == JOB_RUNNING);
        CHECK(strcmp(l.v[1].jobid, "4245.pbsserver") == 0 && l.v[1].st.phase == JOB_PENDING);
        CHECK(strstr(l.v[1].st.reason, "Insufficient") != NULL && l.v[1].st.start[0]);
    }
    job_list_free(&l);
    /* a block without an id is no job of ours (the fuzzer's finding) */
    pbs_parse_qstat_list("Job Id:\n    Job_Name = corelab-jupyter\n    Job_Owner = alice@l\n"
                         "    job_state = R\n", "alice", JUPYTER_JOB_NAME, &l);
    CHECK(l.n == 0);
    job_list_free(&l);
}

static void test_script(void)
{
    ClusterConfig c;
    cluster_config_defaults(&c);
    char *err = NULL;
    CHECK(cluster_config_set(&c, "partition", "edu", &err) == 0);
    CHECK(cluster_config_set(&c, "mem", "4G", &err) == 0);
    CHECK(cluster_config_set(&c, "account", "pi-smith", &err) == 0);
    CHECK(cluster_config_set(&c, "module", "python/3.11", &err) == 0);
    char *s = cluster_job_script(&c, &scheduler_slurm, "/home/a/session_logs");
    CHECK(strncmp(s, "#!/bin/bash -l\n", 15) == 0);
    CHECK(strstr(s, "#SBATCH --partition=edu\n") && strstr(s, "#SBATCH --cpus-per-task=2\n"));
    CHECK(strstr(s, "#SBATCH --time=02:00:00\n") && strstr(s, "#SBATCH --mem=4G\n"));
    CHECK(strstr(s, "#SBATCH --account=pi-smith\n"));
    CHECK(strstr(s, "#SBATCH --output=/home/a/session_logs/nb_session_%j.log\n"));
    CHECK(strstr(s, "#SBATCH --signal=B:USR1@600\n"));
    CHECK(strstr(s, "\nset -e\n") && strstr(s, "\numask 077\n") && strstr(s, "unset XDG_RUNTIME_DIR"));
    CHECK(strstr(s, "module load 'python/3.11'\n"));
    CHECK(strstr(s, "--ServerApp.port_retries=0") && !strstr(s, "NotebookApp"));
    CHECK(strstr(s, "export JUPYTER_TOKEN") && !strstr(s, "--NotebookApp.token") && !strstr(s, "--ServerApp.token"));
    CHECK(strstr(s, "trap walltime_warning USR1"));
    CHECK(!strstr(s, "exec >>") && !strstr(s, "kill -USR1 $$"));
    free(s);

    CHECK(cluster_config_set(&c, "command", "jupyter notebook", &err) == 0);
    CHECK(cluster_config_set(&c, "time", "1-00:00:00", &err) == 0);
    s = cluster_job_script(&c, &scheduler_pbs, "/home/a/session_logs");
    CHECK(strstr(s, "#PBS -q edu\n") && strstr(s, "#PBS -l select=1:ncpus=2:mem=4gb\n"));
    CHECK(strstr(s, "#PBS -l walltime=24:00:00\n") && strstr(s, "#PBS -A pi-smith\n"));
    CHECK(strstr(s, "${PBS_JOBID%%.*}") && strstr(s, "kill -USR1 $$"));
    CHECK(strstr(s, "\nexec >>\"$log\" 2>&1\ncd \"${PBS_O_WORKDIR:-$HOME}\"\n"));
    CHECK(strstr(s, "\n# PBS has no --signal: a timer sends USR1 ten minutes before the walltime\n"
                    "( sleep 85800 && kill -USR1 $$ ) &\n"));
    CHECK(strstr(s, "--NotebookApp.port_retries=0"));
    CHECK(!strstr(s, "#SBATCH"));
    free(s);
    CHECK(strcmp(cluster_url_path("jupyter notebook"), "tree") == 0);
    CHECK(strcmp(cluster_url_path("/opt/bin/jupyter-lab --x=1"), "lab") == 0);
    CHECK(strcmp(cluster_url_path("jupyter server"), "") == 0);
    cluster_config_free(&c);
}

static void test_texts(void)
{
    JobStatus st = {.phase = JOB_UNKNOWN, .time_left_s = -1};
    snprintf(st.detail, sizeof st.detail, "Unable to contact slurm controller");
    StrBuf sb;
    strbuf_init(&sb);
    job_status_text(&sb, &st);
    CHECK(strstr(sb.data, "unknown") && !strstr(sb.data, "ended"));
    JobStatus ending = {.phase = JOB_ENDED, .state = "EXITING", .time_left_s = -1};
    CHECK(!job_status_final(&ending));
    strbuf_reset(&sb);
    job_status_text(&sb, &ending);
    CHECK(strstr(sb.data, "ending: EXITING") && !strstr(sb.data, "ended"));
    JobStatus done = {.phase = JOB_ENDED, .state = "CANCELLED", .time_left_s = -1};
    CHECK(job_status_final(&done));
    strbuf_reset(&sb);
    format_duration(&sb, 3723);
    CHECK(strcmp(sb.data, "1:02:03") == 0);
    strbuf_free(&sb);

    char *args[] = {"pi", "--workers", "1,2", "--json", NULL};
    char **argv = scheduler_slurm.node_run_argv("/usr/bin/corelab", 4, "edu", "demo", args);
    const char *want[] = {"srun", "--cpus-per-task=4", "--ntasks=1", "--quiet", "--partition=edu",
                          "/usr/bin/corelab", "demo", "pi", "--workers", "1,2", "--json", NULL};
    for (int i = 0; want[i] || argv[i]; i++)
        CHECK(want[i] && argv[i] && strcmp(want[i], argv[i]) == 0);
    argv_free(argv);
}

/* Every scheduler is complete, found by its name, and either runs demos on
 * a node (a program, its argv, what to say when it is missing) or says why
 * it cannot. */
static void test_scheduler_table(void)
{
    const Scheduler *all[] = {&scheduler_slurm, &scheduler_pbs};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const Scheduler *s = all[i];
        CHECK(scheduler_find(s->name) == s);
        CHECK(s->submit_prog && s->cancel_prog && s->jobid_var && s->missing_hint);
        CHECK(s->submit && s->status && s->cancel && s->list && s->script_header);
        if (s->node_run_argv)
            CHECK(s->node_run_prog && s->node_run_missing && !s->node_run_refusal);
        else
            CHECK(!s->node_run_prog && s->node_run_refusal);
    }
    CHECK(!scheduler_find("lsf") && !scheduler_find(NULL));
    CHECK(strstr(scheduler_slurm.missing_hint, "Slurm login node"));
    CHECK(strstr(scheduler_pbs.missing_hint, "PBS login node"));
    CHECK(strcmp(scheduler_slurm.node_run_prog, "srun") == 0 && !scheduler_pbs.node_run_argv);
}

/* fd 2 goes to path until stderr_restore: what a call printed there. */
static int stderr_to(const char *path)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
    return saved;
}

static void stderr_restore(int saved)
{
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
}

static bool file_is_empty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && st.st_size == 0;
}

/* The TUI's child: submit, and wait (20 s at most) for its result. */
static bool submit_in_child(JupyterSession *js, JupyterOpResult *res)
{
    JupyterOp op;
    jupyter_op_init(&op);
    if (!jupyter_op_start(&op, JUPYTER_OP_SUBMIT, js, NULL))
        return false;
    double end = now_monotonic() + 20.0;
    while (now_monotonic() < end) {
        struct pollfd p = {.fd = op.fd, .events = POLLIN};
        if (poll(&p, 1, 200) > 0 && jupyter_op_read(&op, res))
            return true;
    }
    jupyter_op_abandon(&op);
    return false;
}

/* A job submitted whose state file cannot be written: jupyter_submit
 * returns the warning to its caller instead of printing it (the TUI runs it
 * in a child under its curses screen), and the TUI's child carries it back. */
static void test_submit_warnings(void)
{
    char tmpl[] = "/tmp/corelab-cluster-unit-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    CHECK(tmp != NULL);
    if (!tmp)
        return;
    /* a stand-in sbatch: submits nothing, prints a job id */
    char *bin = path_join(tmp, "bin"), *sbatch = path_join(bin, "sbatch");
    char *sessions = path_join(tmp, "sessions"), *said = path_join(tmp, "stderr");
    const char *fake = "#!/bin/sh\necho 4242\n";
    CHECK(mkdir_p(bin, 0700) == 0 && write_file_atomic(sbatch, fake, strlen(fake), 0700) == 0);
    char *old_path = xstrdup(getenv("PATH"));
    setenv("PATH", bin, 1);

    ClusterConfig c;
    cluster_config_defaults(&c);
    char *err = NULL;
    JupyterSession js;
    CHECK(cluster_config_set(&c, "sessions_dir", sessions, &err) == 0);
    CHECK(jupyter_session_open(&js, &c, true, &err) == 0);
    /* a directory where the state file belongs: it cannot be written */
    char *state = path_join(sessions, "current.session");
    CHECK(mkdir(state, 0700) == 0);

    StrBuf warnings;
    strbuf_init(&warnings);
    char *jobid = NULL;
    int saved = stderr_to(said);
    SchedResult r = jupyter_submit(&js, &jobid, &warnings, &err);
    stderr_restore(saved);
    CHECK(r == SCHED_OK && jobid && strcmp(jobid, "4242") == 0);
    CHECK(warnings.data && strstr(warnings.data, "cannot record job 4242 in ") &&
          warnings.data[warnings.len - 1] == '\n');
    CHECK(file_is_empty(said));

    JupyterOpResult res;
    saved = stderr_to(said);
    bool done = submit_in_child(&js, &res);
    stderr_restore(saved);
    CHECK(done && res.result == SCHED_OK && strcmp(res.jobid, "4242") == 0);
    CHECK(done && strstr(res.warnings, "cannot record job 4242 in "));
    CHECK(file_is_empty(said));

    setenv("PATH", old_path, 1);
    strbuf_free(&warnings);
    free(jobid);
    free(err);
    jupyter_session_close(&js);
    cluster_config_free(&c);
    const char *const left[] = {"sessions/nb_session.token", "sessions/nb_session.job", "bin/sbatch", "stderr",
                                NULL};
    for (int i = 0; left[i]; i++) {
        char *p = path_join(tmp, left[i]);
        unlink(p);
        free(p);
    }
    rmdir(state);
    rmdir(sessions);
    rmdir(bin);
    rmdir(tmp);
    free(state);
    free(old_path);
    free(said);
    free(sessions);
    free(sbatch);
    free(bin);
}

/* What the YAML reader used to drop without a word: tags and keys set
 * twice are refused at their place; a hostile key comes back escaped. */
static void test_config_refusals(void)
{
    ClusterConfig c;
    cluster_config_defaults(&c);
    char *err = NULL;
    CHECK(load_text(&c, "partition: edu\ncpus: !!python/object:os.system 4\n", &err) < 0);
    CHECK(err && strstr(err, ":2:7: tags (!!python/object:os.system) are not allowed"));
    free(err);
    CHECK(load_text(&c, "scheduler: !!str pbs\n", &err) < 0);
    CHECK(err && strstr(err, ":1:12: tags (!!str)"));
    free(err);
    CHECK(load_text(&c, "ui: !local {theme: dark}\n", &err) < 0);
    CHECK(err && strstr(err, ":1:5: tags (!local)"));
    free(err);
    CHECK(load_text(&c, "ui:\n  theme: !!binary ZGFyaw==\n", &err) < 0);
    CHECK(err && strstr(err, ":2:10: tags (!!binary)"));
    free(err);
    CHECK(strcmp(c.scheduler, "slurm") == 0 && c.cpus == 2);

    CHECK(load_text(&c, "partition: edu\ncpus: 4\npartition: gpu\n", &err) < 0);
    CHECK(err && strstr(err, ":3:1: duplicate key 'partition' (first at line 1)"));
    free(err);
    CHECK(load_text(&c, "PART: edu\n# the new name\npartition: gpu\n", &err) < 0);
    CHECK(err && strstr(err, ":3:1: duplicate key 'partition': 'PART' at line 1 sets partition"));
    free(err);
    CHECK(load_text(&c, "ui: {theme: dark}\nui: {theme: light}\n", &err) < 0);
    CHECK(err && strstr(err, ":2:1: duplicate key 'ui' (first at line 1)"));
    free(err);
    /* the same name in another part's section is that part's business */
    CHECK(load_text(&c, "ui: {partition: x}\npartition: edu\n", &err) == 0);

    CHECK(load_text(&c, "\"\\e]0;PWNED\\a\\e[2J\": 1\n", &err) < 0);
    CHECK(err && strstr(err, ":1:1: unknown key '\\x1b]0;PWNED\\x07\\x1b[2J'"));
    CHECK(err && !strchr(err, '\x1b') && !strchr(err, '\a'));
    free(err);
    CHECK(load_text(&c, "partition: \"edu\\u009b31m\"\n", &err) < 0);
    CHECK(err && !strstr(err, "\xc2\x9b") && strstr(err, "\\u009b"));
    free(err);
    cluster_config_free(&c);
}

int main(void)
{
    test_validators();
    test_config();
    test_config_refusals();
    test_slurm_parsers();
    test_pbs_parsers();
    test_script();
    test_texts();
    test_scheduler_table();
    test_submit_warnings();
    return check_exit();
}
