/*
 * xen/io/console.h — the PV console ring (docs/xen-io-toolstack.md §3.1).
 *
 * One page shared with the console back end: `out` carries guest output, `in`
 * keyboard input. Indices are free-running u32; byte x of a stream lives at
 * x & (sizeof(buffer) - 1). The producer writes data, then (write barrier) its prod
 * index, then signals the console event channel; the consumer reads prod, (read
 * barrier) the data, then advances cons and signals. No event suppression.
 */
#ifndef XEN_IO_CONSOLE_H
#define XEN_IO_CONSOLE_H

#include <compiler.h>

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
    char in[1024];               /* back end -> guest */
    char out[2048];              /* guest -> back end */
    XENCONS_RING_IDX in_cons, in_prod;
    XENCONS_RING_IDX out_cons, out_prod;
    uint8_t connection;          /* XENCONSOLE_CONNECTED once a back end serves the ring */
};
_Static_assert(offsetof(struct xencons_interface, in_cons) == 3072, "in_cons at 3072");
_Static_assert(offsetof(struct xencons_interface, connection) == 3088, "connection at 3088");

#define XENCONSOLE_CONNECTED     0
#define XENCONSOLE_DISCONNECTED  1

#endif /* XEN_IO_CONSOLE_H */
