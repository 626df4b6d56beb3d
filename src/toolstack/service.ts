// A machine that outlives commands: runs the Host in the background of the event
// loop and answers the control socket's verbs (list, top, sched-credit, pause,
// unpause, shutdown, destroy, vcpu-list, create, console, and the xenstore-* verbs).

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Server } from "node:net";
import { ExitReason } from "../core/core.js";
import { Host } from "./host.js";
import { parseXlConfig } from "./xl-config.js";
import { formatList, formatSchedCredit, formatTop, formatVcpuList, listRows } from "./views.js";
import { startControlServer, ControlError, ControlStream, type ControlRequest } from "./control.js";
import { attachConsoleStream } from "./console-attach.js";
import { XENSTORE_VERBS, xenstoreVerb } from "./xenstore-verbs.js";

const SLICE = 2_000_000;

export class MachineService {
  private server?: Server;
  private stopped = false;

  constructor(readonly host: Host, private readonly opts: { exitWhenEmpty: boolean }, readonly kind: "serve" | "create" = "create") {}

  names(): Map<number, string> {
    return new Map([...this.host.domains.values()].map((d) => [d.domid, d.name]));
  }

  /** domid of a domain named by id or name. */
  resolve(dom: unknown): number {
    const s = String(dom ?? "");
    if (/^\d+$/.test(s)) {
      const id = Number(s);
      if (id === 0) throw new ControlError("domain 0 is the host itself");
      if (!this.host.core.domainExists(id)) throw new ControlError(`no domain with id ${id}`);
      return id;
    }
    const d = this.host.byName(s);
    if (!d || !this.host.core.domainExists(d.domid)) throw new ControlError(`no domain named '${s}'`);
    return d.domid;
  }

  async listen(path: string): Promise<void> {
    this.server = await startControlServer(path, (req) => this.handle(req));
  }

  stop(): void {
    this.stopped = true;
    this.server?.close();
  }

  async handle(req: ControlRequest): Promise<unknown> {
    const core = this.host.core;
    const a = req.args ?? {};
    switch (req.verb) {
      case "kind": return this.kind;
      case "list": return formatList(listRows(core.snapshot(), this.names()));
      case "vcpu-list": return formatVcpuList(core.snapshot(), this.names());
      case "sched-credit": {
        const only = a.dom !== undefined ? this.resolve(a.dom) : undefined;
        if (only !== undefined && (a.weight !== undefined || a.cap !== undefined)) {
          core.schedCredit(only, { weight: a.weight as number | undefined, cap: a.cap as number | undefined });
          return "";
        }
        return formatSchedCredit(core.snapshot(), this.names(), only);
      }
      case "pause": core.pauseDomain(this.resolve(a.dom)); return "";
      case "unpause": core.unpauseDomain(this.resolve(a.dom)); return "";
      case "shutdown": core.shutdownDomain(this.resolve(a.dom), 0); return "";
      case "destroy": this.host.destroy(this.resolve(a.dom)); return "";
      case "console": {
        const domid = this.resolve(a.dom);
        if (!this.host.consoles.has(domid)) throw new ControlError(`domain ${a.dom} has no console back end`);
        return new ControlStream((sock, early) => attachConsoleStream(this.host, domid, sock, early));
      }
      case "top": {
        const prev = core.snapshot();
        await new Promise((r) => setTimeout(r, Math.max(100, Number(a.delayMs ?? 1000))));
        return formatTop(prev, core.snapshot(), this.names(), core.frames, core.pcpus);
      }
      case "create": {
        const files = a.files as { path: string; text: string }[];
        const entries = files.map((f) => {
          const cfg = parseXlConfig(f.text, f.path);
          cfg.kernel = resolve(dirname(f.path), cfg.kernel);
          let kernel: Uint8Array;
          try { kernel = readFileSync(cfg.kernel); } catch { throw new ControlError(`kernel '${cfg.kernel}' not found`); }
          return { config: cfg, kernel };
        });
        return this.host.startAll(entries).map((d) => `${d.name} (id ${d.domid})`).join(", ");
      }
      default:
        if (XENSTORE_VERBS.includes(req.verb)) return xenstoreVerb(this.host, req.verb, a);
        throw new ControlError(`unknown request '${req.verb}'`);
    }
  }

  /** Runs the machine until stopped (or, with exitWhenEmpty, until every domain ended). */
  async run(limit?: { maxInsns: bigint }): Promise<"empty" | "stopped" | "budget"> {
    while (!this.stopped) {
      if (this.opts.exitWhenEmpty && this.host.live().length === 0) return "empty";
      if (limit && this.host.core.instructions >= limit.maxInsns) return "budget";
      const r = this.host.step(SLICE);
      if (r === ExitReason.Idle) {
        // Nothing can run: sleep until the next timer (host clock) or a command arrives.
        const next = this.host.core.nextDeadlineNs;
        const waitMs = next === undefined ? 50 : Math.min(50, Math.max(0, Number(next - this.host.core.systemTimeNs) / 1e6));
        await new Promise((res) => setTimeout(res, waitMs));
      } else {
        await new Promise((res) => setImmediate(res));
      }
    }
    return "stopped";
  }
}
