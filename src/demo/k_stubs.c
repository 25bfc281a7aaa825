#include "demo/kernel.h"
static int stub_run(DemoCtx *c, DemoResult *res, char *err, size_t errlen)
{
    (void)c; (void)res;
    snprintf(err, errlen, "not built yet");
    return -1;
}
static void stub_conclude(const DemoCtx *c, const DemoRow *rows, int n, StrBuf *out) { (void)c; (void)rows; (void)n; (void)out; }
const DemoKernel demo_pool = {"pool", 1000, 1000000, "units", stub_run, stub_conclude};
