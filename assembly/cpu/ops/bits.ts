// Bit tests and scans: BT/BTS/BTR/BTC, BSF/BSR (SDM Vol. 2A).

import { flags, setFlagsRaw, materialize, CF, ZF, ARITH, maskOf } from "../flags";
import { readE, eRmwBegin, eRmwEnd, readG, writeG, imm, eIsReg, ea, eaSeg, addr16, readEf, writeEf, eRmwBeginF, eRmwEndF } from "../operand";
import { segLin, ptrRMW, ptrRead, loadHost, storeHost, writeDone } from "../mem";
import { faulted } from "../fault";
import { getReg, setReg } from "../state";

export const BT_BT: u32 = 0;
export const BT_BTS: u32 = 1;
export const BT_BTR: u32 = 2;
export const BT_BTC: u32 = 3;

// @ts-ignore: decorator
@inline function apply(op: u32, v: u32, bit: u32): u32 {
  let m = <u32>1 << bit;
  if (op == BT_BTS) return v | m;
  if (op == BT_BTR) return v & ~m;
  if (op == BT_BTC) return v ^ m;
  return v;
}

// @ts-ignore: decorator
@inline function setCF(on: u32): void {
  materialize(CF);
  setFlagsRaw((flags & ~CF) | (on ? CF : 0));
}

/** Register form, or memory form with the bit offset already reduced to the operand. */
// @ts-ignore: decorator
@inline function btOperand(sz: u32, op: u32, bit: u32, r: bool): void {
  if (op == BT_BT) {
    let v = readEf(r, sz);
    if (faulted()) return;
    setCF((v >> bit) & 1);
    return;
  }
  let v = eRmwBeginF(r, sz);
  if (faulted()) return;
  setCF((v >> bit) & 1);
  eRmwEndF(r, sz, apply(op, v, bit));
}

/** bt* Ev, Gv: with a memory operand the bit offset is a signed index from ea. */
export function btEG(sz: u32, op: u32, r: bool): void {
  let off = readG(sz);
  if (r) { btOperand(sz, op, off & (sz - 1), r); return; }
  let soff: i32 = sz == 16 ? <i32><i16>off : <i32>off;
  let bytes = sz >> 3;
  let a = ea() + <u32>((soff >> (sz == 16 ? 4 : 5)) * <i32>bytes);
  if (addr16()) a &= 0xffff;
  let bit = <u32>soff & (sz - 1);
  let lin = segLin(eaSeg(), a, bytes, op != BT_BT);
  if (op == BT_BT) {
    let v = loadHost(sz, ptrRead(lin, bytes));
    if (faulted()) return;
    setCF((v >> bit) & 1);
    return;
  }
  let h = ptrRMW(lin, bytes);
  if (faulted()) return;
  let v = loadHost(sz, h);
  setCF((v >> bit) & 1);
  storeHost(sz, h, apply(op, v, bit));
  writeDone(h);
}

/** bt* Ev, Ib (group 8) */
export function btEI(sz: u32, op: u32, r: bool): void {
  btOperand(sz, op, imm() & (sz - 1), r);
}

/** BSF: ZF = (source == 0); the destination is left unchanged then. */
export function bsf(sz: u32, r: bool): void {
  let v = readEf(r, sz);
  if (faulted()) return;
  materialize(ARITH);
  if (v == 0) { setFlagsRaw(flags | ZF); return; }
  setFlagsRaw(flags & ~ZF);
  writeG(sz, ctz(v));
}

export function bsr(sz: u32, r: bool): void {
  let v = readEf(r, sz);
  if (faulted()) return;
  materialize(ARITH);
  if (v == 0) { setFlagsRaw(flags | ZF); return; }
  setFlagsRaw(flags & ~ZF);
  writeG(sz, 31 - clz(v));
}
