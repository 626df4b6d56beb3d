// STAND-IN xenstored: just enough of the protocol for guests that only look things
// up (GRUB asks for ~/device/vbd and carries on without it). It is replaced by the
// real xenstored (src/xenstore/) wherever one is available: Host takes any
// XenstoreService.
//
// What it does: one flat tree of paths, no permissions, no quotas; XS_READ,
// XS_WRITE, XS_DIRECTORY, XS_MKDIR, XS_RM and XS_GET_DOMAIN_PATH from the domain
// rings; every other request type is answered with ENOSYS. Relative paths are
// relative to /local/domain/<domid>.

import type { Core, GrantMapping } from "../core/core.js";
import { ringTake, ringPut, type RingLayout } from "../backends/byte-ring.js";
import type { XenstoreService } from "./xenstore-service.js";

const REQ: RingLayout = { data: 0, size: 1024, cons: 2048, prod: 2052 };
const RSP: RingLayout = { data: 1024, size: 1024, cons: 2056, prod: 2060 };
const GNTTAB_RESERVED_XENSTORE = 1;
const XS_DIRECTORY = 1, XS_READ = 2, XS_GET_DOMAIN_PATH = 10, XS_WRITE = 11, XS_MKDIR = 12, XS_RM = 13, XS_ERROR = 16;
const PAYLOAD_MAX = 4096;

interface Conn { domid: number; ring: GrantMapping; port: number; inbuf: number[]; outbuf: number[]; broken: boolean }

export class StubXenstored implements XenstoreService {
  private readonly nodes = new Map<string, string>([["/", ""]]);
  private readonly conns = new Map<number, Conn>();

  constructor(private readonly core: Core) {}

  write(path: string, value: string): void {
    for (let p = parentOf(path); p !== undefined && !this.nodes.has(p); p = parentOf(p)) this.nodes.set(p, "");
    this.nodes.set(path, value);
  }
  read(path: string): string | undefined { return this.nodes.get(path); }
  rm(path: string): void {
    for (const k of [...this.nodes.keys()]) if (k === path || k.startsWith(path + "/")) this.nodes.delete(k);
  }

  introduceDomain(domid: number, _storeMfn: number, storePort: number): void {
    const ring = this.core.mapGrant(domid, GNTTAB_RESERVED_XENSTORE, false);
    const port = this.core.bindInterdomain(domid, storePort);
    this.conns.set(port, { domid, ring, port, inbuf: [], outbuf: [], broken: false });
  }

  releaseDomain(domid: number): void {
    for (const [port, c] of this.conns) {
      if (c.domid !== domid) continue;
      try { this.core.closePort(port); } catch { /* gone */ }
      try { this.core.unmapGrant(c.ring.handle); } catch { /* gone */ }
      this.conns.delete(port);
    }
  }

  handleEvent(port: number): boolean {
    const c = this.conns.get(port);
    if (!c) return false;
    if (c.broken) return true;
    const page = c.ring.page;
    const got = ringTake(page, REQ);
    if (got === null) { c.broken = true; return true; }
    c.inbuf.push(...got);
    for (;;) {
      if (c.inbuf.length < 16) break;
      const h = new DataView(Uint8Array.from(c.inbuf.slice(0, 16)).buffer);
      const len = h.getUint32(12, true);
      if (len > PAYLOAD_MAX) { c.broken = true; return true; }
      if (c.inbuf.length < 16 + len) break;
      const payload = Uint8Array.from(c.inbuf.slice(16, 16 + len));
      c.inbuf.splice(0, 16 + len);
      this.reply(c, h.getUint32(0, true), h.getUint32(4, true), h.getUint32(8, true), payload);
    }
    let notify = got.length > 0;
    if (c.outbuf.length > 0) {
      const n = ringPut(page, RSP, Uint8Array.from(c.outbuf));
      if (n < 0) { c.broken = true; return true; }
      c.outbuf.splice(0, n);
      if (n > 0) notify = true;
    }
    if (notify) this.core.sendEvent(port);
    return true;
  }

  private reply(c: Conn, type: number, reqId: number, txId: number, payload: Uint8Array): void {
    const strs = decode(payload).split("\0");
    const abs = (p: string) => (p.startsWith("/") ? p : `/local/domain/${c.domid}/${p}`);
    let rtype = type;
    let body: string;
    switch (type) {
      case XS_READ: {
        const v = this.nodes.get(abs(strs[0]));
        if (v === undefined) { rtype = XS_ERROR; body = "ENOENT\0"; } else body = v;
        break;
      }
      case XS_DIRECTORY: {
        const dir = abs(strs[0]);
        if (!this.nodes.has(dir)) { rtype = XS_ERROR; body = "ENOENT\0"; break; }
        const prefix = dir === "/" ? "/" : dir + "/";
        const kids = [...this.nodes.keys()].filter((k) => k.startsWith(prefix) && k.length > prefix.length && !k.slice(prefix.length).includes("/"));
        body = kids.map((k) => k.slice(prefix.length) + "\0").join("");
        break;
      }
      case XS_WRITE: {
        const nul = payload.indexOf(0);
        if (nul < 0) { rtype = XS_ERROR; body = "EINVAL\0"; break; }
        this.write(abs(decode(payload.subarray(0, nul))), decode(payload.subarray(nul + 1)));
        body = "OK\0";
        break;
      }
      case XS_MKDIR: if (!this.nodes.has(abs(strs[0]))) this.write(abs(strs[0]), ""); body = "OK\0"; break;
      case XS_RM: this.rm(abs(strs[0])); body = "OK\0"; break;
      case XS_GET_DOMAIN_PATH: body = `/local/domain/${strs[0]}\0`; break;
      default: rtype = XS_ERROR; body = "ENOSYS\0";
    }
    const b = Uint8Array.from(body, (ch) => ch.charCodeAt(0) & 0xff);
    const h = new DataView(new ArrayBuffer(16));
    h.setUint32(0, rtype, true); h.setUint32(4, reqId, true); h.setUint32(8, txId, true); h.setUint32(12, b.length, true);
    c.outbuf.push(...new Uint8Array(h.buffer), ...b);
  }
}

function parentOf(path: string): string | undefined {
  if (path === "/") return undefined;
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

function decode(b: Uint8Array): string { return String.fromCharCode(...b); }
