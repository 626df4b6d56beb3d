// Reloading a vcpu's data segments when it is switched in, and the failsafe callback
// when that fails (Xen's load_segments in xen/arch/x86/domain.c; fact sheet §5.8).
//
// A saved selector can become unusable while its vcpu is not running (its
// descriptor changed). Xen then loads null selectors and enters the guest's
// failsafe callback with the selectors it could not load on the kernel stack:
//   DS, ES, FS, GS, EIP, CS | mask << 16, EFLAGS [, ESP, SS]   (lowest address first)
// A domain with no failsafe callback is crashed.

import { segSel, DS, ES, FS, GS } from "../cpu/state";
import { loadDataSeg, setSegCache } from "../cpu/segments";
import { clearPending, faulted } from "../cpu/fault";
import { pushAt, stack32 } from "../cpu/ops/stack";
import { reg32, setReg32, ESP } from "../cpu/state";
import { curVcpu } from "../domain/current";
import { V_failsafe_cs, V_failsafe_eip, V_failsafe_flags } from "../domain/layout";
import { bounce } from "./traps";
import { domainCrashCurrent, CRASH_BAD_STATE, CRASH_BOUNCE_FAULT } from "./crash";

/** Reloads DS/ES/FS/GS of the vcpu just loaded; on failure enters its failsafe callback. */
export function loadSegments(): void {
  let ds = segSel(DS), es = segSel(ES), fs = segSel(FS), gs = segSel(GS);
  let ok = true;
  if (!loadDataSeg(DS, ds)) { clearPending(); ok = false; }
  if (!loadDataSeg(ES, es)) { clearPending(); ok = false; }
  if (!loadDataSeg(FS, fs)) { clearPending(); ok = false; }
  if (!loadDataSeg(GS, gs)) { clearPending(); ok = false; }
  if (ok) return;
  let cs = load<u32>(curVcpu + V_failsafe_cs);
  if ((cs & 0xfffc) == 0) { domainCrashCurrent(CRASH_BAD_STATE); return; }
  setSegCache(DS, 0, 0, 0, 0);
  setSegCache(ES, 0, 0, 0, 0);
  setSegCache(FS, 0, 0, 0, 0);
  setSegCache(GS, 0, 0, 0, 0);
  // The bounce frame with GS in the error-code slot, then FS, ES and DS below it.
  if (!bounce(cs, load<u32>(curVcpu + V_failsafe_eip), true, gs, load<u32>(curVcpu + V_failsafe_flags) != 0)) return;
  let sp = stack32() ? reg32(ESP) : reg32(ESP) & 0xffff;
  sp = pushAt(32, sp, fs);
  sp = pushAt(32, sp, es);
  sp = pushAt(32, sp, ds);
  if (faulted()) { clearPending(); domainCrashCurrent(CRASH_BOUNCE_FAULT); return; }
  if (stack32()) setReg32(ESP, sp); else setReg32(ESP, (reg32(ESP) & 0xffff0000) | (sp & 0xffff));
}
