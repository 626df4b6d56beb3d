// xen_version (xen/common/kernel.c do_xen_version; fact sheet §8.2).

import { CPU_HCBUF } from "../layout";
import {
  XENVER_version, XENVER_extraversion, XENVER_compile_info, XENVER_capabilities, XENVER_changeset,
  XENVER_platform_parameters, XENVER_get_features, XENVER_pagesize, XENVER_guest_handle, XENVER_commandline,
  XENVER_build_id, XENVER_extraversion2, XENVER_capabilities2, XENVER_changeset2, XENVER_commandline2,
  XEN_EXTRAVERSION_LEN, XEN_CAPABILITIES_INFO_LEN, XEN_CHANGESET_INFO_LEN, XEN_COMMANDLINE_LEN,
  XEN_COMPILE_INFO_SIZE, XEN_GUEST_HANDLE_LEN,
  XENFEAT_pae_pgdir_above_4gb, XENFEAT_mmu_pt_update_preserve_ad, XENFEAT_highmem_assist, XENFEAT_direct_mapped,
  XENFEAT_dom0,
} from "../public/version";
import { VMASST_TYPE_pae_extended_cr3 } from "../public/xen";
import { HYPERVISOR_VIRT_START } from "../public/arch-x86";
import { EFAULT, EINVAL, ENOSYS, ENODATA, ENOBUFS, E2BIG } from "../public/errno";
import { copyToGuest, copyFromGuest, getGuestU32, copyFailed, putGuestU32 } from "../mm/guest-copy";
import { curDomain } from "../domain/current";
import { D_vm_assist, D_handle, D_flags, DOMF_privileged } from "../domain/layout";

export const XEN_MAJOR: u32 = 4;
export const XEN_MINOR: u32 = 21;
const EXTRAVERSION = ".0-pvwasm";
const CAPABILITIES = "xen-3.0-x86_32p";
const CHANGESET = "pvwasm";
const COMPILER = "AssemblyScript";
const COMPILE_BY = "pvwasm";
const COMPILE_DOMAIN = "pvwasm";
const COMPILE_DATE = "2026";
const COMMANDLINE = "";

/** Writes `s` NUL-padded to `size` bytes at host `dst`. */
function putString(dst: u32, s: string, size: u32): void {
  memory.fill(dst, 0, size);
  let n = <u32>s.length;
  if (n > size - 1) n = size - 1;
  for (let i: u32 = 0; i < n; i++) store<u8>(dst + i, <u8>s.charCodeAt(i));
}

function copyString(arg: u32, s: string, size: u32): i32 {
  putString(CPU_HCBUF, s, size);
  return copyToGuest(arg, CPU_HCBUF, size) ? 0 : -EFAULT;
}

/** xen_varbuf { len u32 IN, buf[] OUT }: returns the length, or -ENOBUFS/-EFAULT. */
function copyVarbuf(arg: u32, s: string): i32 {
  let n = <u32>s.length;
  if (n > 65536) return -E2BIG;
  if (arg == 0) return <i32>n;
  let cap = getGuestU32(arg);
  if (copyFailed) return -EFAULT;
  if (n > cap) return -ENOBUFS;
  putString(CPU_HCBUF, s, n + 1);
  return copyToGuest(arg + 4, CPU_HCBUF, n) ? <i32>n : -EFAULT;
}

export function featuresSubmap0(): u32 {
  let f: u32 = (1 << XENFEAT_mmu_pt_update_preserve_ad) | (1 << XENFEAT_highmem_assist) | (1 << XENFEAT_direct_mapped);
  if (load<u32>(curDomain + D_vm_assist) & (1 << VMASST_TYPE_pae_extended_cr3)) f |= 1 << XENFEAT_pae_pgdir_above_4gb;
  if (load<u32>(curDomain + D_flags) & DOMF_privileged) f |= 1 << XENFEAT_dom0;
  return f;
}

export function doXenVersion(cmd: u32, arg: u32): i32 {
  switch (cmd) {
    case XENVER_version: return <i32>((XEN_MAJOR << 16) | XEN_MINOR);
    case XENVER_extraversion: return copyString(arg, EXTRAVERSION, XEN_EXTRAVERSION_LEN);
    case XENVER_compile_info: {
      let b = CPU_HCBUF;
      memory.fill(b, 0, XEN_COMPILE_INFO_SIZE);
      putString(b, COMPILER, 64);
      putString(b + 64, COMPILE_BY, 16);
      putString(b + 80, COMPILE_DOMAIN, 32);
      putString(b + 112, COMPILE_DATE, 32);
      return copyToGuest(arg, b, XEN_COMPILE_INFO_SIZE) ? 0 : -EFAULT;
    }
    case XENVER_capabilities: return copyString(arg, CAPABILITIES, XEN_CAPABILITIES_INFO_LEN);
    case XENVER_changeset: return copyString(arg, CHANGESET, XEN_CHANGESET_INFO_LEN);
    case XENVER_platform_parameters:
      return putGuestU32(arg, HYPERVISOR_VIRT_START) ? 0 : -EFAULT;
    case XENVER_get_features: {
      let idx = getGuestU32(arg);
      if (copyFailed) return -EFAULT;
      if (idx != 0) return -EINVAL;
      return putGuestU32(arg + 4, featuresSubmap0()) ? 0 : -EFAULT;
    }
    case XENVER_pagesize: return arg != 0 ? -EINVAL : 4096;
    case XENVER_guest_handle:
      return copyToGuest(arg, curDomain + D_handle, XEN_GUEST_HANDLE_LEN) ? 0 : -EFAULT;
    case XENVER_commandline: return copyString(arg, COMMANDLINE, XEN_COMMANDLINE_LEN);
    case XENVER_build_id: {
      if (arg != 0) {
        let len = getGuestU32(arg);
        if (copyFailed) return -EFAULT;
        if (len == 0) return -EINVAL;
      }
      return -ENODATA; // this build has no build id
    }
    case XENVER_extraversion2: return copyVarbuf(arg, EXTRAVERSION);
    case XENVER_capabilities2: return copyVarbuf(arg, CAPABILITIES);
    case XENVER_changeset2: return copyVarbuf(arg, CHANGESET);
    case XENVER_commandline2: return copyVarbuf(arg, COMMANDLINE);
    default: return -ENOSYS;
  }
}
