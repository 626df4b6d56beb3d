// Core exports: the machine, its clock, the console ring. See assembly/index.ts.

import { XFER_BASE, XFER_SIZE, CONRING_BASE, MACHINE_BASE } from "../layout";
import { frameTableInit, nrFrames, nrFreeFrames } from "../mm/frame-table";
import { m2pInit } from "../mm/m2p";
import { domainCreate as createDomain, domainUnpause, CREATEF_privileged } from "../domain/domain";
import { domainLookupAddr } from "../domain/lookup";
import { machineRun } from "../sched/schedule";
import { conringTail, conringReset } from "../hypercall/conring";
import { setClockSource as setClock, nowNs, machineInstructions } from "../sched/time";
import { tlbMisses, tlbFlushes } from "../cpu/tlb";
import { ENOMEM, EBUSY } from "../public/errno";
import { NR_OPS } from "../generated/x86-decode";

// ── machine ──────────────────────────────────────────────────────────────────────────

/** Sets up a machine of `frames` 4 KiB frames with domain 0 (the host). 0 or -ENOMEM. */
export function machineInit(frames: u32): i32 {
  if (nrFrames != 0) return -EBUSY;
  if (!frameTableInit(frames)) return -ENOMEM;
  if (!m2pInit()) return -ENOMEM;
  let rc = createDomain(0, 0, 0, CREATEF_privileged);
  if (rc < 0) return rc;
  domainUnpause(domainLookupAddr(0));
  return 0;
}

export function xferBase(): u32 { return XFER_BASE; }
export function xferSize(): u32 { return XFER_SIZE; }
export function machineFrames(): u32 { return nrFrames; }
export function freeFrames(): u32 { return nrFreeFrames; }
export function machineBase(): u32 { return MACHINE_BASE; }
export function opCount(): u32 { return NR_OPS; }

/** Runs the machine for up to `budget` instructions; returns the exit reason. */
export function run(budget: u32): u32 { return machineRun(budget); }

export function setClockSource(src: u32): void { setClock(src); }
/** System time in ns (low and high words). */
export function systemTimeLo(): u32 { return <u32>nowNs(); }
export function systemTimeHi(): u32 { return <u32>(nowNs() >> 32); }
export function instructionsLo(): u32 { return <u32>machineInstructions; }
export function instructionsHi(): u32 { return <u32>(machineInstructions >> 32); }
export function tlbMissCount(): f64 { return <f64>tlbMisses; }
export function tlbFlushCount(): f64 { return <f64>tlbFlushes; }

// ── console ring ─────────────────────────────────────────────────────────────────────

export function conringBase(): u32 { return CONRING_BASE; }
export function conringUsed(): u32 { return conringTail; }
export function conringDrained(): void { conringReset(); }

