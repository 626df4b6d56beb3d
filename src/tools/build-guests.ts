/**
 * build-guests — compiles the guest kernels in guests/ into build/guests/*.elf,
 * and the native Linux variant of the benchmark into build/guests/bench-native.
 *
 * Layout it relies on:
 *   guests/lib/       the Xen PV runtime linked into every guest (guest.ld, head.S, …)
 *   guests/lib/libc/  the portable part of it, also linked into native programs
 *   guests/native/    the Linux i386 runtime for native builds (_start, int $0x80)
 *   guests/<name>/    one guest: its .c and .S files, and optionally build.flags
 *
 * build.flags gives a guest its own code-generation flags: each line
 * "variant: flags…" builds the guest once per variant, as <name>-<variant>.elf, with
 * those flags in place of -mgeneral-regs-only (e.g. to let it use the FPU and SSE);
 * a line of flags alone builds <name>.elf with them. '#' starts a comment. Guests
 * without the file build once with CFLAGS.
 *
 * Only the host's gcc (with -m32, no 32-bit libc or libgcc needed) and GNU ld are
 * used. Each object is shared by every image that links it. A step reruns only if
 * an input is newer than its output: sources, any header under guests/lib or the
 * program's own directory, the linker script, and this file (which holds the
 * flags). Links also rerun when their command line changes (e.g. a source was
 * deleted).
 *
 *   npx tsx src/tools/build-guests.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(SELF), '..', '..');
const GUESTS = join(ROOT, 'guests');
const LIB = join(GUESTS, 'lib');
const LIBC = join(LIB, 'libc');
const NATIVE = join(GUESTS, 'native');
const OUT = join(ROOT, 'build', 'guests');
const OBJ = join(OUT, 'obj');
const LINKER_SCRIPT = join(LIB, 'guest.ld');

/** Guests that are portable programs (<plat.h>) and also get a native build. */
const NATIVE_PROGRAMS = ['bench', 'fpmath', 'fpbench'];
/** Portable programs that also get a bare-metal multiboot build (run under v86 by the benchmarks). */
const MULTIBOOT_PROGRAMS = ['bench'];
const MULTIBOOT = join(GUESTS, 'multiboot');
const MULTIBOOT_LD = join(MULTIBOOT, 'multiboot.ld');

/** Native-only test tools kept next to their tests: image name → source directory.
 *  They link with the native runtime and libc like NATIVE_PROGRAMS. */
const NATIVE_TOOLS: [string, string][] = [['cpu-diff-runner', join(ROOT, 'test', 'cpu-diff', 'native')]];

const CFLAGS = [
  '-m32', '-march=i686', '-std=gnu11', '-O2', '-g',
  '-ffreestanding', '-nostdlib', '-fno-builtin',
  '-fno-pic', '-fno-pie', '-fno-stack-protector', '-fcf-protection=none',
  '-fno-asynchronous-unwind-tables', '-mgeneral-regs-only',
  // Keeps gcc from turning the byte loops of memset & co. into calls to themselves.
  '-fno-tree-loop-distribute-patterns',
  '-Wall', '-Wextra', '-Werror',
];
const LDFLAGS = ['-m', 'elf_i386', '-nostdlib', '-z', 'noexecstack', '--fatal-warnings'];

/** A build failure with a message for the user: one line, or the compiler's output. */
export class GuestBuildError extends Error {}

export interface BuildOptions {
  /** Print nothing on success. */
  quiet?: boolean;
}

interface Job {
  output: string;
  inputs: string[];
  argv: () => string[];   // tool first; computed only when the job runs
  label: string;    // "CC" / "LD"
  source?: string;  // what to name in progress lines, if not the output
  /** Record argv next to the output and rebuild when it changes. */
  trackCommand?: boolean;
}

/** Build every guest (and the native benchmark) that is out of date. */
export async function buildGuests(opts: BuildOptions = {}): Promise<void> {
  const log = opts.quiet ? () => {} : (line: string) => console.log(line);
  const names = readdirSync(GUESTS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !['lib', 'native', 'multiboot', 'configs'].includes(d.name))
    .map((d) => d.name)
    .sort();
  const libHeaders = findFiles(LIB, ['.h']);
  const objects = new Map<string, Job>();
  const objectsOf = (dir: string, variant?: Variant): string[] =>
    findFiles(dir, ['.c', '.S']).map((src) => {
      const extra = variant ? [join(dir, FLAGS_FILE)] : [];
      const job = compileJob(src, [...libHeaders, ...findFiles(dir, ['.h']), ...extra], variant);
      objects.set(job.output, job);
      return job.output;
    });

  const libObjects = objectsOf(LIB);                       // includes libc/
  const libcObjects = libObjects.filter((o) => o.startsWith(join(OBJ, 'lib', 'libc') + '/'));
  const nativeObjects = objectsOf(NATIVE);
  const multibootObjects = objectsOf(MULTIBOOT);
  const links: Job[] = [];
  for (const name of names) {
    const dir = join(GUESTS, name);
    const variants: (Variant | undefined)[] = readVariants(dir) ?? [undefined];
    for (const variant of variants) {
      const own = objectsOf(dir, variant);
      if (own.length === 0) continue;
      const image = variant?.name ? `${name}-${variant.name}` : name;
      links.push(linkJob(`${image}.elf`, ['-T', LINKER_SCRIPT], [...libObjects, ...own], [LINKER_SCRIPT]));
      if (NATIVE_PROGRAMS.includes(name))
        links.push(linkJob(`${image}-native`, ['-static'], [...nativeObjects, ...libcObjects, ...own]));
      if (MULTIBOOT_PROGRAMS.includes(name) && !variant)
        links.push(linkJob(`${image}-multiboot.elf`, ['-T', MULTIBOOT_LD], [...multibootObjects, ...libcObjects, ...own], [MULTIBOOT_LD]));
    }
  }
  for (const [name, dir] of NATIVE_TOOLS)
    links.push(linkJob(name, ['-static'], [...nativeObjects, ...libcObjects, ...objectsOf(dir)]));

  const compiles = [...objects.values()].filter(isStale);
  const staleLinks = links.filter((l) => compiles.some((c) => l.inputs.includes(c.output)) || isStale(l));
  if (compiles.length === 0 && staleLinks.length === 0) {
    log(`pvwasm: guests are up to date (${links.length} images in ${relative(ROOT, OUT)}/)`);
    return;
  }

  requireTool('gcc', 'gcc');
  requireTool('ld', 'binutils');
  await runAll(compiles, log);
  await runAll(staleLinks, log);
  log(`pvwasm: built ${staleLinks.length} of ${links.length} images in ${relative(ROOT, OUT)}/`);
}

/** One build of a guest with its own flags (see build.flags above). */
interface Variant { name: string; flags: string[] }
const FLAGS_FILE = 'build.flags';

/** The variants listed in dir/build.flags, or undefined when there is no such file. */
function readVariants(dir: string): Variant[] | undefined {
  const text = readText(join(dir, FLAGS_FILE));
  if (text === undefined) return undefined;
  const out: Variant[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const m = /^([a-z0-9-]+):(.*)$/.exec(line);
    const flags = (m ? m[2] : line).trim().split(/\s+/).filter(Boolean);
    if (flags.some((f) => !f.startsWith('-')))
      throw new GuestBuildError(`pvwasm: ${relative(ROOT, join(dir, FLAGS_FILE))}: expected "[variant:] -flags…", got "${line}"`);
    out.push({ name: m ? m[1] : '', flags });
  }
  return out;
}

function compileJob(src: string, headers: string[], variant?: Variant): Job {
  let rel = relative(GUESTS, src);
  if (rel.startsWith('..')) rel = relative(ROOT, src); // NATIVE_TOOLS live outside guests/
  if (variant?.name) rel = join(`${dirname(rel)}-${variant.name}`, rel.slice(dirname(rel).length + 1));
  const output = join(OBJ, rel).replace(/\.[cS]$/, '.o');
  const cflags = variant ? [...CFLAGS.filter((f) => f !== '-mgeneral-regs-only'), ...variant.flags] : CFLAGS;
  const argv = (): string[] => ['gcc', ...cflags, '-nostdinc', '-isystem', gccIncludeDir(),
    '-I', join(LIB, 'include'), '-c', src, '-o', output];
  return { output, source: src, inputs: [src, ...headers, SELF], argv, label: 'CC' };
}

function linkJob(file: string, extra: string[], objs: string[], inputs: string[] = []): Job {
  const output = join(OUT, file);
  return {
    output,
    inputs: [...objs, ...inputs, SELF],
    argv: () => ['ld', ...LDFLAGS, ...extra, '-o', output, ...objs],
    label: 'LD',
    trackCommand: true,
  };
}

/** Where a link's last command line is kept: obj/<image>.cmd. */
function commandFile(job: Job): string {
  return join(OBJ, relative(OUT, job.output) + '.cmd');
}

function isStale(job: Job): boolean {
  const out = mtime(job.output);
  if (out === undefined) return true;
  if (job.trackCommand && readText(commandFile(job)) !== job.argv().join(' ')) return true;
  return job.inputs.some((i) => (mtime(i) ?? Infinity) > out);
}

/** Run jobs, as many at once as there are CPUs; stop at the first failure. */
async function runAll(jobs: Job[], log: (line: string) => void): Promise<void> {
  const queue = [...jobs];
  let failure: GuestBuildError | undefined;
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job && !failure; job = queue.shift()) {
      const argv = job.argv();
      log(`  ${job.label.padEnd(7)} ${relative(ROOT, job.source ?? job.output)}`);
      mkdirSync(dirname(job.output), { recursive: true });
      const { code, output } = await run(argv);
      if (code !== 0) {
        failure ??= new GuestBuildError(
          `${output.trimEnd()}\npvwasm: ${argv[0]} failed building ${relative(ROOT, job.output)}`);
      } else {
        if (output) process.stderr.write(output);   // cannot happen with -Werror; never hide it
        if (job.trackCommand) writeFileSync(commandFile(job), argv.join(' '));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, cpus().length) }, worker));
  if (failure) throw failure;
}

function run(argv: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', (e) => resolvePromise({ code: -1, output: `${argv[0]}: ${e.message}` }));
    child.on('close', (code) => resolvePromise({ code: code ?? -1, output }));
  });
}

function requireTool(tool: string, debianPackage: string): void {
  const r = spawnSync(tool, ['--version'], { stdio: 'ignore' });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT')
    throw new GuestBuildError(`pvwasm: ${tool} not found; install it with: apt-get install ${debianPackage}`);
}

let gccInclude: string | undefined;
/** gcc's own freestanding headers (stdint.h, stdarg.h, …): -nostdinc keeps the host's
 *  64-bit libc headers out, and this adds back only these. */
function gccIncludeDir(): string {
  if (gccInclude === undefined) {
    requireTool('gcc', 'gcc');
    gccInclude = spawnSync('gcc', ['-print-file-name=include'], { encoding: 'utf8' }).stdout.trim();
  }
  return gccInclude;
}

/** Files under dir (recursively) whose names end in one of exts, sorted. */
function findFiles(dir: string, exts: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .map((f) => join(dir, f))
    .sort();
}

function mtime(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

const invokedAsScript = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(SELF);
  } catch {
    return false;
  }
})();

if (invokedAsScript) {
  buildGuests().catch((e: unknown) => {
    console.error(e instanceof GuestBuildError ? e.message : `pvwasm: ${(e as Error).message}`);
    process.exit(1);
  });
}
