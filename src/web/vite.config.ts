// Vite builds the demo from src/web/ into build/web/: a static site (relative URLs,
// every asset a file) that works from any static file server.

import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
const repo = fileURLToPath(new URL("../..", import.meta.url));

/** The page and its worker run in a browser: a Node built-in in the bundle is a bug. */
function noNodeBuiltins(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "pvwasm-no-node-builtins",
    enforce: "pre",
    resolveId(id, importer) {
      if (id.startsWith("node:") || builtins.has(id)) {
        this.error(`${importer ?? "?"} imports the Node module '${id}': modules the demo uses must be platform neutral`);
      }
      return null;
    },
  };
}

export default defineConfig({
  root,
  base: "./",
  plugins: [noNodeBuiltins()],
  worker: { format: "es", plugins: () => [noNodeBuiltins()] },
  build: {
    outDir: `${repo}build/web`,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    target: "es2022",
    chunkSizeWarningLimit: 1024,
  },
  server: { fs: { allow: [repo] }, host: "127.0.0.1" },
  preview: { host: "127.0.0.1" },
});
