// The live, xentop-style table: one row per domain, updated in place a few times a
// second (inputs being edited are left alone), with pause/unpause/destroy and the
// credit scheduler's weight and cap.

import type { DomainRow } from "../protocol.js";

export interface DomainActions {
  pause(domid: number): Promise<void>;
  unpause(domid: number): Promise<void>;
  destroy(domid: number): Promise<void>;
  schedCredit(domid: number, p: { weight?: number; cap?: number }): Promise<void>;
}

interface RowView {
  tr: HTMLTableRowElement;
  cells: Record<string, HTMLTableCellElement>;
  weight?: HTMLInputElement;
  cap?: HTMLInputElement;
  pause?: HTMLButtonElement;
  paused: boolean;
  busy?: boolean;
}

const COLUMNS = ["name", "id", "state", "cpus", "cpu", "mem", "vcpus", "weight", "cap", "hcalls", "evsent", "evrecv", "actions"];
const rate = (n: number) => Math.round(n).toLocaleString("en-US");

export class DomainTable {
  private readonly rows = new Map<number, RowView>();

  constructor(private readonly body: HTMLTableSectionElement, private readonly actions: DomainActions, private readonly onError: (e: unknown) => void) {}

  update(domains: DomainRow[], pcpus: number): void {
    const seen = new Set<number>();
    for (const d of domains) {
      seen.add(d.domid);
      const v = this.rows.get(d.domid) ?? this.add(d);
      this.fill(v, d, pcpus);
    }
    for (const [domid, v] of this.rows) if (!seen.has(domid)) { v.tr.remove(); this.rows.delete(domid); }
  }

  private add(d: DomainRow): RowView {
    const tr = document.createElement("tr");
    tr.dataset.domid = String(d.domid);
    tr.dataset.name = d.name;
    const cells: Record<string, HTMLTableCellElement> = {};
    for (const c of COLUMNS) {
      const td = tr.insertCell();
      td.dataset.col = c;
      cells[c] = td;
    }
    const v: RowView = { tr, cells, paused: d.paused };
    if (d.domid === 0) {
      tr.className = "dom0";
    } else {
      v.weight = this.creditInput(d.domid, "weight", 1, 65535);
      v.cap = this.creditInput(d.domid, "cap", 0, 1600);
      cells.weight.append(v.weight);
      cells.cap.append(v.cap);
      cells.actions.className = "actions";
      v.pause = this.button("Pause", async () => {
        // Stats posted before the reply still show the old state: ignore them meanwhile
        // (messages keep their order, so every later one is fresh).
        const pause = !v.paused;
        v.busy = true;
        try {
          await (pause ? this.actions.pause(d.domid) : this.actions.unpause(d.domid));
          v.paused = pause;
          v.pause!.textContent = pause ? "Unpause" : "Pause";
        } finally { v.busy = false; }
      });
      const destroy = this.button("Destroy", () => this.actions.destroy(d.domid));
      destroy.classList.add("danger");
      cells.actions.append(v.pause, destroy);
    }
    // Keep rows in domid order.
    const after = [...this.rows.keys()].filter((id) => id > d.domid).sort((a, b) => a - b)[0];
    this.body.insertBefore(tr, after === undefined ? null : this.rows.get(after)!.tr);
    this.rows.set(d.domid, v);
    return v;
  }

  private fill(v: RowView, d: DomainRow, pcpus: number): void {
    const c = v.cells;
    c.name.textContent = d.name;
    c.id.textContent = String(d.domid);
    c.state.textContent = d.state;
    c.state.className = d.state.includes("c") ? "state-c" : d.paused ? "state-p" : "";
    c.cpus.textContent = d.cpuS.toFixed(1);
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.width = `${Math.min(100, d.cpuPct / pcpus) * 0.7}px`;
    const pct = document.createElement("span");
    pct.className = "pct";
    pct.textContent = d.cpuPct.toFixed(1);
    c.cpu.replaceChildren(bar, pct);
    c.cpu.dataset.value = d.cpuPct.toFixed(2);
    c.mem.textContent = d.memMiB.toFixed(d.memMiB < 10 ? 1 : 0);
    c.vcpus.textContent = String(d.vcpus);
    c.hcalls.textContent = rate(d.hypercallsPerS);
    c.evsent.textContent = rate(d.eventsSentPerS);
    c.evrecv.textContent = rate(d.eventsReceivedPerS);
    if (d.domid === 0) {
      c.weight.textContent = String(d.weight);
      c.cap.textContent = String(d.cap);
      return;
    }
    if (v.weight && document.activeElement !== v.weight) v.weight.value = String(d.weight);
    if (v.cap && document.activeElement !== v.cap) v.cap.value = String(d.cap);
    if (v.busy) return;
    v.paused = d.paused;
    if (v.pause) v.pause.textContent = d.paused ? "Unpause" : "Pause";
  }

  private creditInput(domid: number, key: "weight" | "cap", min: number, max: number): HTMLInputElement {
    const input = document.createElement("input");
    input.type = "number";
    input.min = String(min);
    input.max = String(max);
    input.setAttribute("aria-label", key);
    input.addEventListener("change", () => {
      const n = Number(input.value);
      this.actions.schedCredit(domid, { [key]: n }).catch(this.onError);
    });
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") input.blur(); });
    return input;
  }

  private button(label: string, act: () => Promise<void>): HTMLButtonElement {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", () => act().catch(this.onError));
    return b;
  }
}
