/* `n`: demos run on a node through srun (drive.h). The cluster settings
 * come from $XDG_CONFIG_HOME/corelab/config.yaml (no site file), in a
 * folder of each test's own (node_open, node_close); srun is
 * tests/panes/fake-srun/srun, which notes its argv in $FAKE_SRUN_ARGV. */
#include "../lib/procs.h"
#include "drive.h"

#include <fcntl.h>

static struct {
    char dir[64];     /* $XDG_CONFIG_HOME */
    char *argv_file;  /* what srun was run with */
    char *path;       /* $PATH with the fake srun first */
    char *old_path;
} node;

static void node_open(void)
{
    snprintf(node.dir, sizeof node.dir, "/tmp/corelab-panel-node-XXXXXX");
    CHECK(mkdtemp(node.dir) != NULL);
    char *cfgdir = path_join(node.dir, "corelab"), *site = path_join(node.dir, "no-site.yaml");
    CHECK(mkdir_p(cfgdir, 0700) == 0);
    node.argv_file = path_join(node.dir, "srun-argv");
    node.old_path = xstrdup(getenv("PATH"));
    node.path = xasprintf("%s/panes/fake-srun:%s", getenv("CORELAB_TESTS_DIR"), node.old_path);
    setenv("XDG_CONFIG_HOME", node.dir, 1);
    setenv("CORELAB_SITE_CONFIG", site, 1);
    setenv("FAKE_SRUN_ARGV", node.argv_file, 1);
    setenv("PATH", node.path, 1);
    FREE_ALL(cfgdir, site);
}

static void node_close(void)
{
    setenv("PATH", node.old_path, 1);
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("CORELAB_SITE_CONFIG");
    unsetenv("FAKE_SRUN_ARGV");
    char *cfg = xasprintf("%s/corelab/config.yaml", node.dir), *cfgdir = path_join(node.dir, "corelab");
    unlink(node.argv_file);
    unlink(cfg);
    rmdir(cfgdir);
    rmdir(node.dir);
    FREE_ALL(cfg, cfgdir, node.argv_file, node.path, node.old_path);
}

static void node_config(const char *text)
{
    char *path = xasprintf("%s/corelab/config.yaml", node.dir);
    CHECK(write_file_atomic(path, text, strlen(text), 0600) == 0);
    free(path);
}

static char *read_text_file(const char *path)
{
    return read_file_bounded(path, 1 << 16, NULL, false);
}

/* A panel on a gil demo step, its demos on a node of partition teach. */
static Panel *on_node(Step *st)
{
    node_config("scheduler: slurm\npartition: teach\ncpus: 3\n");
    Panel *p = demo_panel(st, "gil", 2, true);
    CHECK(panel_key(p, 'n'));
    return p;
}

/* Not Slurm, or no srun on PATH: a reason, and demos stay here. */
static void node_refused(void)
{
    node_open();
    Step st;
    Panel *p = demo_panel(&st, "gil", 2, true);
    node_config("scheduler: pbs\n");
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "the scheduler set is pbs: they stay here");
    CHECK(!strstr(screen(), "via srun"));

    node_config("scheduler: slurm\npartition: teach\ncpus: 3\n");
    setenv("PATH", "/nonexistent", 1);
    CHECK(panel_key(p, 'n'));
    setenv("PATH", node.path, 1);
    draw(p);
    CHECK_STR_HAS(screen(), "srun is not on PATH");
    CHECK(!strstr(screen(), "via srun"));
    panel_free(p);
    node_close();
}

/* On: the header says so, r runs srun with the real path of the demo. */
static void node_runs_srun(void)
{
    node_open();
    Step st;
    Panel *p = on_node(&st);
    draw(p);
    CHECK_STR_HAS(screen(), "demo gil cpu, on a node via srun, 3 CPUs, workers 1,2");
    CHECK_STR_HAS(screen(), "demos run on a node via srun, 3 CPUs in teach (r to run)");
    panel_start(p);
    CHECK_STR_HAS(panel_status(p), "on a node");
    CHECK(pump(p, 10, stopped));
    draw(p);
    CHECK_STR_HAS(screen(), "demo error: demo gil --variant cpu --workers 1,2 --switch-interval 5 --json");
    char real[PATH_MAX];
    CHECK(realpath(fake_demo, real) != NULL);
    char *want = xasprintf("srun\n--cpus-per-task=3\n--ntasks=1\n--partition=teach\n%s\ndemo\ngil\n", real);
    char *got = read_text_file(node.argv_file);
    CHECK_STR_HAS(got, want);
    FREE_ALL(want, got);
    panel_free(p);
    node_close();
}

/* srun closed its output but has not exited (still releasing the step):
 * SIGTERM after 2 s, SIGKILL 5 s later, the panel running and answering
 * all the while rather than waiting in one call. */
static void node_srun_lingers(void)
{
    node_open();
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    pidfile_open(pidfile);
    Step st, slow;
    Panel *p = on_node(&st);
    demo_step(&slow, "lingers", 1);
    show_step(p, &slow);
    panel_start(p);
    pid_t pid = wait_pidfile(p, pidfile);
    double t0 = now_monotonic();
    pump(p, 3.0, NULL);
    CHECK(pid > 0 && panel_running(p) && !pid_ended(pid));
    CHECK(pump(p, 10, stopped));
    CHECK(pid > 0 && pid_ended_within(pid, 3));
    CHECK(now_monotonic() - t0 >= 5.0);
    panel_free(p);
    unlink(pidfile);
    node_close();
}

/* Quitting while srun still releases its step: it gets the rest of its
 * grace, and stderr (the terminal is restored by then) says why. */
static void node_quit_waits_for_srun(void)
{
    node_open();
    char pidfile[] = "/tmp/corelab-panel-pid-XXXXXX";
    pidfile_open(pidfile);
    node_config("scheduler: slurm\npartition: teach\ncpus: 3\n");
    Step st;
    Panel *q = demo_panel(&st, "stubborn", 1, true);
    CHECK(panel_key(q, 'n'));
    panel_start(q);
    pid_t pid = wait_pidfile(q, pidfile);
    panel_stop(q);
    char *errfile = path_join(node.dir, "stderr");
    fflush(stderr);
    int saved = dup(2), efd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(efd, 2);
    panel_free(q);
    fflush(stderr);
    dup2(saved, 2);
    close(efd);
    close(saved);
    char *said = read_text_file(errfile);
    CHECK_STR_HAS(said, "corelab: waiting up to 5 s for srun to release its job step");
    CHECK(pid > 0 && pid_ended_within(pid, 3));
    unlink(errfile);
    unlink(pidfile);
    FREE_ALL(said, errfile);
    node_close();
}

/* srun refuses: its own words in the pane. */
static void node_srun_refuses(void)
{
    node_open();
    node_config("scheduler: slurm\npartition: bad\ncpus: 1\n");
    Step st;
    Panel *p = demo_panel(&st, "gil", 2, true);
    CHECK(panel_key(p, 'n'));
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "demos run on this machine again");
    CHECK(panel_key(p, 'n'));
    panel_start(p);
    CHECK(pump(p, 10, stopped));
    draw(p);
    static const char *const shown[] = {
        "srun: error: Unable to allocate resources: Invalid partition name specified",
        "srun could not run the demo on a node:", "r tries again  n runs demos here", "exited with status 1"};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        CHECK_STR_HAS(screen(), shown[i]);
    panel_free(p);
    node_close();
}

/* A run step runs here. */
static void node_not_for_run_steps(void)
{
    node_open();
    node_config("scheduler: slurm\npartition: teach\ncpus: 3\n");
    Step st;
    Panel *p = run_panel(&st, &(LessonRun){.command = "python3 run_ok.py", .timeout = 20});
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "only a demo or a traced run goes to a node");
    panel_free(p);
    node_close();
}

/* `n` on a traced run step: srun runs corelab trace on the node (the fake
 * srun runs it here), its stream and the program's output come back. */
static void node_traced_run(void)
{
    node_open();
    char real[PATH_MAX];
    CHECK(realpath(fake_demo, real) != NULL);
    node_config("scheduler: slurm\npartition: teach\ncpus: 3\n");
    Step st;
    LessonRun traced = {.command = "python3 run_ok.py", .expect = "pi ~ 3.14", .timeout = 20, .trace = true};
    Panel *p = run_panel(&st, &traced);
    CHECK(panel_key(p, 'n'));
    draw(p);
    CHECK_STR_HAS(screen(), "traced runs go on a node via srun, 3 CPUs in teach (r to run)");
    CHECK_STR_HAS(screen(), "run: python3 run_ok.py, traced, on a node via srun, 3 CPUs");
    panel_start(p);
    CHECK_STR_HAS(panel_status(p), "tracing python3 run_ok.py on a node");
    CHECK(pump(p, 15, stopped));
    draw(p);
    char *want = xasprintf("srun\n--cpus-per-task=3\n--ntasks=1\n--partition=teach\n%s\ntrace\n--json\n"
                           "--\npython3\nrun_ok.py\n", real);
    char *got = read_text_file(node.argv_file);
    CHECK_STR_HAS(got, want);
    FREE_ALL(want, got);
    CHECK_STR_HAS(screen(), "T1 ");
    CHECK_STR_HAS(screen(), "verdict: only one thread ran at a time");
    CHECK_STR_HAS(screen(), "expected \"pi ~ 3.14\": passed");
    CHECK(panel_run_passed(p));
    panel_free(p);
    node_close();
}

int main(void)
{
    static const CheckTest tests[] = {CHECK_TEST(node_refused),      CHECK_TEST(node_runs_srun),
                                      CHECK_TEST(node_srun_lingers), CHECK_TEST(node_quit_waits_for_srun),
                                      CHECK_TEST(node_srun_refuses), CHECK_TEST(node_not_for_run_steps),
                                      CHECK_TEST(node_traced_run)};
    return drive_main(tests, CHECK_COUNT(tests));
}
