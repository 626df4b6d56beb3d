// One v86 benchmark process: boots the bench workload as a multiboot kernel
// (build/guests/bench-multiboot.elf) in v86 with its JIT (v86.wasm, loaded
// explicitly), samples v86's instruction counter, and reports JSON on stdout:
// instructions, seconds, and the rate after a warm-up of WARMUP instructions (v86's
// JIT needs about a billion instructions to reach full speed).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { packageRoot } from "../../src/core/node.js";

const WARMUP = 1_000_000_000;
const iterations = Number(process.argv[2] ?? 12000);
const root = packageRoot();
const require = createRequire(import.meta.url);
const v86Dir = join(require.resolve("v86/package.json"), "..");
const { V86 } = await import(join(v86Dir, "build", "libv86.mjs"));

const img = readFileSync(join(root, "build", "guests", "bench-multiboot.elf"));
// The exit port (0xF4) makes v86 throw "HALT"; the result has been printed by then.
process.on("uncaughtException", (e: unknown) => { if (e !== "HALT") { console.error(String(e)); process.exit(1); } });

const emu = new V86({
  wasm_path: join(v86Dir, "build", "v86.wasm"),
  memory_size: 64 * 1024 * 1024,
  multiboot: { buffer: img.buffer.slice(img.byteOffset, img.byteOffset + img.byteLength) },
  cmdline: `iterations=${iterations}`,
  autostart: true,
  disable_keyboard: true,
  disable_mouse: true,
  disable_speaker: true,
});
let out = "";
emu.add_listener("serial0-output-byte", (b: number) => { out += String.fromCharCode(b); });
const samples: [number, number][] = [];
const t0 = performance.now();
await new Promise<void>((resolve) => {
  const iv = setInterval(() => {
    samples.push([performance.now(), emu.get_instruction_counter()]);
    if (/checksum=0x[0-9a-f]{8}/.test(out)) { clearInterval(iv); resolve(); }
  }, 100);
});
const secs = (performance.now() - t0) / 1000;
const total = samples.at(-1)![1];
const warm = samples.find(([, n]) => n >= WARMUP);
const last = samples.at(-1)!;
const steadyMips = warm && last[1] > warm[1] ? (last[1] - warm[1]) / ((last[0] - warm[0]) / 1000) / 1e6 : NaN;
process.stdout.write(JSON.stringify({ instructions: total, secs, steadyMips, warmup: WARMUP, checksum: /checksum=(0x[0-9a-f]+)/.exec(out)?.[1] }) + "\n");
emu.stop();
process.exit(0);
