// x87 control instructions: fninit, fnclex, fldcw/fnstcw, fnstsw, fnstenv/fldenv,
// fnsave/frstor, fwait, and fxsave/fxrstor/ldmxcsr/stmxcsr (0F AE).
//
// The "FN" forms do not wait: they raise #NM under CR0.TS but never #MF for a pending
// exception; fldcw, fldenv and frstor do wait. None of them updates the last
// instruction pointers. fxsave/fxrstor neither waits nor raises #MF.

import {
  x87Check, fwaitCheck, fcw, fsw, setFsw, updateEs, fpuTop, regAddr, FX_FCW, FX_MXCSR, SW_ES, SW_B,
} from "../fpu/x87-state";
import { fxsaveImage, fxrstorImage, storeEnv, loadEnv, fpuInitX87, MXCSR_MASK } from "../fpu/fpu-image";
import { memReadPtr, memWritePtr, writeDone, checkAlign, probeWrite, memLin } from "../fpu/fpu-mem";
import { sseCheck } from "../fpu/sse-state";
import { ptrRead, ptrWrite } from "../mem";
import { faulted, raiseGP0 } from "../fault";
import { setReg16, EAX } from "../state";

const IMG: usize = memory.data(512, 16);

export function fninit(): void {
  if (!x87Check(false)) return;
  fpuInitX87();
}

export function fnclex(): void {
  if (!x87Check(false)) return;
  setFsw(fsw() & ~(0x7f | SW_ES | SW_B));
}

export function fldcw(): void {
  if (!x87Check(true)) return;
  let h = memReadPtr(2);
  if (faulted()) return;
  store<u16>(FX_FCW, <u16>((load<u16>(h) & 0x1f3f) | 0x40));
  updateEs();
}

export function fnstcw(): void {
  if (!x87Check(false)) return;
  let h = memWritePtr(2);
  if (faulted()) return;
  store<u16>(h, <u16>fcw());
  writeDone(h);
}

/** fnstsw m16 (toAx = 0) or fnstsw ax (toAx = 1). */
export function fnstsw(toAx: u32): void {
  if (!x87Check(false)) return;
  if (toAx) { setReg16(EAX, fsw()); return; }
  let h = memWritePtr(2);
  if (faulted()) return;
  store<u16>(h, <u16>fsw());
  writeDone(h);
}

/**
 * Checks the ends of an image before storing or loading any of it, in the order the
 * AMD processors this is measured against do, so that a #PF reports the same byte:
 * an environment or save image (`first` = the size of its first field) is checked
 * at its first field and then at its last byte; an FXSAVE image (`first` = 0) at its
 * last byte (of `span`) and then at its first.
 */
function probeEnds(first: u32, span: u32, write: bool): bool {
  let f: u32 = first == 0 ? 16 : first;
  if (first == 0) probeAt(span - 1, 1, write);
  if (!faulted()) probeAt(0, f, write);
  if (first != 0 && !faulted()) probeAt(span - 1, 1, write);
  return !faulted();
}

function probeAt(off: u32, n: u32, write: bool): void {
  if (write) ptrWrite(memLin(off, n, true), n);
  else ptrRead(memLin(off, n, false), n);
}

/** Copies `n` bytes from the image buffer to the memory operand (probed first). */
function writeImage(n: u32, first: u32, span: u32): bool {
  if (!probeEnds(first, span, true)) return false;
  if (!probeWrite(n)) return false;
  for (let off: u32 = 0; off < n; off += 4) {
    let k: u32 = n - off < 4 ? n - off : 4;
    let h = ptrWrite(memLin(off, k, true), k);
    if (faulted()) return false;
    if (k == 4) store<u32>(h, load<u32>(<u32>IMG + off));
    else store<u16>(h, load<u16>(<u32>IMG + off));
    writeDone(h);
  }
  return true;
}

/** Reads `n` bytes of the memory operand into the image buffer. */
function readImage(n: u32, first: u32, span: u32): bool {
  if (!probeEnds(first, span, false)) return false;
  for (let off: u32 = 0; off < n; off += 4) {
    let k: u32 = n - off < 4 ? n - off : 4;
    let h = ptrRead(memLin(off, k, false), k);
    if (faulted()) return false;
    if (k == 4) store<u32>(<u32>IMG + off, load<u32>(h));
    else store<u16>(<u32>IMG + off, load<u16>(h));
  }
  return true;
}

function envSize(sz: u32): u32 { return sz == 32 ? 28 : 14; }

/** fnstenv: stores the environment, then masks all exceptions. */
export function fnstenv(sz: u32): void {
  if (!x87Check(false)) return;
  storeEnv(<u32>IMG, sz);
  if (!writeImage(envSize(sz), sz >> 3, envSize(sz))) return;
  store<u16>(FX_FCW, <u16>(fcw() | 0x3f));
  updateEs();
}

export function fldenv(sz: u32): void {
  if (!x87Check(true)) return;
  if (!readImage(envSize(sz), sz >> 3, envSize(sz))) return;
  loadEnv(<u32>IMG, sz);
}

/** fnsave: environment and ST(0)..ST(7) (10 bytes each), then fninit. */
export function fnsave(sz: u32): void {
  if (!x87Check(false)) return;
  let n = envSize(sz);
  storeEnv(<u32>IMG, sz);
  let top = fpuTop();
  for (let i: u32 = 0; i < 8; i++) {
    let src = regAddr((top + i) & 7);
    let dst = <u32>IMG + n + i * 10;
    store<u64>(dst, load<u64>(src));
    store<u16>(dst + 8, load<u16>(src + 8));
  }
  if (!writeImage(n + 80, sz >> 3, n + 80)) return;
  fpuInitX87();
}

export function frstor(sz: u32): void {
  if (!x87Check(true)) return;
  let n = envSize(sz);
  if (!readImage(n + 80, sz >> 3, n + 80)) return;
  loadEnv(<u32>IMG, sz);
  let top = fpuTop();
  for (let i: u32 = 0; i < 8; i++) {
    let dst = regAddr((top + i) & 7);
    let src = <u32>IMG + n + i * 10;
    store<u64>(dst, load<u64>(src));
    store<u64>(dst + 8, <u64>load<u16>(src + 8));
  }
}

/** fwait/wait: #NM with CR0.MP and TS both set, #MF for a pending unmasked exception. */
export function fwait(): void { fwaitCheck(); }

/** fnop-like forms the 387 and later ignore (feni, fdisi, fsetpm). */
export function fpuIgnored(): void { x87Check(false); }

export function fxsave(): void {
  if (!sseCheck()) return;
  if (!checkAlign(16)) return;
  fxsaveImage(<u32>IMG);
  writeImage(288, 0, 512);
}

export function fxrstor(): void {
  if (!sseCheck()) return;
  if (!checkAlign(16)) return;
  if (!readImage(288, 0, 512)) return;
  if (load<u32>(<u32>IMG + 24) & ~MXCSR_MASK) { raiseGP0(); return; }
  fxrstorImage(<u32>IMG);
}

export function ldmxcsr(): void {
  if (!sseCheck()) return;
  let h = memReadPtr(4);
  if (faulted()) return;
  let v = load<u32>(h);
  if (v & ~MXCSR_MASK) { raiseGP0(); return; }
  store<u32>(FX_MXCSR, v);
}

export function stmxcsr(): void {
  if (!sseCheck()) return;
  let h = memWritePtr(4);
  if (faulted()) return;
  store<u32>(h, load<u32>(FX_MXCSR));
  writeDone(h);
}
