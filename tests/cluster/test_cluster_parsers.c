/* Unit tests for cluster/'s readers of the schedulers' output (Slurm's
 * tools; PBS's qstat -f, from fixtures in PBS Pro's and OpenPBS's format),
 * the status texts, the job script and the table of schedulers. */
#include "cluster/cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../lib/check.h"
#include "test_cluster.h"

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
    char *s = cluster_job_script(&c, &scheduler_slurm, "/home/a/session_logs", "nb_session_new_ab12.token");
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
    CHECK(strstr(s, "walltime_end=$(( $(date +%s) + 7200 ))\n"));
    CHECK(!strstr(s, "exec >>") && !strstr(s, "kill -USR1 $$"));
    /* the token: the new job's own file, renamed after its id */
    CHECK(strstr(s, "mv -f \"$sessions\"/'nb_session_new_ab12.token' \"$token_file\""));
    CHECK(strstr(s, "token_file=\"$sessions/nb_session_$id.token\"\n"));
    /* Jupyter's server file in the job's own runtime directory decides */
    CHECK(strstr(s, "JUPYTER_RUNTIME_DIR=\"$runtime\"\n") && strstr(s, "nbserver-*.json"));
    CHECK(strstr(s, "for attempt in 1 2 3 4 5; do\n") && strstr(s, "sleep 0.05\n"));
    CHECK(strstr(s, "server_file=%s"));
    free(s);

    CHECK(cluster_config_set(&c, "command", "jupyter notebook", &err) == 0);
    CHECK(cluster_config_set(&c, "time", "1-00:00:00", &err) == 0);
    s = cluster_job_script(&c, &scheduler_pbs, "/home/a/session_logs", "nb_session_new_ab12.token");
    CHECK(strstr(s, "#PBS -q edu\n") && strstr(s, "#PBS -l select=1:ncpus=2:mem=4gb\n"));
    CHECK(strstr(s, "#PBS -S /bin/bash\n"));
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
    const char *want[] = {"srun", "--cpus-per-task=4", "--ntasks=1", "--partition=edu",
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


static char *fixture(const char *dir, const char *name)
{
    char *path = path_join(dir, name);
    char *text = read_file_bounded(path, 1 << 20, NULL, false);
    if (!text)
        fprintf(stderr, "cannot read fixture %s\n", path);
    free(path);
    return text ? text : xstrdup("");
}

/* Real servers' output: continuation lines joined, the domain in the id. */
static void test_pbs_fixtures(const char *dir)
{
    char *run = fixture(dir, "pbspro_qstat_f_running.txt");
    JobStatus st;
    CHECK(pbs_parse_qstat(run, &st) && st.phase == JOB_RUNNING && st.time_left_s == 5400);
    CHECK(strcmp(st.node, "cn0123.cluster.example.edu") == 0);
    /* the comment went on past column 78: whole again */
    CHECK(strstr(st.reason, "(cn0123.cluster.example.edu:ncpus=2:mem=6291456kb) after waiting in the queue"));
    char *vars = pbs_qstat_value(run, "Variable_List");
    CHECK(vars && strstr(vars, "PBS_O_PATH=/opt/pbs/bin:/usr/local/bin:/usr/bin:/bin:/home/alice/.local/bin,"));
    CHECK(vars && strstr(vars, ",PBS_O_WORKDIR=/home/alice/workshop/day2,"));
    free(vars);
    char *joined = pbs_join_continuations(run);
    CHECK(!strstr(joined, "\n\t"));
    free(joined);

    char *queued = fixture(dir, "openpbs_qstat_f_queued.txt");
    CHECK(pbs_parse_qstat(queued, &st) && st.phase == JOB_PENDING && strcmp(st.state, "QUEUED") == 0);
    CHECK(strcmp(st.reason, "Not Running: Insufficient amount of resource: ncpus (R: 64 A: 16 T: 2048)") == 0);
    CHECK(strcmp(st.start, "Fri Nov 20 12:30:00 2026") == 0);

    char *done = fixture(dir, "openpbs_qstat_fx_finished.txt");
    CHECK(pbs_parse_qstat(done, &st) && st.phase == JOB_ENDED && strcmp(st.exit_code, "271") == 0);
    StrBuf sb;
    strbuf_init(&sb);
    job_status_text(&sb, &st);
    CHECK(strstr(sb.data, "ended: FINISHED, exit code 271 (killed by SIGTERM)"));
    strbuf_free(&sb);

    char *list = fixture(dir, "pbspro_qstat_f_list.txt");
    JobList l = {0};
    pbs_parse_qstat_list(list, "alice", JUPYTER_JOB_NAME, &l);
    CHECK(l.n == 2);
    if (l.n == 2) {
        CHECK(strcmp(l.v[0].jobid, "4242.pbs01.cluster.example.edu") == 0 && l.v[0].st.phase == JOB_RUNNING);
        CHECK(strcmp(l.v[1].jobid, "4243.pbs01") == 0 && l.v[1].st.phase == JOB_PENDING);
        /* qsub printed 4242.pbs01: the same job */
        CHECK(job_id_same("4242.pbs01", l.v[0].jobid) && job_id_same(l.v[0].jobid, "4242.pbs01"));
    }
    job_list_free(&l);
    CHECK(!job_id_same("4242.pbs01", "42.pbs01") && !job_id_same("4242", "42420") && !job_id_same("424", "4242"));
    CHECK(job_id_same("4242", "4242") && !job_id_same("4242.pbs01", "4242.pbs02.example.edu"));
    CHECK(job_id_valid("4242.pbs01") && job_id_valid("123_4") && !job_id_valid("x12") && !job_id_valid("12;id"));
    free(run);
    free(queued);
    free(done);
    free(list);
}

/* What a learner reads: reasons in plain words, the start as "in N min",
 * how a job was ended. */
static void test_status_words(void)
{
    bool never = false;
    CHECK(job_reason_text("Resources", &never) && !never);
    CHECK(job_reason_text("Priority", &never) && !never);
    CHECK(job_reason_text("PartitionConfig", &never) && never);
    CHECK(job_reason_text("PartitionDown", &never) && never);
    CHECK(job_reason_text("ReqNodeNotAvail, UnavailableNodes:cn[01-04]", &never) && never);
    CHECK(job_reason_text("QOSMaxCpuPerUserLimit", &never) && !never);
    CHECK(job_reason_text("AssocGrpCpuLimit", &never) && !never);
    CHECK(job_reason_text("QOSMaxWallDurationPerJobLimit", &never) && never);
    CHECK(!job_reason_text("SomethingNew", &never));

    StrBuf sb;
    strbuf_init(&sb);
    double now = 1795250000.0; /* a fixed "now" */
    time_t in19 = (time_t)now + 19 * 60;
    struct tm tm;
    char when[32];
    localtime_r(&in19, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
    JobStatus st = {.phase = JOB_PENDING, .state = "PENDING", .reason = "Resources", .time_left_s = -1};
    snprintf(st.start, sizeof st.start, "%s", when);
    job_status_text_at(&sb, &st, now);
    CHECK(strstr(sb.data, "PENDING (Resources): waiting for CPUs or memory to free up; expected start"));
    CHECK(strstr(sb.data, "(in 19 min)"));
    strbuf_reset(&sb);
    JobStatus cfg = {.phase = JOB_PENDING, .state = "PENDING", .reason = "PartitionConfig", .time_left_s = -1};
    job_status_text_at(&sb, &cfg, now);
    CHECK(strstr(sb.data, "cannot start as asked") && !strstr(sb.data, "expected start"));
    strbuf_reset(&sb);
    CHECK(format_start_in(&sb, "Fri Nov 20 12:30:00 2026", now) && strstr(sb.data, "12:30"));
    CHECK(!format_start_in(&sb, "N/A", now));

    char *e = job_exit_text("0:15");
    CHECK(e && strcmp(e, "killed by SIGTERM") == 0);
    free(e);
    e = job_exit_text("127:0");
    CHECK(e && strcmp(e, "exit status 127") == 0);
    free(e);
    CHECK(!job_exit_text("0:0") && !job_exit_text("") && !job_exit_text("0"));
    e = job_exit_text("265");
    CHECK(e && strcmp(e, "killed by SIGKILL") == 0);
    free(e);
    strbuf_reset(&sb);
    JobStatus cancelled = {.phase = JOB_ENDED, .state = "CANCELLED by alice", .exit_code = "0:15", .time_left_s = -1};
    job_status_text(&sb, &cancelled);
    CHECK(strcmp(sb.data, "ended: CANCELLED by alice, exit code 0:15 (killed by SIGTERM)") == 0);
    strbuf_reset(&sb);
    JobStatus none = {.phase = JOB_NOT_FOUND, .detail = "Slurm knows no job 999999 (mistyped?)", .time_left_s = -1};
    job_status_text(&sb, &none);
    CHECK(strstr(sb.data, "no such job") && !strstr(sb.data, "ended"));
    CHECK(job_status_final(&none) && !job_status_alive(&none));
    strbuf_free(&sb);

    CHECK(sched_refusal_hint("sbatch: error: Batch job submission failed: Requested node configuration is not "
                             "available") != NULL);
    CHECK(strstr(sched_refusal_hint("Requested node configuration is not available"), "could never start"));
    CHECK(!sched_refusal_hint("sbatch: error: something else"));
}

void test_parsers_all(const char *fixtures)
{
    test_slurm_parsers();
    test_pbs_parsers();
    test_pbs_fixtures(fixtures);
    test_script();
    test_texts();
    test_status_words();
    test_scheduler_table();
}
