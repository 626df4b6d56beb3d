// Far transfers and the IRET instruction in protected mode (SDM Vol. 2A "CALL",
// "JMP", "RET", "IRET"; Vol. 3A §5.8). The PV guest kernel runs in ring 1 and its
// programs in ring 3, so returns to an outer ring (kernel → user) happen here with
// hardware semantics, exactly as they do natively under Xen.
//
// Call gates through the GDT/LDT are reached only via Xen's gate emulation (every
// guest gate has DPL 0, fact sheet §5.2), which this core does not offer yet: a far
// call through a gate gets #GP(selector).

import { eip, setEip, reg32, setReg32, ESP, CS, SS, DS, ES, FS, GS, cpl, segSel, segAttr, segLimit } from "../cpu/state";
import { getFlags, setFlags, IF, IOPL_MASK, NT, VM, RF, AC, ID, VIF, VIP, ARITH, TF, DF, FLAGS_FIXED } from "../cpu/flags";
import { push, peek, stackPtr, setStackPtr, stack32, pushAt } from "../cpu/ops/stack";
import { faulted, raiseError, raiseGP0, EXC_GP, EXC_NP, EXC_SS } from "../cpu/fault";
import {
  readDescriptor, descBad, descAttrOf, descLimitOf, setSegFromDescriptor, setSegCache, checkStackSelector,
  ATTR_S, ATTR_CODE, ATTR_DC, ATTR_P, ATTR_DPL_SHIFT,
} from "../cpu/segments";
import { setCpl } from "./privilege";

/** far JMP/CALL to sel:off (direct code-segment targets only). */
export function farTransfer(sz: u32, sel: u32, off: u32, call: bool): void {
  if ((sel & 0xfffc) == 0) { raiseGP0(); return; }
  let d = readDescriptor(sel);
  if (descBad) { raiseError(EXC_GP, sel & 0xfffc); return; }
  let attr = descAttrOf(d);
  if (!(attr & ATTR_S) || !(attr & ATTR_CODE)) { raiseError(EXC_GP, sel & 0xfffc); return; }
  let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
  let rpl = sel & 3;
  if (attr & ATTR_DC) { if (dpl > cpl) { raiseError(EXC_GP, sel & 0xfffc); return; } }
  else if (rpl > cpl || dpl != cpl) { raiseError(EXC_GP, sel & 0xfffc); return; }
  if (!(attr & ATTR_P)) { raiseError(EXC_NP, sel & 0xfffc); return; }
  if (off > descLimitOf(d)) { raiseGP0(); return; }
  if (call) {
    let sp = pushAt(sz, stackPtr(), segSel(CS));
    if (faulted()) return;
    sp = pushAt(sz, sp, eip);
    if (faulted()) return;
    setStackPtr(sp);
  }
  setSegFromDescriptor(CS, (sel & 0xfffc) | cpl, d);
  setEip(off);
}

/** After a return to an outer ring: data segments the new ring may not use become null. */
export function nullInaccessibleSegs(): void {
  for (let s: u32 = 0; s < 6; s++) {
    if (s != DS && s != ES && s != FS && s != GS) continue;
    let attr = segAttr(s);
    if ((segSel(s) & 0xfffc) == 0) continue;
    let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
    let conformingCode = (attr & ATTR_CODE) && (attr & ATTR_DC);
    if (!conformingCode && dpl < cpl) setSegCache(s, 0, 0, 0, 0);
  }
}

/** Checks the code selector popped by RET/IRET; returns its descriptor or raises. */
function checkReturnCS(sel: u32): u64 {
  if ((sel & 0xfffc) == 0) { raiseGP0(); return 0; }
  let d = readDescriptor(sel);
  if (descBad) { raiseError(EXC_GP, sel & 0xfffc); return 0; }
  let attr = descAttrOf(d);
  let rpl = sel & 3;
  let dpl = (attr >> ATTR_DPL_SHIFT) & 3;
  if (!(attr & ATTR_S) || !(attr & ATTR_CODE) || rpl < cpl) { raiseError(EXC_GP, sel & 0xfffc); return 0; }
  if (attr & ATTR_DC) { if (dpl > rpl) { raiseError(EXC_GP, sel & 0xfffc); return 0; } }
  else if (dpl != rpl) { raiseError(EXC_GP, sel & 0xfffc); return 0; }
  if (!(attr & ATTR_P)) { raiseError(EXC_NP, sel & 0xfffc); return 0; }
  return d;
}

/** RET far [imm16]. */
export function farReturn(sz: u32, extra: u32): void {
  let n = sz >> 3;
  let off = peek(sz, 0);
  let sel = peek(sz, n) & 0xffff;
  if (faulted()) return;
  let d = checkReturnCS(sel);
  if (faulted()) return;
  let rpl = sel & 3;
  if (off > descLimitOf(d)) { raiseGP0(); return; }
  if (rpl == cpl) {
    setStackPtr(stackPtr() + 2 * n + extra);
    setSegFromDescriptor(CS, sel, d);
    setEip(off);
    return;
  }
  // Return to an outer ring: ESP and SS follow the immediate-adjusted stack.
  let newSp = peek(sz, 2 * n + extra);
  let ssSel = peek(sz, 3 * n + extra) & 0xffff;
  if (faulted()) return;
  let ssd = checkStackSelector(ssSel, rpl);
  if (ssd == 0) { raiseError(EXC_GP, ssSel & 0xfffc); return; }
  setSegFromDescriptor(CS, sel, d);
  setCpl(rpl);
  setSegFromDescriptor(SS, ssSel, ssd);
  setReg32(ESP, sz == 16 ? (reg32(ESP) & 0xffff0000) | (newSp & 0xffff) : newSp + extra);
  setEip(off);
  nullInaccessibleSegs();
}

/** The IRET instruction in protected mode (no task returns, no virtual-8086). */
export function iretInstruction(sz: u32): void {
  if (getFlags() & NT) { raiseGP0(); return; } // task return: no TSS for PV guests
  let n = sz >> 3;
  let off = peek(sz, 0);
  let sel = peek(sz, n) & 0xffff;
  let fl = peek(sz, 2 * n);
  if (faulted()) return;
  let d = checkReturnCS(sel);
  if (faulted()) return;
  let rpl = sel & 3;
  if (off > descLimitOf(d)) { raiseGP0(); return; }
  let newSp: u32 = 0, ssSel: u32 = 0;
  let ssd: u64 = 0;
  if (rpl != cpl) {
    newSp = peek(sz, 3 * n);
    ssSel = peek(sz, 4 * n) & 0xffff;
    if (faulted()) return;
    ssd = checkStackSelector(ssSel, rpl);
    if (ssd == 0) { raiseError(EXC_GP, ssSel & 0xfffc); return; }
  }
  // EFLAGS: IF only if CPL <= IOPL, IOPL only at CPL 0; VM/VIF/VIP untouched here.
  let old = getFlags();
  let changeable: u32 = ARITH | TF | DF | NT | RF;
  if (sz == 32) changeable |= AC | ID;
  let iopl = (old & IOPL_MASK) >> 12;
  if (cpl <= iopl) changeable |= IF;
  if (cpl == 0) changeable |= IOPL_MASK;
  if (sz == 16) changeable &= 0xffff;
  let nf = (old & ~changeable) | (fl & changeable) | FLAGS_FIXED;

  if (rpl == cpl) {
    setStackPtr(stackPtr() + 3 * n);
    setSegFromDescriptor(CS, sel, d);
    setFlags(nf);
    setEip(off);
    return;
  }
  setSegFromDescriptor(CS, sel, d);
  setFlags(nf);
  setCpl(rpl);
  setSegFromDescriptor(SS, ssSel, ssd);
  setReg32(ESP, sz == 16 ? (reg32(ESP) & 0xffff0000) | (newSp & 0xffff) : newSp);
  setEip(off);
  nullInaccessibleSegs();
}
