// MMX, SSE and SSE2 in the 0F map (SDM Vol. 2D Appendix A.3, Tables ).
//
// The mandatory prefix selects the instruction: none = MMX (64-bit mm registers) or
// SSE packed single, 66 = SSE2 on xmm registers or packed double, F3 = scalar
// single, F2 = scalar double. Absent prefixed forms decode to #UD. Handlers take the
// operation and the form as constants; see assembly/cpu/ops/simd-int.ts (SI_*),
// sse-float.ts, sse-convert.ts (CV_*), sse-move.ts (LD_*, ST_*).

import { Imm, type OpDef, type Prefix } from "./defs.js";

const T: OpDef[] = [];
function add(d: OpDef): void { T.push(d); }
const R = (op: number, pfx: Prefix, m: string, h: string, args: (string | number)[] = [], extra: Partial<OpDef> = {}) =>
  add({ map: 1, op, pfx, m, h, args, modrm: true, ...extra });

// ── moves ─────────────────────────────────────────────────────────────────────────────
R(0x10, "none", "movups Vps,Wps", "sseLoad", ["LD_U128"]);
R(0x10, "66", "movupd Vpd,Wpd", "sseLoad", ["LD_U128"]);
R(0x10, "F3", "movss Vss,Wss", "sseLoad", ["LD_SS"]);
R(0x10, "F2", "movsd Vsd,Wsd", "sseLoad", ["LD_SD"]);
R(0x11, "none", "movups Wps,Vps", "sseStore", ["ST_U128"]);
R(0x11, "66", "movupd Wpd,Vpd", "sseStore", ["ST_U128"]);
R(0x11, "F3", "movss Wss,Vss", "sseStore", ["ST_SS"]);
R(0x11, "F2", "movsd Wsd,Vsd", "sseStore", ["ST_SD"]);
R(0x12, "none", "movlps Vq,Mq", "sseLoad", ["LD_LOW"], { mod: "mem" });
R(0x12, "none", "movhlps Vq,Uq", "sseLoad", ["LD_HL"], { mod: "reg" });
R(0x12, "66", "movlpd Vq,Mq", "sseLoad", ["LD_LOW"], { mod: "mem" });
R(0x13, "none", "movlps Mq,Vq", "sseStore", ["ST_LOW"], { mod: "mem" });
R(0x13, "66", "movlpd Mq,Vq", "sseStore", ["ST_LOW"], { mod: "mem" });
R(0x16, "none", "movhps Vq,Mq", "sseLoad", ["LD_HIGH"], { mod: "mem" });
R(0x16, "none", "movlhps Vq,Uq", "sseLoad", ["LD_LH"], { mod: "reg" });
R(0x16, "66", "movhpd Vq,Mq", "sseLoad", ["LD_HIGH"], { mod: "mem" });
R(0x17, "none", "movhps Mq,Vq", "sseStore", ["ST_HIGH"], { mod: "mem" });
R(0x17, "66", "movhpd Mq,Vq", "sseStore", ["ST_HIGH"], { mod: "mem" });
R(0x28, "none", "movaps Vps,Wps", "sseLoad", ["LD_A128"]);
R(0x28, "66", "movapd Vpd,Wpd", "sseLoad", ["LD_A128"]);
R(0x29, "none", "movaps Wps,Vps", "sseStore", ["ST_A128"]);
R(0x29, "66", "movapd Wpd,Vpd", "sseStore", ["ST_A128"]);
R(0x2b, "none", "movntps Mps,Vps", "sseStore", ["ST_A128"], { mod: "mem" });
R(0x2b, "66", "movntpd Mpd,Vpd", "sseStore", ["ST_A128"], { mod: "mem" });
R(0x6e, "none", "movd Pd,Ey", "movdTo", [0]);
R(0x6e, "66", "movd Vd,Ey", "movdTo", [1]);
R(0x6f, "none", "movq Pq,Qq", "movqMmLoad");
R(0x6f, "66", "movdqa Vx,Wx", "sseLoad", ["LD_A128"]);
R(0x6f, "F3", "movdqu Vx,Wx", "sseLoad", ["LD_U128"]);
R(0x7e, "none", "movd Ey,Pd", "movdFrom", [0]);
R(0x7e, "66", "movd Ey,Vd", "movdFrom", [1]);
R(0x7e, "F3", "movq Vq,Wq", "sseLoad", ["LD_Q"]);
R(0x7f, "none", "movq Qq,Pq", "movqMmStore");
R(0x7f, "66", "movdqa Wx,Vx", "sseStore", ["ST_A128"]);
R(0x7f, "F3", "movdqu Wx,Vx", "sseStore", ["ST_U128"]);
R(0xc3, "none", "movnti My,Gy", "movnti", [], { mod: "mem" });
R(0xd6, "66", "movq Wq,Vq", "sseStore", ["ST_Q"]);
R(0xd6, "F3", "movq2dq Vdq,Nq", "movq2dq", [], { mod: "reg" });
R(0xd6, "F2", "movdq2q Pq,Uq", "movdq2q", [], { mod: "reg" });
R(0xe7, "none", "movntq Mq,Pq", "movqMmStore", [], { mod: "mem" });
R(0xe7, "66", "movntdq Mx,Vx", "sseStore", ["ST_A128"], { mod: "mem" });
R(0xf7, "none", "maskmovq Pq,Nq", "maskmov", [0], { mod: "reg" });
R(0xf7, "66", "maskmovdqu Vdq,Udq", "maskmov", [1], { mod: "reg" });
R(0x50, "none", "movmskps Gd,Ups", "movmsk", [0], { mod: "reg" });
R(0x50, "66", "movmskpd Gd,Upd", "movmsk", [1], { mod: "reg" });
R(0xd7, "none", "pmovmskb Gd,Nq", "movmsk", [3], { mod: "reg" });
R(0xd7, "66", "pmovmskb Gd,Ux", "movmsk", [2], { mod: "reg" });
add({ map: 1, op: 0x77, pfx: "none", m: "emms", h: "emms" });

// ── floating-point arithmetic: kind 0 ps, 1 ss, 2 pd, 3 sd ───────────────────────────
const KINDS: [Prefix, string, number][] = [["none", "ps", 0], ["F3", "ss", 1], ["66", "pd", 2], ["F2", "sd", 3]];
const FARITH: [number, string, number][] = [[0x58, "add", 0], [0x59, "mul", 2], [0x5c, "sub", 1], [0x5d, "min", 4], [0x5e, "div", 3], [0x5f, "max", 5], [0x51, "sqrt", 6]];
for (const [op, name, f] of FARITH)
  for (const [pfx, suffix, kind] of KINDS) R(op, pfx, `${name}${suffix} V,W`, "sseArith", [f, kind]);
for (const [pfx, suffix, kind] of KINDS) R(0xc2, pfx, `cmp${suffix} V,W,Ib`, "sseCmp", [kind], { imm: Imm.Ib });
const RCP = { approx: "approximation tables are implementation-specific: each approximated element within 1.5 × 2^-12 of the exact value (SDM Vol. 2B RCPPS)" };
R(0x52, "none", "rsqrtps Vps,Wps", "sseRcp", [1, 0], RCP);
R(0x52, "F3", "rsqrtss Vss,Wss", "sseRcp", [1, 1], RCP);
R(0x53, "none", "rcpps Vps,Wps", "sseRcp", [0, 0], RCP);
R(0x53, "F3", "rcpss Vss,Wss", "sseRcp", [0, 1], RCP);
R(0x2e, "none", "ucomiss Vss,Wss", "sseComi", [0, 1]);
R(0x2e, "66", "ucomisd Vsd,Wsd", "sseComi", [1, 1]);
R(0x2f, "none", "comiss Vss,Wss", "sseComi", [0, 0]);
R(0x2f, "66", "comisd Vsd,Wsd", "sseComi", [1, 0]);
// Bitwise logic on packed floats is the SSE2 integer logic on xmm.
R(0x54, "none", "andps Vps,Wps", "simdInt", ["SI_PAND", 1]);
R(0x54, "66", "andpd Vpd,Wpd", "simdInt", ["SI_PAND", 1]);
R(0x55, "none", "andnps Vps,Wps", "simdInt", ["SI_PANDN", 1]);
R(0x55, "66", "andnpd Vpd,Wpd", "simdInt", ["SI_PANDN", 1]);
R(0x56, "none", "orps Vps,Wps", "simdInt", ["SI_POR", 1]);
R(0x56, "66", "orpd Vpd,Wpd", "simdInt", ["SI_POR", 1]);
R(0x57, "none", "xorps Vps,Wps", "simdInt", ["SI_PXOR", 1]);
R(0x57, "66", "xorpd Vpd,Wpd", "simdInt", ["SI_PXOR", 1]);
R(0x14, "none", "unpcklps Vps,Wps", "simdInt", ["SI_PUNPCKLDQ", 1]);
R(0x14, "66", "unpcklpd Vpd,Wpd", "simdInt", ["SI_PUNPCKLQDQ", 1]);
R(0x15, "none", "unpckhps Vps,Wps", "simdInt", ["SI_PUNPCKHDQ", 1]);
R(0x15, "66", "unpckhpd Vpd,Wpd", "simdInt", ["SI_PUNPCKHQDQ", 1]);
R(0xc6, "none", "shufps Vps,Wps,Ib", "shufp", [0], { imm: Imm.Ib });
R(0xc6, "66", "shufpd Vpd,Wpd,Ib", "shufp", [1], { imm: Imm.Ib });

// ── conversions ─────────────────────────────────────────────────────────────────────
const CVT: [number, Prefix, string, string][] = [
  [0x2a, "none", "cvtpi2ps Vps,Qpi", "CV_PI2PS"], [0x2a, "66", "cvtpi2pd Vpd,Qpi", "CV_PI2PD"],
  [0x2a, "F3", "cvtsi2ss Vss,Ey", "CV_SI2SS"], [0x2a, "F2", "cvtsi2sd Vsd,Ey", "CV_SI2SD"],
  [0x2c, "none", "cvttps2pi Ppi,Wps", "CV_TPS2PI"], [0x2c, "66", "cvttpd2pi Ppi,Wpd", "CV_TPD2PI"],
  [0x2c, "F3", "cvttss2si Gy,Wss", "CV_TSS2SI"], [0x2c, "F2", "cvttsd2si Gy,Wsd", "CV_TSD2SI"],
  [0x2d, "none", "cvtps2pi Ppi,Wps", "CV_PS2PI"], [0x2d, "66", "cvtpd2pi Qpi,Wpd", "CV_PD2PI"],
  [0x2d, "F3", "cvtss2si Gy,Wss", "CV_SS2SI"], [0x2d, "F2", "cvtsd2si Gy,Wsd", "CV_SD2SI"],
  [0x5a, "none", "cvtps2pd Vpd,Wps", "CV_PS2PD"], [0x5a, "66", "cvtpd2ps Vps,Wpd", "CV_PD2PS"],
  [0x5a, "F3", "cvtss2sd Vsd,Wss", "CV_SS2SD"], [0x5a, "F2", "cvtsd2ss Vss,Wsd", "CV_SD2SS"],
  [0x5b, "none", "cvtdq2ps Vps,Wdq", "CV_DQ2PS"], [0x5b, "66", "cvtps2dq Vdq,Wps", "CV_PS2DQ"],
  [0x5b, "F3", "cvttps2dq Vdq,Wps", "CV_TPS2DQ"],
  [0xe6, "66", "cvttpd2dq Vx,Wpd", "CV_TPD2DQ"], [0xe6, "F3", "cvtdq2pd Vx,Wpd", "CV_DQ2PD"],
  [0xe6, "F2", "cvtpd2dq Vx,Wpd", "CV_PD2DQ"],
];
for (const [op, pfx, m, k] of CVT) R(op, pfx, m, "sseCvt", [k]);

// ── MMX / SSE2 integer: no prefix = MMX, 66 = xmm ────────────────────────────────────
const INT: [number, string, string][] = [
  [0x60, "punpcklbw", "SI_PUNPCKLBW"], [0x61, "punpcklwd", "SI_PUNPCKLWD"], [0x62, "punpckldq", "SI_PUNPCKLDQ"],
  [0x63, "packsswb", "SI_PACKSSWB"], [0x64, "pcmpgtb", "SI_PCMPGTB"], [0x65, "pcmpgtw", "SI_PCMPGTW"],
  [0x66, "pcmpgtd", "SI_PCMPGTD"], [0x67, "packuswb", "SI_PACKUSWB"], [0x68, "punpckhbw", "SI_PUNPCKHBW"],
  [0x69, "punpckhwd", "SI_PUNPCKHWD"], [0x6a, "punpckhdq", "SI_PUNPCKHDQ"], [0x6b, "packssdw", "SI_PACKSSDW"],
  [0x74, "pcmpeqb", "SI_PCMPEQB"], [0x75, "pcmpeqw", "SI_PCMPEQW"], [0x76, "pcmpeqd", "SI_PCMPEQD"],
  [0xd1, "psrlw", "SI_PSRLW"], [0xd2, "psrld", "SI_PSRLD"], [0xd3, "psrlq", "SI_PSRLQ"], [0xd4, "paddq", "SI_PADDQ"],
  [0xd5, "pmullw", "SI_PMULLW"], [0xd8, "psubusb", "SI_PSUBUSB"], [0xd9, "psubusw", "SI_PSUBUSW"],
  [0xda, "pminub", "SI_PMINUB"], [0xdb, "pand", "SI_PAND"], [0xdc, "paddusb", "SI_PADDUSB"],
  [0xdd, "paddusw", "SI_PADDUSW"], [0xde, "pmaxub", "SI_PMAXUB"], [0xdf, "pandn", "SI_PANDN"],
  [0xe0, "pavgb", "SI_PAVGB"], [0xe1, "psraw", "SI_PSRAW"], [0xe2, "psrad", "SI_PSRAD"], [0xe3, "pavgw", "SI_PAVGW"],
  [0xe4, "pmulhuw", "SI_PMULHUW"], [0xe5, "pmulhw", "SI_PMULHW"], [0xe8, "psubsb", "SI_PSUBSB"],
  [0xe9, "psubsw", "SI_PSUBSW"], [0xea, "pminsw", "SI_PMINSW"], [0xeb, "por", "SI_POR"], [0xec, "paddsb", "SI_PADDSB"],
  [0xed, "paddsw", "SI_PADDSW"], [0xee, "pmaxsw", "SI_PMAXSW"], [0xef, "pxor", "SI_PXOR"],
  [0xf1, "psllw", "SI_PSLLW"], [0xf2, "pslld", "SI_PSLLD"], [0xf3, "psllq", "SI_PSLLQ"], [0xf4, "pmuludq", "SI_PMULUDQ"],
  [0xf5, "pmaddwd", "SI_PMADDWD"], [0xf6, "psadbw", "SI_PSADBW"], [0xf8, "psubb", "SI_PSUBB"], [0xf9, "psubw", "SI_PSUBW"],
  [0xfa, "psubd", "SI_PSUBD"], [0xfb, "psubq", "SI_PSUBQ"], [0xfc, "paddb", "SI_PADDB"], [0xfd, "paddw", "SI_PADDW"],
  [0xfe, "paddd", "SI_PADDD"],
];
for (const [op, name, k] of INT) {
  R(op, "none", `${name} Pq,Qq`, "simdInt", [k, 0]);
  R(op, "66", `${name} Vx,Wx`, "simdInt", [k, 1]);
}
R(0x6c, "66", "punpcklqdq Vx,Wx", "simdInt", ["SI_PUNPCKLQDQ", 1]);
R(0x6d, "66", "punpckhqdq Vx,Wx", "simdInt", ["SI_PUNPCKHQDQ", 1]);
R(0x70, "none", "pshufw Pq,Qq,Ib", "pshufw", [], { imm: Imm.Ib });
R(0x70, "66", "pshufd Vx,Wx,Ib", "pshuf", [0], { imm: Imm.Ib });
R(0x70, "F3", "pshufhw Vx,Wx,Ib", "pshuf", [1], { imm: Imm.Ib });
R(0x70, "F2", "pshuflw Vx,Wx,Ib", "pshuf", [2], { imm: Imm.Ib });
R(0xc4, "none", "pinsrw Pq,Ew,Ib", "pinsrw", [0], { imm: Imm.Ib });
R(0xc4, "66", "pinsrw Vdq,Ew,Ib", "pinsrw", [1], { imm: Imm.Ib });
R(0xc5, "none", "pextrw Gd,Nq,Ib", "pextrw", [0], { imm: Imm.Ib, mod: "reg" });
R(0xc5, "66", "pextrw Gd,Udq,Ib", "pextrw", [1], { imm: Imm.Ib, mod: "reg" });

// Shift groups 12-14 (register operand by imm8).
const SHIFTS: [number, number, string, string, boolean][] = [
  [0x71, 2, "psrlw", "SI_PSRLW", true], [0x71, 4, "psraw", "SI_PSRAW", true], [0x71, 6, "psllw", "SI_PSLLW", true],
  [0x72, 2, "psrld", "SI_PSRLD", true], [0x72, 4, "psrad", "SI_PSRAD", true], [0x72, 6, "pslld", "SI_PSLLD", true],
  [0x73, 2, "psrlq", "SI_PSRLQ", true], [0x73, 6, "psllq", "SI_PSLLQ", true],
];
for (const [op, reg, name, k] of SHIFTS) {
  add({ map: 1, op, reg, mod: "reg", pfx: "none", m: `${name} Nq,Ib`, h: "simdShiftImm", args: [k, 0], imm: Imm.Ib });
  add({ map: 1, op, reg, mod: "reg", pfx: "66", m: `${name} Ux,Ib`, h: "simdShiftImm", args: [k, 1], imm: Imm.Ib });
}
add({ map: 1, op: 0x73, reg: 3, mod: "reg", pfx: "66", m: "psrldq Ux,Ib", h: "pshiftDq", args: [0], imm: Imm.Ib });
add({ map: 1, op: 0x73, reg: 7, mod: "reg", pfx: "66", m: "pslldq Ux,Ib", h: "pshiftDq", args: [1], imm: Imm.Ib });

// Group 15 memory forms: the FPU/SSE state and MXCSR (the fences and clflush are in
// base.ts). Naming no prefix makes 0F AE prefix-selected: with 66, F2 or F3 these
// forms and the fences are #UD; 66 0F AE /7 is clflushopt, which runs as clflush.
add({ map: 1, op: 0xae, reg: 0, mod: "mem", pfx: "none", m: "fxsave M", h: "fxsave", approx: "MXCSR_MASK (bytes 28-31) is implementation-specific" });
add({ map: 1, op: 0xae, reg: 1, mod: "mem", pfx: "none", m: "fxrstor M", h: "fxrstor" });
add({ map: 1, op: 0xae, reg: 2, mod: "mem", pfx: "none", m: "ldmxcsr Md", h: "ldmxcsr" });
add({ map: 1, op: 0xae, reg: 3, mod: "mem", pfx: "none", m: "stmxcsr Md", h: "stmxcsr" });
add({ map: 1, op: 0xae, reg: 7, mod: "mem", pfx: "66", m: "clflushopt Mb", h: "clflush" });

export const SSE_OPS: readonly OpDef[] = T;
