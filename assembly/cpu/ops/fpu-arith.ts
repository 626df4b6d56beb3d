// x87 arithmetic and comparisons (D8-DF): fadd/fmul/fsub/fsubr/fdiv/fdivr in their
// memory, register and popping forms, fcom/fucom/fcomi families, ftst.
//
// ModRM.reg numbers the operation the same way in every arithmetic opcode:
//   0 add  1 mul  2 com  3 comp  4 sub  5 subr  6 div  7 divr
// and the register forms always compute "ST(0) op ST(i)" (DC E0+i, "fsubr st(i),st",
// is st(0) - st(i) just like D8 E0+i), so only the destination differs.

import { saveA, saveB, swapAB, unpackF32, unpackF64, unpackI64, EMIN_X, EMAX_X } from "../fpu/softfloat";
import { arith, OP_ADD, OP_SUB, OP_MUL, OP_DIV } from "../fpu/float-arith";
import { compareAB, CMP_LT, CMP_EQ, CMP_UN } from "../fpu/float-compare";
import {
  x87Begin, x87Finish, x87Blocked, x87Prec, stEmpty, unpackSt, writeStR, writeStIndefinite,
  popSt, stackUnderflow, ieUnmasked, setCC, SW_C0, SW_C2, SW_C3,
} from "../fpu/x87-state";
import { memReadPtr } from "../fpu/fpu-mem";
import { rmField } from "../operand";
import { faulted } from "../fault";
import { flags, setFlagsRaw, materialize, ARITH, ZF, PF, CF } from "../flags";

export const FM_M32R: u32 = 0;
export const FM_M64R: u32 = 1;
export const FM_M32I: u32 = 2;
export const FM_M16I: u32 = 3;

/** Reads the memory operand of format `fmt` into softfloat's U. */
export function unpackMem(fmt: u32): bool {
  let size: u32 = fmt == FM_M64R ? 8 : fmt == FM_M16I ? 2 : 4;
  let h = memReadPtr(size);
  if (faulted()) return false;
  switch (fmt) {
    case FM_M32R: unpackF32(load<u32>(h), false); break;
    case FM_M64R: unpackF64(load<u64>(h), false); break;
    case FM_M32I: unpackI64(<i64>load<i32>(h)); break;
    default: unpackI64(<i64>load<i16>(h)); break;
  }
  return true;
}

/** R := A op B for arithmetic op `op` (0,1,4-7) at the x87's precision control. */
function x87Compute(op: u32): void {
  let k: u32;
  switch (op) {
    case 0: k = OP_ADD; break;
    case 1: k = OP_MUL; break;
    case 4: k = OP_SUB; break;
    case 5: k = OP_SUB; swapAB(); break;
    case 6: k = OP_DIV; break;
    default: k = OP_DIV; swapAB(); break;
  }
  arith(k, false, x87Prec(), EMIN_X, EMAX_X);
}

/** Condition codes of a comparison result (SDM Vol. 2A FCOM). */
function ccOf(c: i32): u32 {
  if (c == CMP_UN) return SW_C3 | SW_C2 | SW_C0;
  if (c == CMP_LT) return SW_C0;
  if (c == CMP_EQ) return SW_C3;
  return 0;
}

/**
 * fcom/fcomp/ficom/ficomp with the operand in B: sets C3 C2 C0, even when an
 * unmasked exception (an SNaN or denormal operand) stops the pop.
 */
function compareInto(quiet: bool): void {
  setCC(ccOf(compareAB(quiet)));
}

/** D8/DC/DA/DE memory forms: ST(0) := ST(0) op m, or compare ST(0) with m. */
export function fpuArithM(op: u32, fmt: u32): void {
  if (!x87Begin()) return;
  if (!unpackMem(fmt)) return;
  saveB();
  if (op == 2 || op == 3) {
    if (stEmpty(0)) {
      // A comparison with an empty register is unordered, even when IE is unmasked.
      stackUnderflow();
      setCC(SW_C3 | SW_C2 | SW_C0);
    } else {
      unpackSt(0); saveA();
      compareInto(false);
    }
    if (op == 3 && !x87Blocked()) popSt();
    x87Finish(false, true);
    return;
  }
  if (stEmpty(0)) {
    stackUnderflow();
    if (!ieUnmasked()) writeStIndefinite(0);
    x87Finish(false, true);
    return;
  }
  unpackSt(0); saveA();
  x87Compute(op);
  if (!x87Blocked()) writeStR(0);
  x87Finish(false, true);
}

/** D8 register forms: ST(0) := ST(0) op ST(i); fcom/fcomp ST(i). */
export function fpuArithSt0(op: u32): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    if (op == 2 || op == 3) setCC(SW_C3 | SW_C2 | SW_C0);
    if (!ieUnmasked()) {
      if (op != 2 && op != 3) writeStIndefinite(0);
      if (op == 3) popSt();
    }
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  unpackSt(i); saveB();
  if (op == 2 || op == 3) {
    compareInto(false);
    if (op == 3 && !x87Blocked()) popSt();
  } else {
    x87Compute(op);
    if (!x87Blocked()) writeStR(0);
  }
  x87Finish(false, false);
}

/** DC/DE register forms: ST(i) := ST(0) op ST(i) (op as numbered above), then pop for DE. */
export function fpuArithSti(op: u32, pop: u32): void {
  if (!x87Begin()) return;
  let i = rmField();
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    if (!ieUnmasked()) {
      writeStIndefinite(i);
      if (pop) popSt();
    }
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  unpackSt(i); saveB();
  x87Compute(op);
  if (!x87Blocked()) {
    writeStR(i);
    if (pop) popSt();
  }
  x87Finish(false, false);
}

/**
 * fcom/fucom ST(i) family with `pops` pops (0, 1 or 2); `quiet`: fucom (IE only for
 * SNaN). fcompp/fucompp always compare with ST(1).
 */
export function fpuCom(quiet: u32, pops: u32): void {
  if (!x87Begin()) return;
  let i = pops == 2 ? 1 : rmField();
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    setCC(SW_C3 | SW_C2 | SW_C0);
    if (!ieUnmasked()) for (let n: u32 = 0; n < pops; n++) popSt();
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  unpackSt(i); saveB();
  compareInto(quiet != 0);
  if (!x87Blocked()) for (let n: u32 = 0; n < pops; n++) popSt();
  x87Finish(false, false);
}

/**
 * fcomi/fucomi/fcomip/fucomip: compare ST(0) with ST(i) into ZF, PF, CF. The flags
 * are written even when an unmasked exception stops the pop; C1 is left alone
 * unless there is a stack fault.
 */
export function fpuComi(quiet: u32, pop: u32): void {
  if (!x87Begin()) return;
  let i = rmField();
  let c: i32;
  if (stEmpty(0) || stEmpty(i)) {
    stackUnderflow();
    c = CMP_UN;
  } else {
    unpackSt(0); saveA();
    unpackSt(i); saveB();
    c = compareAB(quiet != 0);
  }
  let f: u32 = c == CMP_UN ? ZF | PF | CF : c == CMP_LT ? CF : c == CMP_EQ ? ZF : 0;
  materialize(ARITH);
  setFlagsRaw((flags & ~ARITH) | f);
  if (pop && !x87Blocked()) popSt();
  x87Finish(true, false);
}

/** ftst: compare ST(0) with +0.0. */
export function ftst(): void {
  if (!x87Begin()) return;
  if (stEmpty(0)) {
    stackUnderflow();
    setCC(SW_C3 | SW_C2 | SW_C0);
    x87Finish(false, false);
    return;
  }
  unpackSt(0); saveA();
  unpackI64(0); saveB();
  compareInto(false);
  x87Finish(false, false);
}
