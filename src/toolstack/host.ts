// The host machine: one core instance playing domain 0, with the domains it built.
//
// It runs the core in bounded slices, streams each domain's console output, and acts
// on shutdowns as the domain's configuration says (xl's on_poweroff / on_reboot /
// on_crash). The CLI, the tests and the browser demo all drive guests through it.

import { Core, ExitReason, type ClockSource, type DomainInfo } from "../core/core.js";
import { buildDomain, type BuiltDomain } from "../builder/build.js";
import type { DomainConfig, ShutdownAction } from "./xl-config.js";
import { SHUTDOWN_crash, SHUTDOWN_poweroff, SHUTDOWN_reboot, describeCrash, shutdownName } from "./describe.js";

export interface HostDomain {
  domid: number;
  name: string;
  config: DomainConfig;
  kernel: Uint8Array;
  built: BuiltDomain;
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
  console?(dom: HostDomain, text: string): void;
  ended?(dom: HostDomain, end: DomainEnd): void;
  restarted?(dom: HostDomain): void;
}

export interface HostOptions {
  /** Machine memory in MiB. */
  memoryMiB: number;
  clock?: ClockSource;
  events?: HostEvents;
}

export type CoreFactory = (opts: { frames: number; clock?: ClockSource }) => Promise<Core>;

export class Host {
  readonly domains = new Map<number, HostDomain>();
  private constructor(readonly core: Core, private readonly events: HostEvents) {}

  static async create(load: CoreFactory, opts: HostOptions): Promise<Host> {
    const core = await load({ frames: Math.floor((opts.memoryMiB * 1024 * 1024) / 4096), clock: opts.clock });
    return new Host(core, opts.events ?? {});
  }

  private freeDomid(): number {
    for (let id = 1; id < 0x7ff0; id++) if (!this.domains.has(id) && !this.core.domainExists(id)) return id;
    throw new Error("no free domain id");
  }

  byName(name: string): HostDomain | undefined {
    for (const d of this.domains.values()) if (d.name === name) return d;
    return undefined;
  }

  /** Builds and starts a domain from a configuration and its kernel image. */
  start(config: DomainConfig, kernel: Uint8Array): HostDomain {
    if (this.byName(config.name)) throw new Error(`a domain named '${config.name}' already exists`);
    const domid = this.freeDomid();
    const built = buildDomain(this.core, kernel, {
      domid, memoryBytes: config.memoryMiB * 1024 * 1024, cmdline: config.cmdline, maxVcpus: config.vcpus,
    });
    const dom: HostDomain = { domid, name: config.name, config, kernel, built };
    this.domains.set(domid, dom);
    this.core.unpauseDomain(domid);
    return dom;
  }

  /** Domains still running (not ended). */
  live(): HostDomain[] {
    return [...this.domains.values()].filter((d) => !d.ended);
  }

  /** Runs guest code for up to `budget` instructions; returns the core's exit reason. */
  step(budget: number): ExitReason {
    const r = this.core.run(budget);
    this.drainConsole();
    this.checkShutdowns();
    return r;
  }

  private drainConsole(): void {
    for (const rec of this.core.drainConsole()) {
      const dom = this.domains.get(rec.domid);
      if (dom) this.events.console?.(dom, rec.text);
    }
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
      if (action === "restart" || action === "rename-restart" || action === "coredump-restart") {
        this.core.destroyDomain(dom.domid);
        dom.built = buildDomain(this.core, dom.kernel, {
          domid: dom.domid, memoryBytes: dom.config.memoryMiB * 1024 * 1024, cmdline: dom.config.cmdline, maxVcpus: dom.config.vcpus,
        });
        this.core.unpauseDomain(dom.domid);
        this.events.restarted?.(dom);
        continue;
      }
      dom.ended = end;
      if (action !== "preserve") {
        this.core.destroyDomain(dom.domid);
      }
    }
  }

  destroy(domid: number): void {
    const dom = this.domains.get(domid);
    this.core.destroyDomain(domid);
    if (dom && !dom.ended) dom.ended = { reason: -1, reasonName: "destroyed" };
  }
}
