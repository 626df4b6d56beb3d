// The host panel and the status line: what the machine is and how fast it runs.

import type { MachineParams, MachineStats } from "../protocol.js";

const $ = (id: string) => document.querySelector(`[data-testid="${id}"]`) as HTMLElement;
const mib = (frames: number) => Math.round((frames * 4096) / (1 << 20));

let fixedSpeed = false;

export function showParams(params: MachineParams): void {
  fixedSpeed = params.fixedSpeed;
  showClock(params.nsPerInsn);
  $("pcpus").textContent = String(params.pcpus);
}

function showClock(nsPerInsn: number): void {
  const mips = (1000 / nsPerInsn).toFixed(nsPerInsn > 100 ? 1 : 0);
  $("clock").textContent = `virtual, paced to the wall clock · ${nsPerInsn} ns per instruction (a ${mips} MIPS CPU${fixedSpeed ? ", fixed" : ""})`;
}

export function showStats(s: MachineStats): void {
  const guests = s.domains.filter((d) => d.domid !== 0).length;
  $("machine-memory").textContent = `${mib(s.frames)} MiB (${mib(s.freeFrames)} MiB free)`;
  $("pcpus").textContent = String(s.pcpus);
  $("system-time").textContent = `${s.systemTimeS.toFixed(1)} s`;
  showClock(s.nsPerInsn);
  $("speed").textContent = guests === 0 ? "idle" : `${s.mips.toFixed(0)} MIPS, ${s.realTimeFactor.toFixed(2)}× real time`;
  const status = $("status");
  status.className = "running";
  status.textContent = `running · ${guests} guest${guests === 1 ? "" : "s"}`;
}

export function showStopped(): void {
  const status = $("status");
  status.className = "failed";
  status.textContent = "stopped";
}
