/* Unit tests for src/util: the JSON emitter, list parsing, atomic writes,
 * whole reads and writes, argv arrays and spawning without a shell. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/json_out.h"
#include "util/spawn.h"
#include "util/util.h"


#include "../lib/check.h"

static void test_json(void)
{
    JsonOut j;
    json_init(&j);
    json_obj_begin(&j);
    json_kstr(&j, "type", "sample");
    json_knum(&j, "t", 0.25);
    json_key(&j, "cpu");
    json_arr_begin(&j);
    json_num(&j, 12.5);
    json_num(&j, 100);
    json_arr_end(&j);
    json_kstr(&j, "msg", "a \"quote\"\n\x01 and \xff bad");
    json_kint(&j, "n", -3);
    json_kbool(&j, "ok", true);
    json_obj_end(&j);
    CHECK(strcmp(json_text(&j),
                 "{\"type\":\"sample\",\"t\":0.25,\"cpu\":[12.5,100],"
                 "\"msg\":\"a \\\"quote\\\"\\n\\u0001 and \\ufffd bad\",\"n\":-3,\"ok\":true}") == 0);
    json_reset(&j);
    json_obj_begin(&j);
    json_knum(&j, "x", 1.0 / 0.0);
    json_obj_end(&j);
    CHECK(strcmp(json_text(&j), "{\"x\":null}") == 0);
    json_free(&j);
}

/* The one-line records: what the demo stream and the class files write. */
static void test_json_records(void)
{
    JsonOut j;
    json_record_begin(&j, "fit");
    json_knum(&j, "serial_fraction", 0.125);
    json_obj_end(&j);
    CHECK(strcmp(json_text(&j), "{\"type\":\"fit\",\"serial_fraction\":0.125}") == 0);
    json_free(&j);

    json_error_record(&j, "no \"such\" demo\n");
    CHECK(strcmp(json_text(&j), "{\"type\":\"error\",\"message\":\"no \\\"such\\\" demo\\n\"}") == 0);
    size_t len = json_finish_line(&j);
    CHECK(len == strlen(json_text(&j)) && json_text(&j)[len - 1] == '\n');
    json_free(&j);

    /* Strings go out as valid UTF-8: each byte of an overlong form or a
     * surrogate becomes U+FFFD, a real character stays as it is. */
    json_init(&j);
    json_str(&j, "a\xC0\x80\xED\xA0\x80\xC3\xA9");
    CHECK(strcmp(json_text(&j), "\"a\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\xC3\xA9\"") == 0);
    json_free(&j);

    FILE *f = tmpfile();
    CHECK(f != NULL);
    CHECK(json_write_error(f, "stopped") == 0);
    rewind(f);
    char line[128] = "";
    CHECK(fgets(line, sizeof line, f) && strcmp(line, "{\"type\":\"error\",\"message\":\"stopped\"}\n") == 0);
    CHECK(fgetc(f) == EOF);
    fclose(f);

    json_init(&j);
    json_obj_begin(&j);
    json_kint(&j, "v", 1);
    json_obj_end(&j);
    char *text = json_detach(&j);
    CHECK(strcmp(text, "{\"v\":1}") == 0);
    free(text);
    json_init(&j);
    text = json_detach(&j); /* nothing written: an empty string, not NULL */
    CHECK(text && text[0] == '\0');
    free(text);
}

static void test_int_list(void)
{
    int v[16];
    const char *err = NULL;
    CHECK(parse_int_list("4", 1, 64, v, 16, &err) == 1 && v[0] == 4);
    CHECK(parse_int_list("1,2,4", 1, 64, v, 16, &err) == 3 && v[2] == 4);
    CHECK(parse_int_list("1-8", 1, 64, v, 16, &err) == 8 && v[7] == 8);
    CHECK(parse_int_list("1,4-6", 1, 64, v, 16, &err) == 4 && v[3] == 6);
    CHECK(parse_int_list("0", 1, 64, v, 16, &err) == -1);
    CHECK(parse_int_list("1,", 1, 64, v, 16, &err) == -1);
    CHECK(parse_int_list("8-1", 1, 64, v, 16, &err) == -1);
    CHECK(parse_int_list("1-99999999999999999999", 1, 64, v, 16, &err) == -1);
    CHECK(parse_int_list("a", 1, 64, v, 16, &err) == -1);
    CHECK(parse_int_list("1-20", 1, 64, v, 16, &err) == -1); /* too many */
    long l;
    CHECK(parse_long("12", 1, 100, &l) && l == 12);
    CHECK(!parse_long("12x", 1, 100, &l));
    CHECK(!parse_long(" 12", 1, 100, &l));
    double d;
    CHECK(parse_double("0.5", 0, 1, &d) && d == 0.5);
    CHECK(!parse_double("nan", 0, 1, &d));
}

static void test_atomic_write(void)
{
    char dir[] = "/tmp/corelab-util-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char *path = path_join(dir, "f");
    CHECK(write_file_atomic(path, "hello", 5, 0600) == 0);
    struct stat st;
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    size_t len = 0;
    char *data = read_file_bounded(path, 100, &len, true);
    CHECK(data && len == 5 && strcmp(data, "hello") == 0);
    free(data);
    CHECK(read_file_bounded(path, 3, &len, true) == NULL && errno == EFBIG);
    unlink(path);
    free(path);
    char *deep = xasprintf("%s/a/b/c", dir);
    CHECK(mkdir_p(deep, 0700) == 0 && path_is_dir(deep));
    rmdir(deep);
    free(deep);
    char *ab = xasprintf("%s/a/b", dir);
    rmdir(ab);
    free(ab);
    char *a = xasprintf("%s/a", dir);
    rmdir(a);
    free(a);
    rmdir(dir);
}

static void on_alarm(int sig)
{
    (void)sig;
}

/* 4 MiB through a pipe while a timer keeps interrupting both ends: every
 * byte arrives in order although the calls see EINTR and short counts. */
static void test_read_write_all(void)
{
    enum { SIZE = 4 << 20 };
    unsigned char *data = xmalloc(SIZE), *back = xmalloc(SIZE);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 7 + i / 4099);
    int p[2];
    CHECK(pipe(p) == 0);
    struct sigaction sa = {.sa_handler = on_alarm}; /* no SA_RESTART */
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval every = {{0, 500}, {0, 500}}, off = {{0, 0}, {0, 0}};
    pid_t pid = fork();
    if (pid == 0) {
        close(p[0]);
        setitimer(ITIMER_REAL, &every, NULL);
        _exit(write_all(p[1], data, SIZE) == 0 ? 0 : 1);
    }
    close(p[1]);
    setitimer(ITIMER_REAL, &every, NULL);
    CHECK(read_all(p[0], back, SIZE) == 0);
    setitimer(ITIMER_REAL, &off, NULL);
    CHECK(memcmp(data, back, SIZE) == 0);
    /* The writer is done: the end of the pipe comes before one more byte. */
    errno = 0;
    CHECK(read_all(p[0], back, 1) == -1 && errno == ENODATA);
    close(p[0]);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CHECK(read_all(-1, back, 1) == -1 && errno == EBADF);
    CHECK(write_all(-1, data, 1) == -1 && errno == EBADF);
    CHECK(read_all(-1, back, 0) == 0 && write_all(-1, data, 0) == 0);
    free(data);
    free(back);
}

static void test_argv_free(void)
{
    argv_free(NULL);
    char **argv = xcalloc(3, sizeof *argv);
    argv[0] = xstrdup("corelab");
    argv[1] = xstrdup("demo");
    argv_free(argv); /* the sanitizer build checks that nothing leaks */
}

static void test_spawn(void)
{
    /* Arguments reach the program verbatim: no shell expands them. */
    char *argv[] = {"printf", "%s|%s", "$(id)", "a;b", NULL};
    char *out = NULL;
    int status = -1;
    CHECK(run_capture(argv, NULL, 5.0, 1024, &out, &status) == 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(out && strcmp(out, "$(id)|a;b") == 0);
    free(out);

    char *missing[] = {"corelab-no-such-program", NULL};
    CHECK(run_capture(missing, NULL, 5.0, 1024, NULL, &status) == ENOENT);

    char *slow[] = {"sleep", "10", NULL};
    double t0 = now_monotonic();
    CHECK(run_capture(slow, NULL, 0.2, 1024, NULL, &status) == ETIMEDOUT);
    CHECK(now_monotonic() - t0 < 3.0);

    CHECK(strcmp(describe_status(0), "exited with status 0") == 0);
}

int main(void)
{
    test_json();
    test_json_records();
    test_int_list();
    test_atomic_write();
    test_read_write_all();
    test_argv_free();
    test_spawn();
    return check_exit();
}
