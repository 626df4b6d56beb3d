// Loading the core under Node: finds build/core.wasm (or the debug build) from the
// package root, whichever directory this module runs from.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core, type CoreOptions } from "./core.js";

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "pvwasm") return dir;
    dir = dirname(dir);
  }
  throw new Error("cannot find the pvwasm package root");
}

export class CoreNotBuiltError extends Error {
  constructor(path: string) {
    super(`${path} is missing; build the core first with: npm run build`);
    this.name = "CoreNotBuiltError";
  }
}

const cache = new Map<string, WebAssembly.Module>();

/** Compiles (once) and instantiates the core; `debug` selects the assertion-checked build. */
export async function loadCore(opts: CoreOptions & { debug?: boolean }): Promise<Core> {
  const path = join(packageRoot(), "build", opts.debug ? "core-debug.wasm" : "core.wasm");
  let mod = cache.get(path);
  if (!mod) {
    if (!existsSync(path)) throw new CoreNotBuiltError(path);
    mod = await WebAssembly.compile(readFileSync(path));
    cache.set(path, mod);
  }
  return Core.create(mod, opts);
}
