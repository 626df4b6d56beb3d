// GNTTABOP_dump_table: a debugging aid that writes a domain's grant table to the
// hypervisor log (xen/include/public/grant_table.h; Xen 3's gnttab_dump_table).
// Current upstream no longer handles the command and returns -ENOSYS; pvwasm keeps
// the behaviour the public header documents. Log lines are console records of
// DOMID_XEN, which the host shows as the hypervisor's own output.
//
//   (XEN) grant table of d<id>: <frames> frame(s), <n> entries in use
//   (XEN)   [<ref>] flags <flags> domid <domid> frame <frame> pin <pin> mapped by d<dom> mfn <mfn>
// (every non-zero entry; the first 64 only, to keep the log readable).

import { conringPut } from "../hypercall/conring";
import { D_domain_id } from "../domain/layout";
import { DOMID_XEN } from "../public/xen";
import { GNTST_okay } from "../public/grant-table";
import { gtOf, nrGrantEntries, nrGrantFrames, sharedEntry, activeEntry, ACT_pin, ACT_domid, ACT_mfn } from "./grant-table";
import { targetDomain, targetRc } from "./gnttab-setup";

const LINE_MAX: u32 = 160;
const line: u32 = <u32>memory.data(LINE_MAX);
let len: u32 = 0;

function put(s: string): void {
  for (let i = 0; i < s.length && len < LINE_MAX; i++) store<u8>(line + len++, <u8>s.charCodeAt(i));
}
function hex(v: u32, digits: u32): void {
  for (let i = digits; i > 0 && len < LINE_MAX; i--) {
    let n = (v >>> ((i - 1) << 2)) & 15;
    store<u8>(line + len++, <u8>(n < 10 ? 48 + n : 87 + n));
  }
}
function dec(v: u32): void {
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  for (let i = digits; i > 0; i--) {
    let p: u32 = 1;
    for (let k: u32 = 1; k < i; k++) p *= 10;
    if (len < LINE_MAX) store<u8>(line + len++, <u8>(48 + (v / p) % 10));
  }
}
function flush(): void {
  put("\n");
  conringPut(DOMID_XEN, line, len);
  len = 0;
}

export function gnttabDumpTable(ld: u32, dom: u32): i32 {
  let d = targetDomain(ld, dom);
  if (d == 0) return targetRc;
  let gt = gtOf(d);
  let n = nrGrantEntries(gt);
  let used: u32 = 0;
  for (let r: u32 = 0; r < n; r++) if (load<u64>(sharedEntry(gt, r)) != 0 || load<u32>(activeEntry(gt, r) + ACT_pin) != 0) used++;
  len = 0;
  put("(XEN) grant table of d"); dec(load<u32>(d + D_domain_id)); put(": "); dec(nrGrantFrames(gt));
  put(" frame(s), "); dec(used); put(" entries in use");
  flush();
  let shown: u32 = 0;
  for (let r: u32 = 0; r < n && shown < 64; r++) {
    let sh = sharedEntry(gt, r), act = activeEntry(gt, r);
    let pin = load<u32>(act + ACT_pin);
    if (load<u64>(sh) == 0 && pin == 0) continue;
    shown++;
    put("(XEN)   ["); hex(r, 4); put("] flags "); hex(<u32>load<u16>(sh), 4);
    put(" domid "); dec(<u32>load<u16>(sh, 2)); put(" frame "); hex(load<u32>(sh, 4), 8);
    if (pin != 0) {
      put(" pin "); hex(pin, 8); put(" mapped by d"); dec(<u32>load<u16>(act + ACT_domid));
      put(" mfn "); hex(load<u32>(act + ACT_mfn), 8);
    }
    flush();
  }
  return GNTST_okay;
}
