// Hook for writes made by the hypervisor into guest frames: anything cached about
// the frame's contents (decoded instructions) must be dropped.

/** Called after the core itself writes into machine frame `mfn`. */
export function codeFrameWritten(mfn: u32): void {}
