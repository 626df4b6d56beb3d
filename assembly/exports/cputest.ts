// Core exports: single instructions for the differential CPU tests (test/cpu-diff/).
// See assembly/index.ts.
//
// The host prepares a paused test domain whose pages at the test addresses are
// mapped for ring 3, calls cpuTestBegin once, then cpuTestStep per case, each time
// having written the code and data through foreign mappings and the case's state to
// the transfer buffer. A step runs exactly one instruction through the ordinary run
// loop (cpu/interp.ts) at CPL 3 with Xen's flat ring-3 segments; an exception it
// raises is captured (cpu/fault-capture.ts), never delivered to the guest.
//
// Transfer buffer:
//   in   +0 regs[8] (EAX..EDI)  +32 eip  +36 eflags  +40 flags (1: load the FXSAVE image;
//        2: load nothing, continue from the state the last step left)
//        +512 FXSAVE image (512 bytes)
//   out  +1024 kind (0 ran, 1 exception)  +1028 vector  +1032 error code  +1036 CR2
//        +1040 regs[8]  +1072 eip  +1076 eflags  +1080 1 if the exception was a
//        software interrupt (int3/into/int n: EIP is past the instruction)
//        +1536 FXSAVE image after the instruction

import { XFER_BASE, CPU_REGS } from "../layout";
import { fxsaveImage, fxrstorImage } from "../cpu/fpu/fpu-image";
import { domainLookupAddr } from "../domain/lookup";
import { D_max_vcpus, D_vcpu, D_pause_count } from "../domain/layout";
import { descheduleCurrent } from "../sched/schedule";
import { curDomain } from "../domain/current";
import { vcpuLoad } from "../domain/vcpu";
import { EINVAL, ESRCH, EBUSY } from "../public/errno";
import { FLAT_RING3_CS, FLAT_RING3_DS } from "../public/arch-x86";
import { setEip, eip, ES, CS, SS, DS, FS, GS } from "../cpu/state";
import { setFlags, getFlags, IF, FLAGS_FIXED } from "../cpu/flags";
import { readDescriptor, setSegFromDescriptor } from "../cpu/segments";
import { setCpl } from "../arch/privilege";
import { cpuRun } from "../cpu/interp";
import { nrFrames } from "../mm/frame-table";
import { codeFrameWritten } from "../cpu/code-invalidate";
import {
  setFaultCapture, resetCapture, capturedVector, capturedError, capturedCr2, capturedSoftware,
} from "../cpu/fault-capture";

const IN_FLAGS: u32 = 40;
const IN_LOAD_FX: u32 = 1;
/** Run the next instruction from the state the last step left (nothing is loaded). */
const IN_CONTINUE: u32 = 2;
const IN_FX: u32 = 512;
const OUT: u32 = 1024;
const OUT_FX: u32 = 1536;
/** Arithmetic flags and DF: what a case may set (never TF, IF, IOPL, AC...). */
const CASE_FLAGS: u32 = 0x0cd5;

/** Makes vcpu 0 of the paused domain `domid` the running one, at CPL 3, capturing faults. */
export function cpuTestBegin(domid: u32): i32 {
  let d = domainLookupAddr(domid);
  if (d == 0 || domid == 0) return -ESRCH;
  if (load<u32>(d + D_pause_count) == 0) return -EBUSY;
  if (load<u32>(d + D_max_vcpus) == 0) return -EINVAL;
  let v = load<u32>(d + D_vcpu);
  if (v == 0) return -EINVAL;
  if (curDomain != 0) descheduleCurrent();
  vcpuLoad(v);
  setRing3();
  setFaultCapture(true);
  return 0;
}

function setRing3(): void {
  setSegFromDescriptor(CS, FLAT_RING3_CS, readDescriptor(FLAT_RING3_CS));
  let dd = readDescriptor(FLAT_RING3_DS);
  setSegFromDescriptor(SS, FLAT_RING3_DS, dd);
  setSegFromDescriptor(DS, FLAT_RING3_DS, dd);
  setSegFromDescriptor(ES, FLAT_RING3_DS, dd);
  setSegFromDescriptor(FS, FLAT_RING3_DS, dd);
  setSegFromDescriptor(GS, FLAT_RING3_DS, dd);
  setCpl(3);
}

/**
 * Runs one instruction from the state in the transfer buffer and writes the result
 * there. `codeMfn` is the frame the host just wrote the instruction into. Returns 0,
 * or -EINVAL without cpuTestBegin or for a bad frame.
 */
export function cpuTestStep(codeMfn: u32): i32 {
  if (curDomain == 0) return -EINVAL;
  if (!(codeMfn < nrFrames)) return -EINVAL;
  codeFrameWritten(codeMfn);
  let x = XFER_BASE;
  let inFlags = load<u32>(x + IN_FLAGS);
  if (!(inFlags & IN_CONTINUE)) {
    setRing3();
    memory.copy(CPU_REGS, x, 32);
    store<u32>(CPU_REGS + 32, 0);
    setEip(load<u32>(x + 32));
    setFlags((load<u32>(x + 36) & CASE_FLAGS) | IF | FLAGS_FIXED);
    // FXSAVE images in both directions: the live layout keeps x87 registers in
    // physical order (cpu/fpu/fpu-image.ts).
    if (inFlags & IN_LOAD_FX) fxrstorImage(x + IN_FX);
  }
  let start = eip;
  resetCapture();
  setFaultCapture(true);
  // A REP string instruction may run in chunks, each leaving EIP on itself.
  for (let guard: u32 = 0; guard < 0x10000; guard++) {
    cpuRun(1);
    if (capturedVector >= 0 || eip != start) break;
  }
  let o = x + OUT;
  store<u32>(o, capturedVector >= 0 ? 1 : 0);
  store<u32>(o + 4, capturedVector >= 0 ? <u32>capturedVector : 0);
  store<u32>(o + 8, capturedError);
  store<u32>(o + 12, capturedCr2);
  memory.copy(o + 16, CPU_REGS, 32);
  store<u32>(o + 48, eip);
  store<u32>(o + 52, getFlags());
  store<u32>(o + 56, capturedSoftware ? 1 : 0);
  memory.fill(x + OUT_FX, 0, 512);
  fxsaveImage(x + OUT_FX);
  return 0;
}

/** Leaves test mode: faults are delivered again and the vcpu is descheduled. */
export function cpuTestEnd(): void {
  setFaultCapture(false);
  resetCapture();
  if (curDomain != 0) descheduleCurrent();
}
