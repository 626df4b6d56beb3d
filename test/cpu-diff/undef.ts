// Which EFLAGS bits a case compares: the architecturally defined ones, minus the
// flags its instruction leaves undefined (the `undef` metadata of its table row,
// src/gen/x86/defs.ts), evaluated for the case's count and operand size.

import type { OpDef } from "../../src/gen/x86/index.js";
import type { Case } from "./layout.js";

export const FLAG_BITS: Record<string, number> = { CF: 0x1, PF: 0x4, AF: 0x10, ZF: 0x40, SF: 0x80, OF: 0x800 };
const ALL6 = 0x8d5;

/**
 * Bits compared in every result: CF PF AF ZF SF IF DF OF, IOPL, NT, AC, ID. Not TF
 * (never set), RF (the CPU sets it in the image of a fault) or VM/VIF/VIP.
 */
export const EFLAGS_COMPARED = 0x247ed5;

/** The flags row `d` leaves undefined for case `c` (a mask of EFLAGS bits). */
export function undefinedFlags(d: OpDef, c: Pick<Case, "count" | "opsize">): number {
  const u = d.undef;
  if (!u) return 0;
  const count = c.count ?? 0, size = c.opsize ?? 32;
  switch (u) {
    case "shift": {
      if (count === 0) return 0;
      let m = FLAG_BITS.AF | (count > 1 ? FLAG_BITS.OF : 0);
      const shlShr = ["SH_SHL", "SH_SAL", "SH_SHR"].includes(String(d.args?.[0]));
      if (shlShr && count >= size) m |= FLAG_BITS.CF;
      return m;
    }
    case "rotate":
      return count > 1 ? FLAG_BITS.OF : 0;
    case "shiftd":
      if (count === 0) return 0;
      if (count > size) return ALL6;
      return FLAG_BITS.AF | (count > 1 ? FLAG_BITS.OF : 0);
    default: {
      let m = 0;
      for (const name of u.split(/\s+/)) {
        const bit = FLAG_BITS[name];
        if (bit === undefined) throw new Error(`${d.m}: unknown flag '${name}' in undef`);
        m |= bit;
      }
      return m;
    }
  }
}
