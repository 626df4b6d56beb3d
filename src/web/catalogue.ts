// The guests the demo offers, bundled with the site: the project's own xl.cfg files
// where they suit a live demo, and a few variants that run long enough to watch.
// Vite copies every imported image into the build (`?url`) and inlines configs (`?raw`).

import helloCfg from "../../guests/configs/hello.cfg?raw";
import selftestCfg from "../../guests/configs/selftest.cfg?raw";
import spinHeavyCfg from "../../guests/configs/spin-heavy.cfg?raw";
import spinLightCfg from "../../guests/configs/spin-light.cfg?raw";
import smpCfg from "../../guests/configs/smp.cfg?raw";

import helloElf from "../../build/guests/hello.elf?url";
import selftestElf from "../../build/guests/selftest.elf?url";
import spinElf from "../../build/guests/spin.elf?url";
import benchElf from "../../build/guests/bench.elf?url";
import timerElf from "../../build/guests/timer.elf?url";
import pingpongElf from "../../build/guests/pingpong.elf?url";
import smpElf from "../../build/guests/smp.elf?url";
import crashElf from "../../build/guests/crash.elf?url";
import fputrapElf from "../../build/guests/fputrap.elf?url";
import mmutestElf from "../../build/guests/mmutest.elf?url";
import conechoElf from "../../build/guests/conecho.elf?url";
import xsexerciseElf from "../../build/guests/xsexercise.elf?url";

export interface CatalogueConfig {
  file: string;
  text: string;
  /** URL of the bundled kernel image (the config's own `kernel` path is for the CLI). */
  kernelUrl: string;
}

export interface CatalogueEntry {
  id: string;
  label: string;
  about: string;
  /** Started together, so their command lines may link (${domid:NAME}, …). */
  configs: CatalogueConfig[];
}

const cfg = (file: string, text: string, kernelUrl: string): CatalogueConfig => ({ file, text, kernelUrl });

export const CATALOGUE: CatalogueEntry[] = [
  { id: "hello", label: "hello", about: "greets, prints what start_info holds, powers off", configs: [cfg("hello.cfg", helloCfg, helloElf)] },
  {
    id: "spin", label: "spin (CPU-bound)", about: "counts forever: start two and change their weights",
    configs: [cfg("spin.cfg", 'name = "spin"\nkernel = "spin.elf"\nmemory = 4\n', spinElf)],
  },
  { id: "spin-heavy", label: "spin, weight 512", about: "a CPU-bound domain with twice the default weight", configs: [cfg("spin-heavy.cfg", spinHeavyCfg, spinElf)] },
  { id: "spin-light", label: "spin, cap 25%", about: "a CPU-bound domain capped at a quarter of a CPU", configs: [cfg("spin-light.cfg", spinLightCfg, spinElf)] },
  {
    id: "bench", label: "bench (CoreMark-like)", about: "about 330 million instructions of integer work, then its checksum",
    configs: [cfg("bench.cfg", 'name = "bench"\nkernel = "bench.elf"\nmemory = 16\nextra = "iterations=2000"\n', benchElf)],
  },
  {
    id: "timer", label: "timer (100 Hz, 10 s)", about: "blocks between VIRQ_TIMER ticks every 10 ms",
    configs: [cfg("timer.cfg", 'name = "timer"\nkernel = "timer.elf"\nmemory = 4\nextra = "ticks=1000 period_us=10000"\n', timerElf)],
  },
  {
    id: "pingpong", label: "ping + pong (event channels)", about: "two domains bounce an event 300,000 times",
    configs: [
      cfg("ping.cfg", 'name = "ping"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=1 peer=${domid:pong} port=${port:pong} rounds=300000"\n', pingpongElf),
      cfg("pong.cfg", 'name = "pong"\nkernel = "pingpong.elf"\nmemory = 4\nextra = "ping=0 peer=${domid:ping} port=${peerport:ping} rounds=300000"\n', pingpongElf),
    ],
  },
  { id: "smp", label: "smp (4 vcpus)", about: "brings up four vcpus and passes IPIs between them", configs: [cfg("smp.cfg", smpCfg, smpElf)] },
  { id: "selftest", label: "selftest", about: "XTF-style checks of basic hypercalls and #PF delivery", configs: [cfg("selftest.cfg", selftestCfg, selftestElf)] },
  {
    id: "mmutest", label: "mmutest", about: "Xen's page-table rules exercised from ring 1",
    configs: [cfg("mmutest.cfg", 'name = "mmutest"\nkernel = "mmutest.elf"\nmemory = 8\n', mmutestElf)],
  },
  {
    id: "fputrap", label: "fputrap", about: "#NM, #MF and #XM delivery and the lazy-FPU ABI",
    configs: [cfg("fputrap.cfg", 'name = "fputrap"\nkernel = "fputrap.elf"\nmemory = 4\n', fputrapElf)],
  },
  {
    id: "conecho", label: "conecho (type into it)", about: "reads lines from its PV console ring and echoes them in capitals",
    configs: [cfg("conecho.cfg", 'name = "conecho"\nkernel = "conecho.elf"\nmemory = 4\n', conechoElf)],
  },
  {
    id: "xsexercise", label: "xsexercise", about: "xenstore over its ring: reads, writes, permissions, watches, transactions",
    configs: [cfg("xsexercise.cfg", 'name = "xsexercise"\nkernel = "xsexercise.elf"\nmemory = 4\n', xsexerciseElf)],
  },
  {
    id: "crash", label: "crash", about: "divides by zero with no trap table: the hypervisor crashes it",
    configs: [cfg("crash.cfg", 'name = "crash"\nkernel = "crash.elf"\nmemory = 4\n', crashElf)],
  },
];
