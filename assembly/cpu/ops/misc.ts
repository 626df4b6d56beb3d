// Flag instructions, no-ops, and the undefined-opcode handler.

import { flags, setFlagsRaw, materialize, getCF, CF, DF, ARITH } from "../flags";
import { raiseUD } from "../fault";
import { readE, prefixes } from "../operand";
import { PFX_OPSIZE, PFX_REP, PFX_REPNE } from "../decode";
import { noteInvalidOpcode } from "../../arch/crash";

export function cmc(): void { materialize(CF); setFlagsRaw(flags ^ CF); }
export function clc(): void { materialize(CF); setFlagsRaw(flags & ~CF); }
export function stc(): void { materialize(CF); setFlagsRaw(flags | CF); }
export function cld(): void { setFlagsRaw(flags & ~DF); }
export function std(): void { setFlagsRaw(flags | DF); }

export function nop(): void {}

/** LFENCE/MFENCE/SFENCE: an operand-size or REP prefix makes them #UD. */
export function fence(): void {
  if (prefixes() & (PFX_OPSIZE | PFX_REP | PFX_REPNE)) raiseUD();
}
export function pause(): void {}
/** Multi-byte NOP / prefetch hints: the operand is decoded but not accessed. */
export function nopE(): void {}
export function clflush(): void { readE(8); }

/** An opcode the table does not define (or a form it forbids): #UD. */
export function opUndefined(): void {
  noteInvalidOpcode(true);
  raiseUD();
}
