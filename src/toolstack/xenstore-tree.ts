// The toolstack's xenstore entries for a domain (libxl_create.c, libxl_dom.c
// libxl__build_post, libxl_console.c; fact sheet xen-io §2.10, §3.3): written
// before the domain runs, removed when it is destroyed.

import type { BuiltDomain } from "../builder/build.js";
import type { DomainConfig } from "./xl-config.js";
import type { XenstoreService } from "./xenstore-service.js";

/** LIBXL_XENCONSOLE_LIMIT: the back end's buffer cap in bytes. */
const XENCONSOLE_LIMIT = 1048576;

export const domainPath = (domid: number): string => `/local/domain/${domid}`;

export function writeDomainTree(xs: XenstoreService, domid: number, name: string, cfg: DomainConfig, b: BuiltDomain): void {
  const home = domainPath(domid);
  const w = (rel: string, v: string | number) => xs.write(`${home}/${rel}`, String(v));
  w("name", name);
  w("domid", domid);
  for (const dir of ["device", "control", "data", "drivers", "feature", "attr", "error"]) w(dir, "");
  w("control/platform-feature-multiprocessor-suspend", 1);
  w("control/platform-feature-xs_reset_watches", 1);
  w("memory/static-max", cfg.maxmemMiB * 1024);
  w("memory/target", cfg.memoryMiB * 1024);
  for (let n = 0; n < cfg.vcpus; n++) w(`cpu/${n}/availability`, "online");
  w("store/port", b.storeEvtchn);
  w("store/ring-ref", b.storeMfn);
  // Console 0: ring-ref is a frame number, not a grant reference (it is also grant 0).
  w("console/backend", `/local/domain/0/backend/console/${domid}/0`);
  w("console/backend-id", 0);
  w("console/limit", XENCONSOLE_LIMIT);
  w("console/type", "xenconsoled");
  w("console/output", "pty");
  w("console/port", b.consoleEvtchn);
  w("console/ring-ref", b.consoleMfn);
}

export function removeDomainTree(xs: XenstoreService, domid: number): void {
  xs.rm(domainPath(domid));
}
