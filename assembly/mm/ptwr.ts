// The writable page-tables assist (xen/arch/x86/pv/ro-page-fault.c ptwr_do_page_fault;
// fact sheet §4.9).
//
// With VMASST_TYPE_writable_pagetables on, a ring-1 write that faults on a present,
// read-only mapping of one of the domain's validated L1 tables is emulated instead of
// reported: the new entry is checked exactly as mmu_update checks it and written.
//
// How: the instruction is re-executed once with the faulting page redirected, in the
// TLB, to a private copy of the L1 table; the 8-byte entry the store touched is then
// taken from the copy, validated, and written to the real table (taking the new
// entry's references before dropping the old one's). Only instructions whose single
// memory write is their ModRM operand are accepted (MOV, XCHG, CMPXCHG, CMPXCHG8B,
// ALU read-modify-write, INC/DEC, NOT/NEG), and only a naturally aligned access of
// 1, 2, 4 or 8 bytes inside the faulting page — Xen's rule. Anything else, or an
// entry that fails validation, leaves the CPU exactly as it was and the original #PF
// goes to the guest. PAE special case: a 4-byte store to the upper half that makes
// an invalid present entry is accepted with P cleared (the guest writes the lower
// half next).

import { frameAddr, PAGE_MASK, CPU_REGS } from "../layout";
import { nrFrames, NO_FRAME, typeInfo, PGT_type_mask, PGT_l1_page_table } from "./frame-table";
import { allocXenPrivateFrame } from "./page-list";
import { getPage, putPage } from "./page-ref";
import { getPageFromL1e, putPageFromL1e, _PAGE_PRESENT, _PAGE_RW } from "./pt-validate";
import { pageInUse } from "./mmu-update";
import { peekGuestByte, peekFailed } from "./guest-copy";
import { curDomid, curDomain } from "../domain/current";
import { D_vm_assist } from "../domain/layout";
import { VMASST_TYPE_writable_pagetables } from "../public/xen";
import { cr3Mfn, eip, setEip, setInstrEip, segBase } from "../cpu/state";
import { getFlags, setFlags } from "../cpu/flags";
import { tlbEntry, tlbGen, tlbFlushAll, T_KR, T_KW, T_UR, T_UW, T_KX, T_UX, T_DELTA, T_MFN } from "../cpu/tlb";
import { faulted, clearPending } from "../cpu/fault";
import { decode, R_ID, R_LEN } from "../cpu/decode";
import { eaSeg, ea, eIsReg } from "../cpu/operand";
import { dispatch } from "../generated/x86-dispatch";
import { CPU_REC } from "../layout";

let copyFrame: u32 = NO_FRAME;
/** The instruction storeSize() accepted is a CMPXCHG (no PAE upper-half fix-up then). */
let lastIsCmpxchg: bool = false;
/** Number of writes emulated (statistics). */
export let ptwrEmulations: u64 = 0;

/** The L1 entry (low, high) mapping `lin` in the current tables, or present=0. */
let walkLo: u32 = 0, walkHi: u32 = 0;
function walkL1e(lin: u32): void {
  walkLo = 0; walkHi = 0;
  if (!(cr3Mfn < nrFrames)) return;
  let e3 = load<u64>(frameAddr(cr3Mfn) + ((lin >>> 30) << 3));
  if (!(e3 & 1) || <u32>(e3 >> 32) & 0xfffff || !((<u32>e3 >>> 12) < nrFrames)) return;
  let e2 = load<u64>(frameAddr(<u32>e3 >>> 12) + (((lin >>> 21) & 511) << 3));
  if ((<u32>e2 & 0x81) != 1 || <u32>(e2 >> 32) & 0xfffff || !((<u32>e2 >>> 12) < nrFrames)) return;
  let p = frameAddr(<u32>e2 >>> 12) + (((lin >>> 12) & 511) << 3);
  walkLo = load<u32>(p); walkHi = load<u32>(p, 4);
}

/**
 * Size in bytes of the ModRM memory store of the instruction at EIP if it is one the
 * assist emulates, else 0. Reads the bytes again (the decoder record does not keep
 * the escape byte).
 */
function storeSize(): u32 {
  let p = eip;
  let opsize = false;
  lastIsCmpxchg = false;
  for (let i = 0; i < 15; i++, p++) {
    let b = peekGuestByte(p);
    if (peekFailed) return 0;
    if (b == 0x66) { opsize = true; continue; }
    if (b == 0x67 || b == 0xf0 || b == 0x26 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x64 || b == 0x65) continue;
    if (b == 0xf2 || b == 0xf3) return 0;
    let full: u32 = opsize ? 2 : 4;
    if (b == 0x0f) {
      let b2 = peekGuestByte(p + 1);
      if (peekFailed) return 0;
      let m = peekGuestByte(p + 2);
      lastIsCmpxchg = true;
      if (b2 == 0xb0) return 1;
      if (b2 == 0xb1) return full;
      if (b2 == 0xc7 && ((m >> 3) & 7) == 1) return 8;
      return 0;
    }
    let reg = (peekGuestByte(p + 1) >> 3) & 7;
    if (b == 0x88 || b == 0x86 || b == 0xc6) return 1;
    if (b == 0x89 || b == 0x87 || b == 0xc7) return full;
    // ALU Eb,Gb / Ev,Gv forms (not CMP), immediate groups (not /7 CMP).
    if (b < 0x38 && (b & 7) <= 1) return (b & 1) ? full : 1;
    if ((b == 0x80 || b == 0x81 || b == 0x83) && reg != 7) return b == 0x80 ? 1 : full;
    if ((b == 0xfe || b == 0xff) && reg <= 1) return b == 0xfe ? 1 : full;
    if ((b == 0xf6 || b == 0xf7) && (reg == 2 || reg == 3)) return b == 0xf6 ? 1 : full;
    return 0;
  }
  return 0;
}

/**
 * Tries to emulate the faulting write at `cr2` (EIP at the faulting instruction, no
 * exception pending). True if handled: the guest continues after the instruction.
 */
export function ptwrDoPageFault(cr2: u32): bool {
  if (!(load<u32>(curDomain + D_vm_assist) & (1 << VMASST_TYPE_writable_pagetables))) return false;
  walkL1e(cr2);
  if ((walkLo & (_PAGE_PRESENT | _PAGE_RW)) != _PAGE_PRESENT || (walkHi & 0xfffff) != 0) return false;
  let l1 = walkLo >>> 12;
  if (!getPage(l1, curDomid)) return false;
  let ok = pageInUse(l1) && (typeInfo(l1) & PGT_type_mask) == PGT_l1_page_table && emulate(l1, cr2);
  putPage(l1);
  return ok;
}

function emulate(l1: u32, cr2: u32): bool {
  let size = storeSize();
  if (size == 0) return false;
  if (copyFrame == NO_FRAME) {
    copyFrame = allocXenPrivateFrame();
    if (copyFrame == NO_FRAME) return false;
  }
  // Decode and check the access: naturally aligned, inside the faulting page.
  let saveEip = eip;
  setInstrEip(saveEip);
  if (!decode()) { clearPending(); return false; }
  if (eIsReg()) return false;
  let addr = segBase(eaSeg()) + ea();
  if (((addr ^ cr2) & PAGE_MASK) != 0 || (addr & (size - 1)) != 0) return false;

  // Re-execute with the page redirected to a copy of the table.
  return reexecute(l1, cr2, addr, size, saveEip);
}

function reexecute(l1: u32, cr2: u32, addr: u32, size: u32, saveEip: u32): bool {
  // CPU state to restore if the new entry is refused.
  let r0 = load<u64>(CPU_REGS), r1 = load<u64>(CPU_REGS, 8), r2 = load<u64>(CPU_REGS, 16), r3 = load<u64>(CPU_REGS, 24);
  let flags = getFlags();
  let copy = frameAddr(copyFrame);
  memory.copy(copy, frameAddr(l1), 4096);
  let t = tlbEntry(cr2);
  let key = (cr2 & PAGE_MASK) | tlbGen;
  store<u32>(t + T_KR, key); store<u32>(t + T_KW, key);
  store<u32>(t + T_UR, 0); store<u32>(t + T_UW, 0); store<u32>(t + T_KX, 0); store<u32>(t + T_UX, 0);
  store<u32>(t + T_DELTA, copy - (cr2 & PAGE_MASK));
  store<u32>(t + T_MFN, copyFrame);
  setEip(saveEip + <u32>load<u8>(CPU_REC + R_LEN));
  dispatch(<u32>load<u16>(CPU_REC + R_ID));
  // The redirection must not outlive this instruction.
  tlbFlushAll();
  let off = (addr & 0xff8);
  let nlo = load<u32>(copy + off), nhi = load<u32>(copy + off, 4);
  let pe = frameAddr(l1) + off;
  let olo = load<u32>(pe), ohi = load<u32>(pe, 4);
  let good = !faulted();
  if (good && (nlo != olo || nhi != ohi)) {
    if (nlo & _PAGE_PRESENT) {
      let rc = getPageFromL1e(nlo, nhi, curDomid, curDomid);
      if (rc != 0) {
        // An upper-half write making a bad present entry: assume the lower half follows.
        if (size == 4 && (addr & 4) != 0 && !lastIsCmpxchg) nlo &= ~_PAGE_PRESENT;
        else good = false;
      }
    }
    if (good) {
      store<u32>(pe, nlo); store<u32>(pe, nhi, 4);
      putPageFromL1e(olo, ohi, curDomid);
      tlbFlushAll();
    }
  }
  if (!good) {
    clearPending();
    store<u64>(CPU_REGS, r0); store<u64>(CPU_REGS, r1, 8); store<u64>(CPU_REGS, r2, 16); store<u64>(CPU_REGS, r3, 24);
    setFlags(flags);
    setEip(saveEip);
    return false;
  }
  ptwrEmulations++;
  return true;
}
