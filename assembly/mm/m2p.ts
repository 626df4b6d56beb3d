// The machine-to-physical table (fact sheet §2.2, §4.10).
//
// One u32 per machine frame: the guest PFN it backs, or INVALID_M2P_ENTRY. It lives
// in Xen-private frames and is mapped read-only (supervisor, no RW, no US) into every
// guest at MACH2PHYS_VIRT_START through Xen's slots of each slot-3 L2, using L1
// tables that are also Xen's: guests read it, never write it.

import { frameAddr, PAGE_SIZE } from "../layout";
import { nrFrames, NO_FRAME } from "./frame-table";
import { allocXenPrivateFrame } from "./page-list";

export const INVALID_M2P_ENTRY: u32 = 0xffffffff;

let m2pFrames: u32 = 0;        // frames holding the table
let m2pFirst: u32 = NO_FRAME;  // first of them (they are allocated consecutively)
let m2pL1First: u32 = NO_FRAME;
/** Number of L2 slots (2 MiB each) the M2P occupies from L2_XEN_FIRST on. */
export let M2P_L2_SLOTS: u32 = 0;

/** Allocates and maps the M2P. Runs once at machine start, on an empty machine. */
export function m2pInit(): bool {
  m2pFrames = (nrFrames * 4 + PAGE_SIZE - 1) / PAGE_SIZE;
  M2P_L2_SLOTS = (m2pFrames + 511) / 512;
  for (let i: u32 = 0; i < m2pFrames; i++) {
    let mfn = allocXenPrivateFrame();
    if (mfn == NO_FRAME) return false;
    if (i == 0) m2pFirst = mfn;
    memory.fill(frameAddr(mfn), 0xff, PAGE_SIZE);
  }
  for (let j: u32 = 0; j < M2P_L2_SLOTS; j++) {
    let l1 = allocXenPrivateFrame();
    if (l1 == NO_FRAME) return false;
    if (j == 0) m2pL1First = l1;
    for (let k: u32 = 0; k < 512; k++) {
      let idx = j * 512 + k;
      // Present, accessed, read-only, supervisor.
      if (idx < m2pFrames) store<u64>(frameAddr(l1) + (k << 3), (<u64>(m2pFirst + idx) << 12) | 0x21);
    }
  }
  return true;
}

/** The L2 entry for Xen slot L2_XEN_FIRST + j. */
export function m2pL2Entry(j: u32): u64 {
  return (<u64>(m2pL1First + j) << 12) | 0x21;
}

export function setGpfnFromMfn(mfn: u32, pfn: u32): void {
  if (mfn < nrFrames) store<u32>(frameAddr(m2pFirst) + (mfn << 2), pfn);
}

export function getGpfnFromMfn(mfn: u32): u32 {
  return mfn < nrFrames ? load<u32>(frameAddr(m2pFirst) + (mfn << 2)) : INVALID_M2P_ENTRY;
}

/** MFNs of the frames holding the table (XENMEM_machphys_mfn_list reports 2 MiB chunks). */
export function m2pFrameCount(): u32 { return m2pFrames; }
export function m2pFirstFrame(): u32 { return m2pFirst; }
