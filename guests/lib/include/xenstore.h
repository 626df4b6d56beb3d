/*
 * xenstore.h — a xenstore client over the domain's ring (docs/xen-io-toolstack.md
 * §2; <xen/io/xs_wire.h>).
 *
 * xs_init() finds the ring page and port from start_info and binds a handler to the
 * port; call events_init() first. Requests are synchronous: one at a time, the
 * caller sleeps (SCHEDOP_block) until the reply arrives. Watch events that arrive
 * meanwhile are queued for xs_read_watch().
 *
 * Every call returns >= 0 on success or a negative Xen errno: xenstored's error name
 * mapped to its number (ENOENT -> -XEN_ENOENT, EAGAIN -> -XEN_EAGAIN, ...), -XEN_EIO
 * if xenstored dropped the connection, -XEN_E2BIG if a request would not fit.
 * Paths without a leading '/' are relative to /local/domain/<domid>.
 */
#ifndef XENSTORE_H
#define XENSTORE_H

#include <compiler.h>
#include <xen/io/xs_wire.h>

typedef uint32_t xs_transaction_t;
#define XBT_NIL ((xs_transaction_t)0)

long xs_init(void);

/* The value's length; up to size-1 bytes of it are copied to buf, NUL-terminated. */
long xs_read(xs_transaction_t t, const char *path, char *buf, size_t size);
long xs_write(xs_transaction_t t, const char *path, const char *value);
long xs_write_bytes(xs_transaction_t t, const char *path, const void *value, size_t len);
long xs_mkdir(xs_transaction_t t, const char *path);
long xs_rm(xs_transaction_t t, const char *path);
/* Children's names into buf, each NUL-terminated; returns how many. */
long xs_directory(xs_transaction_t t, const char *path, char *buf, size_t size);
/* Permission strings ("n0", "r5", ...) into buf, each NUL-terminated; returns how many. */
long xs_get_perms(xs_transaction_t t, const char *path, char *buf, size_t size);
long xs_set_perms(xs_transaction_t t, const char *path, const char *const perms[], unsigned int n);

long xs_watch(const char *path, const char *token);
long xs_unwatch(const char *path, const char *token);
/* Is a watch event queued? */
bool xs_watch_pending(void);
/* The next watch event (sleeps until there is one). */
long xs_read_watch(char *path, size_t psize, char *token, size_t tsize);

long xs_transaction_start(xs_transaction_t *t);
/* Commit (abort = false) or discard; a commit may fail with -XEN_EAGAIN: start over. */
long xs_transaction_end(xs_transaction_t t, bool abort);

/* One raw request: the payload is the concatenation of n parts. The reply's payload
 * (up to rsize bytes) goes to reply, its length to *rlen. */
long xs_talk(uint32_t type, xs_transaction_t t, const void *const parts[], const size_t lens[],
             unsigned int n, void *reply, size_t rsize, uint32_t *rlen);

/* The ring page (for tests). */
extern struct xenstore_domain_interface *xs_intf;

#endif /* XENSTORE_H */
