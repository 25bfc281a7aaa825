/* Unit tests for cluster/: validators, config files, the schedulers' output
 * parsers and table, the job script, the status texts, the srun argv. No
 * scheduler needed (test_cluster_session.c has the sessions directory). */
#include "cluster/cluster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/check.h"
#include "test_cluster.h"

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

    /* every form sbatch takes */
    CHECK(cluster_time_seconds("01:00:00") == 3600);
    CHECK(cluster_time_seconds("1:00:00") == 3600);
    CHECK(cluster_time_seconds("1-00:00:10") == 86410);
    CHECK(cluster_time_seconds("00:01:00") == 60);
    CHECK(cluster_time_seconds("90") == 5400);         /* MM */
    CHECK(cluster_time_seconds("30:15") == 1815);      /* MM:SS */
    CHECK(cluster_time_seconds("2-12") == 2 * 86400 + 12 * 3600);      /* D-HH */
    CHECK(cluster_time_seconds("1-02:30") == 86400 + 2 * 3600 + 1800); /* D-HH:MM */
    CHECK(cluster_time_seconds("01:60:00") == -1);
    CHECK(cluster_time_seconds("1-25:00:00") == -1);
    CHECK(cluster_time_seconds("10:61") == -1);
    CHECK(cluster_time_seconds("1:2:3:4") == -1);
    CHECK(cluster_time_seconds("-5") == -1);
    CHECK(cluster_time_seconds("1--2") == -1);
    CHECK(cluster_time_seconds("") == -1);
    CHECK(cluster_time_seconds("1h") == -1);
    CHECK(refused(cluster_check_time("00:00:00")));
    CHECK(refused(cluster_check_time("0")));
    CHECK(refused(cluster_check_time("01:00:00;id")));
    CHECK(!refused(cluster_check_time("2-12:00:00")));
    CHECK(!refused(cluster_check_time("45")));
    CHECK(!refused(cluster_check_time("1-12")));
    char *tm = cluster_check_time("1:2:3:4");
    CHECK(tm && strstr(tm, "MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS"));
    free(tm);

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

}

/* Commands: words that reach the script, and no option that would turn off
 * Jupyter's authentication; login hosts: host or user@host. */
static void test_command_and_host(void)
{
    char *m;
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

    /* what would turn off Jupyter's authentication, or place it elsewhere */
    const char *const auth_off[] = {"jupyter lab --ServerApp.token=", "jupyter notebook --NotebookApp.token=",
                                    "jupyter lab --ServerApp.password=sha1:x", "jupyter lab --IdentityProvider.token=",
                                    "jupyter notebook --NotebookApp.password=", "jupyter lab --ip=0.0.0.0",
                                    "jupyter lab --ServerApp.ip=*", "jupyter lab --port=8888",
                                    "jupyter lab --ServerApp.allow_origin=*",
                                    "jupyter lab --ServerApp.disable_check_xsrf=True",
                                    "jupyter lab --ServerApp.TOKEN=x", NULL};
    for (int i = 0; auth_off[i]; i++) {
        char *m = cluster_check_command(auth_off[i]);
        CHECK(m != NULL);
        if (!m)
            fprintf(stderr, "not refused: %s\n", auth_off[i]);
        free(m);
    }
    m = cluster_check_command("jupyter lab --ServerApp.token=");
    CHECK(m && strstr(m, "authentication") && strstr(m, "--ServerApp.token="));
    free(m);
    m = cluster_check_command("jupyter lab --ip=0.0.0.0");
    CHECK(m && strstr(m, "corelab's to set"));
    free(m);
    CHECK(!refused(cluster_check_command("jupyter lab --ServerApp.root_dir=/tmp --tokenizer=x")));
    CHECK(!refused(cluster_check_command("jupyter notebook --NotebookApp.iopub_data_rate_limit=1e10")));

    CHECK(!refused(cluster_check_host("login.example.edu")));
    CHECK(!refused(cluster_check_host("alice@login")));
    CHECK(!refused(cluster_check_host("a.b-c.edu")));
    CHECK(refused(cluster_check_host("-oProxyCommand=id")));
    CHECK(refused(cluster_check_host("a b")));
    CHECK(refused(cluster_check_host("host@")));
    CHECK(refused(cluster_check_host("a@b@c")));
    CHECK(refused(cluster_check_host("@host")));
    CHECK(refused(cluster_check_host("login..edu")));
    CHECK(refused(cluster_check_host("login.")));
    CHECK(refused(cluster_check_host("-login")));
    CHECK(refused(cluster_check_host("alice@-x")));
    m = cluster_check_host("a@b@c");
    CHECK(m && strstr(m, "more than one '@'"));
    free(m);
    m = cluster_check_host("host@");
    CHECK(m && strstr(m, "no host after '@'"));
    free(m);
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

    /* located errors: a bad value, a typo, a list where a value belongs, syntax;
     * each message holds both texts */
    static const struct {
        const char *yaml, *says, *and_says;
    } bad[] = {
        {"partition: edu\ncpus: 4000\n", ":2:7: cpus '4000'", ""},
        {"partiton: edu\n", ":1:1: unknown key 'partiton'", ""},
        {"module: [a, b]\n", ":1:9:", "single value"},
        {"command: \"jupyter lab; id\"\n", ":1:10:", "';'"},
        {"partition: \"edu\n", ":2:1: found unexpected end of stream", ""},
        {"- a\n- b\n", "mapping", ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(load_text(&c, bad[i].yaml, &err) < 0);
        CHECK(err && strstr(err, bad[i].says) && strstr(err, bad[i].and_says));
        free(err);
    }
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

/* A problem is tied to the key it is about and reading goes on past it (so
 * that `stop` can ignore a bad cpus); launch-jlab.sh's KEY=value lines are
 * explained, a mistyped key gets the name it is near. */
static void test_config_problems(void)
{
    ClusterConfig c;
    cluster_config_defaults(&c);
    ConfigProblems p = {0};
    const char *text = "PART=broadwl\ncpus: 4000\nTAKS: 4\nsessions_dir: logs\ntime: \"90\"\n";
    CHECK(cluster_config_read_buffer(&c, "c.yaml", text, strlen(text), &p) < 0);
    CHECK(p.n == 3);
    if (p.n == 3) {
        CHECK(p.v[0].key && strcmp(p.v[0].key, "partition") == 0);
        CHECK(strstr(p.v[0].msg, "c.yaml:1:1: 'PART=broadwl' is shell syntax") && strstr(p.v[0].msg, "'PART: broadwl'"));
        CHECK(p.v[1].key && strcmp(p.v[1].key, "cpus") == 0 && strstr(p.v[1].msg, "c.yaml:2:7: cpus '4000'"));
        CHECK(!p.v[2].key && strstr(p.v[2].msg, "c.yaml:3:1: unknown key 'TAKS' (did you mean TASKS?)"));
    }
    CHECK(strcmp(c.sessions_dir, "logs") == 0 && strcmp(c.time, "90") == 0 && c.cpus == 2);
    config_problems_free(&p);

    /* a whole launch-jlab.sh block: each line explained, nothing taken */
    text = "export PART=broadwl\nTASKS=4\n";
    CHECK(cluster_config_read_buffer(&c, "c.yaml", text, strlen(text), &p) < 0 && p.n == 2);
    if (p.n == 2)
        CHECK(strstr(p.v[1].msg, "c.yaml:2:1: 'TASKS=4' is shell syntax") && strcmp(p.v[1].key, "cpus") == 0);
    config_problems_free(&p);
    CHECK(strcmp(c.partition, "") == 0 && c.cpus == 2);
    /* a value with '=' in it is YAML, not shell */
    text = "command: jupyter lab --ServerApp.root_dir=/tmp\n";
    CHECK(cluster_config_read_buffer(&c, "c.yaml", text, strlen(text), &p) == 0 && p.n == 0);
    CHECK(strcmp(cluster_config_key_name("PYTHON_MODULE"), "module") == 0 && !cluster_config_key_name("x"));
    cluster_config_free(&c);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: test_cluster_unit FIXTURES_DIR\n", stderr);
        return 2;
    }
    test_validators();
    test_command_and_host();
    test_config();
    test_config_refusals();
    test_config_problems();
    test_parsers_all(argv[1]);
    return check_exit();
}
