/* class/scan_index: what the instructor remembers of students/ between
 * scans: every entry by name (a hash table, so thousands of planted files
 * cost a lookup each, not a search), and the names of file owners. */
#include "teach_int.h"

#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define OWNER_TTL_S 300.0
#define OWNER_CACHE_MAX 4096

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void rebuild(ScanIndex *x, size_t n_slots)
{
    free(x->slots);
    x->n_slots = n_slots;
    x->slots = xcalloc(n_slots, sizeof *x->slots);
    for (size_t i = 0; i < x->n; i++) {
        size_t k = hash_name(x->items[i].name) & (n_slots - 1);
        while (x->slots[k])
            k = (k + 1) & (n_slots - 1);
        x->slots[k] = i + 1;
    }
}

ScanEntry *scan_index_get(ScanIndex *x, const char *name, bool *made)
{
    *made = false;
    if (x->n_slots) {
        size_t k = hash_name(name) & (x->n_slots - 1);
        for (; x->slots[k]; k = (k + 1) & (x->n_slots - 1))
            if (strcmp(x->items[x->slots[k] - 1].name, name) == 0)
                return &x->items[x->slots[k] - 1];
    }
    if (x->n == x->cap) {
        x->cap = x->cap ? x->cap * 2 : 64;
        x->items = xrealloc(x->items, x->cap * sizeof *x->items);
    }
    ScanEntry *e = &x->items[x->n++];
    memset(e, 0, sizeof *e);
    e->name = xstrdup(name);
    e->uid_in_name = -1;
    *made = true;
    if (x->n * 2 > x->n_slots) { /* at most half full */
        rebuild(x, x->n_slots ? x->n_slots * 2 : 128);
    } else {
        size_t k = hash_name(name) & (x->n_slots - 1);
        while (x->slots[k])
            k = (k + 1) & (x->n_slots - 1);
        x->slots[k] = x->n;
    }
    return e;
}

void scan_entry_reset(ScanEntry *e)
{
    free(e->file);
    e->file = NULL;
    e->kind = ENTRY_NEW;
    e->owner_known = false;
    e->name_checked = false;
    e->user[0] = '\0';
    e->uid_in_name = -1;
}

void scan_index_sweep(ScanIndex *x, unsigned long scan)
{
    size_t k = 0;
    for (size_t i = 0; i < x->n; i++) {
        if (x->items[i].last_scan == scan) {
            x->items[k++] = x->items[i];
        } else {
            free(x->items[i].name);
            free(x->items[i].file);
        }
    }
    if (k != x->n) {
        x->n = k;
        rebuild(x, x->n_slots);
    }
}

void scan_index_free(ScanIndex *x)
{
    for (size_t i = 0; i < x->n; i++) {
        free(x->items[i].name);
        free(x->items[i].file);
    }
    free(x->items);
    free(x->slots);
    free(x->owners);
    memset(x, 0, sizeof *x);
}

static OwnerName *owner(ScanIndex *x, uid_t uid, double now)
{
    OwnerName *o = NULL;
    for (size_t i = 0; i < x->n_owners && !o; i++)
        if (x->owners[i].uid == uid)
            o = &x->owners[i];
    if (!o) {
        if (x->n_owners >= OWNER_CACHE_MAX)
            x->n_owners = 0; /* cannot happen with real classes: start afresh */
        if (x->n_owners == x->cap_owners) {
            x->cap_owners = x->cap_owners ? x->cap_owners * 2 : 32;
            x->owners = xrealloc(x->owners, x->cap_owners * sizeof *x->owners);
        }
        o = &x->owners[x->n_owners++];
        memset(o, 0, sizeof *o);
        o->uid = uid;
        o->fetched = -1e300;
    }
    if (now - o->fetched > OWNER_TTL_S || now < o->fetched) {
        struct passwd *pw = getpwuid(uid);
        o->found = pw && pw->pw_name && strlen(pw->pw_name) < sizeof o->name;
        if (o->found)
            snprintf(o->name, sizeof o->name, "%s", pw->pw_name);
        else
            snprintf(o->name, sizeof o->name, "uid %ld", (long)uid);
        o->fetched = now;
    }
    return o;
}

const char *scan_owner_name(ScanIndex *x, uid_t uid, double now)
{
    return owner(x, uid, now)->name;
}

bool scan_owner_is(ScanIndex *x, uid_t uid, const char *user, double now)
{
    const OwnerName *o = owner(x, uid, now);
    return o->found && strcmp(o->name, user) == 0;
}

bool scan_owner_take(ScanIndex *x, uid_t uid, unsigned long scan, double now)
{
    OwnerName *o = owner(x, uid, now);
    if (o->scan != scan) {
        o->scan = scan;
        o->entries = 0;
    }
    return ++o->entries <= CLASS_ENTRIES_PER_USER;
}
