// The core's exports: the whole interface between the host (src/core/core.ts, the
// only host file that knows these names) and the machine.
//
// The host is domain 0: everything it does to a guest here is what a dom0 toolstack
// does through domctls and privileged mappings, with the same checks. Structures
// pass through the transfer buffer at XFER_BASE. Every export validates its
// arguments; none can make the core trap.

export * from "./exports/machine";
export * from "./exports/domain";
export * from "./exports/debug";
export * from "./exports/events";
export * from "./exports/sched";
export * from "./exports/accounting";
export * from "./exports/mm";
export * from "./exports/cputest";
export * from "./exports/grants";
