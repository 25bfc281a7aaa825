/* Every value that can reach a job script passes through here first. The
 * charsets are deliberately narrow: what the script gets cannot be parsed as
 * anything but a word by bash or the scheduler. */
#include "cluster/cluster.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* A readable name for the first character that is not allowed. */
static char *describe_bad_char(char ch)
{
    switch (ch) {
    case ';': return xstrdup("';'");
    case '$': return xstrdup("'$' (no $(...) or variables)");
    case '`': return xstrdup("a backtick");
    case '\n': return xstrdup("a newline");
    case '\r': return xstrdup("a carriage return");
    case '\t': return xstrdup("a tab");
    case '\'': return xstrdup("a single quote");
    case '"': return xstrdup("a double quote");
    case ' ': return xstrdup("a space");
    case '\\': return xstrdup("a backslash");
    case '|': return xstrdup("'|'");
    case '&': return xstrdup("'&'");
    case '<': case '>': return xasprintf("'%c'", ch);
    default:
        if ((unsigned char)ch < 0x20 || (unsigned char)ch >= 0x7f)
            return xasprintf("the byte 0x%02x", (unsigned char)ch);
        return xasprintf("'%c'", ch);
    }
}

/* For messages: the value with control characters made visible. */
static char *shown(const char *v)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_addc(&sb, '\'');
    for (const char *p = v; *p && sb.len < 60; p++) {
        if (*p == '\n')
            strbuf_adds(&sb, "\\n");
        else if ((unsigned char)*p < 0x20)
            strbuf_addf(&sb, "\\x%02x", (unsigned char)*p);
        else
            strbuf_addc(&sb, *p);
    }
    strbuf_addc(&sb, '\'');
    return strbuf_detach(&sb);
}

static char *bad_char_message(const char *what, const char *v, char ch, const char *allowed)
{
    char *d = describe_bad_char(ch);
    char *s = shown(v);
    char *m = xasprintf("%s %s contains %s, which is not allowed (allowed: %s)", what, s, d, allowed);
    free(d);
    free(s);
    return m;
}

static bool is_name_char(char ch)
{
    return isalnum((unsigned char)ch) || strchr("._/+-", ch) != NULL;
}

char *cluster_check_name(const char *what, const char *v, bool may_be_empty)
{
    if (!*v)
        return may_be_empty ? NULL : xasprintf("%s must not be empty", what);
    if (strlen(v) > 128)
        return xasprintf("%s is longer than 128 characters", what);
    for (const char *p = v; *p; p++)
        if (!is_name_char(*p) || (unsigned char)*p >= 0x80)
            return bad_char_message(what, v, *p, "letters, digits and . _ / + -");
    if (v[0] == '-')
        return xasprintf("%s must not start with '-'", what);
    return NULL;
}

static bool two_digits(const char *p, int max, int *out)
{
    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
        return false;
    *out = (p[0] - '0') * 10 + (p[1] - '0');
    return *out <= max;
}

long cluster_time_seconds(const char *v)
{
    long days = 0;
    const char *p = v;
    const char *dash = strchr(v, '-');
    if (dash) {
        if (dash == v || dash - v > 3)
            return -1;
        for (const char *q = v; q < dash; q++)
            if (!isdigit((unsigned char)*q))
                return -1;
        days = strtol(v, NULL, 10);
        p = dash + 1;
    }
    int h, m, s;
    if (strlen(p) != 8 || p[2] != ':' || p[5] != ':')
        return -1;
    if (!two_digits(p, 99, &h) || !two_digits(p + 3, 59, &m) || !two_digits(p + 6, 59, &s))
        return -1;
    if (dash && h > 23)
        return -1;
    return ((days * 24 + h) * 60 + m) * 60 + s;
}

char *cluster_check_time(const char *v)
{
    long s = cluster_time_seconds(v);
    if (s < 0) {
        char *sv = shown(v);
        char *m = xasprintf("time %s is not a walltime of the form HH:MM:SS or D-HH:MM:SS", sv);
        free(sv);
        return m;
    }
    if (s == 0)
        return xstrdup("time must be longer than 00:00:00");
    if (s > 365L * 86400)
        return xstrdup("time is longer than a year");
    return NULL;
}

char *cluster_check_cpus(const char *v, int *out)
{
    long n;
    if (!parse_long(v, 1, 1024, &n)) {
        char *sv = shown(v);
        char *m = xasprintf("cpus %s is not a whole number from 1 to 1024", sv);
        free(sv);
        return m;
    }
    if (out)
        *out = (int)n;
    return NULL;
}

char *cluster_check_mem(const char *v)
{
    if (!*v)
        return NULL;
    size_t n = strlen(v);
    size_t digits = strspn(v, "0123456789");
    bool ok = digits > 0 && digits <= 9 && v[0] != '0' &&
              (digits == n || (digits == n - 1 && strchr("KMGTkmgt", v[n - 1])));
    if (!ok) {
        char *sv = shown(v);
        char *m = xasprintf("mem %s is not an amount like 4G or 4096M", sv);
        free(sv);
        return m;
    }
    return NULL;
}

/* Words of [A-Za-z0-9._/+=:-] separated by single spaces: each word reaches
 * the script unquoted, and nothing in it means anything to bash. */
char *cluster_check_command(const char *v)
{
    const char *allowed = "words of letters, digits and . _ / + = : - separated by single spaces";
    if (!*v)
        return xstrdup("command must not be empty");
    if (strlen(v) > 512)
        return xstrdup("command is longer than 512 characters");
    for (const char *p = v; *p; p++) {
        bool ok = isalnum((unsigned char)*p) || strchr("._/+=:-", *p) != NULL;
        if (*p == ' ' && p != v && p[1] && p[1] != ' ')
            ok = true;
        if (!ok || (unsigned char)*p >= 0x80)
            return bad_char_message("command", v, *p, allowed);
    }
    if (v[0] == '-' || v[0] == '=')
        return xstrdup("command must start with a program name");
    return NULL;
}

char *cluster_check_host(const char *v)
{
    if (!*v)
        return NULL;
    if (strlen(v) > 253)
        return xstrdup("login_host is too long");
    for (const char *p = v; *p; p++) {
        bool ok = isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_' ||
                  (*p == '@' && p != v);
        if (!ok || (unsigned char)*p >= 0x80)
            return bad_char_message("login_host", v, *p, "letters, digits and . - _ (and user@ before a host)");
    }
    if (v[0] == '-')
        return xstrdup("login_host must not start with '-'");
    return NULL;
}

char *cluster_check_path(const char *what, const char *v)
{
    if (!*v)
        return xasprintf("%s must not be empty", what);
    if (strlen(v) > 1024)
        return xasprintf("%s is too long", what);
    for (const char *p = v; *p; p++) {
        bool ok = isalnum((unsigned char)*p) || strchr("._/+-@,~", *p) != NULL;
        if (!ok || (unsigned char)*p >= 0x80)
            return bad_char_message(what, v, *p, "letters, digits and . _ / + - @ , ~");
    }
    return NULL;
}
