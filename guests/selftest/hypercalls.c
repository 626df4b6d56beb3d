/*
 * hypercalls.c — console_io, unknown hypercall numbers and -EFAULT for bad
 * guest pointers (docs/xen-abi-x86_32.md §1.1, §8.1).
 */
#include <hypercall.h>
#include <string.h>
#include <test.h>
#include <xen/errno.h>
#include <xen/version.h>
#include "selftest.h"

/* Below VIRT_BASE and never mapped by the domain builder for this image. */
#define UNMAPPED_VA  0x00001000UL

void check_console_io(void)
{
    static char msg[] = "selftest: a line written with console_io directly\n";
    char buf[16];
    long rc;

    rc = HYPERVISOR_console_io(CONSOLEIO_write, strlen(msg), msg);
    check(rc == 0, "console_io(CONSOLEIO_write) returns 0 (rc %ld)", rc);

    rc = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf);
    check(rc == 0, "console_io(CONSOLEIO_read) returns 0 without input (rc %ld)", rc);
}

void check_bad_hypercalls(void)
{
    long rc;

    /* Stub 60 exists in the page (every stub but 23 is mov/int/ret). */
    rc = _hypercall0(long, 60);
    check(rc == -XEN_ENOSYS, "hypercall 60 via the page gives -ENOSYS (rc %ld)", rc);

    rc = hypercall_int82(1000, 0, 0, 0, 0, 0);
    check(rc == -XEN_ENOSYS, "int $0x82 with EAX=1000 gives -ENOSYS (rc %ld)", rc);

    rc = hypercall_int82(__HYPERVISOR_xen_version, XENVER_pagesize, 0, 0, 0, 0);
    check(rc == PAGE_SIZE, "int $0x82 xen_version(XENVER_pagesize) works (rc %ld)", rc);
}

void check_efault(void)
{
    long rc;

    rc = HYPERVISOR_console_io(CONSOLEIO_write, 16, (char *)UNMAPPED_VA);
    check(rc == -XEN_EFAULT, "console_io write from unmapped 0x%08lx gives -EFAULT (rc %ld)",
          UNMAPPED_VA, rc);

    rc = HYPERVISOR_xen_version(XENVER_extraversion, NULL);
    check(rc == -XEN_EFAULT, "XENVER_extraversion into NULL gives -EFAULT (rc %ld)", rc);

    rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)HYPERVISOR_VIRT_START);
    check(rc == -XEN_EFAULT,
          "XENVER_extraversion into the hypervisor hole (0x%08x) gives -EFAULT (rc %ld)",
          HYPERVISOR_VIRT_START, rc);
}
