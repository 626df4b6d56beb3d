// Pacing virtual time to the wall clock, and sizing the slices the worker runs.
//
// The demo runs the core on its virtual clock (time = retired instructions ×
// nsPerInsn) rather than the host clock. In host mode every wall-clock moment the
// worker spends outside run() — posting messages, yielding to the event loop, a
// page in the background — would count as running time of whichever vcpu is on
// the CPU, and with several physical CPUs sharing one interpreter each CPU's vcpu
// would be charged the whole wall time; CPU shares and rates would be skewed by how
// the browser schedules the worker. Virtual time charges a vcpu only for what it
// executed, so shares and rates are exact.
//
// To make those figures mean "per second" to the person watching, virtual time is
// paced to the wall clock from both sides:
//  - Pacer keeps it from running ahead: when the guests are idle, or the interpreter
//    outruns the virtual CPU, the worker sleeps until the wall clock catches up (a
//    timer guest ticks at its real rate).
//  - CpuSpeed sets the virtual CPU's speed (nsPerInsn) a little below what the
//    interpreter achieves on this machine, so it does not fall behind either. A page
//    given ?nsPerInsn=N keeps that speed (reproducible runs); if the interpreter is
//    then too slow, virtual time falls behind, and after MAX_LAG_MS the debt is
//    forgiven rather than caught up in a burst: the guests see a slower machine and
//    the page shows the factor.

export const MAX_LAG_MS = 250;

export class Pacer {
  /** Wall-clock ms at which system time was `baseNs`. */
  private baseWallMs: number;
  private baseNs: bigint;

  constructor(wallMs: number, systemNs: bigint) {
    this.baseWallMs = wallMs;
    this.baseNs = systemNs;
  }

  /** How long to wait before running more: > 0 when virtual time is ahead of the wall clock. */
  delayMs(wallMs: number, systemNs: bigint): number {
    const virtualMs = Number(systemNs - this.baseNs) / 1e6;
    const ahead = virtualMs - (wallMs - this.baseWallMs);
    if (ahead < -MAX_LAG_MS) {
      this.baseWallMs = wallMs;
      this.baseNs = systemNs;
      return 0;
    }
    return Math.max(0, ahead);
  }
}

/**
 * Instructions per run() call, adapted so a call takes about `targetMs`: short enough
 * that requests are answered promptly, long enough that V8 tiers the interpreter up
 * and the per-call overhead stays small.
 */
export class SliceBudget {
  static readonly MIN = 100_000;
  static readonly MAX = 20_000_000;
  budget = 1_000_000;

  constructor(private readonly targetMs = 15) {}

  /** Records that `ran` instructions took `ms`; a slice that ran short (idle) says nothing. */
  observe(ran: number, ms: number): void {
    if (ran < this.budget / 2 || ms <= 0.5) return;
    const perMs = ran / ms;
    const next = Math.round(0.7 * this.budget + 0.3 * perMs * this.targetMs);
    this.budget = Math.min(SliceBudget.MAX, Math.max(SliceBudget.MIN, next));
  }
}

/**
 * The virtual CPU's speed, following the interpreter's: nsPerInsn is set so the
 * virtual CPU runs at HEADROOM of the instructions per second measured inside
 * run() (the worker's own overhead and the page need the rest).
 */
export class CpuSpeed {
  static readonly HEADROOM = 0.85;
  /** Busy time measured before each decision, and the change worth making. */
  static readonly SAMPLE_MS = 400;
  static readonly HYSTERESIS = 0.1;
  private insns = 0;
  private ms = 0;

  constructor(public nsPerInsn: number, private readonly fixed: boolean) {}

  /** Records a slice; returns a new nsPerInsn when the speed should change. */
  observe(ran: number, ms: number): number | undefined {
    if (this.fixed || ran === 0) return undefined;
    this.insns += ran;
    this.ms += ms;
    if (this.ms < CpuSpeed.SAMPLE_MS) return undefined;
    const insnsPerNs = this.insns / (this.ms * 1e6);
    this.insns = 0;
    this.ms = 0;
    const want = Math.min(1000, Math.max(1, Math.round(1 / (insnsPerNs * CpuSpeed.HEADROOM))));
    if (Math.abs(want - this.nsPerInsn) <= CpuSpeed.HYSTERESIS * this.nsPerInsn) return undefined;
    this.nsPerInsn = want;
    return want;
  }
}
