// The domain builder on good and bad kernel images: every bad input is a BuildError
// with a message that says what is wrong, and no domain is left behind.

import { describe, expect, it } from "vitest";
import { loadCore } from "../src/core/node.js";
import { buildDomain, inspectKernel } from "../src/builder/build.js";
import { BuildError } from "../src/builder/errors.js";
import { guestImage } from "./helpers/guest.js";
import { standardNotes, tinyKernel, VIRT, writeElf } from "./helpers/elf-writer.js";

const expectBuildError = (f: () => unknown, msg: RegExp) => {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(BuildError);
  expect((err as Error).message).toMatch(msg);
};

describe("kernel image checks", () => {
  it("accepts the project's guests and reads their Xen notes", () => {
    const p = inspectKernel(guestImage("hello"));
    expect(p.source).toBe("notes");
    expect(p.virtBase).toBe(VIRT);
    expect(p.loader).toBe("generic");
    expect(p.xenVersion).toBe("xen-3.0");
    expect(p.hypercallPage).toBeGreaterThanOrEqual(VIRT);
    expect(p.pae).toBe("extended-cr3");
  });

  it("a truncated file is refused", () => {
    const img = guestImage("hello");
    expectBuildError(() => inspectKernel(img.subarray(0, 30)), /not an ELF file/);
    expectBuildError(() => inspectKernel(img.subarray(0, 200)), /beyond the end|truncated/);
  });

  it("a 64-bit ELF is refused", () => {
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, elfClass: 2, segments: [{ paddr: VIRT, data: new Uint8Array(16) }] })), /64-bit/);
  });

  it("a non-i386 machine is refused", () => {
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, machine: 62, segments: [{ paddr: VIRT, data: new Uint8Array(16) }] })), /machine 62/);
  });

  it("a non-executable ELF type is refused", () => {
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, type: 1, segments: [{ paddr: VIRT, data: new Uint8Array(16) }] })), /not an executable/);
  });

  it("an image without Xen notes or __xen_guest is refused", () => {
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(16) }] })), /not a Xen-ELF image/);
  });

  it("a note whose descriptor runs past its segment, or past the file, is read as libelf reads it (GRUB's PAE_MODE note)", () => {
    const img = writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(4096) }], notes: standardNotes(VIRT) });
    // The last note is PAE_MODE "yes": claim a 12-byte descriptor, as grub-i386-xen.bin does.
    const at = Buffer.from(img).lastIndexOf(Buffer.from("Xen\0yes\0"));
    new DataView(img.buffer).setUint32(at - 8, 12, true);
    expect(inspectKernel(img).pae).toBe("extended-cr3");
    // Cut the file right after "yes\0" (no section headers then): the rest of the
    // descriptor reads as zeros.
    const cut = img.slice(0, at + 8);
    new DataView(cut.buffer).setUint32(32, 0, true);  // e_shoff
    new DataView(cut.buffer).setUint16(48, 0, true);  // e_shnum
    expect(inspectKernel(cut).pae).toBe("extended-cr3");
  });

  it("notes found only in a SHT_NOTE section are used", () => {
    const img = writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(4096) }], notes: standardNotes(VIRT), notesInSection: true });
    expect(inspectKernel(img).loader).toBe("generic");
  });

  it("the legacy __xen_guest string is understood", () => {
    const img = writeElf({
      entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(8192) }],
      xenGuest: "GUEST_OS=linux,XEN_VER=xen-3.0,VIRT_BASE=0xC0000000,ELF_PADDR_OFFSET=0xC0000000,HYPERCALL_PAGE=0x1,PAE=yes[extended-cr3],LOADER=generic",
    });
    const p = inspectKernel(img);
    expect(p.source).toBe("__xen_guest");
    expect(p.hypercallPage).toBe(VIRT + 0x1000);
    expect(p.pae).toBe("extended-cr3");
  });

  it("a kernel for another loader or Xen version is refused", () => {
    const notes = standardNotes(VIRT).map((n) => (n.type === 8 ? { ...n, desc: "other" } : n));
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(16) }], notes })), /LOADER/);
    const notes2 = standardNotes(VIRT).map((n) => (n.type === 5 ? { ...n, desc: "xen-2.0" } : n));
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(16) }], notes: notes2 })), /XEN_VERSION/);
  });

  it("a non-PAE kernel is refused", () => {
    const notes = standardNotes(VIRT).filter((n) => n.type !== 9);
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(16) }], notes })), /not PAE/);
  });

  it("an entry point outside the image is refused", () => {
    expectBuildError(() => inspectKernel(writeElf({ entry: VIRT, segments: [{ paddr: VIRT, data: new Uint8Array(16) }], notes: standardNotes(VIRT + 0x100000) })), /entry point out of bounds/);
  });

  it("overlapping loadable segments are refused", () => {
    const img = writeElf({
      entry: VIRT, notes: standardNotes(VIRT),
      segments: [{ paddr: VIRT, data: new Uint8Array(8192) }, { paddr: VIRT + 4096, data: new Uint8Array(4096) }],
    });
    expectBuildError(() => inspectKernel(img), /overlap/);
  });

  it("a segment whose file size exceeds its memory size is refused", () => {
    const img = writeElf({ entry: VIRT, notes: standardNotes(VIRT), segments: [{ paddr: VIRT, data: new Uint8Array(64), memsz: 16 }] });
    expectBuildError(() => inspectKernel(img), /file size exceeds/);
  });
});

describe("building a domain", () => {
  it("a kernel larger than the domain's memory is refused, and no domain is left behind", async () => {
    const core = await loadCore({ frames: 16384 });
    const img = writeElf({ entry: VIRT, notes: standardNotes(VIRT), segments: [{ paddr: VIRT, data: new Uint8Array(16), memsz: 20 << 20 }] });
    expectBuildError(() => buildDomain(core, img, { domid: 1, memoryBytes: 16 << 20 }), /needs 20 MiB|not enough memory/);
    expect(core.domainExists(1)).toBe(false);
  });

  it("more memory than the machine has is refused", async () => {
    const core = await loadCore({ frames: 4096 });
    expectBuildError(() => buildDomain(core, tinyKernel(), { domid: 1, memoryBytes: 32 << 20 }), /not enough machine memory/);
  });

  it("a hypercall page outside the image is refused", async () => {
    const core = await loadCore({ frames: 8192 });
    const img = writeElf({ entry: VIRT, notes: standardNotes(VIRT, VIRT + 0x200000), segments: [{ paddr: VIRT, data: new Uint8Array(8192) }] });
    expectBuildError(() => buildDomain(core, img, { domid: 1, memoryBytes: 16 << 20 }), /hypercall page/);
  });

  it("the bootstrap page tables validate: the L3 is pinned, page-table frames are typed, RAM holds references", async () => {
    const core = await loadCore({ frames: 8192 });
    const b = buildDomain(core, tinyKernel(), { domid: 1, memoryBytes: 16 << 20 });
    const l3 = core.frameInfo(b.p2m[b.layout.ptPfn]);
    expect(l3.typeInfo >>> 29).toBe(3);                  // PGT_l3_page_table
    expect(l3.typeInfo & (1 << 28)).not.toBe(0);         // pinned
    const l2 = core.frameInfo(b.p2m[b.layout.ptPfn + 1]);
    expect(l2.typeInfo >>> 29).toBe(2);
    expect(l2.typeInfo & (1 << 26)).not.toBe(0);         // pae_xen_l2 (the slot-3 L2)
    const kernelPage = core.frameInfo(b.p2m[0]);
    expect(kernelPage.typeInfo >>> 29).toBe(7);          // writable: mapped RW
    expect(kernelPage.owner).toBe(1);
    // Page-table pages are mapped read-only, so they cannot be mapped writable by the host either.
    expect(() => core.mapForeign(1, b.p2m[b.layout.ptPfn], true)).toThrow(/EBUSY/);
    expect(core.m2p(b.p2m[5])).toBe(5);
  });
});
