// The one x86 instruction table.
//
// Every opcode the core implements is one row here; the build generates the core's
// decoder tables and its dispatch switch from it (src/gen/gen-cpu.ts), the
// differential CPU tests draw their cases from it, and the README's CPU section is
// checked against it. An opcode that is not in the table decodes to #UD.
//
// Operand notation follows the Intel SDM opcode map (Vol. 2D, Appendix A):
//   E = ModRM r/m operand, G = ModRM reg, S = ModRM reg as segment register,
//   I = immediate, J = relative branch, O = moffs, A = far pointer,
//   b = byte, w = word, v = word/dword by operand size, z = word/dword immediate.
// Regular encodings are collapsed into families (the eight ALU ops, Jcc, SETcc,
// CMOVcc, the +r register forms), so a handler serves a whole family and takes the
// family member as a constant argument. The rows are split by functional unit, one
// file each.

import type { OpDef } from "./defs.js";
import { BASE_OPS } from "./base.js";
import { X87_OPS } from "./x87.js";
import { SSE_OPS } from "./sse.js";

export * from "./defs.js";

export const X86_TABLE: readonly OpDef[] = [...BASE_OPS, ...X87_OPS, ...SSE_OPS];
