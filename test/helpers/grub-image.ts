// GRUB built as a Xen PV kernel: Debian's grub-xen-host ships grub-i386-xen.bin.
// Fetched once with `apt-get download` and unpacked with dpkg-deb (or ar + tar),
// cached under build/grub-xen-host/. Where apt or the download is unavailable the
// caller gets the reason instead of a path.

import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./guest.js";

const CACHE = join(ROOT, "build", "grub-xen-host");
const IMAGE = join(CACHE, "root", "usr", "lib", "grub-xen", "grub-i386-xen.bin");

function have(cmd: string): boolean {
  try { execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }); return true; } catch { return false; }
}

export function grubImage(): { path?: string; reason?: string } {
  if (existsSync(IMAGE)) return { path: IMAGE };
  if (!have("apt-get")) return { reason: "apt-get is not available to download Debian's grub-xen-host" };
  mkdirSync(CACHE, { recursive: true });
  try {
    execFileSync("apt-get", ["download", "grub-xen-host"], { cwd: CACHE, stdio: "ignore", timeout: 180_000 });
  } catch (e) {
    return { reason: `'apt-get download grub-xen-host' failed (${(e as Error).message.split("\n")[0]})` };
  }
  const deb = readdirSync(CACHE).find((f) => /^grub-xen-host_.*\.deb$/.test(f));
  if (!deb) return { reason: "apt-get download produced no grub-xen-host .deb" };
  const root = join(CACHE, "root");
  mkdirSync(root, { recursive: true });
  try {
    if (have("dpkg-deb")) {
      execFileSync("dpkg-deb", ["-x", deb, root], { cwd: CACHE, stdio: "ignore" });
    } else if (have("ar") && have("tar")) {
      const members = execFileSync("ar", ["t", deb], { cwd: CACHE }).toString().split("\n");
      const data = members.find((m) => m.startsWith("data.tar"));
      if (!data) return { reason: `${deb} has no data.tar member` };
      execFileSync("ar", ["x", deb, data], { cwd: CACHE });
      execFileSync("tar", ["-xf", data, "-C", root], { cwd: CACHE });
    } else {
      return { reason: "neither dpkg-deb nor ar and tar are available to unpack grub-xen-host" };
    }
  } catch (e) {
    return { reason: `unpacking ${deb} failed (${(e as Error).message.split("\n")[0]})` };
  }
  return existsSync(IMAGE) ? { path: IMAGE } : { reason: `${deb} holds no usr/lib/grub-xen/grub-i386-xen.bin` };
}
