// vm_assist (xen/common/domain.c vm_assist; fact sheet §8.5).

import { VMASST_CMD_enable, VMASST_CMD_disable, VMASST_VALID_MASK_32 } from "../public/xen";
import { EINVAL, ENOSYS } from "../public/errno";
import { curDomain } from "../domain/current";
import { D_vm_assist } from "../domain/layout";

export function doVmAssist(cmd: u32, type: u32): i32 {
  // The type is checked before the command, as upstream does.
  if (type >= 32 || !((VMASST_VALID_MASK_32 >> type) & 1)) return -EINVAL;
  let v = load<u32>(curDomain + D_vm_assist);
  if (cmd == VMASST_CMD_enable) { store<u32>(curDomain + D_vm_assist, v | (1 << type)); return 0; }
  if (cmd == VMASST_CMD_disable) { store<u32>(curDomain + D_vm_assist, v & ~(1 << type)); return 0; }
  return -ENOSYS;
}
