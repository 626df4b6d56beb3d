// Setting a vcpu's whole state from a vcpu_guest_context (Xen's arch_set_info_guest
// for 32-bit PV guests; fact sheet §5.11). Used by the toolstack to start vcpu 0 and,
// later, by VCPUOP_initialise.
//
// Checks (as upstream): EFLAGS.VM is refused; the LDT must be page aligned with at
// most 8192 entries; selector RPLs of 0 become 1; the CR3 frame must be an L3 the
// domain owns (taking it validates the whole address space).

import { imageToLive, fpuResetArea } from "../cpu/fpu/fpu-image";
import {
  VGC_flags, VGC_user_regs, VGC_trap_ctxt, VGC_ldt_base, VGC_ldt_ents, VGC_gdt_ents, VGC_gdt_frames, VGC_kernel_ss,
  VGC_kernel_sp, VGC_ctrlreg, VGC_event_callback_cs, VGC_event_callback_eip, VGC_failsafe_callback_cs,
  VGC_failsafe_callback_eip, VGC_vm_assist, VGC_fpu_ctxt, VGCF_online, VGCF_i387_valid, VGCF_failsafe_disables_events,
  UREGS_ebx, UREGS_ecx, UREGS_edx, UREGS_esi, UREGS_edi, UREGS_ebp, UREGS_eax, UREGS_eip, UREGS_cs, UREGS_eflags,
  UREGS_esp, UREGS_ss, UREGS_es, UREGS_ds, UREGS_fs, UREGS_gs, TRAP_INFO_SIZE, TRAP_INFO_cs, xen_cr3_to_pfn,
} from "../public/arch-x86";
import { VMASST_VALID_MASK_32 } from "../public/xen";
import { EINVAL, EEXIST } from "../public/errno";
import {
  V_regs, V_eip, V_eflags, V_cpl, V_segs, V_cr0, V_cr3_mfn, V_cr4, V_trap_ctxt, V_ldt_base, V_ldt_ents,
  V_kernel_ss, V_kernel_sp, V_event_cs, V_event_eip, V_failsafe_cs, V_failsafe_eip, V_failsafe_flags, V_iopl,
  V_pause_flags, V_vflags, V_fpu, V_dr, VPF_down, V_vcpu_id, VCPU_initialised, D_vm_assist, D_domain_id,
} from "../domain/layout";
import { NO_FRAME, nrFrames } from "../mm/frame-table";
import { getPageAndType, putPageAndType, PGT_l3_page_table } from "../mm/page-ref";
import { IOPL_MASK, IF, VM, FLAGS_FIXED } from "../cpu/flags";
import { CR0_PE, CR0_MP, CR0_ET, CR0_NE, CR0_WP, CR0_AM, CR0_PG } from "../cpu/state";
import { fixupSelector } from "./traps-hypercalls";
import { pvSetGdt } from "../mm/descriptor-tables";
import { pvDestroyLdt } from "../mm/ldt";
import { peekDescriptor, descBad, descBaseOf, descLimitOf, descAttrOf } from "../cpu/segments";
import { setCurrent, curVcpu, curDomain, curDomid, curVcpuInfo } from "../domain/current";

const XEN_CR0: u32 = CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG;

/** Segment cache entry for `sel` as the vcpu would load it (0 attrs = unusable). */
function cacheSeg(v: u32, d: u32, s: u32, sel: u32): void {
  let p = v + V_segs + (s << 4);
  store<u32>(p, sel & 0xffff);
  store<u32>(p + 4, 0);
  store<u32>(p + 8, 0);
  store<u32>(p + 12, 0);
  if ((sel & 0xfffc) == 0) return;
  // readDescriptor consults the current vcpu's GDT: look at this vcpu's.
  let sv = curVcpu, sd = curDomain, sid = curDomid, svi = curVcpuInfo;
  setCurrent(v, d, load<u32>(d + D_domain_id), svi);
  let desc = peekDescriptor(sel);
  let bad = descBad;
  setCurrent(sv, sd, sid, svi);
  if (bad) return;
  store<u32>(p + 4, descBaseOf(desc));
  store<u32>(p + 8, descLimitOf(desc));
  store<u32>(p + 12, descAttrOf(desc));
}

/** Loads vcpu `v` of domain `d` from the context at host address `c`. */
export function setVcpuContext(d: u32, v: u32, c: u32): i32 {
  let domid = load<u32>(d + D_domain_id);
  let flags = load<u32>(c + VGC_flags);
  let u = c + VGC_user_regs;
  let eflags = load<u32>(u + UREGS_eflags);
  if (eflags & VM) return -EINVAL;
  let ldtBase = load<u32>(c + VGC_ldt_base), ldtEnts = load<u32>(c + VGC_ldt_ents);
  if ((ldtBase & 0xfff) != 0 || ldtEnts > 8192) return -EINVAL;
  // The GDT frames take their seg_desc references first (pv_set_gdt): a bad frame
  // fails the call before anything else changes.
  let rcg = pvSetGdt(v, domid, c + VGC_gdt_frames, load<u32>(c + VGC_gdt_ents));
  if (rcg != 0) return rcg;

  let cr3 = load<u32>(c + VGC_ctrlreg + 12);
  let mfn = xen_cr3_to_pfn(cr3);
  let rc = getPageAndType(mfn, domid, PGT_l3_page_table);
  if (rc != 0) return rc;
  let old = load<u32>(v + V_cr3_mfn);
  store<u32>(v + V_cr3_mfn, mfn);
  if (old != NO_FRAME && old < nrFrames) putPageAndType(old);

  store<u32>(v + V_regs + 0, load<u32>(u + UREGS_eax));
  store<u32>(v + V_regs + 4, load<u32>(u + UREGS_ecx));
  store<u32>(v + V_regs + 8, load<u32>(u + UREGS_edx));
  store<u32>(v + V_regs + 12, load<u32>(u + UREGS_ebx));
  store<u32>(v + V_regs + 16, load<u32>(u + UREGS_esp));
  store<u32>(v + V_regs + 20, load<u32>(u + UREGS_ebp));
  store<u32>(v + V_regs + 24, load<u32>(u + UREGS_esi));
  store<u32>(v + V_regs + 28, load<u32>(u + UREGS_edi));
  store<u32>(v + V_eip, load<u32>(u + UREGS_eip));
  // IOPL becomes the virtual IOPL; hardware runs the guest with IF set and IOPL 0.
  store<u32>(v + V_iopl, eflags & IOPL_MASK);
  store<u32>(v + V_eflags, ((eflags & ~IOPL_MASK) | IF | FLAGS_FIXED) & 0x003f7fd7);

  let cs = fixupSelector(load<u16>(u + UREGS_cs));
  let ss = fixupSelector(load<u16>(u + UREGS_ss));
  store<u32>(v + V_cpl, cs & 3);
  cacheSeg(v, d, 0, load<u16>(u + UREGS_es));
  cacheSeg(v, d, 1, cs);
  cacheSeg(v, d, 2, ss);
  cacheSeg(v, d, 3, load<u16>(u + UREGS_ds));
  cacheSeg(v, d, 4, load<u16>(u + UREGS_fs));
  cacheSeg(v, d, 5, load<u16>(u + UREGS_gs));

  for (let i: u32 = 0; i < 256; i++) {
    let src = c + VGC_trap_ctxt + i * TRAP_INFO_SIZE;
    let dst = v + V_trap_ctxt + i * TRAP_INFO_SIZE;
    memory.copy(dst, src, TRAP_INFO_SIZE);
    store<u16>(dst + TRAP_INFO_cs, <u16>fixupSelector(load<u16>(src + TRAP_INFO_cs)));
  }
  pvDestroyLdt(v);
  store<u32>(v + V_ldt_base, ldtBase);
  store<u32>(v + V_ldt_ents, ldtEnts);
  store<u32>(v + V_kernel_ss, fixupSelector(load<u32>(c + VGC_kernel_ss)));
  store<u32>(v + V_kernel_sp, load<u32>(c + VGC_kernel_sp));
  store<u32>(v + V_event_cs, fixupSelector(load<u32>(c + VGC_event_callback_cs)));
  store<u32>(v + V_event_eip, load<u32>(c + VGC_event_callback_eip));
  store<u32>(v + V_failsafe_cs, fixupSelector(load<u32>(c + VGC_failsafe_callback_cs)));
  store<u32>(v + V_failsafe_eip, load<u32>(c + VGC_failsafe_callback_eip));
  store<u32>(v + V_failsafe_flags, flags & VGCF_failsafe_disables_events);
  store<u32>(v + V_cr0, XEN_CR0);
  store<u32>(v + V_cr4, 0);
  // DR6/DR7 reset values.
  store<u32>(v + V_dr + 24, 0xffff0ff0);
  store<u32>(v + V_dr + 28, 0x00000400);
  if (flags & VGCF_i387_valid) {
    memory.copy(v + V_fpu, c + VGC_fpu_ctxt, 512);
    imageToLive(v + V_fpu);
  } else {
    fpuResetArea(v + V_fpu);
  }
  // vm_assist is domain-wide: only vcpu 0's context sets it (arch_set_info_guest).
  if (load<u32>(v + V_vcpu_id) == 0) store<u32>(d + D_vm_assist, load<u32>(c + VGC_vm_assist) & VMASST_VALID_MASK_32);
  store<u32>(v + V_vflags, load<u32>(v + V_vflags) | VCPU_initialised);
  let pf = load<u32>(v + V_pause_flags);
  store<u32>(v + V_pause_flags, (flags & VGCF_online) ? pf & ~VPF_down : pf | VPF_down);
  return 0;
}
