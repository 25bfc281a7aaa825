/* cluster/ internals shared by config.c (the keys) and config_yaml.c (the
 * files). */
#ifndef CORELAB_CLUSTER_CONFIG_INT_H
#define CORELAB_CLUSTER_CONFIG_INT_H

#include "cluster/cluster.h"

#define CONFIG_MAX_BYTES (256 * 1024)

typedef struct ConfigKey ConfigKey;

/* By its config name or the old script's; NULL when unknown. */
const ConfigKey *config_find_key(const char *key);
const char *config_key_name(const ConfigKey *k); /* NULL for NULL */
/* The known name closest to a mistyped key ("TAKS" -> "TASKS"), or NULL. */
const char *config_suggest_key(const char *key);
/* Takes msg. */
void config_problem_add(ConfigProblems *p, const char *key, char *msg);

#endif
