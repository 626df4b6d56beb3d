// The console ring: output of console_io, drained by the host.
//
// Records { domid u16, len u16, bytes[len] } appended at conringTail; the host reads
// records from conringHead and resets both when it has drained everything
// (core export conringDrain). When a record does not fit, the writer gets false and
// retries after the host has drained (the hypercall restarts).

import { CONRING_BASE, CONRING_SIZE } from "../layout";

export let conringHead: u32 = 0;
export let conringTail: u32 = 0;

export function conringSpace(): u32 { return CONRING_SIZE - conringTail; }

/** Appends one record; false if it does not fit. */
export function conringPut(domid: u32, src: u32, len: u32): bool {
  if (len == 0) return true;
  if (conringTail + 4 + len > CONRING_SIZE) return false;
  let p = CONRING_BASE + conringTail;
  store<u16>(p, <u16>domid);
  store<u16>(p + 2, <u16>len);
  memory.copy(p + 4, src, len);
  conringTail += 4 + len;
  return true;
}

/** Called by the host after it consumed all records. */
export function conringReset(): void {
  conringHead = 0;
  conringTail = 0;
}
