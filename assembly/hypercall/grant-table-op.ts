// grant_table_op (#20): the guest boundary of grant/ (xen/common/grant_table.c
// do_grant_table_op, xen/common/compat/grant_table.c; fact sheet §7.2).
//
// Each operation struct is copied in, acted on for the calling domain, and its OUT
// fields copied back; a batch stops with -EFAULT at the first struct that cannot be
// read or written, keeping what the operations before it did. Long batches are
// continued: after GNTTAB_BATCH operations the call is restarted with its arguments
// advanced past the work done, as Xen's continuation does (not inside a multicall,
// whose entries restart from their original arguments).

import { CPU_HCBUF } from "../layout";
import { curDomain } from "../domain/current";
import { copyFromGuest, copyToGuest, putGuestU32 } from "../mm/guest-copy";
import { setReg32, EBX, ECX, EDX } from "../cpu/state";
import { EFAULT, EINVAL, ENOSYS, EPERM, ERESTART, ESRCH } from "../public/errno";
import {
  GNTTABOP_map_grant_ref, GNTTABOP_unmap_grant_ref, GNTTABOP_setup_table, GNTTABOP_dump_table, GNTTABOP_transfer,
  GNTTABOP_copy, GNTTABOP_query_size, GNTTABOP_unmap_and_replace, GNTTABOP_set_version, GNTTABOP_get_status_frames,
  GNTTABOP_get_version, GNTTABOP_swap_grant_ref, GNTTABOP_cache_flush, GNTTABOP_CMD_MASK, GNTTABOP_ARG_SIZE,
  GNTST_okay, GNTST_general_error, GNTST_bad_domain,
} from "../public/grant-table";
import { HYPERVISOR_VIRT_START } from "../public/arch-x86";
import { multicallActive } from "./multicall";
import { mapGrantRef, unmapGrantRef, mapHandle, mapMfn } from "../grant/gnttab-map";
import { gnttabCopyOne } from "../grant/gnttab-copy";
import { gnttabTransferOne } from "../grant/gnttab-transfer";
import { gnttabSetupTable, setupDomain, gnttabSwapGrantRef, gnttabCacheFlush, targetDomain, targetRc } from "../grant/gnttab-setup";
import { gnttabDumpTable } from "../grant/gnttab-dump";
import { gtOf, nrGrantFrames, sharedFrameMfn, GT_max_grant_frames } from "../grant/grant-table";

/** Operations done before a batch is continued. */
const GNTTAB_BATCH: u32 = 128;

const op = CPU_HCBUF;

/** Writes the i16 status at `off` of the guest struct at `p`. */
function putStatus(p: u32, off: u32, status: i32): bool {
  store<i16>(op + off, <i16>status);
  return copyToGuest(p + off, op + off, 2);
}

/** hypercall_create_continuation for the rest of a batch from struct `i` on. */
function continueAt(cmd: u32, uop: u32, count: u32, i: u32, size: u32): i32 {
  setReg32(EBX, cmd);
  setReg32(ECX, uop + i * size);
  setReg32(EDX, count - i);
  return -ERESTART;
}

/** Runs `count` operations of a batched command. */
function batch(cmd: u32, uop: u32, count: u32): i32 {
  let size = <u32>unchecked(GNTTABOP_ARG_SIZE[cmd]);
  // guest_handle_okay: the whole array must lie below the hypervisor hole.
  if (<u64>uop + <u64>count * size > <u64>HYPERVISOR_VIRT_START) return -EFAULT;
  let ld = curDomain;
  for (let i: u32 = 0; i < count; i++) {
    if (i >= GNTTAB_BATCH && !multicallActive()) return continueAt(cmd, uop, count, i, size);
    let p = uop + i * size;
    if (!copyFromGuest(op, p, size)) return -EFAULT;
    switch (cmd) {
      case GNTTABOP_map_grant_ref: {
        let rc = mapGrantRef(ld, load<u32>(op), load<u32>(op, 4), load<u32>(op, 8), load<u32>(op, 12), <u32>load<u16>(op, 16));
        store<i16>(op + 18, <i16>rc);
        if (rc == GNTST_okay) {
          store<u32>(op + 20, mapHandle);
          store<u32>(op + 24, mapMfn << 12);
          store<u32>(op + 28, mapMfn >>> 20);
        }
        if (!copyToGuest(p, op, size)) return -EFAULT;
        break;
      }
      case GNTTABOP_unmap_grant_ref: {
        let rc = unmapGrantRef(ld, load<u32>(op), load<u32>(op, 4), load<u32>(op, 8), load<u32>(op, 12), 0, 0, load<u32>(op, 16));
        if (!putStatus(p, 20, rc)) return -EFAULT;
        break;
      }
      case GNTTABOP_unmap_and_replace: {
        let rc = unmapGrantRef(ld, load<u32>(op), load<u32>(op, 4), 0, 0, load<u32>(op, 8), load<u32>(op, 12), load<u32>(op, 16));
        if (!putStatus(p, 20, rc)) return -EFAULT;
        break;
      }
      case GNTTABOP_transfer: {
        let rc = gnttabTransferOne(ld, load<u32>(op), <u32>load<u16>(op, 4), load<u32>(op, 8));
        if (!putStatus(p, 12, rc)) return -EFAULT;
        break;
      }
      case GNTTABOP_copy: {
        if (!putStatus(p, 20, gnttabCopyOne(ld, op))) return -EFAULT;
        break;
      }
      case GNTTABOP_swap_grant_ref: {
        if (!putStatus(p, 8, gnttabSwapGrantRef(ld, load<u32>(op), load<u32>(op, 4)))) return -EFAULT;
        break;
      }
      case GNTTABOP_dump_table: {
        if (!putStatus(p, 2, gnttabDumpTable(ld, <u32>load<u16>(op)))) return -EFAULT;
        break;
      }
      default: {
        // GNTTABOP_cache_flush: { dev_bus_addr u64 @0, offset u16 @8, length u16 @10, op u32 @12 }
        let rc = gnttabCacheFlush(ld, load<u32>(op), load<u32>(op, 4), <u32>load<u16>(op, 8), <u32>load<u16>(op, 10), load<u32>(op, 12));
        if (rc < 0) return rc;
        break;
      }
    }
  }
  return 0;
}

/** GNTTABOP_setup_table (count must be 1). */
function setupTable(uop: u32, count: u32): i32 {
  if (count != 1) return -EINVAL;
  if (!copyFromGuest(op, uop, 16)) return -EFAULT;
  let nr = load<u32>(op, 4), list = load<u32>(op, 12);
  // compat_handle_okay: the whole frame list must be addressable.
  if (<u64>list + (<u64>nr << 2) > <u64>HYPERVISOR_VIRT_START) return -EFAULT;
  let rc = gnttabSetupTable(curDomain, <u32>load<u16>(op), nr);
  if (rc == GNTST_okay) {
    // The compat layer ignores faults writing the list; only the status must reach the guest.
    let gt = gtOf(setupDomain);
    for (let i: u32 = 0; i < nr; i++) putGuestU32(list + (i << 2), sharedFrameMfn(gt, i));
  }
  return putStatus(uop, 8, rc) ? 0 : -EFAULT;
}

/** GNTTABOP_query_size (count must be 1). */
function querySize(uop: u32, count: u32): i32 {
  if (count != 1) return -EINVAL;
  if (!copyFromGuest(op, uop, 16)) return -EFAULT;
  let d = targetDomain(curDomain, <u32>load<u16>(op));
  if (d == 0) {
    store<i16>(op + 12, <i16>targetRc);
  } else {
    let gt = gtOf(d);
    store<u32>(op + 4, nrGrantFrames(gt));
    store<u32>(op + 8, load<u32>(gt + GT_max_grant_frames));
    store<i16>(op + 12, <i16>GNTST_okay);
  }
  return copyToGuest(uop, op, 16) ? 0 : -EFAULT;
}

/** GNTTABOP_set_version: only version 1 exists (Xen built with max version 1). */
function setVersion(uop: u32): i32 {
  if (!copyFromGuest(op, uop, 4)) return -EFAULT;
  let v = load<u32>(op);
  let rc: i32 = v == 1 ? 0 : v == 2 ? -ENOSYS : -EINVAL;
  store<u32>(op, 1);
  return copyToGuest(uop, op, 4) ? rc : -EFAULT;
}

/** GNTTABOP_get_version. */
function getVersion(uop: u32): i32 {
  if (!copyFromGuest(op, uop, 8)) return -EFAULT;
  let d = targetDomain(curDomain, <u32>load<u16>(op));
  // rcu_lock_domain_by_any_id fails with -ESRCH, XSM with -EPERM.
  if (d == 0) return targetRc == GNTST_bad_domain ? -ESRCH : -EPERM;
  store<u32>(op + 4, 1);
  return copyToGuest(uop + 4, op + 4, 4) ? 0 : -EFAULT;
}

/** GNTTABOP_get_status_frames: version 1 has no status frames. */
function getStatusFrames(uop: u32, count: u32): i32 {
  if (count != 1) return -EINVAL;
  if (!copyFromGuest(op, uop, 12)) return -EFAULT;
  let nr = load<u32>(op), list = load<u32>(op, 8);
  if (<u64>list + (<u64>nr << 3) > <u64>HYPERVISOR_VIRT_START) return -EFAULT;
  let d = targetDomain(curDomain, <u32>load<u16>(op, 4));
  let rc = d == 0 ? targetRc : nr > 0 ? GNTST_general_error : GNTST_okay;
  return putStatus(uop, 6, rc) ? 0 : -EFAULT;
}

export function doGrantTableOp(cmd: u32, uop: u32, count: u32): i32 {
  if (<i32>count < 0) return -EINVAL;
  if ((cmd & ~GNTTABOP_CMD_MASK) != 0) return -EINVAL;
  switch (cmd) {
    case GNTTABOP_map_grant_ref: case GNTTABOP_unmap_grant_ref: case GNTTABOP_unmap_and_replace:
    case GNTTABOP_transfer: case GNTTABOP_copy: case GNTTABOP_swap_grant_ref: case GNTTABOP_dump_table:
    case GNTTABOP_cache_flush:
      return batch(cmd, uop, count);
    case GNTTABOP_setup_table: return setupTable(uop, count);
    case GNTTABOP_query_size: return querySize(uop, count);
    case GNTTABOP_set_version: return setVersion(uop);
    case GNTTABOP_get_version: return getVersion(uop);
    case GNTTABOP_get_status_frames: return getStatusFrames(uop, count);
    default: return -ENOSYS;
  }
}
