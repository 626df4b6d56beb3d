// The messages between the demo page and the machine in its Web Worker.
//
// The page never touches the core: it calls the MachineApi below by message (a
// request id, an operation name and its arguments; one reply per request), and the
// worker pushes what happens on its own (console output, domains ending, usage a
// few times a second). Every operation maps onto the same Host and Core calls the
// CLI makes; the worker adds nothing to the toolstack but this transport.

/** A guest to start: its xl.cfg text (parsed in the worker) and its kernel image. */
export interface GuestFile {
  /** Names the config in error messages ("hello.cfg", or the picked ELF's name). */
  file: string;
  text: string;
  kernel: Uint8Array;
}

/** What the page may ask of the machine. Results are plain, structured-clonable data. */
export interface MachineApi {
  /** Builds and starts domains (several at once may link, as `pvwasm create a.cfg b.cfg`). */
  create(guests: GuestFile[]): StartedDomain[];
  pause(domid: number): void;
  unpause(domid: number): void;
  /** Asks the guest to power off (SHUTDOWN_poweroff), as `xl shutdown`. */
  shutdown(domid: number): void;
  destroy(domid: number): void;
  /** Credit-scheduler weight (1-65535) and cap (% of one CPU, 0 = none). */
  schedCredit(domid: number, params: { weight?: number; cap?: number }): void;
  /** Console input: bytes typed into a domain's PV console. */
  sendInput(domid: number, bytes: Uint8Array): void;
}

export type MachineOp = keyof MachineApi;

/** Machine parameters, from the page's URL (?memory=MiB&pcpus=N&nsPerInsn=N). */
export interface MachineParams {
  memoryMiB: number;
  pcpus: number;
  /** Virtual ns per retired instruction: the virtual CPU's speed (see pacer.ts). */
  nsPerInsn: number;
  /** Keep nsPerInsn (the URL gave it) rather than follow the interpreter's speed. */
  fixedSpeed: boolean;
}

export interface StartedDomain { domid: number; name: string }

/** One row of the live table: xentop's columns, with rates per second of system time. */
export interface DomainRow {
  domid: number;
  name: string;
  /** xl's state letters (r b p s c d). */
  state: string;
  paused: boolean;
  cpuS: number;
  cpuPct: number;
  memMiB: number;
  vcpus: number;
  weight: number;
  cap: number;
  hypercallsPerS: number;
  eventsSentPerS: number;
  eventsReceivedPerS: number;
}

export interface MachineStats {
  systemTimeS: number;
  frames: number;
  freeFrames: number;
  pcpus: number;
  nsPerInsn: number;
  /** Guest instructions per wall-clock second over the last interval, in millions. */
  mips: number;
  /** System time passed per wall-clock second (1 = the guests see real time). */
  realTimeFactor: number;
  domains: DomainRow[];
}

/** Page → worker. */
export type ToWorker =
  | { kind: "init"; coreUrl: string; params: MachineParams }
  | { kind: "call"; id: number; op: MachineOp; args: unknown[] };

/** Worker → page. */
export type FromWorker =
  | { kind: "ready"; params: MachineParams; frames: number }
  | { kind: "reply"; id: number; ok: true; result: unknown }
  | { kind: "reply"; id: number; ok: false; error: string }
  | { kind: "console"; domid: number; name: string; text: string }
  | { kind: "ended"; domid: number; name: string; reason: string; detail?: string; crashed: boolean }
  | { kind: "restarted"; domid: number; name: string }
  | { kind: "stats"; stats: MachineStats }
  | { kind: "fatal"; error: string };
