// Known core bugs the differential tests found: mismatches matching an entry here are
// counted and reported by the CI slice instead of failing it. Each entry names the
// instruction, what goes wrong and a case that reproduces it (seed and index, as
// printed by the tests; `npm run test:cpu-full -- --seed S --first I --count 1
// --show-known 1` prints it in full).
// Remove an entry once the core is fixed.

import { X86_TABLE } from "../../src/gen/x86/index.js";
import type { Case, Result } from "./layout.js";

export interface KnownFailure {
  id: string;
  what: string;
  example: string;
  matches(c: Case, native: Result, core: Result, diffs: string[]): boolean;
}

/** The row's own instruction (after any flag-producing lead instruction). */
const ownCode = (c: Case): Uint8Array => c.code.subarray(c.leadLen ?? 0);

const hasPrefix = (c: Case, p: number): boolean => {
  for (const b of ownCode(c)) {
    if (b === p) return true;
    if (![0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(b)) return false;
  }
  return false;
};
const isExc = (r: Result, vec: number): boolean => r.kind === 1 && r.vector === vec;

export const KNOWN_FAILURES: KnownFailure[] = [
  {
    id: "cs-override-write",
    what: "a write through a CS segment override succeeds (or faults #PF) instead of raising #GP(0): code segments are never writable (SDM Vol. 3A §5.4.1)",
    example: "seed 1 index 203 (2e 80 62 8b 7e: and byte cs:[edx-0x75], 0x7e)",
    matches: (c, n, k) => hasPrefix(c, 0x2e) && isExc(n, 13) && n.err === 0 && !isExc(k, 13),
  },
  {
    id: "reserved-cr-ud",
    what: "mov to/from CR1, CR5, CR6 or CR7 at CPL 3 raises #GP(0); the CPU raises #UD for a reserved control register before the privilege check",
    example: "seed 1 index 380 (0f 20 ed: mov ebp, cr5)",
    matches: (c, n, k) => ["mov Rd,Cd", "mov Cd,Rd"].includes(mnemonic(c)) && isExc(n, 6) && isExc(k, 13),
  },
  {
    id: "prefetch-register-form",
    what: "0F 0D with a register operand (mod = 3) runs as a NOP; it is #UD (prefetch takes only a memory operand)",
    example: "seed 1 index 371 (66 0f 0d dc)",
    matches: (c, n, k) => mnemonic(c) === "prefetch Eb" && isExc(n, 6) && !isExc(k, 6),
  },
  {
    id: "rmw-count0-pf-read",
    what: "a shift/rotate/SHLD/SHRD of memory with a count of 0 reports a #PF as a read (error code without W); the CPU still makes the write access check",
    example: "seed 1 index 699 (c0 5a 6c 20: rcr byte [edx+0x6c], 0x20 — a count of 0 after masking — on an unmapped page)",
    matches: (c, n, k) => c.count === 0 && isExc(n, 14) && isExc(k, 14) && (n.err & 2) !== 0 && (k.err & 2) === 0 && n.cr2 === k.cr2,
  },
  {
    id: "flat-segment-wraparound",
    what: "an access whose bytes run past offset 0xffffffff of a flat segment raises #PF at the wrapped address; the CPU raises #SS(0) (stack) or #GP(0) (other segments) for the limit violation",
    example: "seed 1 index 4142 (c9: leave with ebp = 0xfffffffe)",
    matches: (c, n, k) => (isExc(n, 12) || isExc(n, 13)) && n.err === 0 && isExc(k, 14) && k.cr2 >= 0xfffffff0,
  },
  {
    id: "mov-cr-dr-modrm-length",
    what: "MOV to/from CRn/DRn with ModRM.mod != 3 is decoded with a SIB/displacement; the CPU ignores mod (the operand is always a register), so the core gets the instruction length wrong",
    example: "seed 1 index 16571 (0f 23 be ...: a 3-byte mov dr7, esi 6 bytes before the end of the code page; the core reads 4 displacement bytes from the next, unmapped page and faults #PF instead of #GP)",
    matches: (c, n, k) => ["mov Rd,Cd", "mov Cd,Rd", "mov Rd,Dd", "mov Dd,Rd"].includes(mnemonic(c)) && modrmMod(c) !== 3,
  },
  {
    id: "jcc-loop-opsize16",
    what: "Jcc, LOOP/LOOPE/LOOPNE and JECXZ with a 66 operand-size prefix jump to the full 32-bit target; the CPU truncates EIP to 16 bits (SDM Vol. 2A Jcc: 'IF OperandSize = 16 THEN EIP := EIP AND 0000FFFFH')",
    example: "seed 1 index 1441 (3b ed; 66 7a 9e: jp taken lands at 0xc00047a3 instead of 0x47a3)",
    matches: (c, n, k) => ["jcc", "loop", "jcxz"].includes(X86_TABLE[c.row].h) && hasPrefix(c, 0x66) && n.eip === (k.eip & 0xffff) && n.eip !== k.eip,
  },
];

/** ModRM.mod of a case's instruction (prefixes, then the 0F xx opcode of these rows). */
function modrmMod(c: Case): number {
  const code = ownCode(c);
  let i = 0;
  while ([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65].includes(code[i])) i++;
  return code[i + 2] >> 6;
}

export function knownFailure(c: Case, native: Result, core: Result, diffs: string[]): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.matches(c, native, core, diffs));
}

/** The table row's mnemonic, for the predicates. */
export const mnemonic = (c: Case): string => X86_TABLE[c.row].m;
