// The demo page: starts the machine's worker and wires the host panel, the domain
// table, the consoles and the launcher to it.

import "@xterm/xterm/css/xterm.css";
import "./styles.css";
import coreUrl from "../../build/core.wasm?url";
import { WorkerMachine } from "./client.js";
import type { MachineParams } from "./protocol.js";
import { DomainTable } from "./ui/domain-table.js";
import { Consoles } from "./ui/consoles.js";
import { initLauncher } from "./ui/launcher.js";
import { showParams, showStats, showStopped } from "./ui/host-panel.js";
import { initErrors, messageOf, showError } from "./ui/errors.js";

/**
 * Machine parameters from the URL: ?memory=MiB&pcpus=N, and ?nsPerInsn=N to fix the
 * virtual CPU's speed (otherwise it follows the interpreter's; see pacer.ts).
 */
function params(): MachineParams {
  const q = new URLSearchParams(location.search);
  const int = (k: string, dflt: number, min: number, max: number) => {
    const n = Number(q.get(k) ?? dflt);
    return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
  };
  const fixedSpeed = q.has("nsPerInsn");
  return { memoryMiB: int("memory", 128, 16, 2048), pcpus: int("pcpus", 1, 1, 16), nsPerInsn: int("nsPerInsn", 20, 1, 1000), fixedSpeed };
}

initErrors();
const onError = (e: unknown) => showError(messageOf(e));
const p = params();
showParams(p);
const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "pvwasm machine" });
const machine = new WorkerMachine(worker, new URL(coreUrl, location.href).href, p);
const api = machine.api;

const consoles = new Consoles(document.getElementById("consoles") as HTMLElement, (domid, bytes) => api.sendInput(domid, bytes));
const table = new DomainTable(document.getElementById("domain-rows") as HTMLTableSectionElement, {
  pause: (id) => api.pause(id),
  unpause: (id) => api.unpause(id),
  destroy: async (id) => { await api.destroy(id); consoles.destroyed(id); },
  schedCredit: (id, c) => api.schedCredit(id, c),
}, onError);

machine.on((m) => {
  switch (m.kind) {
    case "ready": showParams(m.params); break;
    case "stats": showStats(m.stats); table.update(m.stats.domains, m.stats.pcpus); break;
    case "console": consoles.write(m.domid, m.name, m.text); break;
    case "ended": consoles.ended(m.domid, m.name, m.reason, m.detail, m.crashed); break;
    case "restarted": consoles.restarted(m.domid, m.name); break;
    case "fatal": showStopped(); showError(m.error); break;
  }
});

initLauncher((guests) => api.create(guests), onError, (started) => {
  for (const d of started) consoles.write(d.domid, d.name, "");
});
