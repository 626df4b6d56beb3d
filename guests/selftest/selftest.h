/*
 * selftest.h — the groups of checks the selftest guest runs, one file each.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

void check_xen_version(void);   /* version.c */
void check_console_io(void);    /* hypercalls.c */
void check_bad_hypercalls(void);
void check_efault(void);
void check_page_fault(void);    /* pagefault.c */

#endif /* SELFTEST_H */
