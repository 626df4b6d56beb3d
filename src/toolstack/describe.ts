// One-line explanations of how a domain ended, for the CLI and the browser demo.

import type { DomainInfo } from "../core/core.js";

export const SHUTDOWN_NAMES = ["poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset"];
export const SHUTDOWN_poweroff = 0;
export const SHUTDOWN_reboot = 1;
export const SHUTDOWN_crash = 3;

const EXCEPTIONS: Record<number, string> = {
  0: "#DE divide error", 1: "#DB debug", 2: "NMI", 3: "#BP breakpoint", 4: "#OF overflow", 5: "#BR bound range",
  6: "#UD invalid opcode", 7: "#NM device not available", 8: "#DF double fault", 10: "#TS invalid TSS",
  11: "#NP segment not present", 12: "#SS stack fault", 13: "#GP general protection", 14: "#PF page fault",
  16: "#MF x87 error", 17: "#AC alignment check", 18: "#MC machine check", 19: "#XM SIMD exception",
};

// Crash reasons recorded by the core (assembly/arch/crash.ts CRASH_*).
const CRASH_REASONS: Record<number, string> = {
  1: "no handler registered",
  2: "fault while delivering an exception to the guest",
  3: "bad HYPERVISOR_iret frame",
  4: "unusable segment selectors",
};

export const hex = (n: number, w = 8): string => "0x" + (n >>> 0).toString(16).padStart(w, "0");
export const bytesHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");

export function shutdownName(reason: number): string {
  return SHUTDOWN_NAMES[reason] ?? `reason ${reason}`;
}

/** Why a domain that shut down with SHUTDOWN_crash crashed. */
export function describeCrash(info: DomainInfo): string {
  const c = info.crash;
  const ud = info.lastInvalidOpcode;
  if (c) {
    if (c.reason === 1 && c.vector >= 0) {
      const exc = EXCEPTIONS[c.vector] ?? `vector ${c.vector}`;
      let s = `unhandled ${exc} (vector ${c.vector}) at EIP ${hex(c.eip)}`;
      if (c.vector === 6 && ud?.unimplemented && ud.eip === c.eip) s += ", an instruction pvwasm does not implement";
      return `${s}; bytes ${bytesHex(c.bytes)}`;
    }
    return `${CRASH_REASONS[c.reason] ?? `reason ${c.reason}`} at EIP ${hex(c.eip)}; bytes ${bytesHex(c.bytes)}`;
  }
  if (ud?.unimplemented) {
    return `the guest crashed itself after #UD at EIP ${hex(ud.eip)}, an instruction pvwasm does not implement; bytes ${bytesHex(ud.bytes)}`;
  }
  return "the guest asked to crash (SCHEDOP_shutdown with SHUTDOWN_crash)";
}
