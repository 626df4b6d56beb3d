// Decimal-arithmetic adjustments: DAA, DAS, AAA, AAS, AAM, AAD, and SALC
// (SDM Vol. 2A; SALC is the undocumented D6 that sets AL from CF).

import { reg8, setReg8, setReg16, reg16, EAX } from "../state";
import { getCF, getAF, flags, setFlagsRaw, setResultFlags, materialize, ARITH, CF, AF, OF } from "../flags";
import { imm } from "../operand";
import { raise, EXC_DE } from "../fault";

// @ts-ignore: decorator
@inline function setCA(cf: bool, af: bool): void {
  setFlagsRaw((flags & ~(CF | AF | OF)) | (cf ? CF : 0) | (af ? AF : 0));
}

export function daa(): void {
  let al = reg8(0), oldAl = al;
  let oldCf = getCF() != 0, af = getAF() != 0;
  let cf = false;
  if ((al & 0xf) > 9 || af) { cf = oldCf || al > 0xf9; al = (al + 6) & 0xff; af = true; } else af = false;
  if (oldAl > 0x99 || oldCf) { al = (al + 0x60) & 0xff; cf = true; } else cf = false;
  setReg8(0, al);
  setResultFlags(8, al);
  setCA(cf, af);
}

export function das(): void {
  let al = reg8(0), oldAl = al;
  let oldCf = getCF() != 0, af = getAF() != 0;
  let cf = false;
  if ((al & 0xf) > 9 || af) { cf = oldCf || al < 6; al = (al - 6) & 0xff; af = true; } else af = false;
  // Unlike DAA there is no "else CF = 0": the borrow of AL - 6 stands (SDM Vol. 2A DAS).
  if (oldAl > 0x99 || oldCf) { al = (al - 0x60) & 0xff; cf = true; }
  setReg8(0, al);
  setResultFlags(8, al);
  setCA(cf, af);
}

export function aaa(): void {
  let ax = reg16(EAX);
  let adj = (ax & 0xf) > 9 || getAF() != 0;
  materialize(ARITH);
  if (adj) ax = (ax + 0x106) & 0xffff;
  setReg16(EAX, ax & 0xff0f);
  setResultFlags(8, ax & 0x0f);
  setCA(adj, adj);
}

export function aas(): void {
  let ax = reg16(EAX);
  let adj = (ax & 0xf) > 9 || getAF() != 0;
  materialize(ARITH);
  if (adj) { ax = (ax - 6) & 0xffff; ax = (ax & 0xff) | ((((ax >> 8) - 1) & 0xff) << 8); }
  setReg16(EAX, ax & 0xff0f);
  setResultFlags(8, ax & 0x0f);
  setCA(adj, adj);
}

export function aam(): void {
  let base = imm() & 0xff;
  if (base == 0) { raise(EXC_DE); return; }
  let al = reg8(0);
  let r = al % base;
  setReg16(EAX, ((al / base) << 8) | r);
  setResultFlags(8, r);
  setCA(false, false);
}

export function aad(): void {
  let base = imm() & 0xff;
  let al = (reg8(0) + reg8(4) * base) & 0xff;
  setReg16(EAX, al);
  setResultFlags(8, al);
  setCA(false, false);
}

export function salc(): void { setReg8(0, getCF() ? 0xff : 0); }
