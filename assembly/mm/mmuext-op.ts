// HYPERVISOR_mmuext_op (xen/arch/x86/mm.c do_mmuext_op; fact sheet §4.6).

import { frameAddr, CPU_HCBUF, PAGE_SIZE } from "../layout";
import {
  MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L2_TABLE, MMUEXT_PIN_L3_TABLE, MMUEXT_PIN_L4_TABLE, MMUEXT_UNPIN_TABLE,
  MMUEXT_NEW_BASEPTR, MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_LOCAL, MMUEXT_TLB_FLUSH_MULTI, MMUEXT_INVLPG_MULTI,
  MMUEXT_TLB_FLUSH_ALL, MMUEXT_INVLPG_ALL, MMUEXT_FLUSH_CACHE, MMUEXT_SET_LDT, MMUEXT_NEW_USER_BASEPTR,
  MMUEXT_CLEAR_PAGE, MMUEXT_COPY_PAGE, MMUEXT_FLUSH_CACHE_GLOBAL, MMUEXT_MARK_SUPER, MMUEXT_UNMARK_SUPER,
  MMUEXT_OP_SIZE,
} from "../public/xen";
import { EFAULT, EINVAL, EPERM, ENOSYS, EOPNOTSUPP, EACCES } from "../public/errno";
import { copyFromGuest, putGuestU32, getGuestU32, copyFailed, guestRangeOk } from "./guest-copy";
import { getPgOwner, xsmTarget } from "./foreign";
import { pvDestroyLdt } from "./ldt";
import { curDomid, curVcpu } from "../domain/current";
import { V_ldt_base, V_ldt_ents } from "../domain/layout";
import { typeInfo, setTypeInfo, PGT_pinned, PGT_l1_page_table, PGT_l2_page_table, PGT_l3_page_table, PGT_writable_page } from "./frame-table";
import { getPage, putPage, getPageType, putPageAndType } from "./page-ref";
import { newGuestCr3 } from "./baseptr";
import { checkVcpuMask } from "./vcpumask";
import { MMU_UPDATE_PREEMPTED } from "./mmu-update";
import { tlbFlushAll, tlbFlushPage } from "../cpu/tlb";
import { codeFrameWritten } from "../cpu/code-invalidate";

/** Pins `mfn` as a table of `type` (one pin per frame; not nestable). */
function pin(mfn: u32, pgOwner: u32, type: u32): i32 {
  if (!getPage(mfn, pgOwner)) return -EINVAL;
  let rc = getPageType(mfn, type);
  if (rc != 0) { putPage(mfn); return rc; }
  let t = typeInfo(mfn);
  if (t & PGT_pinned) { putPageAndType(mfn); return -EINVAL; }
  setTypeInfo(mfn, t | PGT_pinned);
  return 0;
}

function unpin(mfn: u32, pgOwner: u32): i32 {
  if (!getPage(mfn, pgOwner)) return -EINVAL;
  let t = typeInfo(mfn);
  if (!(t & PGT_pinned)) { putPage(mfn); return -EINVAL; }
  setTypeInfo(mfn, t & ~PGT_pinned);
  putPageAndType(mfn);
  putPage(mfn);
  return 0;
}

export function doMmuextOp(uops: u32, count: u32, pdone: u32, foreigndom: u32): i32 {
  let done: u32 = 0;
  if (count == MMU_UPDATE_PREEMPTED && uops == 0) return <i32>foreigndom;
  let preempted = count & MMU_UPDATE_PREEMPTED;
  count &= ~MMU_UPDATE_PREEMPTED;
  if (<u64>count * MMU_OP_SIZE64 > 0xffffffff || !guestRangeOk(uops, count * MMUEXT_OP_SIZE)) return -EFAULT;
  // compat_mmuext_op translates the batch first: an empty one never reaches
  // do_mmuext_op, so nothing is checked and *pdone is left alone.
  if (count == 0) return 0;
  if (preempted && pdone != 0) { let v = getGuestU32(pdone); if (!copyFailed) done = v; }
  let pg = getPgOwner(foreigndom);
  if (pg < 0) return pg;
  let pgOwner = <u32>pg;
  let xrc = xsmTarget(pgOwner);
  if (xrc != 0) return xrc;
  let self = pgOwner == curDomid;
  let buf = CPU_HCBUF;
  let rc: i32 = 0;
  let i: u32 = 0;
  for (; i < count; i++) {
    if (!copyFromGuest(buf, uops + i * MMUEXT_OP_SIZE, MMUEXT_OP_SIZE)) { rc = -EFAULT; break; }
    let cmd = load<u32>(buf), arg1 = load<u32>(buf, 4), arg2 = load<u32>(buf, 8);
    rc = 0;
    switch (cmd) {
      case MMUEXT_PIN_L1_TABLE: rc = pin(arg1, pgOwner, PGT_l1_page_table); break;
      case MMUEXT_PIN_L2_TABLE: rc = pin(arg1, pgOwner, PGT_l2_page_table); break;
      case MMUEXT_PIN_L3_TABLE: rc = pin(arg1, pgOwner, PGT_l3_page_table); break;
      case MMUEXT_PIN_L4_TABLE: break; // ignored for 32-bit guests
      case MMUEXT_UNPIN_TABLE: rc = unpin(arg1, pgOwner); break;
      case MMUEXT_NEW_BASEPTR: rc = self ? newGuestCr3(arg1) : -EPERM; break;
      case MMUEXT_NEW_USER_BASEPTR: rc = -EINVAL; break; // x86-64 only (compat_mmuext_op)
      case MMUEXT_TLB_FLUSH_LOCAL: case MMUEXT_TLB_FLUSH_ALL:
        if (self) tlbFlushAll(); else rc = -EPERM;
        break;
      case MMUEXT_INVLPG_LOCAL: case MMUEXT_INVLPG_ALL:
        if (self) tlbFlushPage(arg1); else rc = -EPERM;
        break;
      case MMUEXT_TLB_FLUSH_MULTI: case MMUEXT_INVLPG_MULTI:
        if (!self) { rc = -EPERM; break; }
        if (checkVcpuMask(arg2) != 0) { rc = -EINVAL; break; }
        if (cmd == MMUEXT_TLB_FLUSH_MULTI) tlbFlushAll(); else tlbFlushPage(arg1);
        break;
      case MMUEXT_FLUSH_CACHE:
        // No domain here has I/O privileges (cache_flush_permitted).
        rc = self ? -EACCES : -EPERM;
        break;
      case MMUEXT_FLUSH_CACHE_GLOBAL:
        rc = self ? -EINVAL : -EPERM;
        break;
      case MMUEXT_SET_LDT: {
        if (!self) { rc = -EPERM; break; }
        let ents = arg2;
        let ptr = ents != 0 ? arg1 : 0;
        // A 32-bit address is always __addr_ok on a 64-bit hypervisor.
        if ((ptr & (PAGE_SIZE - 1)) != 0 || ents > 8192) { rc = -EINVAL; break; }
        if (load<u32>(curVcpu + V_ldt_ents) != ents || load<u32>(curVcpu + V_ldt_base) != ptr) {
          pvDestroyLdt(curVcpu);
          store<u32>(curVcpu + V_ldt_base, ptr);
          store<u32>(curVcpu + V_ldt_ents, ents);
        }
        break;
      }
      case MMUEXT_CLEAR_PAGE: {
        if (!getPage(arg1, pgOwner)) { rc = -EINVAL; break; }
        if (getPageType(arg1, PGT_writable_page) != 0) { putPage(arg1); rc = -EINVAL; break; }
        memory.fill(frameAddr(arg1), 0, PAGE_SIZE);
        codeFrameWritten(arg1);
        putPageAndType(arg1);
        break;
      }
      case MMUEXT_COPY_PAGE: {
        if (!getPage(arg2, pgOwner)) { rc = -EINVAL; break; }
        if (!getPage(arg1, pgOwner)) { putPage(arg2); rc = -EINVAL; break; }
        if (getPageType(arg1, PGT_writable_page) != 0) { putPage(arg2); putPage(arg1); rc = -EINVAL; break; }
        memory.copy(frameAddr(arg1), frameAddr(arg2), PAGE_SIZE);
        codeFrameWritten(arg1);
        putPageAndType(arg1);
        putPage(arg2);
        break;
      }
      case MMUEXT_MARK_SUPER: case MMUEXT_UNMARK_SUPER: rc = -EOPNOTSUPP; break;
      default: rc = -ENOSYS; break;
    }
    if (rc != 0) break;
  }
  if (pdone != 0) putGuestU32(pdone, done + i);
  return rc;
}

const MMU_OP_SIZE64: u64 = 12;
