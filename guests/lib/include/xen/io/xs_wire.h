/*
 * xen/io/xs_wire.h — the xenstore wire protocol and domain ring page
 * (docs/xen-io-toolstack.md §2.1–2.4; Xen's public/io/xs_wire.h names).
 *
 * Every message is a struct xsd_sockmsg header followed by `len` payload bytes
 * (at most XENSTORE_PAYLOAD_MAX). Payloads are NUL-terminated strings, except a
 * WRITE's value and a READ's reply, which are raw bytes. A failed request is
 * answered with XS_ERROR and the errno's *name* ("ENOENT\0").
 */
#ifndef XEN_IO_XS_WIRE_H
#define XEN_IO_XS_WIRE_H

#include <compiler.h>

enum xsd_sockmsg_type {
    XS_CONTROL,                 /* dom0 tooling only */
    XS_DIRECTORY,               /* path|            -> child|child|... */
    XS_READ,                    /* path|            -> value bytes (no NUL) */
    XS_GET_PERMS,               /* path|            -> perm|perm|... */
    XS_WATCH,                   /* path|token|[depth|] -> OK|, then one event */
    XS_UNWATCH,                 /* path|token|      -> OK| */
    XS_TRANSACTION_START,       /* |                -> id| (decimal) */
    XS_TRANSACTION_END,         /* T| commit / F| abort; commit may be EAGAIN */
    XS_INTRODUCE,
    XS_RELEASE,
    XS_GET_DOMAIN_PATH,         /* domid|           -> /local/domain/<domid>| */
    XS_WRITE,                   /* path|value bytes -> OK| */
    XS_MKDIR,                   /* path|            -> OK| */
    XS_RM,                      /* path|            -> OK| */
    XS_SET_PERMS,               /* path|perm|perm|... -> OK| */
    XS_WATCH_EVENT,             /* server -> client: path|token|, req_id = tx_id = 0 */
    XS_ERROR,                   /* server -> client: EXXX| */
    XS_IS_DOMAIN_INTRODUCED,
    XS_RESUME,
    XS_SET_TARGET,
    XS_RESTRICT,                /* removed: invalid */
    XS_RESET_WATCHES,           /* |                -> OK| */
    XS_DIRECTORY_PART,
    XS_GET_FEATURE,
    XS_SET_FEATURE,
    XS_GET_QUOTA,
    XS_SET_QUOTA,
    XS_TYPE_COUNT,
    XS_INVALID = 0xffff
};

struct xsd_sockmsg {
    uint32_t type;      /* enum xsd_sockmsg_type */
    uint32_t req_id;    /* echoed in the reply */
    uint32_t tx_id;     /* transaction id, 0 = none; echoed */
    uint32_t len;       /* payload bytes that follow */
};
_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg is 16 bytes");

#define XENSTORE_PAYLOAD_MAX  4096
#define XENSTORE_ABS_PATH_MAX 3072
#define XENSTORE_REL_PATH_MAX 2048

/*
 * The domain's ring page (start_info.store_mfn), signalled both ways through
 * start_info.store_evtchn after every index update (no event suppression). Indices
 * are free-running: byte x of a stream lives at x % XENSTORE_RING_SIZE, and
 * prod - cons never exceeds XENSTORE_RING_SIZE. The guest produces req and
 * consumes rsp.
 */
typedef uint32_t XENSTORE_RING_IDX;
#define XENSTORE_RING_SIZE 1024
#define MASK_XENSTORE_IDX(idx) ((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
    char req[XENSTORE_RING_SIZE];      /* requests to xenstored */
    char rsp[XENSTORE_RING_SIZE];      /* replies and watch events */
    XENSTORE_RING_IDX req_cons, req_prod;
    XENSTORE_RING_IDX rsp_cons, rsp_prod;
    uint32_t server_features;          /* XENSTORE_SERVER_FEATURE_*, set by xenstored */
    uint32_t connection;               /* XENSTORE_CONNECTED / XENSTORE_RECONNECT */
    uint32_t error;                    /* XENSTORE_ERROR_*: xenstored gave up on us */
    uint32_t evtchn_port;
};
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, req_cons) == 2048, "indices at 2048");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, error) == 2072, "error at 2072");

#define XENSTORE_SERVER_FEATURE_RECONNECTION 1
#define XENSTORE_SERVER_FEATURE_ERROR        2
#define XENSTORE_SERVER_FEATURE_WATCHDEPTH   4
#define XENSTORE_SERVER_FEATURE_DOMID_ANY    8

#define XENSTORE_CONNECTED 0
#define XENSTORE_RECONNECT 1

#define XENSTORE_ERROR_NONE    0
#define XENSTORE_ERROR_COMM    1
#define XENSTORE_ERROR_RINGIDX 2
#define XENSTORE_ERROR_PROTO   3

#endif /* XEN_IO_XS_WIRE_H */
