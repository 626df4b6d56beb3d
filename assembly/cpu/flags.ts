// EFLAGS with lazily computed arithmetic flags.
//
// Most instructions set flags that nothing reads. So an ALU instruction records its
// operands, result and kind (lfDst, lfSrc, lfRes, lfOp, lfSign) and marks which
// arithmetic flags are to be derived from them (lazyMask); a flag is computed only
// when read. Flags outside lazyMask are taken from `flags`. Results and operands are
// stored already truncated to the operation's size; lfSign is that size's sign bit.

export const CF: u32 = 0x0001;
export const PF: u32 = 0x0004;
export const AF: u32 = 0x0010;
export const ZF: u32 = 0x0040;
export const SF: u32 = 0x0080;
export const TF: u32 = 0x0100;
export const IF: u32 = 0x0200;
export const DF: u32 = 0x0400;
export const OF: u32 = 0x0800;
export const IOPL_MASK: u32 = 0x3000;
export const NT: u32 = 0x4000;
export const RF: u32 = 0x10000;
export const VM: u32 = 0x20000;
export const AC: u32 = 0x40000;
export const VIF: u32 = 0x80000;
export const VIP: u32 = 0x100000;
export const ID: u32 = 0x200000;
/** Bit 1 always reads as 1. */
export const FLAGS_FIXED: u32 = 0x0002;
export const ARITH: u32 = CF | PF | AF | ZF | SF | OF;
export const RESULT_FLAGS: u32 = PF | ZF | SF;

// Lazy operation kinds.
export const LF_ADD: u32 = 0;
export const LF_ADC: u32 = 1;   // add with carry-in 1
export const LF_SUB: u32 = 2;
export const LF_SBB: u32 = 3;   // subtract with borrow-in 1
export const LF_LOGIC: u32 = 4;

export let flags: u32 = FLAGS_FIXED | IF;
export let lazyMask: u32 = 0;
export let lfOp: u32 = LF_LOGIC;
export let lfSign: u32 = 0x80000000;
export let lfRes: u32 = 0;
export let lfDst: u32 = 0;
export let lfSrc: u32 = 0;

// @ts-ignore: decorator
@inline export function signOf(sz: u32): u32 { return <u32>1 << (sz - 1); }
// @ts-ignore: decorator
@inline export function maskOf(sz: u32): u32 { return sz == 32 ? 0xffffffff : (<u32>1 << sz) - 1; }

/** Records an arithmetic result whose six flags are all derived lazily. */
// @ts-ignore: decorator
@inline export function setLazy(op: u32, sz: u32, dst: u32, src: u32, res: u32): void {
  lfOp = op; lfSign = signOf(sz); lfDst = dst; lfSrc = src; lfRes = res; lazyMask = ARITH;
}

/** Logic result: CF = OF = AF = 0, PF/ZF/SF from the result. */
// @ts-ignore: decorator
@inline export function setLogic(sz: u32, res: u32): void {
  flags &= ~(CF | OF | AF);
  lfOp = LF_LOGIC; lfSign = signOf(sz); lfRes = res; lazyMask = RESULT_FLAGS;
}

/** Result-derived PF/ZF/SF; the other arithmetic flags are set by the caller. */
// @ts-ignore: decorator
@inline export function setResultFlags(sz: u32, res: u32): void {
  lfOp = LF_LOGIC; lfSign = signOf(sz); lfRes = res; lazyMask = RESULT_FLAGS;
}

function parity(v: u32): u32 {
  // PF is set when the low byte has an even number of 1 bits.
  return (<u32>(0x9669 >> ((v ^ (v >> 4)) & 0xf))) & 1;
}

export function getCF(): u32 {
  if (!(lazyMask & CF)) return flags & CF;
  switch (lfOp) {
    case LF_ADD: return <u32>(lfRes < lfDst);
    case LF_ADC: return <u32>(lfRes <= lfDst);
    case LF_SUB: return <u32>(lfDst < lfSrc);
    case LF_SBB: return <u32>(lfDst <= lfSrc);
    default: return 0;
  }
}

export function getOF(): u32 {
  if (!(lazyMask & OF)) return (flags & OF) ? 1 : 0;
  switch (lfOp) {
    case LF_ADD: case LF_ADC: return ((lfDst ^ lfRes) & (lfSrc ^ lfRes) & lfSign) ? 1 : 0;
    case LF_SUB: case LF_SBB: return ((lfDst ^ lfSrc) & (lfDst ^ lfRes) & lfSign) ? 1 : 0;
    default: return 0;
  }
}

// @ts-ignore: decorator
@inline export function getZF(): u32 {
  if (lazyMask & ZF) return <u32>(lfRes == 0);
  return (flags & ZF) ? 1 : 0;
}

// @ts-ignore: decorator
@inline export function getSF(): u32 {
  if (lazyMask & SF) return (lfRes & lfSign) ? 1 : 0;
  return (flags & SF) ? 1 : 0;
}

export function getPF(): u32 {
  if (lazyMask & PF) return parity(lfRes & 0xff);
  return (flags & PF) ? 1 : 0;
}

export function getAF(): u32 {
  if (!(lazyMask & AF)) return (flags & AF) ? 1 : 0;
  if (lfOp == LF_LOGIC) return 0;
  return ((lfDst ^ lfSrc ^ lfRes) & 0x10) ? 1 : 0;
}

/** All of EFLAGS with the lazy flags materialised. */
export function getFlags(): u32 {
  if (lazyMask == 0) return flags;
  let f = flags & ~lazyMask;
  if (lazyMask & CF) f |= getCF() ? CF : 0;
  if (lazyMask & PF) f |= getPF() ? PF : 0;
  if (lazyMask & AF) f |= getAF() ? AF : 0;
  if (lazyMask & ZF) f |= getZF() ? ZF : 0;
  if (lazyMask & SF) f |= getSF() ? SF : 0;
  if (lazyMask & OF) f |= getOF() ? OF : 0;
  return f;
}

/** Replaces EFLAGS (all bits given; nothing lazy afterwards). */
export function setFlags(f: u32): void {
  flags = (f & ~0x8028) | FLAGS_FIXED; // bits 3, 5 and 15 read as 0, bit 1 as 1
  lazyMask = 0;
}

/** Makes the listed arithmetic flags concrete so they can be set individually. */
export function materialize(mask: u32): void {
  if ((lazyMask & mask) == 0) return;
  let f = getFlags();
  flags = f;
  lazyMask = 0;
}

/** Sets or clears one concrete flag (materialising lazy flags first). */
export function setFlag(bit: u32, on: bool): void {
  materialize(bit);
  if (on) flags |= bit; else flags &= ~bit;
}

export function setFlagsRaw(f: u32): void { flags = f; }

// ── condition codes (the low nibble of Jcc/SETcc/CMOVcc) ─────────────────────────────
export const CC_O: u32 = 0;
export const CC_NO: u32 = 1;
export const CC_B: u32 = 2;
export const CC_AE: u32 = 3;
export const CC_E: u32 = 4;
export const CC_NE: u32 = 5;
export const CC_BE: u32 = 6;
export const CC_A: u32 = 7;
export const CC_S: u32 = 8;
export const CC_NS: u32 = 9;
export const CC_P: u32 = 10;
export const CC_NP: u32 = 11;
export const CC_L: u32 = 12;
export const CC_GE: u32 = 13;
export const CC_LE: u32 = 14;
export const CC_G: u32 = 15;

/** Evaluates condition `cc` (SDM Vol. 1 Appendix B). */
// @ts-ignore: decorator
@inline export function testCC(cc: u32): bool {
  let r: bool;
  switch (cc >> 1) {
    case 0: r = getOF() != 0; break;
    case 1: r = getCF() != 0; break;
    case 2: r = getZF() != 0; break;
    case 3: r = (getCF() | getZF()) != 0; break;
    case 4: r = getSF() != 0; break;
    case 5: r = getPF() != 0; break;
    case 6: r = getSF() != getOF(); break;
    default: r = getZF() != 0 || getSF() != getOF(); break;
  }
  return (cc & 1) ? !r : r;
}

export function setLazyMask(m: u32): void { lazyMask = m; }
