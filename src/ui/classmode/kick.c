/* ui/classmode/kick: a one-shot timerfd handed to the app's poll so that a
 * mode's first tick comes at once. The app asks wake_in only after its first
 * poll returns, and that poll may otherwise wait for the next minute. */
#include "ui/classmode/classmode_int.h"

#include <stdint.h>
#include <sys/timerfd.h>
#include <unistd.h>

int classmode_kick_open(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (fd < 0)
        return -1;
    struct itimerspec its = {.it_value = {.tv_sec = 0, .tv_nsec = 1000000}};
    if (timerfd_settime(fd, 0, &its, NULL) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

int classmode_kick_pollfds(int *fd, struct pollfd *fds, int max)
{
    if (*fd < 0 || max < 1)
        return 0;
    fds[0] = (struct pollfd){.fd = *fd, .events = POLLIN};
    return 1;
}

void classmode_kick_done(int *fd, const struct pollfd *fds, int n)
{
    if (*fd >= 0 && n > 0 && (fds[0].revents & POLLIN)) {
        close(*fd); /* one shot: from now on wake_in paces the ticks */
        *fd = -1;
    }
}
