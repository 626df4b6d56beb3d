/*
 * version.c — xen_version sub-commands (docs/xen-abi-x86_32.md §8.2).
 */
#include <console.h>
#include <hypercall.h>
#include <string.h>
#include <test.h>
#include <xen/errno.h>
#include <xen/version.h>
#include "selftest.h"

void check_xen_version(void)
{
    static xen_capabilities_info_t caps;
    xen_extraversion_t extra;
    struct xen_platform_parameters params = { 0 };
    struct xen_feature_info fi = { .submap_idx = 0 };
    long rc, major, minor;

    rc = HYPERVISOR_xen_version(XENVER_version, NULL);
    major = rc >> 16;
    minor = rc & 0xffff;
    check(rc >= 0 && major >= 3 && major <= 255,
          "XENVER_version returns a plausible version (%ld = %ld.%ld)", rc, major, minor);

    /* Pre-fill with non-zero bytes: only Xen's string can put a NUL there. */
    memset(extra, 0xff, sizeof(extra));
    rc = HYPERVISOR_xen_version(XENVER_extraversion, extra);
    if (check(rc == 0 && memchr(extra, 0, sizeof(extra)),
              "XENVER_extraversion fills a NUL-terminated 16-byte string (rc %ld)", rc))
        printk("  extraversion: \"%s\"\n", extra);

    memset(caps, 0xff, sizeof(caps));
    rc = HYPERVISOR_xen_version(XENVER_capabilities, caps);
    caps[sizeof(caps) - 1] = '\0';
    if (check(rc == 0 && strstr(caps, "xen-3.0-x86_32p"),
              "XENVER_capabilities lists xen-3.0-x86_32p (rc %ld)", rc))
        printk("  capabilities: \"%s\"\n", caps);

    rc = HYPERVISOR_xen_version(XENVER_platform_parameters, &params);
    check(rc == 0 && params.virt_start == HYPERVISOR_VIRT_START,
          "XENVER_platform_parameters: virt_start 0x%08lx (rc %ld)", params.virt_start, rc);

    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    check(rc == 0, "XENVER_get_features submap 0 = 0x%08x (rc %ld)", fi.submap, rc);

    fi.submap_idx = 1;
    rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
    check(rc == -XEN_EINVAL, "XENVER_get_features submap 1 gives -EINVAL (rc %ld)", rc);

    rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
    check(rc == PAGE_SIZE, "XENVER_pagesize returns 4096 (rc %ld)", rc);
}
