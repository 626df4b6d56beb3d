/*
 * test.h — XTF-style result reporting for guest tests.
 *
 * A test prints any number of lines and ends with exactly one
 *     Test result: SUCCESS | SKIP | ERROR | FAILURE
 * then powers off. ERROR means the test or its environment is broken, FAILURE
 * means the hypervisor behaved wrongly. The optional reason is printed on its own
 * line just before the result line.
 */
#ifndef TEST_H
#define TEST_H

#include <compiler.h>

__noreturn void test_success(void);
__printf(1, 2) __noreturn void test_skip(const char *fmt, ...);
__printf(1, 2) __noreturn void test_error(const char *fmt, ...);
__printf(1, 2) __noreturn void test_failure(const char *fmt, ...);

/* Record one check: prints "PASS: <msg>" or "FAIL: <msg>" and counts failures.
 * Returns ok. */
__printf(2, 3) bool check(bool ok, const char *fmt, ...);

/* SUCCESS if every check() passed, else FAILURE naming the count. */
__noreturn void test_finish(void);

#endif /* TEST_H */
