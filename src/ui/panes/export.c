/* Export of the last results as CSV: demo, variant, workers, wall_s,
 * speedup and efficiency (for a demo that splits its work: gil's convoy
 * does not, and a speedup of it would mean nothing), then each
 * demo-specific field (in the order the results first name them). Fields
 * with commas, quotes or newlines are quoted as RFC 4180 says. */
#include "demo/registry.h"
#include "ui/panes/panes.h"
#include "util/util.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void csv_field(StrBuf *sb, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        strbuf_adds(sb, s);
        return;
    }
    strbuf_addc(sb, '"');
    for (; *s; s++) {
        if (*s == '"')
            strbuf_addc(sb, '"');
        strbuf_addc(sb, *s);
    }
    strbuf_addc(sb, '"');
}

static const char *field_value(const ShownResult *r, const char *key)
{
    for (int i = 0; i < r->n_fields; i++)
        if (strcmp(r->fields[i].key, key) == 0)
            return r->fields[i].value;
    return "";
}

char *export_csv_text(const Model *m)
{
    const char *keys[MODEL_MAX_RESULTS * MODEL_MAX_FIELDS];
    int nkeys = 0;
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *r = &m->results[i];
        for (int f = 0; f < r->n_fields; f++) {
            bool seen = false;
            for (int k = 0; k < nkeys && !seen; k++)
                seen = strcmp(keys[k], r->fields[f].key) == 0;
            if (!seen)
                keys[nkeys++] = r->fields[f].key;
        }
    }
    const ShownResult *last = m->nresults ? &m->results[m->nresults - 1] : NULL;
    bool speedup = !last || demo_splits_work(demo_find(last->demo), last->variant);
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_adds(&sb, speedup ? "demo,variant,workers,wall_s,speedup,efficiency" : "demo,variant,workers,wall_s");
    for (int k = 0; k < nkeys; k++) {
        strbuf_addc(&sb, ',');
        csv_field(&sb, keys[k]);
    }
    strbuf_addc(&sb, '\n');
    for (int i = 0; i < m->nresults; i++) {
        const ShownResult *r = &m->results[i];
        csv_field(&sb, r->demo ? r->demo : "");
        strbuf_addc(&sb, ',');
        csv_field(&sb, r->variant ? r->variant : "");
        strbuf_addf(&sb, ",%d,%.6g", r->workers, r->wall_s);
        if (speedup && r->has_speedup) {
            strbuf_addf(&sb, ",%.6g,", r->speedup);
            if (r->workers > 0)
                strbuf_addf(&sb, "%.4g", r->speedup / r->workers);
        } else if (speedup) {
            strbuf_adds(&sb, ",,");
        }
        for (int k = 0; k < nkeys; k++) {
            strbuf_addc(&sb, ',');
            csv_field(&sb, field_value(r, keys[k]));
        }
        strbuf_addc(&sb, '\n');
    }
    return strbuf_detach(&sb);
}

int export_csv(const Model *m, const char *path)
{
    if (!path || !*path)
        return EINVAL;
    if (m->nresults == 0)
        return ENODATA;
    char *text = export_csv_text(m);
    int rc = write_file_atomic(path, text, strlen(text), 0644);
    int err = rc == 0 ? 0 : errno;
    free(text);
    return err;
}

char *export_path(const char *typed)
{
    if (typed[0] != '~')
        return xstrdup(typed);
    const char *rest = typed + 1 + strcspn(typed + 1, "/");
    const char *home = NULL;
    if (rest == typed + 1) {
        home = getenv("HOME");
        struct passwd *pw = home && *home ? NULL : getpwuid(getuid());
        if (pw)
            home = pw->pw_dir;
    } else {
        char *user = xstrndup(typed + 1, (size_t)(rest - typed - 1));
        struct passwd *pw = getpwnam(user);
        free(user);
        home = pw ? pw->pw_dir : NULL;
    }
    return home ? xasprintf("%s%s", home, rest) : xstrdup(typed);
}
