// The host machine: one core instance playing domain 0, with the domains it built.
//
// It runs the core in bounded slices, streams each domain's console output, and acts
// on shutdowns as the domain's configuration says (xl's on_poweroff / on_reboot /
// on_crash). The CLI, the tests and the browser demo all drive guests through it.

import { Core, ExitReason, type ClockSource, type DomainInfo } from "../core/core.js";

const DOMID_XEN = 0x7ff2;
/** Bytes of console output kept per domain for terminals that attach later. */
const CONSOLE_BACKLOG = 16384;
import { buildDomain, rewriteCmdline, type BuiltDomain } from "../builder/build.js";
import { resolveCmdline, type PortTable } from "./cmdline-links.js";
import type { DomainConfig, ShutdownAction } from "./xl-config.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff, SHUTDOWN_reboot, describeCrash, shutdownName } from "./describe.js";
import { ConsoleBackend } from "../backends/console.js";
import { Xenstored } from "../xenstore/xenstored.js";
import { XsClient } from "../xenstore/client.js";
import { corePlatform } from "../xenstore/core-platform.js";
import { createDomainTree, removeDomainTree } from "../xenstore/domain-tree.js";

export interface HostDomain {
  domid: number;
  name: string;
  config: DomainConfig;
  kernel: Uint8Array;
  built: BuiltDomain;
  /** Names the domain's /vm/<uuid> entry in xenstore. */
  uuid: string;
  /** Set once the domain has shut down and been dealt with. */
  ended?: DomainEnd;
}

export interface DomainEnd {
  reason: number;
  reasonName: string;
  /** One line for crashes. */
  detail?: string;
  info?: DomainInfo;
}

export interface HostEvents {
  /** Console output of a domain: console_io records and its PV console ring (bytes as latin1). */
  console?(dom: HostDomain, text: string): void;
  /** The hypervisor's own log lines (DOMID_XEN console records). */
  hypervisorLog?(text: string): void;
  ended?(dom: HostDomain, end: DomainEnd): void;
  restarted?(dom: HostDomain): void;
}

export interface HostOptions {
  /** Machine memory in MiB. */
  memoryMiB: number;
  clock?: ClockSource;
  /** Physical CPUs (default 1). */
  pcpus?: number;
  /** Virtual ns per instruction (default 1). */
  nsPerInsn?: number;
  events?: HostEvents;
}

export type CoreFactory = (opts: { frames: number; clock?: ClockSource; pcpus?: number; nsPerInsn?: number }) => Promise<Core>;

export class Host {
  readonly domains = new Map<number, HostDomain>();
  /** Console back ends by domid. */
  readonly consoles = new Map<number, ConsoleBackend>();
  /** Extra console listeners (attached terminals), called after events.console. */
  readonly consoleListeners = new Set<(dom: HostDomain, text: string) => void>();
  /** xenstored, serving every domain's ring (src/xenstore/). */
  readonly xenstored: Xenstored;
  /** The toolstack's own xenstore connection (privileged, as dom0's tools). */
  readonly xs: XsClient;
  private uuids = 0;

  private constructor(readonly core: Core, private readonly events: HostEvents) {
    this.xenstored = new Xenstored(corePlatform(core));
    this.xs = new XsClient(this.xenstored);
  }

  static async create(load: CoreFactory, opts: HostOptions): Promise<Host> {
    const core = await load({ frames: Math.floor((opts.memoryMiB * 1024 * 1024) / 4096), clock: opts.clock, pcpus: opts.pcpus, nsPerInsn: opts.nsPerInsn });
    return new Host(core, opts.events ?? {});
  }

  /** The last CONSOLE_BACKLOG bytes of each domain's console, for terminals that attach later. */
  private readonly backlog = new Map<number, string>();

  private emitConsole(dom: HostDomain, text: string): void {
    const b = (this.backlog.get(dom.domid) ?? "") + text;
    this.backlog.set(dom.domid, b.length > CONSOLE_BACKLOG ? b.slice(b.length - CONSOLE_BACKLOG) : b);
    this.events.console?.(dom, text);
    for (const l of this.consoleListeners) l(dom, text);
  }

  /** Recent console output of a domain (what an attaching terminal is shown first). */
  consoleBacklog(domid: number): string { return this.backlog.get(domid) ?? ""; }

  /** Deterministic, so runs in virtual time stay reproducible. */
  private nextUuid(): string {
    return `00000000-0000-4000-8000-${(++this.uuids).toString(16).padStart(12, "0")}`;
  }

  /**
   * The back-end side of a freshly built domain, as libxl does before unpausing it:
   * its xenstore tree (libxl's domain tree and build_post keys), its introduction to
   * xenstored (so its ring is served), and its console back end.
   */
  private attachDevices(dom: HostDomain): void {
    const b = dom.built;
    createDomainTree(this.xs, {
      domid: dom.domid, name: dom.name, uuid: dom.uuid, targetKiB: dom.config.memoryMiB * 1024,
      maxKiB: Math.max(dom.config.maxmemMiB, dom.config.memoryMiB) * 1024, vcpus: dom.config.vcpus,
      storeMfn: b.storeMfn, storePort: b.storeEvtchn, consoleMfn: b.consoleMfn, consolePort: b.consoleEvtchn,
    });
    this.xs.introduce(dom.domid, b.storeMfn, b.storeEvtchn);
    const con = new ConsoleBackend(this.core, dom.domid, b.consoleEvtchn, (bytes) => this.emitConsole(dom, String.fromCharCode(...bytes)));
    con.connect();
    this.consoles.set(dom.domid, con);
  }

  /** Undoes attachDevices before the core destroys the domain: @releaseDomain fires. */
  private detachDevices(dom: HostDomain): void {
    const con = this.consoles.get(dom.domid);
    if (con) {
      con.service(); // whatever the guest wrote last
      con.disconnect();
      this.consoles.delete(dom.domid);
    }
    removeDomainTree(this.xs, dom.domid, dom.uuid);
    this.xenstored.domainDestroyed(dom.domid);
  }

  /** Types `input` into a domain's PV console. */
  consoleInput(domid: number, input: Uint8Array | string): void {
    const con = this.consoles.get(domid);
    if (!con) throw new Error(`domain ${domid} has no console`);
    con.write(input);
  }

  private freeDomid(): number {
    for (let id = 1; id < 0x7ff0; id++) if (!this.domains.has(id) && !this.core.domainExists(id)) return id;
    throw new Error("no free domain id");
  }

  /** The domain called `name`: a running one if there is one, else the last that ended. */
  byName(name: string): HostDomain | undefined {
    let ended: HostDomain | undefined;
    for (const d of this.domains.values()) {
      if (d.name !== name) continue;
      if (!d.ended) return d;
      ended = d;
    }
    return ended;
  }

  /** Builds and starts a domain from a configuration and its kernel image. */
  start(config: DomainConfig, kernel: Uint8Array): HostDomain {
    return this.startAll([{ config, kernel }])[0];
  }

  /**
   * Builds several domains, links their command lines (${domid:NAME}, ${port:NAME},
   * ${peerport:NAME}; see cmdline-links.ts), applies their scheduler settings, then
   * starts them all. On a failure every domain built so far is destroyed.
   */
  startAll(entries: { config: DomainConfig; kernel: Uint8Array }[]): HostDomain[] {
    const names = new Set<string>();
    for (const e of entries) {
      // A name is free again once its domain was destroyed (a preserved one keeps it).
      const taken = [...this.domains.values()].some((d) => d.name === e.config.name && this.core.domainExists(d.domid));
      if (taken || names.has(e.config.name)) throw new Error(`a domain named '${e.config.name}' already exists`);
      names.add(e.config.name);
    }
    const started: HostDomain[] = [];
    try {
      for (const { config, kernel } of entries) {
        const domid = this.freeDomid();
        const built = buildDomain(this.core, kernel, {
          domid, memoryBytes: config.memoryMiB * 1024 * 1024, cmdline: config.cmdline, maxVcpus: config.vcpus,
        });
        const dom: HostDomain = { domid, name: config.name, config, kernel, built, uuid: this.nextUuid() };
        this.domains.set(domid, dom);
        started.push(dom);
        this.attachDevices(dom);
        if (config.weight !== undefined || config.cap !== undefined) this.core.schedCredit(domid, { weight: config.weight, cap: config.cap });
      }
      const domidOf = (name: string) => this.byName(name)?.domid;
      const ports: PortTable = new Map();
      for (const dom of started) {
        if (!dom.config.cmdline.includes("${")) continue;
        const cmdline = resolveCmdline(dom.config.cmdline, dom.domid, domidOf, ports, (domid, remote) => this.core.allocUnboundPort(domid, remote));
        rewriteCmdline(this.core, dom.built, cmdline);
      }
    } catch (e) {
      for (const dom of started) {
        try { this.detachDevices(dom); } catch { /* never attached */ }
        try { this.core.destroyDomain(dom.domid); } catch { /* gone */ }
        this.domains.delete(dom.domid);
      }
      throw e;
    }
    for (const dom of started) this.core.unpauseDomain(dom.domid);
    return started;
  }

  /** Domains still running (not ended). */
  live(): HostDomain[] {
    return [...this.domains.values()].filter((d) => !d.ended);
  }

  /**
   * Runs guest code for up to `budget` instructions, then lets the back ends serve
   * what the domains asked for; returns the core's exit reason, except that Idle
   * becomes Budget when xenstored answered someone (a woken domain has work again).
   */
  step(budget: number): ExitReason {
    const r = this.core.run(budget);
    this.drainConsole();
    const xsMoved = this.serviceBackends();
    this.checkShutdowns();
    return r === ExitReason.Idle && xsMoved ? ExitReason.Budget : r;
  }

  private drainConsole(): void {
    for (const rec of this.core.drainConsole()) {
      const dom = this.domains.get(rec.domid);
      if (dom) this.emitConsole(dom, rec.text);
      else if (rec.domid === DOMID_XEN) this.events.hypervisorLog?.(rec.text);
    }
  }

  /**
   * Hands the host ports that became pending to the back ends that own them (taking
   * them clears them, so every back end is served from this one list). Returns
   * whether xenstored moved a ring.
   */
  serviceBackends(): boolean {
    const ports = this.core.takePendingPorts();
    const xsMoved = this.xenstored.service(ports);
    for (const port of ports) for (const con of this.consoles.values()) if (con.localPort === port) con.service();
    return xsMoved;
  }

  private checkShutdowns(): void {
    for (const dom of this.live()) {
      const info = this.core.domainInfo(dom.domid);
      if (!info.shutdown) continue;
      const end: DomainEnd = { reason: info.shutdownReason, reasonName: shutdownName(info.shutdownReason), info };
      if (info.shutdownReason === SHUTDOWN_crash) end.detail = describeCrash(info);
      const action: ShutdownAction =
        info.shutdownReason === SHUTDOWN_poweroff ? dom.config.onPoweroff :
        info.shutdownReason === SHUTDOWN_reboot ? dom.config.onReboot :
        info.shutdownReason === SHUTDOWN_crash ? dom.config.onCrash : "destroy";
      this.events.ended?.(dom, end);
      this.xenstored.domainShutdown(dom.domid);
      if (action === "restart" || action === "rename-restart" || action === "coredump-restart") {
        this.detachDevices(dom);
        this.core.destroyDomain(dom.domid);
        dom.built = buildDomain(this.core, dom.kernel, {
          domid: dom.domid, memoryBytes: dom.config.memoryMiB * 1024 * 1024, cmdline: dom.config.cmdline, maxVcpus: dom.config.vcpus,
        });
        this.attachDevices(dom);
        this.core.unpauseDomain(dom.domid);
        this.events.restarted?.(dom);
        continue;
      }
      dom.ended = end;
      if (action !== "preserve") {
        this.detachDevices(dom);
        this.core.destroyDomain(dom.domid);
        this.backlog.delete(dom.domid);
      }
    }
  }

  destroy(domid: number): void {
    const dom = this.domains.get(domid);
    if (dom) this.detachDevices(dom);
    this.core.destroyDomain(domid);
    this.backlog.delete(domid);
    if (dom && !dom.ended) dom.ended = { reason: -1, reasonName: "destroyed" };
  }
}
