// Starting guests: the menu of bundled images, and a local ELF from a file chooser.
// Both end in the machine's create(), which parses the xl.cfg text and builds the
// domain exactly as `pvwasm create` does.

import { CATALOGUE, type CatalogueEntry } from "../catalogue.js";
import type { GuestFile, StartedDomain } from "../protocol.js";

export type Create = (guests: GuestFile[]) => Promise<StartedDomain[]>;

async function fetchKernel(url: string, file: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`cannot load the image for ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** An xl.cfg string literal. */
const quote = (s: string) => `"${s.replace(/[\\"]/g, "\\$&")}"`;

/** The config `pvwasm run` would use for a picked image. */
export function localConfig(fileName: string, memoryMiB: number, cmdline: string): string {
  const name = fileName.replace(/\.elf$/i, "").replace(/[^A-Za-z0-9_.-]/g, "_").slice(0, 64) || "guest";
  return `name = ${quote(name)}\nkernel = ${quote(fileName)}\nmemory = ${memoryMiB}\nextra = ${quote(cmdline)}\n`;
}

export function initLauncher(create: Create, onError: (e: unknown) => void, onStarted: (d: StartedDomain[]) => void): void {
  const select = document.getElementById("guest-select") as HTMLSelectElement;
  const about = document.getElementById("guest-about") as HTMLElement;
  for (const e of CATALOGUE) select.add(new Option(e.label, e.id));
  const current = (): CatalogueEntry => CATALOGUE.find((e) => e.id === select.value) ?? CATALOGUE[0];
  const showAbout = () => { about.textContent = current().about; };
  select.addEventListener("change", showAbout);
  showAbout();

  const menu = document.getElementById("menu-form") as HTMLFormElement;
  menu.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const entry = current();
    Promise.all(entry.configs.map(async (c) => ({ file: c.file, text: c.text, kernel: await fetchKernel(c.kernelUrl, c.file) })))
      .then(create).then(onStarted).catch(onError);
  });

  const file = document.getElementById("elf-file") as HTMLInputElement;
  const memory = document.getElementById("elf-memory") as HTMLInputElement;
  const cmdline = document.getElementById("elf-cmdline") as HTMLInputElement;
  file.addEventListener("change", () => {
    const f = file.files?.[0];
    if (!f) return;
    // Let the same file be picked again after a failure.
    file.value = "";
    f.arrayBuffer()
      .then((buf) => create([{ file: f.name, text: localConfig(f.name, Number(memory.value) || 16, cmdline.value), kernel: new Uint8Array(buf) }]))
      .then(onStarted)
      .catch((e: unknown) => onError(new Error(`${f.name}: ${e instanceof Error ? e.message : String(e)}`)));
  });
}
