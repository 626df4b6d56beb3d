/*
 * test.c — XTF-style result reporting (see test.h for the convention).
 */
#include <test.h>
#include <kernel.h>
#include <plat.h>

static unsigned int nr_checks, nr_failed;

/* The optional reason line (fmt may be NULL), the result line, power off. */
static __noreturn void report(const char *result, const char *fmt, va_list *ap)
{
    if (fmt) {
        vprintf(fmt, *ap);
        printf("\n");
    }
    printf("Test result: %s\n", result);
    poweroff();
}

#define REPORT(result) do {                  \
        va_list ap;                          \
        va_start(ap, fmt);                   \
        report(result, fmt, &ap);             \
    } while (0)

void test_success(void)
{
    report("SUCCESS", NULL, NULL);
}

void test_skip(const char *fmt, ...)    { REPORT("SKIP"); }
void test_error(const char *fmt, ...)   { REPORT("ERROR"); }
void test_failure(const char *fmt, ...) { REPORT("FAILURE"); }

bool check(bool ok, const char *fmt, ...)
{
    va_list ap;

    nr_checks++;
    if (!ok)
        nr_failed++;
    printf("%s: ", ok ? "PASS" : "FAIL");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    return ok;
}

void test_finish(void)
{
    if (!nr_checks)
        test_error("no checks were run");
    if (nr_failed)
        test_failure("%u of %u checks failed", nr_failed, nr_checks);
    test_success();
}
