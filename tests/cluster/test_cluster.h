/* The cluster unit tests' files: test_cluster_unit.c (validators, config,
 * main) runs test_cluster_parsers.c's tests too. */
#ifndef CORELAB_TEST_CLUSTER_H
#define CORELAB_TEST_CLUSTER_H

/* fixtures: tests/cluster/fixtures/pbs */
void test_parsers_all(const char *fixtures);

#endif
