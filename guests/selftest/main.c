/*
 * selftest — an XTF-style self test of the basic hypercall interface and of
 * exception delivery. Prints one PASS/FAIL line per check and ends with
 * "Test result: SUCCESS" only if all of them passed.
 */
#include <console.h>
#include <test.h>
#include "selftest.h"

void kmain(void)
{
    printk("selftest: basic hypercalls and #PF delivery\n");
    check_xen_version();
    check_console_io();
    check_bad_hypercalls();
    check_efault();
    check_page_fault();
    test_finish();
}
