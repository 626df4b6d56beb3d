// Instruction handlers, as named by the x86 table (src/gen/x86/).
export * from "./alu";
export * from "./muldiv";
export * from "./shift";
export * from "./bits";
export * from "./bcd";
export * from "./mov";
export * from "./stack";
export * from "./control";
export * from "./string";
export * from "./system";
export * from "./misc";
export * from "./fpu-arith";
export * from "./fpu-load-store";
export * from "./fpu-misc";
export * from "./fpu-control";
export * from "../flags";
