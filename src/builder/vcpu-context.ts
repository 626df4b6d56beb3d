// The initial vcpu_guest_context of vcpu 0 (x86_32: 2800 bytes; fact sheet §3.6, §5.11).

export const VCPU_GUEST_CONTEXT_SIZE = 2800;
const VGCF_in_kernel = 1 << 2;
const VGCF_online = 1 << 5;
const FLAT_KERNEL_CS = 0xe019;
const FLAT_KERNEL_DS = 0xe021;
const VMASST_TYPE_pae_extended_cr3 = 3;

export interface InitialRegs {
  eip: number;
  esp: number;
  esi: number;
  l3mfn: number;
  paeExtendedCr3: boolean;
}

export function vcpuGuestContext(r: InitialRegs): Uint8Array {
  const ctx = new Uint8Array(VCPU_GUEST_CONTEXT_SIZE);
  const dv = new DataView(ctx.buffer);
  const u = 516; // user_regs
  dv.setUint32(512, VGCF_in_kernel | VGCF_online, true);
  dv.setUint32(u + 12, r.esi, true);        // esi
  dv.setUint32(u + 32, r.eip, true);        // eip
  dv.setUint16(u + 36, FLAT_KERNEL_CS, true);
  dv.setUint32(u + 40, 0x202, true);        // eflags: IF (events stay masked in vcpu_info)
  dv.setUint32(u + 44, r.esp, true);        // esp
  for (const off of [48, 52, 56, 60, 64]) dv.setUint16(u + off, FLAT_KERNEL_DS, true); // ss es ds fs gs
  dv.setUint32(2708, FLAT_KERNEL_DS, true); // kernel_ss
  dv.setUint32(2712, r.esp, true);          // kernel_sp
  const cr3 = ((r.l3mfn << 12) | (r.l3mfn >>> 20)) >>> 0; // extended CR3 format
  dv.setUint32(2716 + 12, cr3, true);
  dv.setUint32(2796, r.paeExtendedCr3 ? 1 << VMASST_TYPE_pae_extended_cr3 : 0, true);
  return ctx;
}
