// The core's linear memory, in one place.
//
// One instance of the core is one physical machine. Its wasm linear memory holds the
// hypervisor's fixed tables at known addresses, a small area for AssemblyScript's own
// static data, and then all machine frames followed by the frame table:
//
//   0x0000_0000 ┌──────────────────────────────┐
//               │ NULL_GUARD        (64 KiB)   │ never used: a stray null pointer in the
//   0x0001_0000 ├──────────────────────────────┤ core reads zeros, never live state
//               │ CPU_BASE          (4 KiB)    │ live state of the running vcpu
//   0x0001_1000 ├──────────────────────────────┤
//               │ XFER_BASE         (64 KiB)   │ host <-> core argument buffer
//   0x0002_1000 ├──────────────────────────────┤
//               │ CONRING_BASE      (64 KiB)   │ console records (like Xen's conring)
//   0x0003_1000 ├──────────────────────────────┤
//               │ DOMTAB_BASE       (128 KiB)  │ domid -> struct domain address
//   0x0005_1000 ├──────────────────────────────┤
//               │ TLB_BASE          (128 KiB)  │ software TLB, 4096 entries x 32 bytes
//   0x0007_1000 ├──────────────────────────────┤
//               │ (free)                       │
//   0x0010_0000 ├──────────────────────────────┤ AS_DATA_BASE (asconfig memoryBase)
//               │ AssemblyScript static data   │ the core allocates nothing after start,
//               │ and stub heap (3 MiB max)    │ so this region never grows past its end
//   0x0040_0000 ├──────────────────────────────┤
//               │ CODE_CACHE_BASE   (12 MiB)   │ decoded-instruction cache (cpu/)
//   0x0100_0000 ├──────────────────────────────┤ MACHINE_BASE
//               │ machine frames               │ nrFrames x 4 KiB; MFN n lives at
//               │                              │ MACHINE_BASE + n * 4096
//               ├──────────────────────────────┤ frameTableBase (after the last frame)
//               │ frame table                  │ nrFrames x FRAME_SIZE (mm/frame-table.ts)
//               └──────────────────────────────┘ memory end
//
// Everything a domain owns (its RAM) and everything Xen allocates per domain
// (struct domain, struct vcpu, shared_info, event-channel and grant-table pages, the
// M2P table) lives in machine frames, so machine memory is the single budget that
// "out of memory" refers to.

export const PAGE_SHIFT: u32 = 12;
export const PAGE_SIZE: u32 = 1 << PAGE_SHIFT;
export const PAGE_MASK: u32 = ~(PAGE_SIZE - 1);

export const NULL_GUARD: u32 = 0;

// ── live CPU state of the running vcpu (cpu/state.ts) ────────────────────────────────
//   +0    regs[9]    EAX ECX EDX EBX ESP EBP ESI EDI, then an always-zero slot used by
//                    effective-address arithmetic for "no base / no index"
//   +64   segs[6]    ES CS SS DS FS GS: { sel, base, limit, attr } 16 bytes each
//   +160  ldtr/gdtr  cached descriptor-table state
//   +256  fpu        x87/SSE state in FXSAVE layout (512 bytes)
//   +1024 rec        the decoded-instruction record being executed
//   +2048 bounce     bytes of an access that crosses a page boundary
//   +3072 hcbuf      scratch for hypercall arguments (1 KiB)
export const CPU_BASE: u32 = 0x10000;
export const CPU_SIZE: u32 = 0x1000;
export const CPU_REGS: u32 = CPU_BASE;
export const CPU_SEGS: u32 = CPU_BASE + 64;
export const CPU_DT: u32 = CPU_BASE + 160;
export const CPU_FPU: u32 = CPU_BASE + 256;
export const CPU_REC: u32 = CPU_BASE + 1024;
export const CPU_BOUNCE: u32 = CPU_BASE + 2048;
export const CPU_HCBUF: u32 = CPU_BASE + 3072;
export const CPU_HCBUF_SIZE: u32 = 1024;

// ── host transfer buffer: structs passed by the host to exports and back ──────────────
export const XFER_BASE: u32 = CPU_BASE + CPU_SIZE;
export const XFER_SIZE: u32 = 0x10000;

// ── console ring: records { domid u16, len u16, bytes[len] } drained by the host ──────
export const CONRING_BASE: u32 = XFER_BASE + XFER_SIZE;
export const CONRING_SIZE: u32 = 0x10000;

// ── domain table: one u32 per domid < DOMID_FIRST_RESERVED, 0 = no such domain ───────
export const DOMTAB_BASE: u32 = CONRING_BASE + CONRING_SIZE;
export const DOMTAB_ENTRIES: u32 = 0x7ff0;
export const DOMTAB_SIZE: u32 = 0x20000;

// ── software TLB (cpu/tlb.ts) ────────────────────────────────────────────────────────
export const TLB_BASE: u32 = DOMTAB_BASE + DOMTAB_SIZE;
export const TLB_ENTRIES: u32 = 4096;
export const TLB_ENTRY_SIZE: u32 = 32;
export const TLB_SIZE: u32 = TLB_ENTRIES * TLB_ENTRY_SIZE;
export const FIXED_END: u32 = TLB_BASE + TLB_SIZE;

// AssemblyScript's static data starts here (asconfig.json "memoryBase").
export const AS_DATA_BASE: u32 = 0x100000;
export const AS_DATA_END: u32 = 0x400000;

// ── decoded-instruction cache (cpu/code-cache.ts) ─────────────────────────────────────
export const CODE_CACHE_BASE: u32 = AS_DATA_END;
export const CODE_CACHE_SIZE: u32 = 0xC00000;

// ── machine frames ───────────────────────────────────────────────────────────────────
export const MACHINE_BASE: u32 = 0x1000000;
// Largest machine the core supports: 3 GiB of frames keeps the whole linear memory,
// frame table included, below the 4 GiB a wasm32 memory can address.
export const MAX_FRAMES: u32 = 0xC0000;

/** Host address of byte 0 of machine frame `mfn`. */
// @ts-ignore: decorator
@inline export function frameAddr(mfn: u32): u32 {
  return MACHINE_BASE + (mfn << PAGE_SHIFT);
}

// Sanity checks on the layout (evaluated at instantiation in debug builds).
assert(FIXED_END <= AS_DATA_BASE, "fixed regions overlap AssemblyScript data");
assert(CODE_CACHE_BASE + CODE_CACHE_SIZE <= MACHINE_BASE, "code cache overlaps machine frames");
