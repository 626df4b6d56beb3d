// Byte rings in shared pages, the back end's side (the console ring, fact sheet
// xen-io §3; the xenstore ring, §2.4): a power-of-two data area and two free-running
// u32 indices per direction, `prod` written by the producer and `cons` by the
// consumer. Byte x of the stream lives at data[x & (size - 1)].
//
// The page is shared with a guest that may change it at any moment, so each index is
// read once, all arithmetic is modulo 2^32 (`>>> 0`), and a ring claiming more
// than `size` bytes in flight is treated as corrupt: nothing is read or written.

/** Where one direction of a ring lives in its page. */
export interface RingLayout {
  /** Offset of the data area and its size (a power of two). */
  data: number;
  size: number;
  /** Offsets of the u32 consumer and producer indices. */
  cons: number;
  prod: number;
}

function view(page: Uint8Array): DataView {
  return new DataView(page.buffer, page.byteOffset, page.byteLength);
}

/**
 * Takes every byte the guest produced on ring `r` (advancing its cons index), or
 * null if the indices are corrupt.
 */
export function ringTake(page: Uint8Array, r: RingLayout, max = r.size): Uint8Array | null {
  const dv = view(page);
  const prod = dv.getUint32(r.prod, true);
  const cons = dv.getUint32(r.cons, true);
  const avail = (prod - cons) >>> 0;
  if (avail > r.size) return null;
  const n = Math.min(avail, max);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = page[r.data + ((cons + i) & (r.size - 1))];
  dv.setUint32(r.cons, (cons + n) >>> 0, true);
  return out;
}

/**
 * Puts as many of `bytes` as fit on ring `r` (advancing its prod index); returns how
 * many, or -1 if the indices are corrupt.
 */
export function ringPut(page: Uint8Array, r: RingLayout, bytes: Uint8Array): number {
  const dv = view(page);
  const cons = dv.getUint32(r.cons, true);
  const prod = dv.getUint32(r.prod, true);
  const used = (prod - cons) >>> 0;
  if (used > r.size) return -1;
  const n = Math.min(r.size - used, bytes.length);
  for (let i = 0; i < n; i++) page[r.data + ((prod + i) & (r.size - 1))] = bytes[i];
  dv.setUint32(r.prod, (prod + n) >>> 0, true);
  return n;
}

/** Bytes waiting on ring `r` (0 when corrupt). */
export function ringPending(page: Uint8Array, r: RingLayout): number {
  const dv = view(page);
  const n = (dv.getUint32(r.prod, true) - dv.getUint32(r.cons, true)) >>> 0;
  return n > r.size ? 0 : n;
}
