// The domain builder: turns a Xen PV kernel image into a running domain, as the
// toolstack's libxenguest does for a domU (fact sheet §3.6).
//
// It reaches guest memory only through the core's privileged foreign mappings, and
// makes the page tables take effect the way Xen requires: it writes them as plain
// memory, with every page-table page mapped read-only, and then pins the L3, which
// validates the whole tree. Any rule the layout broke shows up as a pin error.

import { Core, CoreError, PAGE_SIZE } from "../core/core.js";
import { BuildError } from "./errors.js";
import { parseElf32, PT_LOAD } from "./elf.js";
import { parseXenParams, type XenGuestParams } from "./xen-notes.js";
import { computeLayout, vaOf, type DomainLayout } from "./layout.js";
import { writeStartInfo } from "./start-info.js";
import { vcpuGuestContext } from "./vcpu-context.js";

export interface BuildOptions {
  domid: number;
  memoryBytes: number;
  cmdline?: string;
  maxVcpus?: number;
  storeEvtchn?: number;
  consoleEvtchn?: number;
}

export interface BuiltDomain {
  domid: number;
  params: XenGuestParams;
  layout: DomainLayout;
  /** P2M: pfn → mfn. */
  p2m: Uint32Array;
  storeMfn: number;
  consoleMfn: number;
  storeEvtchn: number;
  consoleEvtchn: number;
}

/** Rewrites the command line in a built (not yet running) domain's start_info. */
export function rewriteCmdline(core: Core, built: BuiltDomain, cmdline: string): void {
  const page = core.mapForeign(built.domid, built.p2m[built.layout.startInfoPfn], true);
  page.fill(0, 80, 80 + 1024);
  const cmd = cmdline.slice(0, 1023);
  for (let i = 0; i < cmd.length; i++) page[80 + i] = cmd.charCodeAt(i) & 0xff;
}

const L1_RW = 0x023;   // P | RW | A
const L1_RO = 0x021;   // P | A: page-table pages are never writable
const UPPER = 0x067;   // P | RW | US | A | D for L3 and L2 entries

/** Parses and checks a kernel image without building anything. */
export function inspectKernel(image: Uint8Array): XenGuestParams {
  const elf = parseElf32(image);
  const loads = elf.phdrs.filter((ph) => ph.type === PT_LOAD && ph.memsz > 0);
  for (const ph of loads) {
    if (ph.filesz > ph.memsz) throw new BuildError("not a valid kernel image: a segment's file size exceeds its memory size");
    if (ph.offset + ph.filesz > image.length) throw new BuildError("not a valid kernel image: a loadable segment lies beyond the end of the file (truncated?)");
    if (ph.paddr + ph.memsz > 2 ** 32) throw new BuildError("not a valid kernel image: a loadable segment wraps around 4 GiB");
  }
  const sorted = [...loads].sort((a, b) => a.paddr - b.paddr);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].paddr < sorted[i - 1].paddr + sorted[i - 1].memsz) {
      throw new BuildError(`not a valid kernel image: loadable segments overlap at physical address 0x${sorted[i].paddr.toString(16)}`);
    }
  }
  return parseXenParams(elf);
}

export function buildDomain(core: Core, image: Uint8Array, opts: BuildOptions): BuiltDomain {
  const params = inspectKernel(image);
  const elf = parseElf32(image);
  const nrPages = Math.floor(opts.memoryBytes / PAGE_SIZE);
  if (nrPages < 16) throw new BuildError(`memory ${opts.memoryBytes} bytes is too small for a domain`);
  const kernelBytes = params.virtKend - params.virtKstart;
  if (kernelBytes > opts.memoryBytes) {
    throw new BuildError(`kernel needs ${Math.ceil(kernelBytes / 2 ** 20)} MiB but the domain has only ${Math.floor(opts.memoryBytes / 2 ** 20)} MiB`);
  }
  const layout = computeLayout({ nrPages, virtBase: params.virtBase, virtKstart: params.virtKstart, virtKend: params.virtKend });
  if (params.hypercallPage !== undefined) {
    const hp = params.hypercallPage;
    if (hp % PAGE_SIZE !== 0 || hp < params.virtKstart || hp >= params.virtKend) {
      throw new BuildError(`hypercall page 0x${hp.toString(16)} is not a page-aligned address inside the kernel image`);
    }
  }
  if (nrPages > core.freeFrames) {
    throw new BuildError(`not enough machine memory for ${nrPages * 4} KiB (${core.freeFrames * 4} KiB free)`);
  }

  const domid = opts.domid;
  core.createDomain(domid, opts.maxVcpus ?? 1, nrPages);
  try {
    const p2m = core.allocFrames(domid, nrPages);
    core.setM2p(domid, p2m, 0);
    // Like libxl for a PV guest: one RAM entry covering its memory (XENMEM_memory_map).
    core.setMemoryMap(domid, [{ addr: 0n, size: BigInt(nrPages) * BigInt(PAGE_SIZE), type: 1 }]);
    const page = (pfn: number) => core.mapForeign(domid, p2m[pfn], true);

    // The kernel image, segment by segment (bss is already zero: frames come zeroed).
    const virtOffset = params.virtBase - params.paddrOffset;
    for (const ph of elf.phdrs) {
      if (ph.type !== PT_LOAD || ph.memsz === 0) continue;
      const va = (ph.paddr + virtOffset) >>> 0;
      for (let done = 0; done < ph.filesz; ) {
        const v = va + done;
        const pfn = (v - params.virtBase) / PAGE_SIZE >>> 0;
        const off = v % PAGE_SIZE;
        const n = Math.min(PAGE_SIZE - off, ph.filesz - done);
        page(pfn).set(image.subarray(ph.offset + done, ph.offset + done + n), off);
        done += n;
      }
    }

    // P2M list.
    for (let i = 0; i < layout.p2mPages; i++) {
      const words = new Uint32Array(PAGE_SIZE / 4);
      words.set(p2m.subarray(i * 1024, Math.min(nrPages, (i + 1) * 1024)));
      page(layout.p2mPfn + i).set(new Uint8Array(words.buffer));
    }

    // xenstore and console ports: unbound, for their back ends in domain 0 to bind
    // (libxl allocates them the same way before building).
    const storeEvtchn = opts.storeEvtchn ?? core.allocUnboundPort(domid, 0);
    const consoleEvtchn = opts.consoleEvtchn ?? core.allocUnboundPort(domid, 0);

    // Console ring: the builder leaves it disconnected until a back end services it.
    page(layout.consolePfn)[3088] = 1;

    // The reserved grant entries, so the back ends in domain 0 can map the rings by
    // grant (libxl's xc_dom_gnttab_seed).
    seedGrantTable(core, domid, p2m[layout.consolePfn], p2m[layout.xenstorePfn]);

    writeStartInfo(page(layout.startInfoPfn), {
      nrPages,
      sharedInfoMachineAddr: core.sharedInfoMfn(domid) * PAGE_SIZE,
      storeMfn: p2m[layout.xenstorePfn],
      storeEvtchn,
      consoleMfn: p2m[layout.consolePfn],
      consoleEvtchn,
      ptBase: vaOf(layout, layout.ptPfn),
      nrPtFrames: layout.nrPtFrames,
      mfnList: vaOf(layout, layout.p2mPfn),
      cmdline: opts.cmdline ?? "",
    });

    writePageTables(layout, p2m, page);

    if (params.hypercallPage !== undefined) {
      core.hypercallInit(domid, p2m[(params.hypercallPage - params.virtBase) / PAGE_SIZE]);
    }

    const l3mfn = p2m[layout.ptPfn];
    core.pinTable(domid, 3, l3mfn);
    const ctx = vcpuGuestContext({
      eip: params.virtEntry,
      esp: vaOf(layout, layout.bootStackPfn + 1),
      esi: vaOf(layout, layout.startInfoPfn),
      l3mfn,
      paeExtendedCr3: params.pae === "extended-cr3" || params.pae === "bimodal",
    });
    core.setVcpuContext(domid, 0, ctx);
    return { domid, params, layout, p2m, storeMfn: p2m[layout.xenstorePfn], consoleMfn: p2m[layout.consolePfn], storeEvtchn, consoleEvtchn };
  } catch (e) {
    try { core.destroyDomain(domid); } catch { /* already gone */ }
    if (e instanceof CoreError) throw new BuildError(`cannot build the domain: ${e.message}`);
    throw e;
  }
}

const GTF_permit_access = 1;
const GNTTAB_RESERVED_CONSOLE = 0;
const GNTTAB_RESERVED_XENSTORE = 1;

/** Grants domain 0 access to the console and xenstore pages (grant entries 0 and 1). */
function seedGrantTable(core: Core, domid: number, consoleMfn: number, storeMfn: number): void {
  const table = core.mapForeign(domid, core.grantFrame(domid, 0), true);
  const dv = new DataView(table.buffer, table.byteOffset, PAGE_SIZE);
  const grant = (ref: number, frame: number) => {
    dv.setUint16(ref * 8 + 2, 0, true);  // domid: the back end's domain
    dv.setUint32(ref * 8 + 4, frame, true);
    dv.setUint16(ref * 8, GTF_permit_access, true);
  };
  grant(GNTTAB_RESERVED_CONSOLE, consoleMfn);
  grant(GNTTAB_RESERVED_XENSTORE, storeMfn);
}

/** Writes the bootstrap L3, L2s and L1s (entries hold machine frame numbers). */
function writePageTables(l: DomainLayout, p2m: Uint32Array, page: (pfn: number) => Uint8Array): void {
  const entry = (mfn: number, flags: number) => [((mfn << 12) | flags) >>> 0, mfn >>> 20];
  const put = (tablePfn: number, index: number, mfn: number, flags: number) => {
    const [lo, hi] = entry(mfn, flags);
    const dv = new DataView(page(tablePfn).buffer, page(tablePfn).byteOffset, PAGE_SIZE);
    dv.setUint32(index * 8, lo, true);
    dv.setUint32(index * 8 + 4, hi, true);
  };
  const l3 = l.ptPfn;
  const l2Of = (slot: number) => l.ptPfn + 1 + l.l2Slots.indexOf(slot);
  const firstL1 = l.ptPfn + 1 + l.l2Slots.length;
  for (const slot of l.l2Slots) put(l3, slot, p2m[l2Of(slot)], UPPER);
  for (let j = 0; j < l.nrL1; j++) {
    const region = l.l1FirstRegion + j; // VA >> 21
    put(l2Of(region >> 9), region & 511, p2m[firstL1 + j], UPPER);
  }
  const mapped = (l.virtPgtabEnd - l.virtBase) / PAGE_SIZE;
  const ptEnd = l.ptPfn + l.nrPtFrames;
  for (let pfn = 0; pfn < mapped; pfn++) {
    const va = vaOf(l, pfn);
    const l1 = firstL1 + (Math.floor(va / 2 ** 21) - l.l1FirstRegion);
    const flags = pfn >= l.ptPfn && pfn < ptEnd ? L1_RO : L1_RW;
    put(l1, (va >>> 12) & 511, p2m[pfn], flags);
  }
}
