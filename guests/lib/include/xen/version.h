/*
 * xen/version.h — xen_version(cmd, arg) sub-commands and their argument buffers
 * (docs/xen-abi-x86_32.md §8.2, xen/include/public/version.h). Unknown cmd gives
 * -ENOSYS; an unwritable buffer gives -EFAULT.
 */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#define XENVER_version              0   /* arg ignored; returns (major << 16) | minor */
#define XENVER_extraversion         1   /* OUT xen_extraversion_t; returns 0 */
#define XENVER_compile_info         2   /* OUT struct xen_compile_info */
#define XENVER_capabilities         3   /* OUT xen_capabilities_info_t */
#define XENVER_changeset            4   /* OUT xen_changeset_info_t */
#define XENVER_platform_parameters  5   /* OUT struct xen_platform_parameters */
#define XENVER_get_features         6   /* IN/OUT struct xen_feature_info */
#define XENVER_pagesize             7   /* arg must be NULL (else -EINVAL); returns 4096 */
#define XENVER_guest_handle         8   /* OUT uint8_t[16], the domain's UUID */
#define XENVER_commandline          9   /* OUT char[1024], Xen's command line */
#define XENVER_build_id            10   /* IN/OUT struct xen_varbuf */
#define XENVER_extraversion2       11
#define XENVER_capabilities2       12
#define XENVER_changeset2          13
#define XENVER_commandline2        14

#define XEN_EXTRAVERSION_LEN        16
#define XEN_CAPABILITIES_INFO_LEN 1024
#define XEN_CHANGESET_INFO_LEN      64
#define XEN_COMMANDLINE_LEN       1024

#ifndef __ASSEMBLER__

typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];        /* e.g. ".0", NUL padded */
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN]; /* space separated */
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];

struct xen_compile_info {           /* 144 bytes */
    char compiler[64];
    char compile_by[16];
    char compile_domain[32];
    char compile_date[32];
};
_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info is 144 bytes");

struct xen_platform_parameters {    /* 4 bytes on x86_32 */
    unsigned long virt_start;       /* OUT: start of the hypervisor hole, 0xF5800000 */
};

struct xen_feature_info {           /* 8 bytes */
    unsigned int submap_idx;        /* IN: which 32-bit word; only 0 exists */
    uint32_t     submap;            /* OUT: XENFEAT_* bits of that word */
};

struct xen_varbuf {                 /* variable-length results (build_id, *2 commands) */
    uint32_t len;                   /* IN: capacity of buf */
    char     buf[];                 /* OUT */
};

#endif /* __ASSEMBLER__ */
#endif /* XEN_VERSION_H */
