// Writes the hypervisor makes into guest frames must drop cached decoded code.

export { codeFrameWritten } from "./code-cache";
