// The PV console back end: what xenconsoled does for one domain (fact sheet xen-io
// §3.1-3.4; tools/console/daemon/io.c).
//
// It maps the ring page through grant reference 0, which the domain builder granted
// to domain 0 (GNTTAB_RESERVED_CONSOLE), binds an interdomain event channel to the
// guest's console port, and marks the ring connected. On every event it takes what
// the guest wrote to `out` and hands it to the host; host input goes into `in` as
// space allows (the rest waits for the guest to consume) and each update is
// signalled, as the console protocol has no event suppression. A ring whose
// indices claim more than its size is corrupt: the back end stops reading it, as
// xenconsoled does, rather than trusting the guest's numbers.

import type { Core, GrantMapping } from "../core/core.js";
import { ringTake, ringPut, type RingLayout } from "./byte-ring.js";

/** struct xencons_interface (io/console.h). */
export const XENCONS_IN: RingLayout = { data: 0, size: 1024, cons: 3072, prod: 3076 };
export const XENCONS_OUT: RingLayout = { data: 1024, size: 2048, cons: 3080, prod: 3084 };
const XENCONS_CONNECTION = 3088;
const XENCONSOLE_CONNECTED = 0;
const GNTTAB_RESERVED_CONSOLE = 0;

export class ConsoleBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConsoleBackendError";
  }
}

export class ConsoleBackend {
  private ring?: GrantMapping;
  /** The host's end of the console event channel. */
  localPort = -1;
  private input: number[] = [];
  /** Set once the guest corrupted its ring indices: nothing more is read or written. */
  broken = false;

  constructor(
    private readonly core: Core,
    readonly domid: number,
    /** The guest's console port (start_info.console.domU.evtchn, unbound for domain 0). */
    private readonly guestPort: number,
    private readonly output: (bytes: Uint8Array) => void,
  ) {}

  /** Maps the ring, binds the event channel and marks the console connected. */
  connect(): void {
    try {
      this.ring = this.core.mapGrant(this.domid, GNTTAB_RESERVED_CONSOLE, false);
      this.localPort = this.core.bindInterdomain(this.domid, this.guestPort);
    } catch (e) {
      this.disconnect();
      throw new ConsoleBackendError(`cannot attach the console of domain ${this.domid}: ${(e as Error).message}`);
    }
    this.ring.page[XENCONS_CONNECTION] = XENCONSOLE_CONNECTED;
  }

  /** Services the ring: output to the host, queued input to the guest. */
  service(): void {
    if (!this.ring || this.broken) return;
    const page = this.ring.page;
    let notify = false;
    const out = ringTake(page, XENCONS_OUT);
    if (out === null) { this.broken = true; return; }
    if (out.length > 0) { notify = true; this.output(out); }
    if (this.input.length > 0) {
      const n = ringPut(page, XENCONS_IN, Uint8Array.from(this.input));
      if (n < 0) { this.broken = true; return; }
      if (n > 0) { this.input.splice(0, n); notify = true; }
    }
    if (notify) this.core.sendEvent(this.localPort);
  }

  /** Queues keyboard input for the guest and delivers what fits now. */
  write(bytes: Uint8Array | string): void {
    const b = typeof bytes === "string" ? Uint8Array.from(bytes, (c) => c.charCodeAt(0) & 0xff) : bytes;
    for (const x of b) this.input.push(x);
    this.service();
  }

  /** Input still waiting for room in the guest's ring. */
  get pendingInput(): number { return this.input.length; }

  /** Unbinds and unmaps (also after the domain died: its mapping is then an orphan). */
  disconnect(): void {
    if (this.localPort >= 0) { try { this.core.closePort(this.localPort); } catch { /* already closed */ } }
    if (this.ring) { try { this.core.unmapGrant(this.ring.handle); } catch { /* already gone */ } }
    this.localPort = -1;
    this.ring = undefined;
  }
}
