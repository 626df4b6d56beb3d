// Reading ELF32 kernel images (the parts the domain builder needs: program headers,
// section headers and note records). Every offset is bounds-checked: a truncated or
// malformed file gives a BuildError, never an exception from a typed array.

import { BuildError } from "./errors.js";

export const PT_LOAD = 1;
export const PT_NOTE = 4;
export const SHT_NOTE = 7;
export const EM_386 = 3;

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  flags: number;
}

export interface SectionHeader {
  name: string;
  type: number;
  offset: number;
  size: number;
}

export interface Elf32 {
  bytes: Uint8Array;
  entry: number;
  machine: number;
  phdrs: ProgramHeader[];
  shdrs: SectionHeader[];
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Uint8Array;
}

function need(bytes: Uint8Array, off: number, len: number, what: string): void {
  if (off < 0 || len < 0 || off + len > bytes.length) throw new BuildError(`not a valid kernel image: ${what} lies beyond the end of the file (truncated?)`);
}

export function parseElf32(bytes: Uint8Array): Elf32 {
  if (bytes.length < 52) throw new BuildError(`not an ELF file: only ${bytes.length} bytes`);
  if (bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) throw new BuildError("not an ELF file (bad magic)");
  if (bytes[4] !== 1) throw new BuildError(`unsupported ELF class ${bytes[4] === 2 ? "64-bit" : bytes[4]}: pvwasm runs 32-bit (ELFCLASS32) kernels`);
  if (bytes[5] !== 1) throw new BuildError("unsupported ELF data encoding: the kernel must be little-endian");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const machine = u16(18);
  if (machine !== EM_386) throw new BuildError(`unsupported ELF machine ${machine}: pvwasm runs i386 (EM_386) kernels`);
  const type = u16(16);
  if (type !== 2) throw new BuildError(`ELF type ${type} is not an executable (ET_EXEC)`);
  const entry = u32(24);
  const phoff = u32(28), shoff = u32(32);
  const phentsize = u16(42), phnum = u16(44), shentsize = u16(46), shnum = u16(48), shstrndx = u16(50);
  if (phnum === 0) throw new BuildError("ELF file has no program headers");
  if (phentsize < 32) throw new BuildError(`bad ELF program header size ${phentsize}`);
  need(bytes, phoff, phnum * phentsize, "the program header table");
  const phdrs: ProgramHeader[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    phdrs.push({ type: u32(o), offset: u32(o + 4), vaddr: u32(o + 8), paddr: u32(o + 12), filesz: u32(o + 16), memsz: u32(o + 20), flags: u32(o + 24) });
  }
  const shdrs: SectionHeader[] = [];
  if (shnum > 0 && shoff !== 0) {
    if (shentsize < 40) throw new BuildError(`bad ELF section header size ${shentsize}`);
    need(bytes, shoff, shnum * shentsize, "the section header table");
    const raw = [] as { nameOff: number; type: number; offset: number; size: number }[];
    for (let i = 0; i < shnum; i++) {
      const o = shoff + i * shentsize;
      raw.push({ nameOff: u32(o), type: u32(o + 4), offset: u32(o + 16), size: u32(o + 20) });
    }
    const strtab = shstrndx < raw.length ? raw[shstrndx] : undefined;
    for (const s of raw) {
      let name = "";
      if (strtab && strtab.type !== 8 && s.nameOff < strtab.size && strtab.offset + strtab.size <= bytes.length) {
        let p = strtab.offset + s.nameOff;
        const end = strtab.offset + strtab.size;
        while (p < end && bytes[p] !== 0) name += String.fromCharCode(bytes[p++]);
      }
      shdrs.push({ name, type: s.type, offset: s.offset, size: s.size });
    }
  }
  return { bytes, entry, machine, phdrs, shdrs };
}

/** Parses the note records in bytes[off, off+len). */
export function parseNotes(bytes: Uint8Array, off: number, len: number, where: string): ElfNote[] {
  need(bytes, off, len, where);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const notes: ElfNote[] = [];
  let p = off;
  const end = off + len;
  const align4 = (n: number) => (n + 3) & ~3;
  // As libelf (elf_xen_parse_notes): a note starts inside the segment or section,
  // but its name and descriptor are bounded only by the image. GRUB's i386-xen image,
  // for one, declares a 12-byte PAE_MODE descriptor that ends past its note segment.
  while (p < end) {
    if (p + 12 > bytes.length) throw new BuildError(`not a valid kernel image: malformed ELF note in ${where}`);
    const namesz = dv.getUint32(p, true), descsz = dv.getUint32(p + 4, true), type = dv.getUint32(p + 8, true);
    const nameOff = p + 12;
    const descOff = nameOff + align4(namesz);
    const next = descOff + align4(descsz);
    if (namesz > bytes.length || descsz > bytes.length || nameOff + namesz > bytes.length) {
      throw new BuildError(`not a valid kernel image: malformed ELF note in ${where}`);
    }
    let name = "";
    for (let i = 0; i < namesz && bytes[nameOff + i] !== 0; i++) name += String.fromCharCode(bytes[nameOff + i]);
    // libelf reads bytes beyond the image as zeros (elf_access_unsigned), so a
    // descriptor cut off by the end of the file reads as zero-padded.
    let desc = bytes.subarray(Math.min(descOff, bytes.length), Math.min(descOff + descsz, bytes.length));
    if (desc.length < descsz) { const padded = new Uint8Array(descsz); padded.set(desc); desc = padded; }
    notes.push({ name, type, desc });
    p = next;
  }
  return notes;
}
