// Live state of the vcpu the CPU is running.
//
// General registers and the segment-register caches are raw memory at CPU_BASE
// (layout.ts) so that ModRM register numbers index them directly; EIP, CPL and the
// flags are wasm globals. domain/vcpu.ts saves this state into the vcpu's record
// when it is descheduled and loads it back when it runs again.

import { CPU_REGS, CPU_SEGS } from "../layout";

// ── general registers: index = ModRM encoding ─────────────────────────────────────────
export const EAX: u32 = 0;
export const ECX: u32 = 1;
export const EDX: u32 = 2;
export const EBX: u32 = 3;
export const ESP: u32 = 4;
export const EBP: u32 = 5;
export const ESI: u32 = 6;
export const EDI: u32 = 7;
/** Always-zero slot: "no base" / "no index" in effective-address arithmetic. */
export const REG_NONE: u32 = 8;

// @ts-ignore: decorator
@inline export function reg32(r: u32): u32 { return load<u32>(CPU_REGS + (r << 2)); }
// @ts-ignore: decorator
@inline export function setReg32(r: u32, v: u32): void { store<u32>(CPU_REGS + (r << 2), v); }
// @ts-ignore: decorator
@inline export function reg16(r: u32): u32 { return load<u16>(CPU_REGS + (r << 2)); }
// @ts-ignore: decorator
@inline export function setReg16(r: u32, v: u32): void { store<u16>(CPU_REGS + (r << 2), <u16>v); }
/** Byte registers: AL CL DL BL are byte 0 of regs 0-3, AH CH DH BH byte 1. */
// @ts-ignore: decorator
@inline export function reg8(r: u32): u32 { return load<u8>(CPU_REGS + ((r & 3) << 2) + (r >> 2)); }
// @ts-ignore: decorator
@inline export function setReg8(r: u32, v: u32): void { store<u8>(CPU_REGS + ((r & 3) << 2) + (r >> 2), <u8>v); }

/** Register of operand size `sz` (8, 16 or 32). */
// @ts-ignore: decorator
@inline export function getReg(sz: u32, r: u32): u32 {
  if (sz == 32) return reg32(r);
  if (sz == 16) return reg16(r);
  return reg8(r);
}
// @ts-ignore: decorator
@inline export function setReg(sz: u32, r: u32, v: u32): void {
  if (sz == 32) setReg32(r, v);
  else if (sz == 16) setReg16(r, v);
  else setReg8(r, v);
}

// ── segment registers ─────────────────────────────────────────────────────────────────
export const ES: u32 = 0;
export const CS: u32 = 1;
export const SS: u32 = 2;
export const DS: u32 = 3;
export const FS: u32 = 4;
export const GS: u32 = 5;

// Each cache entry: sel u32 @0, base u32 @4, limit u32 @8 (byte granular, expanded),
// attr u32 @12 (descriptor bits 40-55: type, S, DPL, P, AVL, L, D/B, G).
export const SEG_SEL: u32 = 0;
export const SEG_BASE: u32 = 4;
export const SEG_LIMIT: u32 = 8;
export const SEG_ATTR: u32 = 12;

// @ts-ignore: decorator
@inline export function segSel(s: u32): u32 { return load<u32>(CPU_SEGS + (s << 4) + SEG_SEL); }
// @ts-ignore: decorator
@inline export function segBase(s: u32): u32 { return load<u32>(CPU_SEGS + (s << 4) + SEG_BASE); }
// @ts-ignore: decorator
@inline export function segLimit(s: u32): u32 { return load<u32>(CPU_SEGS + (s << 4) + SEG_LIMIT); }
// @ts-ignore: decorator
@inline export function segAttr(s: u32): u32 { return load<u32>(CPU_SEGS + (s << 4) + SEG_ATTR); }

/**
 * Bit s set: segment s is not a flat expand-up 4 GiB data/code segment, so accesses
 * through it need limit and type checks (cpu/segments.ts keeps this up to date).
 */
export let segCheckMask: u32 = 0;
/** As segCheckMask, for writes: also code segments (never writable) and read-only data. */
export let segWriteCheckMask: u32 = 1 << 1;
export function setSegCheckMask(m: u32): void { segCheckMask = m; }
export function setSegWriteCheckMask(m: u32): void { segWriteCheckMask = m; }

// ── instruction pointer and privilege ─────────────────────────────────────────────────
export let eip: u32 = 0;
/** EIP of the instruction being executed (faults restart it). */
export let instrEip: u32 = 0;
/** Current privilege level: 1 = guest kernel, 3 = guest user (ring 2 is possible). */
export let cpl: u32 = 1;

// @ts-ignore: decorator
@inline export function setEip(v: u32): void { eip = v; }
export function setInstrEip(v: u32): void { instrEip = v; }
export function setCplRaw(v: u32): void { cpl = v; }

// ── control and debug registers of the virtual CPU ────────────────────────────────────
export const CR0_PE: u32 = 1 << 0;
export const CR0_MP: u32 = 1 << 1;
export const CR0_EM: u32 = 1 << 2;
export const CR0_TS: u32 = 1 << 3;
export const CR0_ET: u32 = 1 << 4;
export const CR0_NE: u32 = 1 << 5;
export const CR0_WP: u32 = 1 << 16;
export const CR0_AM: u32 = 1 << 18;
export const CR0_PG: u32 = 1 << 31;

export let cr0: u32 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_PG;
export let cr2: u32 = 0;
/** Machine frame of the current L3 (page-directory-pointer table). */
export let cr3Mfn: u32 = 0;
export let cr4: u32 = 0;
export function setCr0(v: u32): void { cr0 = v; }
export function setCr2(v: u32): void { cr2 = v; }
export function setCr3Mfn(v: u32): void { cr3Mfn = v; }
export function setCr4(v: u32): void { cr4 = v; }
