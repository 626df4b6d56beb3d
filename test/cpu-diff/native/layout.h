/*
 * layout.h — where the differential CPU tests put the instruction under test and its
 * data, and the binary formats of the case and result files. The same numbers are in
 * test/cpu-diff/layout.ts (the core side); `cpu-diff-runner --layout` prints them so
 * a test can check that both agree.
 *
 * Both the native process and the test domain map, at the same virtual addresses:
 *   CODE_VA   one page, filled with int3 (0xCC); the instruction sits at INSN_VA
 *   DATA_VA   DATA_SIZE bytes of random data; memory operands and the stack live here
 * and nothing else in [AREA_LO, AREA_HI): the pages between are unmapped in both, so
 * a stray access faults the same way (#PF, not-present, user).
 */
#ifndef CPU_DIFF_LAYOUT_H
#define CPU_DIFF_LAYOUT_H

#define AREA_LO     0xC0000000u
#define AREA_HI     0xC0010000u
#define CODE_VA     0xC0004000u
#define CODE_SIZE   0x1000u
#define INSN_VA     0xC0004800u
#define DATA_VA     0xC0008000u
#define DATA_SIZE   0x2000u

#define CASE_MAGIC   0x54445650u   /* "PVDT" */
#define RESULT_MAGIC 0x52445650u   /* "PVDR" */
#define FMT_VERSION  1u

/*
 * The instruction usually sits at INSN_VA; a case may move it (to straddle the end of
 * the code page, for instance): its bytes past the page end are not written.
 *
 * Case file: header { magic, version, count, data_size }, the pristine data area
 * (data_size bytes), then `count` case records:
 *   +0  u32 record size (multiple of 4)
 *   +4  u8  code length (1-16)   +5 u8 flags (CASE_FPU)   +6 u16 patch bytes
 *   +8  u32 regs[8]  EAX ECX EDX EBX ESP EBP ESI EDI
 *   +40 u32 eflags   +44 u32 offset of the instruction in the code page
 *   +48 u8  code[16]
 *   +64 patches: { u16 offset into the data area, u16 length, bytes[length] } ...
 *   then, with CASE_FPU, the 512-byte FXSAVE image to load
 */
#define CASE_FPU     1u
#define CASE_HDR     64u

/*
 * Result file: header { magic, version, count }, then one record per case:
 *   +0  u32 record size
 *   +4  u32 kind: RES_DONE (ran to the next instruction) or RES_EXC
 *   +8  u32 vector   +12 u32 error code   +16 u32 CR2 (for #PF)
 *   +20 u32 regs[8]  +52 u32 eip  +56 u32 eflags
 *   +60 u16 number of changed data bytes  +62 u8 flags (CASE_FPU)  +63 u8 reserved
 *   +64 changes: { u16 offset, u8 new value, u8 0 } ...
 *   then, with CASE_FPU, the 512-byte FXSAVE image after the instruction
 */
#define RES_DONE     0u
#define RES_EXC      1u
#define RES_HDR      64u
#define MAX_CHANGES  DATA_SIZE

#endif
