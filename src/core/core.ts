// Loader and typed bindings for build/core.wasm.
//
// This is the only host file that knows the core's export names. Everything else in
// the host talks to the machine through the Core class: it is domain 0's view of
// the hypervisor (domctls, privileged foreign mappings, the console ring).
// Platform neutral: it takes the wasm bytes; node.ts and the browser load them.

import { errnoName } from "../generated/errno.js";

export const PAGE_SIZE = 4096;

/** Why core.run() returned. */
export enum ExitReason {
  Budget = 0,
  Idle = 1,
  Console = 2,
  /** A port of the host became pending: a back end (xenstored, …) has work. */
  HostEvent = 3,
}

export type ClockSource = "virtual" | "host";

/** A core operation failed with a Xen errno. */
export class CoreError extends Error {
  constructor(readonly op: string, readonly errno: number) {
    super(`${op} failed: ${errnoName(errno)}`);
    this.name = "CoreError";
  }
}

interface CoreExports {
  memory: WebAssembly.Memory;
  machineInit(frames: number): number;
  xferBase(): number;
  xferSize(): number;
  machineFrames(): number;
  freeFrames(): number;
  machineBase(): number;
  opCount(): number;
  run(budget: number): number;
  setClockSource(src: number): void;
  systemTimeLo(): number;
  systemTimeHi(): number;
  instructionsLo(): number;
  instructionsHi(): number;
  tlbMissCount(): number;
  tlbFlushCount(): number;
  conringBase(): number;
  conringUsed(): number;
  conringDrained(): void;
  domainCreate(domid: number, maxVcpus: number, maxPages: number, privileged: number): number;
  domainDestroy(domid: number): number;
  domainPauseCtl(domid: number, pause: number): number;
  domainShutdownCtl(domid: number, reason: number): number;
  domainAllocFrames(domid: number, count: number): number;
  domainSetM2p(domid: number, count: number): number;
  m2pLookup(mfn: number): number;
  mapForeign(domid: number, mfn: number, writable: number): number;
  domainPinTable(domid: number, level: number, mfn: number): number;
  domainHypercallInit(domid: number, mfn: number): number;
  domainSetVcpuContext(domid: number, vcpu: number): number;
  domainSetHandle(domid: number): number;
  domainSharedInfoMfn(domid: number): number;
  domainGetInfo(domid: number): number;
  frameInfo(mfn: number): number;
  vcpuGetState(domid: number, vcpu: number): number;
  vcpuGetFpu(domid: number, vcpu: number): number;
  vcpuSetFpu(domid: number, vcpu: number): number;
  hypercallAsGuest(domid: number, vcpu: number, nr: number, a1: number, a2: number, a3: number, a4: number, a5: number): number;
  evtchnHostAllocUnbound(domid: number, remoteDom: number): number;
  evtchnHostBindInterdomain(remoteDom: number, remotePort: number): number;
  evtchnHostBindVirq(virq: number): number;
  evtchnHostSend(port: number): number;
  evtchnHostClose(port: number): number;
  evtchnHostUnmask(port: number): number;
  evtchnHostStatus(domid: number, port: number): number;
  evtchnHostPending(): number;
  evtchnIsPendingFor(domid: number, port: number): number;
  domainSendVirq(domid: number, virq: number): number;
  setPcpus(n: number): number;
  pcpuCount(): number;
  setNsPerInsn(n: number): number;
  getNsPerInsn(): number;
  schedCreditSet(domid: number, weight: number, cap: number): number;
  schedCreditGet(domid: number): number;
  nextDeadlineLo(): number;
  nextDeadlineHi(): number;
  setWallclock(secLo: number, secHi: number, nsec: number): void;
  machineSnapshot(first: number): number;
  mmCheck(): number;
  domainSetMemoryMap(domid: number, count: number): number;
  cpuTestBegin(domid: number): number;
  cpuTestStep(codeMfn: number): number;
  cpuTestEnd(): void;
}

/** Domain flags as reported by domainInfo (assembly/domain/layout.ts DOMF_*). */
export const DOMF_privileged = 1 << 0;
export const DOMF_shutdown = 1 << 1;
export const DOMF_dying = 1 << 2;
export const DOMF_crash_info = 1 << 3;

export interface DomainInfo {
  flags: number;
  shutdown: boolean;
  shutdownReason: number;
  totPages: number;
  maxPages: number;
  maxVcpus: number;
  onlineVcpus: number;
  paused: boolean;
  xenheapPages: number;
  instructions: bigint;
  hypercalls: bigint;
  faults: bigint;
  /** Present when the core crashed the domain (rather than the guest asking to crash). */
  crash?: { reason: number; vector: number; eip: number; bytes: Uint8Array };
  vcpu0Eip: number;
  vmAssist: number;
  hypercallCounts: Uint32Array;
  /** The last #UD the CPU raised in this domain, if any. */
  lastInvalidOpcode?: { count: number; eip: number; unimplemented: boolean; bytes: Uint8Array };
}

export interface ConsoleRecord {
  domid: number;
  text: string;
}

export interface VcpuState {
  regs: Uint32Array; // EAX ECX EDX EBX ESP EBP ESI EDI
  eip: number;
  eflags: number;
  cpl: number;
  kernelSs: number;
  kernelSp: number;
  eventCs: number;
  eventEip: number;
  failsafeCs: number;
  failsafeEip: number;
  pauseFlags: number;
  cr3Mfn: number;
  segs: number[]; // ES CS SS DS FS GS selectors
  trapTable: { vector: number; flags: number; cs: number; address: number }[];
}

export interface FrameInfo {
  countInfo: number;
  typeInfo: number;
  owner: number;
}

/** The first MMU invariant violation mmCheck found (codes: assembly/mm/mm-check.ts). */
export interface MmViolation {
  count: number;
  code: number;
  mfn: number;
  detail: number;
}

/** One entry of a guest's pseudo-physical E820 map. */
export interface E820Entry {
  addr: bigint;
  size: bigint;
  type: number;
}

export interface CoreOptions {
  /** Machine memory in 4 KiB frames. */
  frames: number;
  clock?: ClockSource;
  /** Physical CPUs the machine has (default 1). */
  pcpus?: number;
  /** Virtual nanoseconds per retired instruction (default 1). */
  nsPerInsn?: number;
}

/** EVTCHNOP_status results (xen/include/public/event_channel.h EVTCHNSTAT_*). */
export const EVTCHNSTAT = { closed: 0, unbound: 1, interdomain: 2, pirq: 3, virq: 4, ipi: 5 } as const;
export const RUNSTATE_NAMES = ["running", "runnable", "blocked", "offline"] as const;

export interface EvtchnStatus { status: number; vcpu: number; dom: number; port: number }

/** Usage of one vcpu (machineSnapshot). Times in ns of system time. */
export interface VcpuUsage {
  vcpu: number;
  runstate: (typeof RUNSTATE_NAMES)[number];
  pauseFlags: number;
  credit: number;
  priority: number;
  /** Physical CPU running it, or -1. */
  pcpu: number;
  runningNs: bigint; runnableNs: bigint; blockedNs: bigint; offlineNs: bigint;
  instructions: bigint; hypercalls: bigint; faults: bigint; eventsSent: bigint; eventsReceived: bigint;
  hypercallsByNr: Uint32Array;
}

/** Usage of one domain (machineSnapshot); cpuNs and blockedNs sum its vcpus. */
export interface DomainUsage {
  domid: number;
  flags: number;
  pauseCount: number;
  shutdownReason: number;
  totPages: number; maxPages: number; xenheapPages: number;
  weight: number; cap: number;
  cpuNs: bigint; blockedNs: bigint;
  instructions: bigint; hypercalls: bigint; faults: bigint; eventsSent: bigint; eventsReceived: bigint;
  hypercallsByNr: Uint32Array;
  vcpus: VcpuUsage[];
}

export interface MachineSnapshot { systemTimeNs: bigint; domains: DomainUsage[] }

function decodeAsString(mem: WebAssembly.Memory, ptr: number): string {
  if (!ptr) return "";
  const len = new Uint32Array(mem.buffer, ptr - 4, 1)[0];
  return String.fromCharCode(...new Uint16Array(mem.buffer, ptr, len >>> 1));
}

export class Core {
  private constructor(private readonly ex: CoreExports) {}

  /** Instantiates the core from its wasm bytes and sets up a machine. */
  static async create(wasm: BufferSource | WebAssembly.Module, opts: CoreOptions): Promise<Core> {
    let memory: WebAssembly.Memory | undefined;
    const imports = {
      env: {
        abort(msg: number, file: number, line: number, col: number): never {
          const m = memory ? `${decodeAsString(memory, msg)} at ${decodeAsString(memory, file)}:${line}:${col}` : "";
          throw new Error(`core assertion failed: ${m}`);
        },
        hostNowNs(): number {
          return performance.now() * 1e6;
        },
      },
    };
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    const instance = await WebAssembly.instantiate(module, imports);
    const ex = instance.exports as unknown as CoreExports;
    memory = ex.memory;
    const core = new Core(ex);
    const rc = ex.machineInit(opts.frames >>> 0);
    if (rc < 0) throw new CoreError("machine init", rc);
    if (opts.clock === "host") ex.setClockSource(1);
    if (opts.pcpus !== undefined && ex.setPcpus(opts.pcpus) < 0) throw new CoreError("set physical CPUs", -22);
    if (opts.nsPerInsn !== undefined && ex.setNsPerInsn(opts.nsPerInsn) < 0) throw new CoreError("set ns per instruction", -22);
    return core;
  }

  /** A fresh byte view of the whole linear memory (views die when memory grows). */
  private get u8(): Uint8Array {
    return new Uint8Array(this.ex.memory.buffer);
  }
  private get dv(): DataView {
    return new DataView(this.ex.memory.buffer);
  }

  private check(op: string, rc: number): number {
    if (rc < 0) throw new CoreError(op, rc);
    return rc;
  }

  get frames(): number { return this.ex.machineFrames(); }
  get freeFrames(): number { return this.ex.freeFrames(); }
  get opCount(): number { return this.ex.opCount(); }
  get systemTimeNs(): bigint {
    return (BigInt(this.ex.systemTimeHi() >>> 0) << 32n) | BigInt(this.ex.systemTimeLo() >>> 0);
  }
  get instructions(): bigint {
    return (BigInt(this.ex.instructionsHi() >>> 0) << 32n) | BigInt(this.ex.instructionsLo() >>> 0);
  }
  get tlbMisses(): number { return this.ex.tlbMissCount(); }
  get tlbFlushes(): number { return this.ex.tlbFlushCount(); }

  /** Runs the machine for up to `budget` guest instructions. */
  run(budget: number): ExitReason {
    return this.ex.run(budget >>> 0) as ExitReason;
  }

  /** Takes every console record written since the last drain. */
  drainConsole(): ConsoleRecord[] {
    const used = this.ex.conringUsed();
    if (used === 0) return [];
    const base = this.ex.conringBase();
    const u8 = this.u8;
    const out: ConsoleRecord[] = [];
    let p = 0;
    while (p + 4 <= used) {
      const domid = u8[base + p] | (u8[base + p + 1] << 8);
      const len = u8[base + p + 2] | (u8[base + p + 3] << 8);
      const bytes = u8.subarray(base + p + 4, base + p + 4 + len);
      out.push({ domid, text: String.fromCharCode(...bytes) });
      p += 4 + len;
    }
    this.ex.conringDrained();
    return out;
  }

  // ── the transfer buffer ─────────────────────────────────────────────────────────────
  private xfer(): { base: number; size: number } {
    return { base: this.ex.xferBase(), size: this.ex.xferSize() };
  }

  // ── domctls ───────────────────────────────────────────────────────────────────────
  createDomain(domid: number, maxVcpus: number, maxPages: number, privileged = false): number {
    return this.check("create domain", this.ex.domainCreate(domid, maxVcpus, maxPages, privileged ? 1 : 0));
  }
  destroyDomain(domid: number): void { this.check("destroy domain", this.ex.domainDestroy(domid)); }
  pauseDomain(domid: number): void { this.check("pause domain", this.ex.domainPauseCtl(domid, 1)); }
  unpauseDomain(domid: number): void { this.check("unpause domain", this.ex.domainPauseCtl(domid, 0)); }
  shutdownDomain(domid: number, reason: number): void {
    this.check("shut down domain", this.ex.domainShutdownCtl(domid, reason));
  }

  /** Allocates `count` frames to the domain; returns their MFNs in allocation order. */
  allocFrames(domid: number, count: number): Uint32Array {
    const { base, size } = this.xfer();
    const out = new Uint32Array(count);
    const chunk = size / 4;
    for (let done = 0; done < count; ) {
      const want = Math.min(chunk, count - done);
      const got = this.check("allocate frames", this.ex.domainAllocFrames(domid, want));
      out.set(new Uint32Array(this.ex.memory.buffer, base, got), done);
      done += got;
      if (got < want) throw new CoreError("allocate frames", -12);
    }
    return out;
  }

  /** Sets M2P entries mfns[i] → pfn0 + i. */
  setM2p(domid: number, mfns: Uint32Array, pfn0 = 0): void {
    const { base, size } = this.xfer();
    const chunk = size / 8;
    for (let i = 0; i < mfns.length; i += chunk) {
      const n = Math.min(chunk, mfns.length - i);
      const v = new Uint32Array(this.ex.memory.buffer, base, n * 2);
      for (let j = 0; j < n; j++) { v[2 * j] = mfns[i + j]; v[2 * j + 1] = pfn0 + i + j; }
      this.check("set M2P", this.ex.domainSetM2p(domid, n));
    }
  }

  m2p(mfn: number): number { return this.ex.m2pLookup(mfn) >>> 0; }

  /**
   * Maps one frame of `domid` into the host (privileged foreign mapping): a view of its
   * 4096 bytes, valid until memory grows. Writable access to a page-table or
   * descriptor frame in use is refused.
   */
  mapForeign(domid: number, mfn: number, writable: boolean): Uint8Array {
    const addr = this.check("map foreign frame", this.ex.mapForeign(domid, mfn, writable ? 1 : 0));
    return new Uint8Array(this.ex.memory.buffer, addr >>> 0, PAGE_SIZE);
  }

  pinTable(domid: number, level: 1 | 2 | 3, mfn: number): void {
    this.check(`pin L${level} table`, this.ex.domainPinTable(domid, level, mfn));
  }
  hypercallInit(domid: number, mfn: number): void {
    this.check("write hypercall page", this.ex.domainHypercallInit(domid, mfn));
  }

  /** Loads vcpu `vcpu` from a 2800-byte vcpu_guest_context. */
  setVcpuContext(domid: number, vcpu: number, ctx: Uint8Array): void {
    const { base } = this.xfer();
    this.u8.set(ctx, base);
    this.check("set vcpu context", this.ex.domainSetVcpuContext(domid, vcpu));
  }

  setHandle(domid: number, handle: Uint8Array): void {
    const { base } = this.xfer();
    this.u8.set(handle.subarray(0, 16), base);
    this.check("set domain handle", this.ex.domainSetHandle(domid));
  }

  sharedInfoMfn(domid: number): number { return this.check("shared info", this.ex.domainSharedInfoMfn(domid)); }

  domainExists(domid: number): boolean { return this.ex.domainGetInfo(domid) >= 0; }

  domainInfo(domid: number): DomainInfo {
    this.check("domain info", this.ex.domainGetInfo(domid));
    const { base } = this.xfer();
    const dv = this.dv;
    const u32 = (o: number) => dv.getUint32(base + o, true);
    const flags = u32(0);
    const info: DomainInfo = {
      flags,
      shutdown: (flags & DOMF_shutdown) !== 0,
      shutdownReason: u32(4),
      totPages: u32(8),
      maxPages: u32(12),
      maxVcpus: u32(16),
      paused: u32(20) !== 0,
      xenheapPages: u32(24),
      onlineVcpus: u32(28),
      instructions: dv.getBigUint64(base + 32, true),
      hypercalls: dv.getBigUint64(base + 40, true),
      faults: dv.getBigUint64(base + 48, true),
      vcpu0Eip: u32(88),
      vmAssist: u32(92),
      hypercallCounts: new Uint32Array(this.ex.memory.buffer.slice(base + 96, base + 96 + 256)),
    };
    if (u32(352) > 0) {
      info.lastInvalidOpcode = {
        count: u32(352),
        eip: u32(356),
        unimplemented: u32(360) !== 0,
        bytes: this.u8.slice(base + 368, base + 368 + Math.min(u32(364), 16)),
      };
    }
    if (flags & DOMF_crash_info) {
      const len = u32(68);
      info.crash = {
        reason: u32(56),
        vector: dv.getInt32(base + 60, true),
        eip: u32(64),
        bytes: this.u8.slice(base + 72, base + 72 + Math.min(len, 16)),
      };
    }
    return info;
  }

  /** Issues hypercall `nr` as vcpu `vcpu` of `domid` would; returns EAX (signed). */
  hypercall(domid: number, vcpu: number, nr: number, ...args: number[]): number {
    const a = [0, 0, 0, 0, 0].map((_, i) => (args[i] ?? 0) >>> 0);
    return this.ex.hypercallAsGuest(domid, vcpu, nr, a[0], a[1], a[2], a[3], a[4]) | 0;
  }

  vcpuState(domid: number, vcpu: number): VcpuState {
    this.check("vcpu state", this.ex.vcpuGetState(domid, vcpu));
    const { base } = this.xfer();
    const dv = this.dv;
    const u32 = (o: number) => dv.getUint32(base + o, true);
    const trapTable = [];
    for (let i = 0; i < 256; i++) {
      const o = base + 88 + i * 8;
      trapTable.push({ vector: dv.getUint8(o), flags: dv.getUint8(o + 1), cs: dv.getUint16(o + 2, true), address: dv.getUint32(o + 4, true) });
    }
    return {
      regs: new Uint32Array(this.ex.memory.buffer.slice(base, base + 32)),
      eip: u32(32), eflags: u32(36), cpl: u32(40), kernelSs: u32(44), kernelSp: u32(48),
      eventCs: u32(52), eventEip: u32(56), failsafeCs: u32(60), failsafeEip: u32(64), pauseFlags: u32(68),
      cr3Mfn: u32(72), segs: [0, 1, 2, 3, 4, 5].map((s) => dv.getUint16(base + 76 + 2 * s, true)), trapTable,
    };
  }

  // ── differential CPU tests (test/cpu-diff/; layout in assembly/exports/cputest.ts) ──
  /** Runs vcpu 0 of the paused `domid` at CPL 3 for single steps, capturing its faults. */
  cpuTestBegin(domid: number): void { this.check("begin CPU test", this.ex.cpuTestBegin(domid)); }
  /** The transfer buffer the steps read their state from and write results to. */
  cpuTestBuffer(): Uint8Array { const { base, size } = this.xfer(); return new Uint8Array(this.ex.memory.buffer, base, size); }
  /** Executes one instruction (the host wrote it into frame `codeMfn`). */
  cpuTestStep(codeMfn: number): void { this.check("CPU test step", this.ex.cpuTestStep(codeMfn)); }
  cpuTestEnd(): void { this.ex.cpuTestEnd(); }

  /** The vcpu's FPU/SSE state as the architectural 512-byte FXSAVE image. */
  vcpuFpu(domid: number, vcpu: number): Uint8Array {
    this.check("vcpu FPU state", this.ex.vcpuGetFpu(domid, vcpu));
    const { base } = this.xfer();
    return new Uint8Array(this.ex.memory.buffer.slice(base, base + 512));
  }

  /** Replaces the vcpu's FPU/SSE state with a 512-byte FXSAVE image. */
  setVcpuFpu(domid: number, vcpu: number, image: Uint8Array): void {
    if (image.length !== 512) throw new Error("setVcpuFpu: an FXSAVE image is 512 bytes");
    const { base } = this.xfer();
    new Uint8Array(this.ex.memory.buffer, base, 512).set(image);
    this.check("set vcpu FPU state", this.ex.vcpuSetFpu(domid, vcpu));
  }

  frameInfo(mfn: number): FrameInfo {
    this.check("frame info", this.ex.frameInfo(mfn));
    const { base } = this.xfer();
    const dv = this.dv;
    return { countInfo: dv.getUint32(base, true), typeInfo: dv.getUint32(base + 4, true), owner: dv.getUint32(base + 8, true) };
  }

  // ── event channels as domain 0 ───────────────────────────────────────────────────
  /** A port in `domid` that `remoteDom` may bind (EVTCHNOP_alloc_unbound as dom0). */
  allocUnboundPort(domid: number, remoteDom: number): number {
    return this.check("allocate unbound port", this.ex.evtchnHostAllocUnbound(domid, remoteDom));
  }
  /** Binds a host port to `remoteDom`'s unbound port; returns the host's port. */
  bindInterdomain(remoteDom: number, remotePort: number): number {
    return this.check("bind interdomain port", this.ex.evtchnHostBindInterdomain(remoteDom, remotePort));
  }
  bindVirq(virq: number): number { return this.check("bind VIRQ", this.ex.evtchnHostBindVirq(virq)); }
  sendEvent(port: number): void { this.check("send event", this.ex.evtchnHostSend(port)); }
  closePort(port: number): void { this.check("close port", this.ex.evtchnHostClose(port)); }
  unmaskPort(port: number): void { this.check("unmask port", this.ex.evtchnHostUnmask(port)); }
  evtchnStatus(domid: number, port: number): EvtchnStatus {
    this.check("event channel status", this.ex.evtchnHostStatus(domid, port));
    const { base } = this.xfer();
    const dv = this.dv;
    return { status: dv.getUint32(base, true), vcpu: dv.getUint32(base + 4, true), dom: dv.getUint32(base + 8, true), port: dv.getUint32(base + 12, true) };
  }
  /** The host's ports that became pending since the last call (their pending bits are cleared). */
  takePendingPorts(): number[] {
    const n = this.ex.evtchnHostPending();
    return Array.from(new Uint32Array(this.ex.memory.buffer, this.xfer().base, n));
  }
  isPortPending(domid: number, port: number): boolean {
    return this.check("port pending", this.ex.evtchnIsPendingFor(domid, port)) === 1;
  }
  sendVirq(domid: number, virq: number): void { this.check("send VIRQ", this.ex.domainSendVirq(domid, virq)); }

  // ── scheduler and time ─────────────────────────────────────────────────────────
  get pcpus(): number { return this.ex.pcpuCount(); }
  get nsPerInsn(): number { return this.ex.getNsPerInsn(); }
  /** Sets a domain's credit-scheduler weight and/or cap (undefined = unchanged). */
  schedCredit(domid: number, p: { weight?: number; cap?: number }): void {
    this.check("set credit parameters", this.ex.schedCreditSet(domid, p.weight ?? 0, p.cap === undefined ? 0xffffffff : p.cap));
  }
  schedCreditGet(domid: number): { weight: number; cap: number } {
    this.check("get credit parameters", this.ex.schedCreditGet(domid));
    const { base } = this.xfer();
    return { weight: this.dv.getUint32(base, true), cap: this.dv.getUint32(base + 4, true) };
  }
  /** When an idle machine next has work (system time in ns), or undefined if never. */
  get nextDeadlineNs(): bigint | undefined {
    const t = (BigInt(this.ex.nextDeadlineHi() >>> 0) << 32n) | BigInt(this.ex.nextDeadlineLo() >>> 0);
    return t === 0xffffffffffffffffn ? undefined : t;
  }
  /** The wallclock (UTC) at system time 0, in every domain's shared_info. */
  setWallclock(sec: number, nsec = 0): void {
    this.ex.setWallclock(sec % 2 ** 32, Math.floor(sec / 2 ** 32), nsec);
  }

  // ── accounting ────────────────────────────────────────────────────────────────
  /** Usage data of every domain and vcpu, as one typed snapshot. */
  snapshot(): MachineSnapshot {
    const domains: DomainUsage[] = [];
    let systemTimeNs = 0n;
    for (let first = 0; first < 0x7ff0; ) {
      this.ex.machineSnapshot(first);
      const { base } = this.xfer();
      const dv = this.dv;
      const count = dv.getUint32(base, true);
      const next = dv.getUint32(base + 4, true);
      systemTimeNs = dv.getBigUint64(base + 8, true);
      let p = base + 16;
      const u32 = (o: number) => dv.getUint32(o, true);
      const u64 = (o: number) => dv.getBigUint64(o, true);
      const counts = (o: number) => new Uint32Array(this.ex.memory.buffer.slice(o, o + 256));
      for (let i = 0; i < count; i++) {
        const nv = u32(p + 28);
        const vcpus: VcpuUsage[] = [];
        let q = p + 336;
        for (let j = 0; j < nv; j++, q += 352) {
          vcpus.push({
            vcpu: u32(q), runstate: RUNSTATE_NAMES[u32(q + 4) & 3], pauseFlags: u32(q + 8), credit: dv.getInt32(q + 12, true),
            priority: dv.getInt32(q + 16, true), pcpu: dv.getInt32(q + 20, true),
            runningNs: u64(q + 24), runnableNs: u64(q + 32), blockedNs: u64(q + 40), offlineNs: u64(q + 48),
            instructions: u64(q + 56), hypercalls: u64(q + 64), faults: u64(q + 72), eventsSent: u64(q + 80), eventsReceived: u64(q + 88),
            hypercallsByNr: counts(q + 96),
          });
        }
        domains.push({
          domid: u32(p), flags: u32(p + 4), pauseCount: u32(p + 8), shutdownReason: u32(p + 12),
          totPages: u32(p + 16), maxPages: u32(p + 20), xenheapPages: u32(p + 24), weight: u32(p + 32), cap: u32(p + 36),
          cpuNs: vcpus.reduce((s, v) => s + v.runningNs, 0n), blockedNs: vcpus.reduce((s, v) => s + v.blockedNs, 0n),
          instructions: u64(p + 40), hypercalls: u64(p + 48), faults: u64(p + 56), eventsSent: u64(p + 64), eventsReceived: u64(p + 72),
          hypercallsByNr: counts(p + 80), vcpus,
        });
        p = q;
      }
      first = next;
    }
    return { systemTimeNs, domains };
  }

  /** Audits the MMU's invariants; undefined when they all hold. */
  mmCheck(): MmViolation | undefined {
    const count = this.ex.mmCheck();
    if (count === 0) return undefined;
    const { base } = this.xfer();
    const dv = this.dv;
    return { count, code: dv.getUint32(base, true), mfn: dv.getUint32(base + 4, true), detail: dv.getUint32(base + 8, true) };
  }

  /** Sets the domain's pseudo-physical E820 (what XENMEM_memory_map returns). */
  setMemoryMap(domid: number, entries: E820Entry[]): void {
    const { base } = this.xfer();
    const dv = this.dv;
    entries.forEach((e, i) => {
      dv.setBigUint64(base + i * 20, e.addr, true);
      dv.setBigUint64(base + i * 20 + 8, e.size, true);
      dv.setUint32(base + i * 20 + 16, e.type, true);
    });
    this.check("set memory map", this.ex.domainSetMemoryMap(domid, entries.length));
  }
}
