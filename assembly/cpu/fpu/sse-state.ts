// SSE state (XMM0-7 and MXCSR, inside the FXSAVE-layout area of x87-state.ts) and the
// steps SSE/SSE2 floating-point instructions share.
//
// An SSE instruction raises #NM while CR0.TS is set. Floating-point ones then compute
// every element with softfloat's flags cleared, and sseFinish() ORs the flags into
// MXCSR; if any raised flag is unmasked, no destination is written and #XM (vector
// 19) is raised (SDM Vol. 1 §11.5.2: the guest's CR4.OSXMMEXCPT is always set under
// Xen). When an unmasked pre-computation exception (IE, DE, ZE) occurs, the
// post-computation flags (OE, UE, PE) are not reported.

import { FX_MXCSR, FX_XMM } from "./x87-state";
import { cr0, CR0_TS } from "../state";
import { raise, EXC_NM, EXC_XM } from "../fault";
import { fexc, setFexc, setRoundEnv } from "./softfloat";

export const MX_DAZ: u32 = 0x40;
export const MX_FZ: u32 = 0x8000;
export const MX_PE: u32 = 0x20;
/** Precision exception mask. */
export const MX_PM: u32 = 0x1000;

// @ts-ignore: decorator
@inline export function mxcsr(): u32 { return load<u32>(FX_MXCSR); }
// @ts-ignore: decorator
@inline export function xmmAddr(r: u32): u32 { return FX_XMM + (r << 4); }
// @ts-ignore: decorator
@inline export function daz(): bool { return (load<u32>(FX_MXCSR) & MX_DAZ) != 0; }

/** #NM under CR0.TS (any SSE, SSE2 or MMX instruction). */
export function sseCheck(): bool {
  if (cr0 & CR0_TS) { raise(EXC_NM); return false; }
  return true;
}

/**
 * True when MXCSR is the common state in which wasm's own IEEE arithmetic gives
 * the architectural result for normal operands and results: round to nearest, no
 * FZ/DAZ, and PE already raised and masked (so an inexact result changes nothing).
 */
export let sseFast: bool = false;

/** Starts an SSE floating-point instruction. */
export function sseBegin(): bool {
  if (cr0 & CR0_TS) { raise(EXC_NM); return false; }
  setFexc(0);
  let m = mxcsr();
  setRoundEnv((m >> 13) & 3, (m & MX_FZ) != 0, (m & 0x800) != 0, (m & 0x400) != 0);
  sseFast = (m & (0x6000 | MX_FZ | MX_DAZ | MX_PE | MX_PM)) == (MX_PE | MX_PM);
  return true;
}

/** Commits the flags; false (and #XM) when an unmasked exception was raised. */
export function sseFinish(): bool {
  let f = fexc & 0x3f;
  if (f == 0) return true;
  let m = mxcsr();
  let unmasked = f & ~(m >> 7) & 0x3f;
  if (unmasked) {
    if (unmasked & 7) f &= 7;
    store<u32>(FX_MXCSR, m | f);
    raise(EXC_XM);
    return false;
  }
  store<u32>(FX_MXCSR, m | f);
  return true;
}
