// Rows of the x86 table that get no differential cases, each with the reason it
// cannot run the same natively (a 32-bit Linux process at CPL 3) and in the core (a
// PV guest at CPL 3). The test asserts that every other row has cases.
//
// Privileged instructions that simply fault at CPL 3 (hlt, cli, in/out, mov to CR,
// lgdt ...) are NOT skipped: both places must raise the same #GP.

import type { OpDef } from "../../src/gen/x86/index.js";

/** Handler name → why rows with it are skipped. */
const SKIP_HANDLERS: Record<string, string> = {
  cpuid: "results are the host's CPU identity vs. Xen's CPUID policy",
  rdtsc: "reads a clock",
  sysenter: "is Linux's system-call entry natively",
  intN: "int $0x80 is a Linux system call; other vectors go through the kernel's IDT, not a guest trap table",
  iret: "far transfer: loads CS/SS from the stack (selectors differ between Linux and Xen)",
  callFar: "far transfer to a selector (Linux's and Xen's flat selectors differ)",
  jmpFar: "far transfer to a selector (Linux's and Xen's flat selectors differ)",
  callFarE: "far transfer to a selector (Linux's and Xen's flat selectors differ)",
  jmpFarE: "far transfer to a selector (Linux's and Xen's flat selectors differ)",
  retFar: "far transfer to a selector (Linux's and Xen's flat selectors differ)",
  popSreg: "segment load: valid selectors differ between Linux's GDT and Xen's",
  movSE: "segment load: valid selectors differ between Linux's GDT and Xen's",
  loadFarPtr: "segment load: valid selectors differ between Linux's GDT and Xen's",
  int1: "hosts under a hypervisor report the #DB of ICEBP inconsistently (this one at the instruction, not after it)",
  sldt: "Linux emulates it under UMIP with made-up values",
  strTr: "Linux emulates it under UMIP with made-up values",
  sgdt: "Linux emulates it under UMIP with made-up values",
  smsw: "Linux emulates it under UMIP with made-up values",
  verrw: "depends on descriptor-table contents, which differ",
  larLsl: "depends on descriptor-table contents, which differ",
};

/** Mnemonic → why (for rows whose handler is shared with tested rows). */
const SKIP_MNEMONICS: Record<string, string> = {
  rdpmc: "allowed at CPL 3 or not depending on the host's perf settings (CR4.PCE)",
};

/** Why row `d` gets no cases, or undefined if it is tested. */
export function skipReason(d: OpDef): string | undefined {
  return SKIP_MNEMONICS[d.m] ?? SKIP_HANDLERS[d.h];
}
