/**
 * The provider plugin processes of one benchmark run and their memory, sampled from /proc while an operation runs.
 *
 * A process is the run's when its command line is a provider plugin's (the native provider,
 * dist/provider/native/main.js, or the SDK's dynamic-provider plugin) and its environment holds the run's marker
 * (`GOTOWEBINAR_BENCH_RUN=<id>`, given to the CLI, which passes its environment on to every plugin it starts): other
 * runs and tests on the machine are not counted. Linux only; elsewhere nothing is counted, and the report says so.
 */
import * as fs from 'node:fs';

export const RUN_MARKER = 'GOTOWEBINAR_BENCH_RUN';

const PLUGIN = /native[\\/]main\.js|dynamic-provider/;

export interface ProcessFigures {
  /** Plugin processes seen (distinct pids). */
  processes: number;
  /** The most RSS they held together at one sample, in bytes. */
  peakTotalRss: number;
  /** The most RSS one of them held, in bytes. */
  peakProcessRss: number;
}

export const canSample = () => fs.existsSync('/proc/self/status');

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile
  }
}

/** VmRSS of a process, in bytes. */
export function rssOf(pid: number): number | undefined {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '');
  return m ? Number(m[1]) * 1024 : undefined;
}

export class PluginProcesses {
  /** Plugin processes looked at: whether each is this run's. */
  private readonly ours = new Map<number, boolean>();
  private readonly seen = new Set<number>();
  private peakTotal = 0;
  private peakProcess = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly marker: string,
    private readonly intervalMs = 250,
  ) {}

  start(): void {
    if (!canSample()) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): ProcessFigures {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    return { processes: this.seen.size, peakTotalRss: this.peakTotal, peakProcessRss: this.peakProcess };
  }

  private isOurs(pid: number): boolean {
    const known = this.ours.get(pid);
    if (known !== undefined) return known;
    // Not remembered while it is not a plugin: the launcher (a shell script) becomes node by exec, keeping its pid.
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (cmdline === undefined || !PLUGIN.test(cmdline)) return false;
    const ours = (read(`/proc/${pid}/environ`) ?? '').split('\0').includes(`${RUN_MARKER}=${this.marker}`);
    this.ours.set(pid, ours);
    return ours;
  }

  private sample(): void {
    let total = 0;
    for (const entry of fs.readdirSync('/proc')) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || !this.isOurs(pid)) continue;
      const rss = rssOf(pid);
      if (rss === undefined) continue;
      this.seen.add(pid);
      total += rss;
      this.peakProcess = Math.max(this.peakProcess, rss);
    }
    this.peakTotal = Math.max(this.peakTotal, total);
  }
}
