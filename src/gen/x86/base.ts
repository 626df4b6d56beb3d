// The integer and system instructions of the one-byte and 0F opcode maps
// (SDM Vol. 2D Appendix A): the rows of the x86 table (./index.ts) that the core's
// integer unit implements.

import { Imm, type OpDef } from "./defs.js";

const ALU = ["ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR", "CMP"];
/** Logic operations leave AF undefined (SDM Vol. 2: AND, OR, XOR, TEST). */
const LOGIC = ["OR", "AND", "XOR"];
const CC = ["O", "NO", "B", "AE", "E", "NE", "BE", "A", "S", "NS", "P", "NP", "L", "GE", "LE", "G"];
const SHIFT = ["ROL", "ROR", "RCL", "RCR", "SHL", "SHR", "SAL", "SAR"];
const R32 = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];

const T: OpDef[] = [];
function add(d: OpDef): void { T.push(d); }

// ── one-byte map ──────────────────────────────────────────────────────────────────────

// The eight ALU operations, six encodings each (00-3D).
ALU.forEach((name, i) => {
  const base = i * 8;
  const k = `ALU_${name}`;
  const lk = name !== "CMP";
  const lo = name.toLowerCase();
  const u = LOGIC.includes(name) ? { undef: "AF" } : {};
  add({ map: 0, op: base + 0, m: `${lo} Eb,Gb`, h: "aluEG", b: true, args: [k], modrm: true, lock: lk, ...u });
  add({ map: 0, op: base + 1, m: `${lo} Ev,Gv`, h: "aluEG", v: true, args: [k], modrm: true, lock: lk, ...u });
  add({ map: 0, op: base + 2, m: `${lo} Gb,Eb`, h: "aluGE", b: true, args: [k], modrm: true, ...u });
  add({ map: 0, op: base + 3, m: `${lo} Gv,Ev`, h: "aluGE", v: true, args: [k], modrm: true, ...u });
  add({ map: 0, op: base + 4, m: `${lo} AL,Ib`, h: "aluAI", b: true, args: [k], imm: Imm.Ib, ...u });
  add({ map: 0, op: base + 5, m: `${lo} eAX,Iz`, h: "aluAI", v: true, args: [k], imm: Imm.Iz, ...u });
});

// Segment register push/pop (SDM sreg numbering: ES 0, CS 1, SS 2, DS 3, FS 4, GS 5).
add({ map: 0, op: 0x06, m: "push ES", h: "pushSreg", v: true, args: [0] });
add({ map: 0, op: 0x07, m: "pop ES", h: "popSreg", v: true, args: [0] });
add({ map: 0, op: 0x0e, m: "push CS", h: "pushSreg", v: true, args: [1] });
add({ map: 0, op: 0x16, m: "push SS", h: "pushSreg", v: true, args: [2] });
add({ map: 0, op: 0x17, m: "pop SS", h: "popSreg", v: true, args: [2] });
add({ map: 0, op: 0x1e, m: "push DS", h: "pushSreg", v: true, args: [3] });
add({ map: 0, op: 0x1f, m: "pop DS", h: "popSreg", v: true, args: [3] });

// BCD adjust.
add({ map: 0, op: 0x27, m: "daa", h: "daa", undef: "OF" });
add({ map: 0, op: 0x2f, m: "das", h: "das", undef: "OF" });
add({ map: 0, op: 0x37, m: "aaa", h: "aaa", undef: "OF SF ZF PF" });
add({ map: 0, op: 0x3f, m: "aas", h: "aas", undef: "OF SF ZF PF" });

// +r register forms.
for (let r = 0; r < 8; r++) {
  add({ map: 0, op: 0x40 + r, m: `inc ${R32[r]}`, h: "incReg", v: true, args: [r] });
  add({ map: 0, op: 0x48 + r, m: `dec ${R32[r]}`, h: "decReg", v: true, args: [r] });
  add({ map: 0, op: 0x50 + r, m: `push ${R32[r]}`, h: "pushReg", v: true, args: [r] });
  add({ map: 0, op: 0x58 + r, m: `pop ${R32[r]}`, h: "popReg", v: true, args: [r] });
  if (r !== 0) add({ map: 0, op: 0x90 + r, m: `xchg eAX,${R32[r]}`, h: "xchgAReg", v: true, args: [r] });
  add({ map: 0, op: 0xb0 + r, m: `mov ${"al cl dl bl ah ch dh bh".split(" ")[r]},Ib`, h: "movRegImm", b: true, args: [r], imm: Imm.Ib });
  add({ map: 0, op: 0xb8 + r, m: `mov ${R32[r]},Iz`, h: "movRegImm", v: true, args: [r], imm: Imm.Iz });
}

add({ map: 0, op: 0x60, m: "pusha", h: "pusha", v: true });
add({ map: 0, op: 0x61, m: "popa", h: "popa", v: true });
add({ map: 0, op: 0x62, m: "bound Gv,Ma", h: "bound", v: true, modrm: true, mod: "mem" });
add({ map: 0, op: 0x63, m: "arpl Ew,Gw", h: "arpl", modrm: true });
add({ map: 0, op: 0x68, m: "push Iz", h: "pushImm", v: true, imm: Imm.Iz });
add({ map: 0, op: 0x69, m: "imul Gv,Ev,Iz", h: "imulGEI", v: true, modrm: true, imm: Imm.Iz, undef: "SF ZF AF PF" });
add({ map: 0, op: 0x6a, m: "push Ibs", h: "pushImm", v: true, imm: Imm.Ibs });
add({ map: 0, op: 0x6b, m: "imul Gv,Ev,Ibs", h: "imulGEI", v: true, modrm: true, imm: Imm.Ibs, undef: "SF ZF AF PF" });
add({ map: 0, op: 0x6c, m: "insb", h: "ins", b: true, jump: true });
add({ map: 0, op: 0x6d, m: "insv", h: "ins", v: true, jump: true });
add({ map: 0, op: 0x6e, m: "outsb", h: "outs", b: true, jump: true });
add({ map: 0, op: 0x6f, m: "outsv", h: "outs", v: true, jump: true });

CC.forEach((c, i) => {
  add({ map: 0, op: 0x70 + i, m: `j${c.toLowerCase()} Jb`, h: "jcc", v: true, args: [`CC_${c}`], imm: Imm.Jb, jump: "cond" });
  add({ map: 1, op: 0x80 + i, m: `j${c.toLowerCase()} Jz`, h: "jcc", v: true, args: [`CC_${c}`], imm: Imm.Jz, jump: "cond" });
  add({ map: 1, op: 0x90 + i, m: `set${c.toLowerCase()} Eb`, h: "setcc", args: [`CC_${c}`], modrm: true });
  add({ map: 1, op: 0x40 + i, m: `cmov${c.toLowerCase()} Gv,Ev`, h: "cmovcc", v: true, args: [`CC_${c}`], modrm: true });
});

// Group 1: ALU with an immediate.
ALU.forEach((name, reg) => {
  const k = `ALU_${name}`;
  const lk = name !== "CMP";
  const lo = name.toLowerCase();
  const u = LOGIC.includes(name) ? { undef: "AF" } : {};
  add({ map: 0, op: 0x80, reg, m: `${lo} Eb,Ib`, h: "aluEI", b: true, args: [k], modrm: true, imm: Imm.Ib, lock: lk, ...u });
  add({ map: 0, op: 0x81, reg, m: `${lo} Ev,Iz`, h: "aluEI", v: true, args: [k], modrm: true, imm: Imm.Iz, lock: lk, ...u });
  add({ map: 0, op: 0x82, reg, m: `${lo} Eb,Ib`, h: "aluEI", b: true, args: [k], modrm: true, imm: Imm.Ib, lock: lk, ...u });
  add({ map: 0, op: 0x83, reg, m: `${lo} Ev,Ibs`, h: "aluEI", v: true, args: [k], modrm: true, imm: Imm.Ibs, lock: lk, ...u });
});

add({ map: 0, op: 0x84, m: "test Eb,Gb", h: "testEG", b: true, modrm: true, undef: "AF" });
add({ map: 0, op: 0x85, m: "test Ev,Gv", h: "testEG", v: true, modrm: true, undef: "AF" });
add({ map: 0, op: 0x86, m: "xchg Eb,Gb", h: "xchgEG", b: true, modrm: true, lock: true });
add({ map: 0, op: 0x87, m: "xchg Ev,Gv", h: "xchgEG", v: true, modrm: true, lock: true });
add({ map: 0, op: 0x88, m: "mov Eb,Gb", h: "movEG", b: true, modrm: true });
add({ map: 0, op: 0x89, m: "mov Ev,Gv", h: "movEG", v: true, modrm: true });
add({ map: 0, op: 0x8a, m: "mov Gb,Eb", h: "movGE", b: true, modrm: true });
add({ map: 0, op: 0x8b, m: "mov Gv,Ev", h: "movGE", v: true, modrm: true });
add({ map: 0, op: 0x8c, m: "mov Ev,Sw", h: "movES", v: true, modrm: true });
add({ map: 0, op: 0x8d, m: "lea Gv,M", h: "lea", v: true, modrm: true, mod: "mem" });
add({ map: 0, op: 0x8e, m: "mov Sw,Ew", h: "movSE", modrm: true, jump: true });
add({ map: 0, op: 0x8f, reg: 0, m: "pop Ev", h: "popE", v: true, modrm: true });

add({ map: 0, op: 0x90, m: "nop", h: "nop" });
add({ map: 0, op: 0x90, pfx: "F3", m: "pause", h: "pause" });
add({ map: 0, op: 0x98, m: "cbw/cwde", h: "cbw", v: true });
add({ map: 0, op: 0x99, m: "cwd/cdq", h: "cwd", v: true });
add({ map: 0, op: 0x9a, m: "call Ap", h: "callFar", v: true, imm: Imm.Ap, jump: true });
add({ map: 0, op: 0x9b, m: "fwait", h: "fwait" });
add({ map: 0, op: 0x9c, m: "pushf", h: "pushf", v: true });
add({ map: 0, op: 0x9d, m: "popf", h: "popf", v: true, jump: true });
add({ map: 0, op: 0x9e, m: "sahf", h: "sahf" });
add({ map: 0, op: 0x9f, m: "lahf", h: "lahf" });

add({ map: 0, op: 0xa0, m: "mov AL,Ob", h: "movAO", b: true, imm: Imm.Ov });
add({ map: 0, op: 0xa1, m: "mov eAX,Ov", h: "movAO", v: true, imm: Imm.Ov });
add({ map: 0, op: 0xa2, m: "mov Ob,AL", h: "movOA", b: true, imm: Imm.Ov });
add({ map: 0, op: 0xa3, m: "mov Ov,eAX", h: "movOA", v: true, imm: Imm.Ov });
add({ map: 0, op: 0xa4, m: "movsb", h: "movs", b: true, jump: true });
add({ map: 0, op: 0xa5, m: "movsv", h: "movs", v: true, jump: true });
add({ map: 0, op: 0xa6, m: "cmpsb", h: "cmps", b: true, jump: true });
add({ map: 0, op: 0xa7, m: "cmpsv", h: "cmps", v: true, jump: true });
add({ map: 0, op: 0xa8, m: "test AL,Ib", h: "testAI", b: true, imm: Imm.Ib, undef: "AF" });
add({ map: 0, op: 0xa9, m: "test eAX,Iz", h: "testAI", v: true, imm: Imm.Iz, undef: "AF" });
add({ map: 0, op: 0xaa, m: "stosb", h: "stos", b: true, jump: true });
add({ map: 0, op: 0xab, m: "stosv", h: "stos", v: true, jump: true });
add({ map: 0, op: 0xac, m: "lodsb", h: "lods", b: true, jump: true });
add({ map: 0, op: 0xad, m: "lodsv", h: "lods", v: true, jump: true });
add({ map: 0, op: 0xae, m: "scasb", h: "scas", b: true, jump: true });
add({ map: 0, op: 0xaf, m: "scasv", h: "scas", v: true, jump: true });

// Group 2: shifts and rotates by 1, CL or an immediate.
SHIFT.forEach((name, reg) => {
  const k = `SH_${name}`;
  const lo = name.toLowerCase();
  const u = { undef: reg < 4 ? "rotate" : "shift" };
  add({ map: 0, op: 0xc0, reg, m: `${lo} Eb,Ib`, h: "shiftEI", b: true, args: [k], modrm: true, imm: Imm.Ib, ...u });
  add({ map: 0, op: 0xc1, reg, m: `${lo} Ev,Ib`, h: "shiftEI", v: true, args: [k], modrm: true, imm: Imm.Ib, ...u });
  add({ map: 0, op: 0xd0, reg, m: `${lo} Eb,1`, h: "shiftE1", b: true, args: [k], modrm: true, ...u });
  add({ map: 0, op: 0xd1, reg, m: `${lo} Ev,1`, h: "shiftE1", v: true, args: [k], modrm: true, ...u });
  add({ map: 0, op: 0xd2, reg, m: `${lo} Eb,CL`, h: "shiftECL", b: true, args: [k], modrm: true, ...u });
  add({ map: 0, op: 0xd3, reg, m: `${lo} Ev,CL`, h: "shiftECL", v: true, args: [k], modrm: true, ...u });
});

add({ map: 0, op: 0xc2, m: "ret Iw", h: "retNear", v: true, imm: Imm.Iw, args: [1], jump: true });
add({ map: 0, op: 0xc3, m: "ret", h: "retNear", v: true, args: [0], jump: true });
add({ map: 0, op: 0xc4, m: "les Gv,Mp", h: "loadFarPtr", v: true, args: [0], modrm: true, mod: "mem" });
add({ map: 0, op: 0xc5, m: "lds Gv,Mp", h: "loadFarPtr", v: true, args: [3], modrm: true, mod: "mem" });
add({ map: 0, op: 0xc6, reg: 0, m: "mov Eb,Ib", h: "movEI", b: true, modrm: true, imm: Imm.Ib });
add({ map: 0, op: 0xc7, reg: 0, m: "mov Ev,Iz", h: "movEI", v: true, modrm: true, imm: Imm.Iz });
add({ map: 0, op: 0xc8, m: "enter Iw,Ib", h: "enter", v: true, imm: Imm.IwIb });
add({ map: 0, op: 0xc9, m: "leave", h: "leave", v: true });
add({ map: 0, op: 0xca, m: "retf Iw", h: "retFar", v: true, imm: Imm.Iw, args: [1], jump: true });
add({ map: 0, op: 0xcb, m: "retf", h: "retFar", v: true, args: [0], jump: true });
add({ map: 0, op: 0xcc, m: "int3", h: "int3", jump: true });
add({ map: 0, op: 0xcd, m: "int Ib", h: "intN", imm: Imm.Ib, jump: true });
add({ map: 0, op: 0xce, m: "into", h: "into", jump: true });
add({ map: 0, op: 0xcf, m: "iret", h: "iret", v: true, jump: true });

add({ map: 0, op: 0xd4, m: "aam Ib", h: "aam", imm: Imm.Ib, undef: "OF AF CF" });
add({ map: 0, op: 0xd5, m: "aad Ib", h: "aad", imm: Imm.Ib, undef: "OF AF CF" });
add({ map: 0, op: 0xd6, m: "salc", h: "salc" });
add({ map: 0, op: 0xd7, m: "xlat", h: "xlat" });

add({ map: 0, op: 0xe0, m: "loopne Jb", h: "loop", v: true, args: [1], imm: Imm.Jb, jump: "cond" });
add({ map: 0, op: 0xe1, m: "loope Jb", h: "loop", v: true, args: [2], imm: Imm.Jb, jump: "cond" });
add({ map: 0, op: 0xe2, m: "loop Jb", h: "loop", v: true, args: [0], imm: Imm.Jb, jump: "cond" });
add({ map: 0, op: 0xe3, m: "jecxz Jb", h: "jcxz", v: true, imm: Imm.Jb, jump: "cond" });
add({ map: 0, op: 0xe4, m: "in AL,Ib", h: "inImm", b: true, imm: Imm.Ib });
add({ map: 0, op: 0xe5, m: "in eAX,Ib", h: "inImm", v: true, imm: Imm.Ib });
add({ map: 0, op: 0xe6, m: "out Ib,AL", h: "outImm", b: true, imm: Imm.Ib });
add({ map: 0, op: 0xe7, m: "out Ib,eAX", h: "outImm", v: true, imm: Imm.Ib });
add({ map: 0, op: 0xe8, m: "call Jz", h: "callRel", v: true, imm: Imm.Jz, jump: true });
add({ map: 0, op: 0xe9, m: "jmp Jz", h: "jmpRel", v: true, imm: Imm.Jz, jump: true });
add({ map: 0, op: 0xea, m: "jmp Ap", h: "jmpFar", v: true, imm: Imm.Ap, jump: true });
add({ map: 0, op: 0xeb, m: "jmp Jb", h: "jmpRel", v: true, imm: Imm.Jb, jump: true });
add({ map: 0, op: 0xec, m: "in AL,DX", h: "inDx", b: true });
add({ map: 0, op: 0xed, m: "in eAX,DX", h: "inDx", v: true });
add({ map: 0, op: 0xee, m: "out DX,AL", h: "outDx", b: true });
add({ map: 0, op: 0xef, m: "out DX,eAX", h: "outDx", v: true });

add({ map: 0, op: 0xf1, m: "int1", h: "int1", jump: true });
add({ map: 0, op: 0xf4, m: "hlt", h: "hlt", jump: true });
add({ map: 0, op: 0xf5, m: "cmc", h: "cmc" });
add({ map: 0, op: 0xf8, m: "clc", h: "clc" });
add({ map: 0, op: 0xf9, m: "stc", h: "stc" });
add({ map: 0, op: 0xfa, m: "cli", h: "cli" });
add({ map: 0, op: 0xfb, m: "sti", h: "sti", jump: true });
add({ map: 0, op: 0xfc, m: "cld", h: "cld" });
add({ map: 0, op: 0xfd, m: "std", h: "std" });

// Group 3.
add({ map: 0, op: 0xf6, reg: 0, m: "test Eb,Ib", h: "testEI", b: true, modrm: true, imm: Imm.Ib, undef: "AF" });
add({ map: 0, op: 0xf6, reg: 1, m: "test Eb,Ib", h: "testEI", b: true, modrm: true, imm: Imm.Ib, undef: "AF" });
add({ map: 0, op: 0xf7, reg: 0, m: "test Ev,Iz", h: "testEI", v: true, modrm: true, imm: Imm.Iz, undef: "AF" });
add({ map: 0, op: 0xf7, reg: 1, m: "test Ev,Iz", h: "testEI", v: true, modrm: true, imm: Imm.Iz, undef: "AF" });
for (const [op, w] of [[0xf6, "b"], [0xf7, "v"]] as const) {
  const sz = w === "b" ? { b: true } : { v: true };
  const E = w === "b" ? "Eb" : "Ev";
  add({ map: 0, op, reg: 2, m: `not ${E}`, h: "notE", ...sz, modrm: true, lock: true });
  add({ map: 0, op, reg: 3, m: `neg ${E}`, h: "negE", ...sz, modrm: true, lock: true });
  add({ map: 0, op, reg: 4, m: `mul ${E}`, h: "mulE", ...sz, modrm: true, undef: "SF ZF AF PF" });
  add({ map: 0, op, reg: 5, m: `imul ${E}`, h: "imulE", ...sz, modrm: true, undef: "SF ZF AF PF" });
  add({ map: 0, op, reg: 6, m: `div ${E}`, h: "divE", ...sz, modrm: true, undef: "CF OF SF ZF AF PF" });
  add({ map: 0, op, reg: 7, m: `idiv ${E}`, h: "idivE", ...sz, modrm: true, undef: "CF OF SF ZF AF PF" });
}

// Groups 4 and 5.
add({ map: 0, op: 0xfe, reg: 0, m: "inc Eb", h: "incE", b: true, modrm: true, lock: true });
add({ map: 0, op: 0xfe, reg: 1, m: "dec Eb", h: "decE", b: true, modrm: true, lock: true });
add({ map: 0, op: 0xff, reg: 0, m: "inc Ev", h: "incE", v: true, modrm: true, lock: true });
add({ map: 0, op: 0xff, reg: 1, m: "dec Ev", h: "decE", v: true, modrm: true, lock: true });
add({ map: 0, op: 0xff, reg: 2, m: "call Ev", h: "callE", v: true, modrm: true, jump: true });
add({ map: 0, op: 0xff, reg: 3, m: "call Mp", h: "callFarE", v: true, modrm: true, mod: "mem", jump: true });
add({ map: 0, op: 0xff, reg: 4, m: "jmp Ev", h: "jmpE", v: true, modrm: true, jump: true });
add({ map: 0, op: 0xff, reg: 5, m: "jmp Mp", h: "jmpFarE", v: true, modrm: true, mod: "mem", jump: true });
add({ map: 0, op: 0xff, reg: 6, m: "push Ev", h: "pushE", v: true, modrm: true });

// ── 0F map ────────────────────────────────────────────────────────────────────────────

// Group 6 and 7: descriptor-table instructions.
add({ map: 1, op: 0x00, reg: 0, m: "sldt Ew", h: "sldt", modrm: true });
add({ map: 1, op: 0x00, reg: 1, m: "str Ew", h: "strTr", modrm: true });
add({ map: 1, op: 0x00, reg: 2, m: "lldt Ew", h: "privGP", modrm: true });
add({ map: 1, op: 0x00, reg: 3, m: "ltr Ew", h: "privGP", modrm: true });
add({ map: 1, op: 0x00, reg: 4, m: "verr Ew", h: "verrw", args: [0], modrm: true });
add({ map: 1, op: 0x00, reg: 5, m: "verw Ew", h: "verrw", args: [1], modrm: true });
add({ map: 1, op: 0x01, reg: 0, mod: "mem", m: "sgdt Ms", h: "sgdt", args: [0], modrm: true });
add({ map: 1, op: 0x01, reg: 1, mod: "mem", m: "sidt Ms", h: "sgdt", args: [1], modrm: true });
add({ map: 1, op: 0x01, reg: 2, mod: "mem", m: "lgdt Ms", h: "privGP", modrm: true });
add({ map: 1, op: 0x01, reg: 3, mod: "mem", m: "lidt Ms", h: "privGP", modrm: true });
add({ map: 1, op: 0x01, reg: 4, m: "smsw Ew", h: "smsw", modrm: true });
add({ map: 1, op: 0x01, reg: 6, m: "lmsw Ew", h: "privGP", modrm: true });
add({ map: 1, op: 0x01, reg: 7, mod: "mem", m: "invlpg M", h: "privGP", modrm: true });
add({ map: 1, op: 0x02, m: "lar Gv,Ew", h: "larLsl", v: true, args: [0], modrm: true });
add({ map: 1, op: 0x03, m: "lsl Gv,Ew", h: "larLsl", v: true, args: [1], modrm: true });
add({ map: 1, op: 0x06, m: "clts", h: "clts" });
add({ map: 1, op: 0x08, m: "invd", h: "privGP" });
add({ map: 1, op: 0x09, m: "wbinvd", h: "wbinvd" });
add({ map: 1, op: 0x0b, m: "ud2", h: "ud2", jump: true });
add({ map: 1, op: 0x0d, mod: "mem", m: "prefetch Eb", h: "nopE", modrm: true });
for (let op = 0x18; op <= 0x1f; op++) add({ map: 1, op, m: "nop/hint Ev", h: "nopE", modrm: true });
add({ map: 1, op: 0x20, m: "mov Rd,Cd", h: "movRC", modrm: true, regOnly: true });
add({ map: 1, op: 0x21, m: "mov Rd,Dd", h: "movRD", modrm: true, regOnly: true });
add({ map: 1, op: 0x22, m: "mov Cd,Rd", h: "movCR", modrm: true, regOnly: true, jump: true });
add({ map: 1, op: 0x23, m: "mov Dd,Rd", h: "movDR", modrm: true, regOnly: true });
add({ map: 1, op: 0x30, m: "wrmsr", h: "wrmsr" });
add({ map: 1, op: 0x31, m: "rdtsc", h: "rdtsc" });
add({ map: 1, op: 0x32, m: "rdmsr", h: "rdmsr" });
add({ map: 1, op: 0x33, m: "rdpmc", h: "privGP" });
add({ map: 1, op: 0x34, m: "sysenter", h: "sysenter", jump: true });
add({ map: 1, op: 0x35, m: "sysexit", h: "privGP", jump: true });

add({ map: 1, op: 0xa0, m: "push FS", h: "pushSreg", v: true, args: [4] });
add({ map: 1, op: 0xa1, m: "pop FS", h: "popSreg", v: true, args: [4] });
add({ map: 1, op: 0xa2, m: "cpuid", h: "cpuid" });
add({ map: 1, op: 0xa3, m: "bt Ev,Gv", h: "btEG", v: true, args: ["BT_BT"], modrm: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xa4, m: "shld Ev,Gv,Ib", h: "shld", v: true, modrm: true, imm: Imm.Ib, undef: "shiftd" });
add({ map: 1, op: 0xa5, m: "shld Ev,Gv,CL", h: "shld", v: true, modrm: true, undef: "shiftd" });
add({ map: 1, op: 0xa8, m: "push GS", h: "pushSreg", v: true, args: [5] });
add({ map: 1, op: 0xa9, m: "pop GS", h: "popSreg", v: true, args: [5] });
add({ map: 1, op: 0xab, m: "bts Ev,Gv", h: "btEG", v: true, args: ["BT_BTS"], modrm: true, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xac, m: "shrd Ev,Gv,Ib", h: "shrd", v: true, modrm: true, imm: Imm.Ib, undef: "shiftd" });
add({ map: 1, op: 0xad, m: "shrd Ev,Gv,CL", h: "shrd", v: true, modrm: true, undef: "shiftd" });
add({ map: 1, op: 0xae, reg: 5, mod: "reg", m: "lfence", h: "fence" });
add({ map: 1, op: 0xae, reg: 6, mod: "reg", m: "mfence", h: "fence" });
add({ map: 1, op: 0xae, reg: 7, mod: "reg", m: "sfence", h: "fence" });
add({ map: 1, op: 0xae, reg: 7, mod: "mem", m: "clflush Mb", h: "clflush", modrm: true });
add({ map: 1, op: 0xaf, m: "imul Gv,Ev", h: "imulGE", v: true, modrm: true, undef: "SF ZF AF PF" });
add({ map: 1, op: 0xb0, m: "cmpxchg Eb,Gb", h: "cmpxchg", b: true, modrm: true, lock: true });
add({ map: 1, op: 0xb1, m: "cmpxchg Ev,Gv", h: "cmpxchg", v: true, modrm: true, lock: true });
add({ map: 1, op: 0xb2, m: "lss Gv,Mp", h: "loadFarPtr", v: true, args: [2], modrm: true, mod: "mem" });
add({ map: 1, op: 0xb3, m: "btr Ev,Gv", h: "btEG", v: true, args: ["BT_BTR"], modrm: true, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xb4, m: "lfs Gv,Mp", h: "loadFarPtr", v: true, args: [4], modrm: true, mod: "mem" });
add({ map: 1, op: 0xb5, m: "lgs Gv,Mp", h: "loadFarPtr", v: true, args: [5], modrm: true, mod: "mem" });
add({ map: 1, op: 0xb6, m: "movzx Gv,Eb", h: "movzx", v: true, args: [8], modrm: true });
add({ map: 1, op: 0xb7, m: "movzx Gv,Ew", h: "movzx", v: true, args: [16], modrm: true });
add({ map: 1, op: 0xb9, m: "ud1 Gv,Ev", h: "ud2", modrm: true, jump: true });
add({ map: 1, op: 0xba, reg: 4, m: "bt Ev,Ib", h: "btEI", v: true, args: ["BT_BT"], modrm: true, imm: Imm.Ib, undef: "OF SF AF PF" });
add({ map: 1, op: 0xba, reg: 5, m: "bts Ev,Ib", h: "btEI", v: true, args: ["BT_BTS"], modrm: true, imm: Imm.Ib, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xba, reg: 6, m: "btr Ev,Ib", h: "btEI", v: true, args: ["BT_BTR"], modrm: true, imm: Imm.Ib, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xba, reg: 7, m: "btc Ev,Ib", h: "btEI", v: true, args: ["BT_BTC"], modrm: true, imm: Imm.Ib, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xbb, m: "btc Ev,Gv", h: "btEG", v: true, args: ["BT_BTC"], modrm: true, lock: true, undef: "OF SF AF PF" });
add({ map: 1, op: 0xbc, m: "bsf Gv,Ev", h: "bsf", v: true, modrm: true, undef: "CF OF SF AF PF" });
add({ map: 1, op: 0xbd, m: "bsr Gv,Ev", h: "bsr", v: true, modrm: true, undef: "CF OF SF AF PF" });
add({ map: 1, op: 0xbe, m: "movsx Gv,Eb", h: "movsx", v: true, args: [8], modrm: true });
add({ map: 1, op: 0xbf, m: "movsx Gv,Ew", h: "movsx", v: true, args: [16], modrm: true });
add({ map: 1, op: 0xc0, m: "xadd Eb,Gb", h: "xadd", b: true, modrm: true, lock: true });
add({ map: 1, op: 0xc1, m: "xadd Ev,Gv", h: "xadd", v: true, modrm: true, lock: true });
add({ map: 1, op: 0xc7, reg: 1, mod: "mem", m: "cmpxchg8b Mq", h: "cmpxchg8b", modrm: true, lock: true });
for (let r = 0; r < 8; r++) {
  add({ map: 1, op: 0xc8 + r, m: `bswap ${R32[r]}`, h: "bswap", v: true, args: [r] });
}

export const BASE_OPS: readonly OpDef[] = T;
