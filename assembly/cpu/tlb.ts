// The software TLB.
//
// Direct-mapped, 4096 entries indexed by linear page number. An entry holds one tag
// per kind of access — supervisor read/write/execute and user read/write/execute —
// and the delta from the linear page to the frame's host address, so a hit costs one
// compare and one add. Ring 1 (guest kernel) and ring 0 (Xen accessing guest memory)
// both use the supervisor tags.
//
//   +0  tag kernel read     +12 tag user write
//   +4  tag kernel write    +16 tag kernel exec
//   +8  tag user read       +20 tag user exec
//   +24 delta = host address of the frame - linear page base
//   +28 machine frame number
//
// A tag is (linear page base | generation). Flushing everything is one increment of
// the generation; only when it wraps (every 4095 flushes) is the table cleared. A tag
// is only filled for an access the page tables allow, so a hit needs no further
// checks. Write tags are filled only when the PTE's dirty bit is already set (the
// first write takes the slow path and sets it) and never for frames holding decoded
// code, whose writes must invalidate the code cache.

import { TLB_BASE, TLB_ENTRIES, TLB_ENTRY_SIZE, PAGE_MASK } from "../layout";

export const TLB_MASK: u32 = TLB_ENTRIES - 1;
export const T_KR: u32 = 0;
export const T_KW: u32 = 4;
export const T_UR: u32 = 8;
export const T_UW: u32 = 12;
export const T_KX: u32 = 16;
export const T_UX: u32 = 20;
export const T_DELTA: u32 = 24;
export const T_MFN: u32 = 28;

export let tlbGen: u32 = 1;
/** Tag offsets for the current privilege level (supervisor or user). */
export let tlbReadOff: u32 = T_KR;
export let tlbWriteOff: u32 = T_KW;
export let tlbExecOff: u32 = T_KX;
/** Statistics: misses and full flushes since boot. */
export let tlbMisses: u64 = 0;
export let tlbFlushes: u64 = 0;

// @ts-ignore: decorator
@inline export function tlbEntry(lin: u32): u32 {
  return TLB_BASE + ((lin >>> 12) & TLB_MASK) * TLB_ENTRY_SIZE;
}

// @ts-ignore: decorator
@inline export function tlbKey(lin: u32): u32 { return (lin & PAGE_MASK) | tlbGen; }

export function tlbSetUser(user: bool): void {
  codeKey = 0;
  tlbReadOff = user ? T_UR : T_KR;
  tlbWriteOff = user ? T_UW : T_KW;
  tlbExecOff = user ? T_UX : T_KX;
}

/** Invalidates every translation. */
export function tlbFlushAll(): void {
  tlbFlushes++;
  tlbGen++;
  codeKey = 0;
  if (tlbGen >= 0x1000) {
    memory.fill(TLB_BASE, 0, TLB_ENTRIES * TLB_ENTRY_SIZE);
    tlbGen = 1;
  }
}

/** Invalidates the translation of one linear page. */
export function tlbFlushPage(lin: u32): void {
  memory.fill(tlbEntry(lin), 0, 24);
  codeKey = 0;
}

export function tlbCountMiss(): void { tlbMisses++; }

// ── instruction-fetch window ──────────────────────────────────────────────────────────
// The page the CPU is fetching from: its tag (as in the TLB) and host delta. Any flush
// or privilege change drops it, because the tag includes the generation.
export let codeKey: u32 = 0;
export let codeDelta: u32 = 0;
export function setCodeWindow(key: u32, delta: u32): void { codeKey = key; codeDelta = delta; }
export function dropCodeWindow(): void { codeKey = 0; }
