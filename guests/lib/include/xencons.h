/*
 * xencons.h — the PV console ring driver (docs/xen-io-toolstack.md §3).
 *
 * xencons_init() maps the ring page of start_info.console.domU over a .bss page.
 * Once a back end has connected the ring (connection == XENCONSOLE_CONNECTED),
 * plat_write() — and so printf/printk — sends output through it; before that, and
 * when there is no back end at all, output goes through console_io, which stays
 * available for early messages.
 */
#ifndef XENCONS_H
#define XENCONS_H

#include <compiler.h>

/* Maps the ring (idempotent); 0 or the -errno of update_va_mapping. */
long xencons_init(void);

/* True once the ring is mapped and a back end services it. */
bool xencons_connected(void);

/* Writes all n bytes, waiting (yielding) while the ring is full; returns n. */
size_t xencons_write(const char *s, size_t n);

/* Takes up to max bytes of input; returns how many (0 if none is waiting). */
size_t xencons_read(char *buf, size_t max);

#endif /* XENCONS_H */
