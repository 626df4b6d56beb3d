// Types of the x86 instruction table (see ./index.ts).

/** Kinds of immediate/displacement bytes that follow the ModRM/SIB/disp bytes. */
export enum Imm {
  None = 0,
  Ib = 1,    // 8-bit, zero-extended
  Ibs = 2,   // 8-bit, sign-extended
  Iw = 3,    // 16-bit
  Iz = 4,    // 16 or 32 bits by operand size
  Jb = 5,    // rel8, sign-extended
  Jz = 6,    // rel16/rel32 by operand size
  Ov = 7,    // moffs: 16 or 32 bits by address size
  Ap = 8,    // far pointer: offset (16/32 by operand size) then selector (16)
  IwIb = 9,  // enter: 16-bit then 8-bit
}

export type Prefix = "none" | "66" | "F3" | "F2";

export interface OpDef {
  /** 0 = one-byte map, 1 = 0F map. */
  map: 0 | 1;
  op: number;
  /** ModRM.reg for group opcodes (/digit). */
  reg?: number;
  /** Restrict to register (mod = 3) or memory forms. */
  mod?: "reg" | "mem";
  /** ModRM.rm for mod = 3 forms that name a specific instruction. */
  rm?: number;
  /** Mandatory prefix (SSE encodings). */
  pfx?: Prefix;
  /** Mnemonic with SDM operand notation, e.g. "add Ev,Gv". */
  m: string;
  /** Handler function in assembly/cpu/ops/. */
  h: string;
  /** Constant arguments passed after the operand size. */
  args?: (string | number)[];
  /** true: has 16- and 32-bit forms (the handler's first argument is 16 or 32). */
  v?: boolean;
  /** Byte-sized form: the handler's first argument is 8. */
  b?: boolean;
  modrm?: boolean;
  /** ModRM always names a register: mod is ignored (MOV to/from CR and DR). */
  regOnly?: boolean;
  imm?: Imm;
  /** May carry a LOCK prefix (with a memory destination). */
  lock?: boolean;
  /**
   * Changes EIP other than by falling through, or CPU mode: true ends a decoded
   * block there. "cond" (conditional branches) lets the block carry on past it: the
   * handler leaves the block (SIG_JUMP) only when the branch is taken.
   */
  jump?: boolean | "cond";
  /**
   * Arithmetic flags the SDM leaves undefined after this instruction, which the
   * differential CPU tests (test/cpu-diff/) therefore do not compare: flag names
   * ("SF ZF AF PF"), or a count-dependent rule from SDM Vol. 2 —
   *   "shift"  SHL/SHR/SAL/SAR: count 0 none; else AF, OF when count > 1, and CF when
   *            a SHL/SHR count is at least the operand size
   *   "rotate" ROL/ROR/RCL/RCR: count 0 none; OF when count > 1
   *   "shiftd" SHLD/SHRD: count 0 none; else AF, OF when count > 1, all six when the
   *            count exceeds the operand size
   * (the count is the 5-bit masked one).
   */
  undef?: UndefFlags;
  /**
   * Part of the result is implementation-specific or approximated, so differential
   * tests must not compare it bit for bit: says which part and why.
   */
  approx?: string;
}

export type UndefFlags = string;

