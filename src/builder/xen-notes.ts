// Xen ELF notes and the legacy __xen_guest string (fact sheet §3.8-3.9; upstream
// xen/common/libelf/libelf-dominfo.c): what a kernel tells the domain builder about
// itself, and the acceptance checks libelf applies.

import { BuildError } from "./errors.js";
import { type Elf32, type ElfNote, parseNotes, PT_LOAD, PT_NOTE, SHT_NOTE } from "./elf.js";

export const XEN_ELFNOTE_INFO = 0;
export const XEN_ELFNOTE_ENTRY = 1;
export const XEN_ELFNOTE_HYPERCALL_PAGE = 2;
export const XEN_ELFNOTE_VIRT_BASE = 3;
export const XEN_ELFNOTE_PADDR_OFFSET = 4;
export const XEN_ELFNOTE_XEN_VERSION = 5;
export const XEN_ELFNOTE_GUEST_OS = 6;
export const XEN_ELFNOTE_GUEST_VERSION = 7;
export const XEN_ELFNOTE_LOADER = 8;
export const XEN_ELFNOTE_PAE_MODE = 9;
export const XEN_ELFNOTE_FEATURES = 10;
export const XEN_ELFNOTE_BSD_SYMTAB = 11;

/** Feature names libelf recognises in FEATURES (index = XENFEAT_* bit). */
const FEATURE_NAMES: (string | undefined)[] = [
  "writable_page_tables", "writable_descriptor_tables", "auto_translated_physmap",
  "supervisor_mode_kernel", "pae_pgdir_above_4gb", undefined, undefined, undefined,
  "hvm_callback_vector", undefined, undefined, "dom0",
];

export type PaeMode = "no" | "yes" | "extended-cr3" | "bimodal";

/** What the image says about itself (libelf's struct elf_dom_parms). */
export interface XenGuestParams {
  source: "notes" | "__xen_guest";
  guestOs: string;
  guestVersion: string;
  xenVersion: string;
  loader: string;
  pae: PaeMode;
  virtBase: number;
  paddrOffset: number;
  virtEntry: number;
  /** Virtual address of the hypercall page, if the kernel wants one. */
  hypercallPage?: number;
  featuresSupported: number;
  featuresRequired: number;
  /** Lowest p_paddr and highest p_paddr + p_memsz over PT_LOAD segments. */
  pstart: number;
  pend: number;
  virtKstart: number;
  virtKend: number;
}

function str(desc: Uint8Array): string {
  let s = "";
  for (let i = 0; i < desc.length && desc[i] !== 0; i++) s += String.fromCharCode(desc[i]);
  return s;
}

/** Numeric note: little-endian of 1, 2, 4 or 8 bytes; any other size reads as 0. */
function num(desc: Uint8Array): number {
  if (![1, 2, 4, 8].includes(desc.length)) return 0;
  let v = 0n;
  for (let i = desc.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(desc[i]);
  if (v > 0xffffffffn) throw new BuildError(`not a valid kernel image: Xen note value 0x${v.toString(16)} does not fit a 32-bit address`);
  return Number(v);
}

function parseFeatures(s: string, p: { featuresSupported: number; featuresRequired: number }): void {
  for (const f of s.split("|")) {
    if (f === "") continue;
    const required = f.startsWith("!");
    const name = required ? f.slice(1) : f;
    const bit = FEATURE_NAMES.indexOf(name);
    if (bit < 0) {
      if (required) throw new BuildError(`kernel requires Xen feature '${name}', which is unknown`);
      continue;
    }
    p.featuresSupported |= 1 << bit;
    if (required) p.featuresRequired |= 1 << bit;
  }
}

/** Parses a C-style number as strtoull(v, 0, 0) does (0x.. hex, 0.. octal). */
function strtoul(v: string): number {
  const m = /^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(v);
  if (!m) return 0;
  const t = m[1];
  const n = /^0[xX]/.test(t) ? parseInt(t.slice(2), 16) : t.length > 1 && t[0] === "0" ? parseInt(t, 8) : parseInt(t, 10);
  return n >>> 0;
}

/** Reads the Xen notes (PT_NOTE, then SHT_NOTE, then __xen_guest) and checks them. */
export function parseXenParams(elf: Elf32): XenGuestParams {
  const p = {
    guestOs: "", guestVersion: "", xenVersion: "", loader: "", pae: "no" as PaeMode,
    virtBase: undefined as number | undefined, paddrOffset: undefined as number | undefined,
    virtEntry: undefined as number | undefined, hypercallPage: undefined as number | undefined,
    featuresSupported: 0, featuresRequired: 0,
  };
  let notes: ElfNote[] = [];
  for (const ph of elf.phdrs) {
    // Some binutils versions leave p_offset 0 on note segments: skip those, as libelf does.
    if (ph.type !== PT_NOTE || ph.offset === 0) continue;
    notes.push(...parseNotes(elf.bytes, ph.offset, ph.filesz, "a PT_NOTE segment").filter((n) => n.name === "Xen"));
  }
  if (notes.length === 0) {
    for (const sh of elf.shdrs) {
      if (sh.type !== SHT_NOTE) continue;
      notes.push(...parseNotes(elf.bytes, sh.offset, sh.size, `section ${sh.name || "(unnamed)"}`).filter((n) => n.name === "Xen"));
    }
  }
  let source: "notes" | "__xen_guest" = "notes";
  if (notes.length > 0) {
    for (const n of notes) {
      switch (n.type) {
        case XEN_ELFNOTE_ENTRY: p.virtEntry = num(n.desc); break;
        case XEN_ELFNOTE_HYPERCALL_PAGE: p.hypercallPage = num(n.desc); break;
        case XEN_ELFNOTE_VIRT_BASE: p.virtBase = num(n.desc); break;
        case XEN_ELFNOTE_PADDR_OFFSET: p.paddrOffset = num(n.desc); break;
        case XEN_ELFNOTE_XEN_VERSION: p.xenVersion = str(n.desc); break;
        case XEN_ELFNOTE_GUEST_OS: p.guestOs = str(n.desc); break;
        case XEN_ELFNOTE_GUEST_VERSION: p.guestVersion = str(n.desc); break;
        case XEN_ELFNOTE_LOADER: p.loader = str(n.desc); break;
        case XEN_ELFNOTE_PAE_MODE: {
          const s = str(n.desc);
          if (s === "yes") p.pae = "extended-cr3";
          if (s.includes("bimodal")) p.pae = "bimodal";
          break;
        }
        case XEN_ELFNOTE_FEATURES: parseFeatures(str(n.desc), p); break;
      }
    }
  } else {
    const sec = elf.shdrs.find((s) => s.name === "__xen_guest");
    if (!sec) throw new BuildError("not a Xen-ELF image: no Xen ELF notes and no __xen_guest section (is this a Xen PV kernel?)");
    if (sec.offset + sec.size > elf.bytes.length) throw new BuildError("not a valid kernel image: __xen_guest section lies beyond the end of the file");
    source = "__xen_guest";
    const info = str(elf.bytes.subarray(sec.offset, sec.offset + sec.size));
    for (const item of info.split(",")) {
      if (item === "") continue;
      const eq = item.indexOf("=");
      const name = (eq < 0 ? item : item.slice(0, eq)).slice(0, 31);
      const value = eq < 0 ? "" : item.slice(eq + 1).slice(0, 127);
      switch (name) {
        case "LOADER": p.loader = value; break;
        case "GUEST_OS": p.guestOs = value; break;
        case "GUEST_VER": p.guestVersion = value; break;
        case "XEN_VER": p.xenVersion = value; break;
        case "PAE": p.pae = value === "yes[extended-cr3]" ? "extended-cr3" : value.startsWith("yes") ? "yes" : p.pae; break;
        case "VIRT_BASE": p.virtBase = strtoul(value); break;
        case "VIRT_ENTRY": p.virtEntry = strtoul(value); break;
        case "ELF_PADDR_OFFSET": p.paddrOffset = strtoul(value); break;
        case "HYPERCALL_PAGE": p.hypercallPage = (strtoul(value) * 4096) >>> 0; break;
        case "FEATURES": parseFeatures(value, p); break;
      }
    }
    if (p.virtBase !== undefined && p.hypercallPage !== undefined) p.hypercallPage = (p.hypercallPage + p.virtBase) >>> 0;
  }

  // elf_xen_note_check
  if (!p.loader.startsWith("generic") && !p.guestOs.startsWith("linux")) {
    throw new BuildError(`not a loadable Xen kernel: LOADER must be "generic" or GUEST_OS "linux" (found LOADER="${p.loader}", GUEST_OS="${p.guestOs}")`);
  }
  if (!p.xenVersion.startsWith("xen-3.0")) {
    throw new BuildError(`not a loadable Xen kernel: XEN_VERSION must start with "xen-3.0" (found "${p.xenVersion}")`);
  }
  if (p.pae === "no") {
    throw new BuildError("kernel is not PAE (no PAE_MODE note): pvwasm runs xen-3.0-x86_32p guests only");
  }

  // elf_xen_addr_calc_check
  if (p.paddrOffset !== undefined && p.virtBase === undefined) throw new BuildError("not a loadable Xen kernel: PADDR_OFFSET is set but VIRT_BASE is not");
  const virtBase = p.virtBase ?? 0;
  const paddrOffset = p.paddrOffset ?? (source === "notes" ? 0 : virtBase);
  const loads = elf.phdrs.filter((ph) => ph.type === PT_LOAD && ph.memsz > 0);
  if (loads.length === 0) throw new BuildError("kernel image has no loadable segments");
  const pstart = Math.min(...loads.map((ph) => ph.paddr));
  const pend = Math.max(...loads.map((ph) => ph.paddr + ph.memsz));
  const virtOffset = virtBase - paddrOffset;
  const virtKstart = pstart + virtOffset;
  const virtKend = pend + virtOffset;
  const virtEntry = p.virtEntry ?? elf.entry;
  if (virtKstart > virtKend || virtEntry < virtKstart || virtEntry > virtKend || virtBase > virtKstart) {
    throw new BuildError("not a loadable Xen kernel: ELF start or entry point out of bounds");
  }
  return {
    source, guestOs: p.guestOs, guestVersion: p.guestVersion, xenVersion: p.xenVersion, loader: p.loader,
    pae: p.pae, virtBase, paddrOffset, virtEntry, hypercallPage: p.hypercallPage,
    featuresSupported: p.featuresSupported, featuresRequired: p.featuresRequired,
    pstart, pend, virtKstart, virtKend,
  };
}
