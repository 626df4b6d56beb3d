// Known core bugs the differential tests found: mismatches matching an entry here are
// counted and reported by the CI slice instead of failing it. Each entry names the
// instruction, what goes wrong and a case that reproduces it (seed and index, as
// printed by the tests; `npm run test:cpu-full -- --seed S --first I --count 1
// --show-known 1` prints it in full).
// Remove an entry once the core is fixed. The list is empty: every mismatch found so
// far has been fixed, so any mismatch now fails the tests.

import { X86_TABLE } from "../../src/gen/x86/index.js";
import type { Case, Result } from "./layout.js";

export interface KnownFailure {
  id: string;
  what: string;
  example: string;
  matches(c: Case, native: Result, core: Result, diffs: string[]): boolean;
}

export const KNOWN_FAILURES: KnownFailure[] = [];

export function knownFailure(c: Case, native: Result, core: Result, diffs: string[]): KnownFailure | undefined {
  return KNOWN_FAILURES.find((k) => k.matches(c, native, core, diffs));
}

/** The table row's mnemonic, for the predicates. */
export const mnemonic = (c: Case): string => X86_TABLE[c.row].m;
