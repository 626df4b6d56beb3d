// Builds small ELF32 images for builder tests: a kernel whose program headers, notes
// and section headers can each be made wrong on purpose.

export interface Segment { paddr: number; vaddr?: number; data: Uint8Array; memsz?: number }
export interface Note { type: number; desc: Uint8Array | string | number; name?: string }

export interface ElfSpec {
  entry: number;
  segments: Segment[];
  notes?: Note[];
  /** Put the notes in a section only (no PT_NOTE). */
  notesInSection?: boolean;
  xenGuest?: string;
  elfClass?: number;
  machine?: number;
  type?: number;
}

function noteBytes(notes: Note[]): Uint8Array {
  const parts: number[] = [];
  const push32 = (v: number) => parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  for (const n of notes) {
    const name = (n.name ?? "Xen") + "\0";
    let desc: Uint8Array;
    if (typeof n.desc === "string") desc = new TextEncoder().encode(n.desc + "\0");
    else if (typeof n.desc === "number") { desc = new Uint8Array(4); new DataView(desc.buffer).setUint32(0, n.desc >>> 0, true); }
    else desc = n.desc;
    push32(name.length); push32(desc.length); push32(n.type);
    for (const c of name) parts.push(c.charCodeAt(0));
    while (parts.length % 4) parts.push(0);
    parts.push(...desc);
    while (parts.length % 4) parts.push(0);
  }
  return Uint8Array.from(parts);
}

export const VIRT = 0xc0000000;

/** The notes of a well-formed pvwasm-style guest. */
export function standardNotes(entry: number, hypercallPage?: number): Note[] {
  const n: Note[] = [
    { type: 6, desc: "test" }, { type: 5, desc: "xen-3.0" }, { type: 8, desc: "generic" },
    { type: 3, desc: VIRT }, { type: 4, desc: VIRT }, { type: 1, desc: entry }, { type: 9, desc: "yes" },
  ];
  if (hypercallPage !== undefined) n.push({ type: 2, desc: hypercallPage });
  return n;
}

export function writeElf(spec: ElfSpec): Uint8Array {
  const notes = spec.notes ? noteBytes(spec.notes) : new Uint8Array(0);
  const phNote = spec.notes && !spec.notesInSection ? 1 : 0;
  const phnum = spec.segments.length + phNote;
  const ehsize = 52, phentsize = 32, shentsize = 40;
  let off = ehsize + phnum * phentsize;
  const segOffsets = spec.segments.map((s) => { const o = (off + 15) & ~15; off = o + s.data.length; return o; });
  const noteOff = off; off += notes.length;
  const guest = spec.xenGuest !== undefined ? new TextEncoder().encode(spec.xenGuest + "\0") : undefined;
  const guestOff = off; if (guest) off += guest.length;
  // Section names: "", .note.Xen, __xen_guest, .shstrtab
  const shstr = new TextEncoder().encode("\0.note.Xen\0__xen_guest\0.shstrtab\0");
  const shstrOff = off; off += shstr.length;
  off = (off + 3) & ~3;
  const sections: { name: number; type: number; off: number; size: number }[] = [{ name: 0, type: 0, off: 0, size: 0 }];
  if (spec.notes) sections.push({ name: 1, type: 7, off: noteOff, size: notes.length });
  if (guest) sections.push({ name: 11, type: 1, off: guestOff, size: guest.length });
  sections.push({ name: 23, type: 3, off: shstrOff, size: shstr.length });
  const shoff = off;
  off += sections.length * shentsize;

  const out = new Uint8Array(off);
  const dv = new DataView(out.buffer);
  out.set([0x7f, 0x45, 0x4c, 0x46, spec.elfClass ?? 1, 1, 1]);
  dv.setUint16(16, spec.type ?? 2, true);
  dv.setUint16(18, spec.machine ?? 3, true);
  dv.setUint32(20, 1, true);
  dv.setUint32(24, spec.entry, true);
  dv.setUint32(28, ehsize, true);
  dv.setUint32(32, shoff, true);
  dv.setUint16(40, ehsize, true);
  dv.setUint16(42, phentsize, true);
  dv.setUint16(44, phnum, true);
  dv.setUint16(46, shentsize, true);
  dv.setUint16(48, sections.length, true);
  dv.setUint16(50, sections.length - 1, true);
  spec.segments.forEach((s, i) => {
    const p = ehsize + i * phentsize;
    dv.setUint32(p, 1, true);
    dv.setUint32(p + 4, segOffsets[i], true);
    dv.setUint32(p + 8, s.vaddr ?? s.paddr, true);
    dv.setUint32(p + 12, s.paddr, true);
    dv.setUint32(p + 16, s.data.length, true);
    dv.setUint32(p + 20, s.memsz ?? s.data.length, true);
    dv.setUint32(p + 24, 7, true);
    out.set(s.data, segOffsets[i]);
  });
  if (phNote) {
    const p = ehsize + spec.segments.length * phentsize;
    dv.setUint32(p, 4, true);
    dv.setUint32(p + 4, noteOff, true);
    dv.setUint32(p + 16, notes.length, true);
    dv.setUint32(p + 20, notes.length, true);
  }
  out.set(notes, noteOff);
  if (guest) out.set(guest, guestOff);
  out.set(shstr, shstrOff);
  sections.forEach((s, i) => {
    const p = shoff + i * shentsize;
    dv.setUint32(p, s.name, true);
    dv.setUint32(p + 4, s.type, true);
    dv.setUint32(p + 16, s.off, true);
    dv.setUint32(p + 20, s.size, true);
  });
  return out;
}

/** A tiny valid kernel: `code` at 0xC0000000, hypercall page at 0xC0001000. */
export function tinyKernel(code: number[] = [0xeb, 0xfe]): Uint8Array {
  const text = new Uint8Array(8192);
  text.set(code);
  return writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: text }], notes: standardNotes(VIRT, VIRT + 0x1000) });
}
