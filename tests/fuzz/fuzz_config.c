/* libFuzzer target for the config file reader (cluster/config.c): any bytes
 * give either settings that every validator accepts or one located message
 * that is safe to print, never a crash, a hang or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster/cluster.h"
#include "util/term_safe.h"

static void check_valid(const ClusterConfig *c)
{
    int cpus;
    char *m = cluster_check_name("scheduler", c->scheduler, false);
    if (m || !scheduler_find(c->scheduler))
        abort();
    char *checks[] = {
        cluster_check_name("partition", c->partition, true),
        cluster_check_name("account", c->account, true),
        cluster_check_name("module", c->module, true),
        cluster_check_time(c->time),
        cluster_check_mem(c->mem),
        cluster_check_command(c->command),
        cluster_check_host(c->login_host),
        cluster_check_path("sessions_dir", c->sessions_dir),
    };
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++)
        if (checks[i])
            abort(); /* a value that reached the settings was validated */
    char num[16];
    snprintf(num, sizeof num, "%d", c->cpus);
    char *cm = cluster_check_cpus(num, &cpus);
    if (cm || cpus != c->cpus)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ClusterConfig c;
    cluster_config_defaults(&c);
    char *err = NULL;
    int rc = cluster_config_load_buffer(&c, "fuzz.yaml", (const char *)data, size, &err);
    if (rc == 0) {
        if (err)
            abort();
        check_valid(&c);
    } else {
        /* one line, "fuzz.yaml:LINE:COL: message" or "fuzz.yaml: message" */
        if (rc != -1 || !err || strncmp(err, "fuzz.yaml:", 10) != 0 ||
            !term_safe_is_clean(err, strlen(err), 0))
            abort();
        free(err);
    }
    cluster_config_free(&c);
    return 0;
}
