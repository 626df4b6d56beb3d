// The toolstack's part of a domain's xenstore life (libxl's layout, fact sheet
// xen-io §2.10): the tree it writes before the domain runs, the keys it adds once
// the domain is built, and what it removes when the domain is destroyed.
//
// /local/domain/<D> (the domain's home, "~") and /vm/<uuid> are dom0's, readable by
// the domain; a few subdirectories are the domain's own to write (control/shutdown
// and friends, data, device/suspend/event-channel, …). /libxl/<D> is toolstack-private.

import type { XsClient } from "./client.js";
import { XsError } from "./errors.js";

export interface DomainTreeInfo {
  domid: number;
  name: string;
  uuid: string;
  /** Current and maximum memory in KiB. */
  targetKiB: number;
  maxKiB: number;
  vcpus: number;
  storeMfn: number;
  storePort: number;
  /** Console 0 (libxl__device_console_add's frontend keys); omitted: no console. */
  consoleMfn?: number;
  consolePort?: number;
}

/** LIBXL_XENCONSOLE_LIMIT: the back end's buffer cap in bytes. */
const XENCONSOLE_LIMIT = 1048576;

export const homeOf = (domid: number) => `/local/domain/${domid}`;

/** libxl__domain_make's part, then libxl__build_post's keys; all in one transaction. */
export function createDomainTree(c: XsClient, d: DomainTreeInfo): void {
  const D = d.domid;
  const home = homeOf(D);
  const vm = `/vm/${d.uuid}`;
  const libxl = `/libxl/${D}`;
  const ro = ["n0", `r${D}`];      // dom0's, the domain may read
  const rw = [`n${D}`];            // the domain's own
  c.transaction((t) => {
    try { c.rm(home, t); } catch (e) { if (!(e instanceof XsError && e.errno === "ENOENT")) throw e; }
    const dir = (path: string, perms: string[]) => { c.mkdir(path, t); c.setPerms(path, perms, t); };
    const key = (path: string, value: string, perms?: string[]) => { c.write(path, value, t); if (perms) c.setPerms(path, perms, t); };
    dir(home, ro);
    dir(vm, ro);
    dir(libxl, ["n0"]);
    dir(`${libxl}/device`, ["n0"]);
    key(`${libxl}/type`, "pv");
    key(`${vm}/uuid`, d.uuid);
    key(`${vm}/name`, d.name);
    key(`${home}/vm`, vm);
    key(`${home}/name`, d.name);
    for (const sub of ["cpu", "memory", "control", "device"]) dir(`${home}/${sub}`, ro);
    key(`${home}/device/suspend/event-channel`, "", rw);
    for (const k of ["shutdown", "feature-poweroff", "feature-reboot", "feature-suspend", "sysrq"]) key(`${home}/control/${k}`, "", rw);
    for (const sub of ["data", "drivers", "feature", "attr", "error"]) dir(`${home}/${sub}`, rw);
    key(`${home}/control/platform-feature-multiprocessor-suspend`, "1");
    key(`${home}/control/platform-feature-xs_reset_watches`, "1");
    key(`${home}/memory/static-max`, String(d.maxKiB));
    key(`${home}/memory/target`, String(d.targetKiB));
    key(`${home}/memory/videoram`, "0");
    key(`${home}/domid`, String(D));
    key(`${home}/store/port`, String(d.storePort));
    key(`${home}/store/ring-ref`, String(d.storeMfn));
    for (let n = 0; n < d.vcpus; n++) key(`${home}/cpu/${n}/availability`, "online");
    if (d.consolePort !== undefined && d.consoleMfn !== undefined) {
      // The frontend directory is the domain's; the keys the toolstack fills in are
      // dom0's. ring-ref is a frame number for console 0 (it is also grant 0).
      dir(`${home}/console`, [`n${D}`, "r0"]);
      key(`${home}/console/backend`, `/local/domain/0/backend/console/${D}/0`, ro);
      key(`${home}/console/backend-id`, "0", ro);
      key(`${home}/console/limit`, String(XENCONSOLE_LIMIT), ro);
      key(`${home}/console/type`, "xenconsoled", ro);
      key(`${home}/console/output`, "pty", ro);
      key(`${home}/console/port`, String(d.consolePort), ro);
      key(`${home}/console/ring-ref`, String(d.consoleMfn), ro);
    }
  });
}

/** What libxl removes on destroy: the home, the /vm and the /libxl entries. */
export function removeDomainTree(c: XsClient, domid: number, uuid: string): void {
  c.transaction((t) => {
    c.rm(homeOf(domid), t);
    c.rm(`/vm/${uuid}`, t);
    c.rm(`/libxl/${domid}`, t);
  });
}
