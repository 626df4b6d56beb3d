// console_io (xen/drivers/char/console.c do_console_io; fact sheet §8.1).
//
// CONSOLEIO_write copies the guest's bytes to the host's console, dropping
// non-printable characters as Xen does for a domU; CONSOLEIO_read has no input to
// give (the PV console ring is the way to type into a guest) and returns 0.
// Output is copied in chunks; if the host has not drained the ring, the hypercall is
// continued: its registers are advanced past what was written and it runs again.

import { CPU_HCBUF, CPU_HCBUF_SIZE } from "../layout";
import { CONSOLEIO_write, CONSOLEIO_read } from "../public/xen";
import { EFAULT, ENOSYS, E2BIG, ERESTART } from "../public/errno";
import { copyFromGuest } from "../mm/guest-copy";
import { curDomid } from "../domain/current";
import { conringPut } from "./conring";
import { setReg32, ECX, EDX } from "../cpu/state";
import { requestExit } from "../cpu/signal";

const CHUNK: u32 = 256;

// @ts-ignore: decorator
@inline function printable(c: u32): bool { return (c >= 0x20 && c < 0x7f) || c == 0x0a || c == 0x09; }

export function doConsoleIo(cmd: u32, count: u32, buf: u32): i32 {
  if (cmd == CONSOLEIO_write) {
    let tmp = CPU_HCBUF;
    let out = CPU_HCBUF + CHUNK;
    while (count > 0) {
      let n = count < CHUNK ? count : CHUNK;
      if (!copyFromGuest(tmp, buf, n)) return -EFAULT;
      let m: u32 = 0;
      for (let i: u32 = 0; i < n; i++) {
        let c = <u32>load<u8>(tmp + i);
        if (printable(c)) store<u8>(out + m++, <u8>c);
      }
      if (!conringPut(curDomid, out, m)) {
        // Continue later: describe the remaining work in the argument registers.
        setReg32(ECX, count);
        setReg32(EDX, buf);
        requestExit();
        return -ERESTART;
      }
      count -= n;
      buf += n;
    }
    return 0;
  }
  if (cmd == CONSOLEIO_read) {
    if (count > 0x7fffffff) return -E2BIG;
    return 0;
  }
  return -ENOSYS;
}
