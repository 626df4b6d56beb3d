// Where the domain builder puts things in a new PV domain's memory, as Xen's domU
// builder does (tools/libs/guest/xg_dom_core.c xc_dom_build_image, xg_dom_x86.c
// alloc_pgtables_pv / count_pgtables; fact sheet §3.6).
//
// Pseudo-physical frame n is mapped at virt_base + n * 4096. From the kernel's start
// the builder allocates, page by page: the kernel image, the P2M list, start_info,
// the xenstore and console ring pages, the bootstrap page tables (L3, then the L2s,
// then the L1s), and one page of boot stack. The page tables map everything from
// virt_base up to a 4 MiB boundary that leaves at least 512 KiB spare after the stack.

import { BuildError } from "./errors.js";

export const PAGE_SIZE = 4096;
export const HYPERVISOR_VIRT_START = 0xf5800000;
const MB4 = 4 << 20;

export interface DomainLayout {
  nrPages: number;
  virtBase: number;
  kernelPfn: number;
  kernelPages: number;
  p2mPfn: number;
  p2mPages: number;
  startInfoPfn: number;
  xenstorePfn: number;
  consolePfn: number;
  /** First page-table frame (the L3); L2s follow, then L1s. */
  ptPfn: number;
  nrPtFrames: number;
  /** L3 slots that get an L2, ascending; the L2 for l2Slots[i] is frame ptPfn + 1 + i. */
  l2Slots: number[];
  /** First 2 MiB region (VA >> 21) covered by an L1; L1 j is frame ptPfn + 1 + l2Slots.length + j. */
  l1FirstRegion: number;
  nrL1: number;
  bootStackPfn: number;
  /** End (exclusive) of the bootstrap mapping. */
  virtPgtabEnd: number;
}

export const vaOf = (l: DomainLayout, pfn: number): number => (l.virtBase + pfn * PAGE_SIZE) >>> 0;

/** Tables needed to map [virtBase, end] (end inclusive) with PAE paging. */
function countPgtables(virtBase: number, endIncl: number): { l2Slots: number[]; l1First: number; nrL1: number } {
  const firstSlot = Math.floor(virtBase / 2 ** 30);
  // Xen needs L3 slot 3 present, so the L2 range always extends to slot 3.
  const l2Slots: number[] = [];
  for (let s = firstSlot; s <= 3; s++) l2Slots.push(s);
  const l1First = Math.floor(virtBase / 2 ** 21);
  const nrL1 = Math.floor(endIncl / 2 ** 21) - l1First + 1;
  return { l2Slots, l1First, nrL1 };
}

export function computeLayout(opts: { nrPages: number; virtBase: number; virtKstart: number; virtKend: number }): DomainLayout {
  const { nrPages, virtBase } = opts;
  if (virtBase % PAGE_SIZE !== 0) throw new BuildError(`VIRT_BASE 0x${virtBase.toString(16)} is not page aligned`);
  if (opts.virtKstart % PAGE_SIZE !== 0) throw new BuildError(`kernel start 0x${opts.virtKstart.toString(16)} is not page aligned`);
  let allocEnd = opts.virtKstart; // virt_alloc_end
  const alloc = (pages: number): number => {
    const pfn = (allocEnd - virtBase) / PAGE_SIZE;
    allocEnd += pages * PAGE_SIZE;
    return pfn;
  };
  const kernelPages = Math.ceil((opts.virtKend - opts.virtKstart) / PAGE_SIZE);
  const kernelPfn = alloc(kernelPages);
  const p2mPages = Math.ceil((nrPages * 4) / PAGE_SIZE);
  const p2mPfn = alloc(p2mPages);
  const startInfoPfn = alloc(1);
  const xenstorePfn = alloc(1);
  const consolePfn = alloc(1);

  const extra = 1 + (512 * 1024) / PAGE_SIZE; // boot stack + 512 KiB spare
  let pages = extra;
  let tryEnd = 0;
  let counted = countPgtables(virtBase, 0);
  let nrPt = 0;
  for (let guard = 0; guard < 1024; guard++) {
    tryEnd = (Math.floor((allocEnd + pages * PAGE_SIZE) / MB4) * MB4 + MB4 - 1) >>> 0; // round up, inclusive
    if (allocEnd + pages * PAGE_SIZE > 2 ** 32) break;
    counted = countPgtables(virtBase, tryEnd);
    nrPt = 1 + counted.l2Slots.length + counted.nrL1;
    pages = nrPt + extra;
    if (allocEnd + pages * PAGE_SIZE <= tryEnd + 1) break;
  }
  const ptPfn = alloc(nrPt);
  const bootStackPfn = alloc(1);
  const virtPgtabEnd = tryEnd + 1;
  if (virtPgtabEnd > HYPERVISOR_VIRT_START) {
    throw new BuildError(`kernel and boot structures would reach into the hypervisor hole at 0x${HYPERVISOR_VIRT_START.toString(16)}`);
  }
  const needPages = (virtPgtabEnd - virtBase) / PAGE_SIZE;
  if (needPages > nrPages) {
    throw new BuildError(`not enough memory: the kernel and boot structures need ${Math.ceil((needPages * PAGE_SIZE) / 2 ** 20)} MiB but the domain has ${(nrPages * PAGE_SIZE) / 2 ** 20} MiB`);
  }
  return {
    nrPages, virtBase, kernelPfn, kernelPages, p2mPfn, p2mPages, startInfoPfn, xenstorePfn, consolePfn,
    ptPfn, nrPtFrames: nrPt, l2Slots: counted.l2Slots, l1FirstRegion: counted.l1First, nrL1: counted.nrL1,
    bootStackPfn, virtPgtabEnd,
  };
}
