/* class/name: user names as students/ entry names. Letters, digits, '_',
 * '-' and a '.' that is not first stay as they are, so the common names
 * ("alice", "j.smith", "user-1") read the same as before; every other byte
 * becomes %XX with upper-case hex. The encoding is canonical: decoding
 * accepts only what encoding makes, so no user has two names. */
#include "class/class.h"

#include <string.h>

static bool plain(unsigned char c, bool first)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return c == '_' || c == '-' || (c == '.' && !first);
}

bool class_name_encode(const char *user, char *out, size_t cap)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = 0;
    if (!user[0])
        return false;
    for (const unsigned char *p = (const unsigned char *)user; *p; p++) {
        if (plain(*p, p == (const unsigned char *)user)) {
            if (n + 1 >= cap)
                return false;
            out[n++] = (char)*p;
        } else {
            if (n + 3 >= cap)
                return false;
            out[n++] = '%';
            out[n++] = hex[*p >> 4];
            out[n++] = hex[*p & 15];
        }
    }
    out[n] = '\0';
    return true;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1; /* lower case is not canonical */
}

bool class_name_decode(const char *enc, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)enc[i];
        if (c == '%') {
            if (i + 2 >= n)
                return false;
            int a = hex_digit(enc[i + 1]), b = hex_digit(enc[i + 2]);
            if (a < 0 || b < 0)
                return false;
            c = (unsigned char)(a * 16 + b);
            /* A byte that encoding would have left plain, or NUL or '/',
             * is not a name. */
            if (c == 0 || c == '/' || plain(c, k == 0))
                return false;
            i += 2;
        } else if (!plain(c, k == 0)) {
            return false;
        }
        if (k + 1 >= cap)
            return false;
        out[k++] = (char)c;
    }
    out[k] = '\0';
    return true;
}
