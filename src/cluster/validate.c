/* Every value that can reach a job script passes through here first. The
 * charsets are deliberately narrow: what the script gets cannot be parsed as
 * anything but a word by bash or the scheduler. */
#include "cluster/cluster.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* A number of at most 9 digits at *p (so that no sum below overflows);
 * -1 when there is none. */
static long number_at(const char **p)
{
    size_t n = strspn(*p, "0123456789");
    if (n == 0 || n > 9)
        return -1;
    long v = strtol(*p, NULL, 10);
    *p += n;
    return v;
}

/* sbatch's forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
long cluster_duration_seconds(const char *v, bool strict)
{
    const char *p = v;
    long parts[3], days = 0;
    int np = 0;
    bool dash = strchr(v, '-') != NULL;
    if (dash && ((days = number_at(&p)) < 0 || *p++ != '-'))
        return -1;
    while (np < 3) {
        if ((parts[np++] = number_at(&p)) < 0)
            return -1;
        if (*p != ':')
            break;
        p++;
    }
    if (*p || (dash && np > 3))
        return -1;
    long h = 0, m = 0, s = 0;
    if (np == 3) {
        h = parts[0], m = parts[1], s = parts[2];
    } else if (np == 2 && dash) {
        h = parts[0], m = parts[1];
    } else if (np == 2) {
        m = parts[0], s = parts[1];
    } else if (dash) {
        h = parts[0];
    } else {
        m = parts[0];
    }
    /* what a user writes keeps each part in its range: 01:60:00 is a typo */
    if (strict && (s > 59 || (np > 1 && m > 59) || (dash && h > 23)))
        return -1;
    return ((days * 24 + h) * 60 + m) * 60 + s;
}

long cluster_time_seconds(const char *v)
{
    return cluster_duration_seconds(v, true);
}

char *cluster_check_time(const char *v)
{
    long s = cluster_time_seconds(v);
    if (s < 0) {
        char *sv = shown(v);
        char *m = xasprintf("time %s is not a walltime sbatch takes (MM, MM:SS, HH:MM:SS, D-HH, "
                            "D-HH:MM or D-HH:MM:SS)", sv);
        free(sv);
        return m;
    }
    if (s == 0)
        return xstrdup("time must be longer than 0 minutes");
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

/* Options of Jupyter's that corelab sets itself (where it listens) or
 * that would open the server to anyone on the node's network: a token or a
 * password given here replaces (or empties) the job's own token. Matched on
 * the option's last part, whatever its class: --ServerApp.token,
 * --NotebookApp.token, --IdentityProvider.token... */
static const char *const refused_options[] = {
    "token", "password", "hashed_password", "allow_unauthenticated_access", "disable_check_xsrf",
    "allow_origin", "allow_origin_pat", "ip", "port", "port_retries", "sock", NULL,
};

/* The option a word sets ("--ServerApp.token=x" -> "token"), or NULL. */
static const char *refused_option(const char *word, size_t n)
{
    if (n < 3 || word[0] != '-' || word[1] != '-')
        return NULL;
    const char *name = word + 2;
    size_t len = strcspn(name, "= ");
    if (name + len > word + n)
        len = (size_t)(word + n - name);
    for (const char *q = name; q < name + len; q++)
        if (*q == '.') {
            len -= (size_t)(q + 1 - name);
            name = q + 1;
        }
    for (int i = 0; refused_options[i]; i++)
        if (strlen(refused_options[i]) == len && strncasecmp(name, refused_options[i], len) == 0)
            return refused_options[i];
    return NULL;
}

static char *refused_option_message(const char *word, size_t n, const char *opt)
{
    bool placement = strcmp(opt, "ip") == 0 || strncmp(opt, "port", 4) == 0 || strcmp(opt, "sock") == 0;
    if (placement)
        return xasprintf("command: '%.*s' is corelab's to set: the job picks the port and "
                         "checks that Jupyter listens on it", (int)n, word);
    return xasprintf("command: '%.*s' would weaken or turn off Jupyter's authentication on a "
                     "shared node; corelab gives every job a token of its own", (int)n, word);
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
    for (const char *w = v; *w;) {
        size_t n = strcspn(w, " ");
        const char *opt = refused_option(w, n);
        if (opt)
            return refused_option_message(w, n, opt);
        w += n + (w[n] == ' ');
    }
    return NULL;
}

/* One DNS name: labels of letters, digits, '-' and '_' (some sites use
 * it), not starting or ending with '-', joined by single dots. */
static bool valid_host(const char *h, size_t n)
{
    if (n == 0 || n > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = h[i];
        if (ch == '.') {
            if (label == 0 || h[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (!(isalnum((unsigned char)ch) || ch == '-' || ch == '_') || (ch == '-' && label == 0))
            return false;
        if (++label > 63)
            return false;
    }
    return label > 0 && h[n - 1] != '-';
}

/* host or user@host: what ssh gets after -N -L in the tunnel line. */
char *cluster_check_host(const char *v)
{
    if (!*v)
        return NULL;
    if (strlen(v) > 253)
        return xstrdup("login_host is too long");
    for (const char *p = v; *p; p++) {
        bool ok = isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_' || *p == '@';
        if (!ok || (unsigned char)*p >= 0x80)
            return bad_char_message("login_host", v, *p, "letters, digits and . - _ (and user@ before a host)");
    }
    if (v[0] == '-')
        return xstrdup("login_host must not start with '-'");
    const char *at = strchr(v, '@');
    const char *host = at ? at + 1 : v;
    char *sv = shown(v);
    char *m = NULL;
    if (at && strchr(host, '@'))
        m = xasprintf("login_host %s has more than one '@' (write host or user@host)", sv);
    else if (at && at == v)
        m = xasprintf("login_host %s has no user before '@' (write host or user@host)", sv);
    else if (at && !*host)
        m = xasprintf("login_host %s has no host after '@' (write host or user@host)", sv);
    else if (at && (v[0] == '.' || at[-1] == '.'))
        m = xasprintf("login_host %s: the user name is not one ssh takes", sv);
    else if (!valid_host(host, strlen(host)))
        m = xasprintf("login_host %s: '%s' is not a host name (labels of letters, digits and -, "
                      "joined by dots)", sv, host);
    free(sv);
    return m;
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
