// The page's end of the worker protocol: MachineApi calls become promises, and the
// worker's own messages go to listeners.

import type { FromWorker, MachineApi, MachineParams, ToWorker } from "./protocol.js";

type Async<F> = F extends (...a: infer A) => infer R ? (...a: A) => Promise<R> : never;
export type MachineClient = { [K in keyof MachineApi]: Async<MachineApi[K]> };

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class WorkerMachine {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners: ((m: FromWorker) => void)[] = [];
  readonly api: MachineClient;

  constructor(private readonly worker: Worker, coreUrl: string, params: MachineParams) {
    worker.addEventListener("message", (ev: MessageEvent<FromWorker>) => this.receive(ev.data));
    worker.addEventListener("error", (ev) => {
      for (const l of this.listeners) l({ kind: "fatal", error: `the machine's worker failed: ${ev.message || "could not be loaded"}` });
    });
    this.send({ kind: "init", coreUrl, params });
    const call = (op: keyof MachineApi) => (...args: unknown[]) => this.call(op, args);
    this.api = {
      create: call("create"), pause: call("pause"), unpause: call("unpause"), shutdown: call("shutdown"),
      destroy: call("destroy"), schedCredit: call("schedCredit"), sendInput: call("sendInput"),
    } as MachineClient;
  }

  on(listener: (m: FromWorker) => void): void { this.listeners.push(listener); }

  private send(m: ToWorker, transfer: Transferable[] = []): void { this.worker.postMessage(m, transfer); }

  private call(op: keyof MachineApi, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ kind: "call", id, op, args });
    });
  }

  private receive(m: FromWorker): void {
    if (m.kind === "reply") {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.ok) p?.resolve(m.result);
      else p?.reject(new Error(m.error));
      return;
    }
    for (const l of this.listeners) l(m);
  }
}
