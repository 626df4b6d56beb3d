// MMX/SSE/SSE2 data movement: movaps/movups/movapd/movupd/movdqa/movdqu, movss/movsd,
// movlps/movhps/movlpd/movhpd/movhlps/movlhps, movd/movq (MMX, XMM, GPR),
// movq2dq/movdq2q, the non-temporal stores, maskmovq/maskmovdqu and emms.

import { sseCheck } from "../fpu/sse-state";
import {
  readE128, readEScalar, readXmm, writeXmm, readMm, writeMm, writeMm64, writeMemV, mmxBegin, mmxEnter,
} from "../fpu/simd-operand";
import { FX_FTW, FX_FSW } from "../fpu/x87-state";
import { regField, rmField, eIsReg, readE, writeE, eaSeg, addr16 } from "../operand";
import { faulted } from "../fault";
import { reg32, EDI } from "../state";
import { segLin, ptrRMW, writeDone } from "../mem";

export const LD_U128: u32 = 0;   // movups/movupd/movdqu
export const LD_A128: u32 = 1;   // movaps/movapd/movdqa
export const LD_SS: u32 = 2;     // movss
export const LD_SD: u32 = 3;     // movsd
export const LD_Q: u32 = 4;      // movq xmm, xmm/m64 (F3 0F 7E)
export const LD_LOW: u32 = 5;    // movlps/movlpd xmm, m64
export const LD_HIGH: u32 = 6;   // movhps/movhpd xmm, m64
export const LD_HL: u32 = 7;     // movhlps
export const LD_LH: u32 = 8;     // movlhps

/** xmm (ModRM.reg) := E in one of the LD_* forms. */
export function sseLoad(form: u32): void {
  if (!sseCheck()) return;
  let g = regField();
  let d = readXmm(g);
  let v: v128;
  switch (form) {
    case LD_U128: case LD_A128: v = readE128(true, form == LD_A128); break;
    case LD_SS: case LD_SD: {
      let s = readEScalar(form == LD_SS ? 4 : 8);
      if (eIsReg()) v = form == LD_SS ? i32x4.replace_lane(d, 0, i32x4.extract_lane(s, 0))
                                      : i64x2.replace_lane(d, 0, i64x2.extract_lane(s, 0));
      else v = s; // from memory the upper elements are zeroed
      break;
    }
    case LD_Q: v = i64x2.replace_lane(readEScalar(8), 1, 0); break;
    case LD_LOW: v = i64x2.replace_lane(d, 0, i64x2.extract_lane(readEScalar(8), 0)); break;
    case LD_HIGH: v = i64x2.replace_lane(d, 1, i64x2.extract_lane(readEScalar(8), 0)); break;
    case LD_HL: v = i64x2.replace_lane(d, 0, i64x2.extract_lane(readXmm(rmField()), 1)); break;
    default: v = i64x2.replace_lane(d, 1, i64x2.extract_lane(readXmm(rmField()), 0)); break;
  }
  if (faulted()) return;
  writeXmm(g, v);
}

export const ST_U128: u32 = 0;   // movups/movupd/movdqu store
export const ST_A128: u32 = 1;   // movaps/movapd/movdqa store, movntps/movntpd/movntdq
export const ST_SS: u32 = 2;     // movss store
export const ST_SD: u32 = 3;     // movsd store
export const ST_Q: u32 = 4;      // movq xmm/m64, xmm (66 0F D6)
export const ST_LOW: u32 = 5;    // movlps/movlpd m64, xmm
export const ST_HIGH: u32 = 6;   // movhps/movhpd m64, xmm

/** E := xmm (ModRM.reg) in one of the ST_* forms. */
export function sseStore(form: u32): void {
  if (!sseCheck()) return;
  let s = readXmm(regField());
  if (eIsReg()) {
    let r = rmField();
    let d = readXmm(r);
    switch (form) {
      case ST_SS: writeXmm(r, i32x4.replace_lane(d, 0, i32x4.extract_lane(s, 0))); return;
      case ST_SD: writeXmm(r, i64x2.replace_lane(d, 0, i64x2.extract_lane(s, 0))); return;
      case ST_Q: writeXmm(r, i64x2.replace_lane(s, 1, 0)); return;
      default: writeXmm(r, s); return;
    }
  }
  switch (form) {
    case ST_U128: writeMemV(16, s, false); return;
    case ST_A128: writeMemV(16, s, true); return;
    case ST_SS: writeMemV(4, s, false); return;
    case ST_HIGH: writeMemV(8, i64x2.shuffle(s, s, 1, 0), false); return;
    default: writeMemV(8, s, false); return;
  }
}

/** movd mm/xmm, r/m32 (zero-extended). */
export function movdTo(xmm: u32): void {
  if (xmm) { if (!sseCheck()) return; } else { if (!mmxBegin()) return; }
  let v = readE(32);
  if (faulted()) return;
  if (xmm) writeXmm(regField(), i32x4.replace_lane(v128.splat<i32>(0), 0, <i32>v));
  else { mmxEnter(); writeMm64(regField(), <u64>v); }
}

/** movd r/m32, mm/xmm. */
export function movdFrom(xmm: u32): void {
  if (xmm) { if (!sseCheck()) return; } else { if (!mmxBegin()) return; }
  let g = regField();
  let v = xmm ? <u32>i32x4.extract_lane(readXmm(g), 0) : <u32>i32x4.extract_lane(readMm(g), 0);
  writeE(32, v);
  if (faulted()) return;
  if (!xmm) mmxEnter();
}

/** movq mm, mm/m64 (0F 6F). */
export function movqMmLoad(): void {
  if (!mmxBegin()) return;
  let v = readE128(false, false);
  if (faulted()) return;
  mmxEnter();
  writeMm(regField(), v);
}

/** movq mm/m64, mm (0F 7F) and movntq m64, mm (0F E7). */
export function movqMmStore(): void {
  if (!mmxBegin()) return;
  let v = readMm(regField());
  if (eIsReg()) { mmxEnter(); writeMm(rmField(), v); return; }
  writeMemV(8, v, false);
  if (faulted()) return;
  mmxEnter();
}

/** movq2dq xmm, mm (F3 0F D6). */
export function movq2dq(): void {
  if (!mmxBegin()) return;
  mmxEnter();
  writeXmm(regField(), readMm(rmField()));
}

/** movdq2q mm, xmm (F2 0F D6). */
export function movdq2q(): void {
  if (!mmxBegin()) return;
  mmxEnter();
  writeMm(regField(), readXmm(rmField()));
}

/** movnti m32, r32: an ordinary store here (no caches to bypass). */
export function movnti(): void { writeE(32, reg32(regField())); }

/**
 * maskmovq (xmm = 0) / maskmovdqu (xmm = 1): bytes of G whose mask byte in E has bit
 * 7 set, to DS:[E]DI. As on the AMD processors this is measured against, the whole
 * 8- or 16-byte destination is checked for writing first, whatever the mask (a
 * fault reports its first byte on the failing page and stores nothing).
 */
export function maskmov(xmm: u32): void {
  if (xmm) { if (!sseCheck()) return; } else { if (!mmxBegin()) return; mmxEnter(); }
  let n: u32 = xmm ? 16 : 8;
  let data = xmm ? readXmm(regField()) : readMm(regField());
  let mask = xmm ? readXmm(rmField()) : readMm(rmField());
  let bits = <u32>i8x16.bitmask(mask);
  let base = addr16() ? reg32(EDI) & 0xffff : reg32(EDI);
  // The whole destination through one pointer (gathered when it crosses a page, so
  // that the bytes left alone keep their values).
  let h = ptrRMW(segLin(eaSeg(), base, n, true), n);
  if (faulted()) return;
  v128.store(<u32>MASK_TMP, data);
  for (let i: u32 = 0; i < n; i++) {
    if ((bits >> i) & 1) store<u8>(h + i, load<u8>(<u32>MASK_TMP + i));
  }
  writeDone(h);
}

const MASK_TMP: usize = memory.data(16, 16);

/**
 * emms: all x87 registers empty. Like the AMD processors this is measured against,
 * it also resets TOP to 0 (the SDM's EMMS leaves TOP alone).
 */
export function emms(): void {
  if (!mmxBegin()) return;
  store<u8>(FX_FTW, 0);
  store<u16>(FX_FSW, <u16>(<u32>load<u16>(FX_FSW) & ~(<u32>7 << 11)));
}
