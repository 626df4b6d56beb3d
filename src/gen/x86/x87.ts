// The x87 FPU escape opcodes D8-DF (SDM Vol. 2D Appendix A.4, Tables ).
//
// Memory forms are selected by ModRM.reg; register forms by ModRM.reg (a family over
// ST(i) = rm) or, for the D9/DA/DB/DE/DF specials, by reg and rm together. Forms the
// SDM leaves undefined (and the undocumented aliases such as D9 D8+i) are absent,
// so they decode to #UD. fisttp (SSE3) is not implemented.

import type { OpDef } from "./defs.js";

const T: OpDef[] = [];
function add(d: OpDef): void { T.push(d); }

const ARITH = ["fadd", "fmul", "fcom", "fcomp", "fsub", "fsubr", "fdiv", "fdivr"];
const IARITH = ["fiadd", "fimul", "ficom", "ficomp", "fisub", "fisubr", "fidiv", "fidivr"];
// Register forms of DC/DE name the destination ST(i): E0+i is fsubr st(i),st, etc.
const DC_NAMES = ["fadd", "fmul", "", "", "fsubr", "fsub", "fdivr", "fdiv"];

const FM_M32R = 0, FM_M64R = 1, FM_M32I = 2, FM_M16I = 3, FM_M64I = 4, FM_M80R = 5;

for (let reg = 0; reg < 8; reg++) {
  add({ map: 0, op: 0xd8, reg, mod: "mem", m: `${ARITH[reg]} Md`, h: "fpuArithM", args: [reg, FM_M32R] });
  add({ map: 0, op: 0xdc, reg, mod: "mem", m: `${ARITH[reg]} Mq`, h: "fpuArithM", args: [reg, FM_M64R] });
  add({ map: 0, op: 0xda, reg, mod: "mem", m: `${IARITH[reg]} Md`, h: "fpuArithM", args: [reg, FM_M32I] });
  add({ map: 0, op: 0xde, reg, mod: "mem", m: `${IARITH[reg]} Mw`, h: "fpuArithM", args: [reg, FM_M16I] });
  add({ map: 0, op: 0xd8, reg, mod: "reg", m: `${ARITH[reg]} ST,ST(i)`, h: "fpuArithSt0", args: [reg] });
  if (reg !== 2 && reg !== 3) {
    add({ map: 0, op: 0xdc, reg, mod: "reg", m: `${DC_NAMES[reg]} ST(i),ST`, h: "fpuArithSti", args: [reg, 0] });
    add({ map: 0, op: 0xde, reg, mod: "reg", m: `${DC_NAMES[reg]}p ST(i),ST`, h: "fpuArithSti", args: [reg, 1] });
  }
}

// D9: loads, stores and control of m32 / environment; register specials.
add({ map: 0, op: 0xd9, reg: 0, mod: "mem", m: "fld Md", h: "fpuLoadM", args: [FM_M32R] });
add({ map: 0, op: 0xd9, reg: 2, mod: "mem", m: "fst Md", h: "fpuStoreM", args: [FM_M32R, 0] });
add({ map: 0, op: 0xd9, reg: 3, mod: "mem", m: "fstp Md", h: "fpuStoreM", args: [FM_M32R, 1] });
add({ map: 0, op: 0xd9, reg: 4, mod: "mem", m: "fldenv M", h: "fldenv", v: true });
add({ map: 0, op: 0xd9, reg: 5, mod: "mem", m: "fldcw Mw", h: "fldcw" });
add({ map: 0, op: 0xd9, reg: 6, mod: "mem", m: "fnstenv M", h: "fnstenv", v: true });
add({ map: 0, op: 0xd9, reg: 7, mod: "mem", m: "fnstcw Mw", h: "fnstcw" });
add({ map: 0, op: 0xd9, reg: 0, mod: "reg", m: "fld ST(i)", h: "fpuLoadSt" });
add({ map: 0, op: 0xd9, reg: 1, mod: "reg", m: "fxch ST(i)", h: "fxch" });
add({ map: 0, op: 0xd9, reg: 2, mod: "reg", rm: 0, m: "fnop", h: "fnop" });
const D9_SPECIAL: [number, number, string, string, (string | number)[]][] = [
  [4, 0, "fchs", "fpuSign", [0]], [4, 1, "fabs", "fpuSign", [1]], [4, 4, "ftst", "ftst", []], [4, 5, "fxam", "fxam", []],
  [5, 0, "fld1", "fpuLoadConst", [0]], [5, 1, "fldl2t", "fpuLoadConst", [1]], [5, 2, "fldl2e", "fpuLoadConst", [2]],
  [5, 3, "fldpi", "fpuLoadConst", [3]], [5, 4, "fldlg2", "fpuLoadConst", [4]], [5, 5, "fldln2", "fpuLoadConst", [5]],
  [5, 6, "fldz", "fpuLoadConst", [6]],
  [6, 0, "f2xm1", "f2xm1", []], [6, 1, "fyl2x", "fpuLog", [1]], [6, 2, "fptan", "fpuTrig", [3]], [6, 3, "fpatan", "fpuLog", [0]],
  [6, 4, "fxtract", "fxtract", []], [6, 5, "fprem1", "fprem", [1]], [6, 6, "fdecstp", "fdecstp", []], [6, 7, "fincstp", "fincstp", []],
  [7, 0, "fprem", "fprem", [0]], [7, 1, "fyl2xp1", "fpuLog", [2]], [7, 2, "fsqrt", "fsqrt", []], [7, 3, "fsincos", "fpuTrig", [2]],
  [7, 4, "frndint", "frndint", []], [7, 5, "fscale", "fscale", []], [7, 6, "fsin", "fpuTrig", [0]], [7, 7, "fcos", "fpuTrig", [1]],
];
// The transcendentals are computed to about 100 bits and rounded once
// (assembly/cpu/fpu/trig.ts, log-exp.ts); the host x87 is not always correctly
// rounded, so a result may differ from it in the last place, and C1 (the rounding
// direction of its own approximation) may differ too.
const TRANSCENDENTAL = "result within one unit in the last place of the host's; C1 reports the rounding direction of the host's approximation";
const APPROX: Record<string, string> = {
  f2xm1: TRANSCENDENTAL, fyl2x: TRANSCENDENTAL, fptan: TRANSCENDENTAL, fpatan: TRANSCENDENTAL,
  fyl2xp1: TRANSCENDENTAL, fsincos: TRANSCENDENTAL, fsin: TRANSCENDENTAL, fcos: TRANSCENDENTAL,
};
for (const [reg, rm, m, h, args] of D9_SPECIAL) add({ map: 0, op: 0xd9, reg, mod: "reg", rm, m, h, args, approx: APPROX[m] });

// DA/DB register forms: fcmovcc, fucompp, fcomi/fucomi, fnclex/fninit.
const FCMOV: [string, string, string, string][] = [
  ["b", "CC_B", "nb", "CC_AE"], ["e", "CC_E", "ne", "CC_NE"], ["be", "CC_BE", "nbe", "CC_A"], ["u", "CC_P", "nu", "CC_NP"],
];
FCMOV.forEach(([n, cc, nn, ncc], reg) => {
  add({ map: 0, op: 0xda, reg, mod: "reg", m: `fcmov${n} ST,ST(i)`, h: "fcmov", args: [cc] });
  add({ map: 0, op: 0xdb, reg, mod: "reg", m: `fcmov${nn} ST,ST(i)`, h: "fcmov", args: [ncc] });
});
add({ map: 0, op: 0xda, reg: 5, mod: "reg", rm: 1, m: "fucompp", h: "fpuCom", args: [1, 2] });
add({ map: 0, op: 0xdb, reg: 0, mod: "mem", m: "fild Md", h: "fpuLoadM", args: [FM_M32I] });
add({ map: 0, op: 0xdb, reg: 2, mod: "mem", m: "fist Md", h: "fpuStoreInt", args: [FM_M32I, 0] });
add({ map: 0, op: 0xdb, reg: 3, mod: "mem", m: "fistp Md", h: "fpuStoreInt", args: [FM_M32I, 1] });
add({ map: 0, op: 0xdb, reg: 5, mod: "mem", m: "fld Mt", h: "fpuLoadM", args: [FM_M80R] });
add({ map: 0, op: 0xdb, reg: 7, mod: "mem", m: "fstp Mt", h: "fpuStoreM", args: [FM_M80R, 1] });
add({ map: 0, op: 0xdb, reg: 4, mod: "reg", rm: 0, m: "fneni (no-op)", h: "fpuIgnored" });
add({ map: 0, op: 0xdb, reg: 4, mod: "reg", rm: 1, m: "fndisi (no-op)", h: "fpuIgnored" });
add({ map: 0, op: 0xdb, reg: 4, mod: "reg", rm: 2, m: "fnclex", h: "fnclex" });
add({ map: 0, op: 0xdb, reg: 4, mod: "reg", rm: 3, m: "fninit", h: "fninit" });
add({ map: 0, op: 0xdb, reg: 4, mod: "reg", rm: 4, m: "fnsetpm (no-op)", h: "fpuIgnored" });
add({ map: 0, op: 0xdb, reg: 5, mod: "reg", m: "fucomi ST,ST(i)", h: "fpuComi", args: [1, 0] });
add({ map: 0, op: 0xdb, reg: 6, mod: "reg", m: "fcomi ST,ST(i)", h: "fpuComi", args: [0, 0] });

// DD: m64 loads/stores, fnsave/frstor, fnstsw; ffree, fst/fstp ST(i), fucom(p).
add({ map: 0, op: 0xdd, reg: 0, mod: "mem", m: "fld Mq", h: "fpuLoadM", args: [FM_M64R] });
add({ map: 0, op: 0xdd, reg: 2, mod: "mem", m: "fst Mq", h: "fpuStoreM", args: [FM_M64R, 0] });
add({ map: 0, op: 0xdd, reg: 3, mod: "mem", m: "fstp Mq", h: "fpuStoreM", args: [FM_M64R, 1] });
add({ map: 0, op: 0xdd, reg: 4, mod: "mem", m: "frstor M", h: "frstor", v: true });
add({ map: 0, op: 0xdd, reg: 6, mod: "mem", m: "fnsave M", h: "fnsave", v: true });
add({ map: 0, op: 0xdd, reg: 7, mod: "mem", m: "fnstsw Mw", h: "fnstsw", args: [0] });
add({ map: 0, op: 0xdd, reg: 0, mod: "reg", m: "ffree ST(i)", h: "ffree" });
add({ map: 0, op: 0xdd, reg: 2, mod: "reg", m: "fst ST(i)", h: "fpuStoreSt", args: [0] });
add({ map: 0, op: 0xdd, reg: 3, mod: "reg", m: "fstp ST(i)", h: "fpuStoreSt", args: [1] });
add({ map: 0, op: 0xdd, reg: 4, mod: "reg", m: "fucom ST(i)", h: "fpuCom", args: [1, 0] });
add({ map: 0, op: 0xdd, reg: 5, mod: "reg", m: "fucomp ST(i)", h: "fpuCom", args: [1, 1] });

// DE: fcompp; DF: m16/m64 integers, BCD, fnstsw ax, fcomip/fucomip.
add({ map: 0, op: 0xde, reg: 3, mod: "reg", rm: 1, m: "fcompp", h: "fpuCom", args: [0, 2] });
add({ map: 0, op: 0xdf, reg: 0, mod: "mem", m: "fild Mw", h: "fpuLoadM", args: [FM_M16I] });
add({ map: 0, op: 0xdf, reg: 2, mod: "mem", m: "fist Mw", h: "fpuStoreInt", args: [FM_M16I, 0] });
add({ map: 0, op: 0xdf, reg: 3, mod: "mem", m: "fistp Mw", h: "fpuStoreInt", args: [FM_M16I, 1] });
add({ map: 0, op: 0xdf, reg: 4, mod: "mem", m: "fbld Mt", h: "fbld" });
add({ map: 0, op: 0xdf, reg: 5, mod: "mem", m: "fild Mq", h: "fpuLoadM", args: [FM_M64I] });
add({ map: 0, op: 0xdf, reg: 6, mod: "mem", m: "fbstp Mt", h: "fbstp" });
add({ map: 0, op: 0xdf, reg: 7, mod: "mem", m: "fistp Mq", h: "fpuStoreInt", args: [FM_M64I, 1] });
add({ map: 0, op: 0xdf, reg: 4, mod: "reg", rm: 0, m: "fnstsw AX", h: "fnstsw", args: [1] });
add({ map: 0, op: 0xdf, reg: 5, mod: "reg", m: "fucomip ST,ST(i)", h: "fpuComi", args: [1, 1] });
add({ map: 0, op: 0xdf, reg: 6, mod: "reg", m: "fcomip ST,ST(i)", h: "fpuComi", args: [0, 1] });

export const X87_OPS: readonly OpDef[] = T;
