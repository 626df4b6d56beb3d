// The decoded-instruction record being executed (cpu/decode.ts describes its layout):
// CPU_REC for an instruction decoded on the spot, or a record in the code cache.

import { CPU_REC } from "../layout";

export let curRec: u32 = CPU_REC;

// @ts-ignore: decorator
@inline export function setCurRec(r: u32): void { curRec = r; }
