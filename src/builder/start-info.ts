// struct start_info for x86_32 (1112 bytes; fact sheet §3.1).

export const START_INFO_MAGIC = "xen-3.0-x86_32p";
export const MAX_GUEST_CMDLINE = 1024;

export interface StartInfo {
  nrPages: number;
  sharedInfoMachineAddr: number;
  flags?: number;
  storeMfn: number;
  storeEvtchn: number;
  consoleMfn: number;
  consoleEvtchn: number;
  ptBase: number;
  nrPtFrames: number;
  mfnList: number;
  modStart?: number;
  modLen?: number;
  cmdline: string;
}

/** Writes start_info at the start of `page` (a view of the guest frame). */
export function writeStartInfo(page: Uint8Array, si: StartInfo): void {
  const dv = new DataView(page.buffer, page.byteOffset, page.byteLength);
  page.fill(0, 0, 1112);
  for (let i = 0; i < START_INFO_MAGIC.length; i++) page[i] = START_INFO_MAGIC.charCodeAt(i);
  dv.setUint32(32, si.nrPages, true);
  dv.setUint32(36, si.sharedInfoMachineAddr, true);
  dv.setUint32(40, si.flags ?? 0, true);
  dv.setUint32(44, si.storeMfn, true);
  dv.setUint32(48, si.storeEvtchn, true);
  dv.setUint32(52, si.consoleMfn, true);
  dv.setUint32(56, si.consoleEvtchn, true);
  dv.setUint32(60, si.ptBase, true);
  dv.setUint32(64, si.nrPtFrames, true);
  dv.setUint32(68, si.mfnList, true);
  dv.setUint32(72, si.modStart ?? 0, true);
  dv.setUint32(76, si.modLen ?? 0, true);
  const cmd = si.cmdline.slice(0, MAX_GUEST_CMDLINE - 1);
  for (let i = 0; i < cmd.length; i++) page[80 + i] = cmd.charCodeAt(i) & 0xff;
}
