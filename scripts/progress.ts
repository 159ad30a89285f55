/**
 * Progress while a driver operation runs, fed by `Stack.open({ onEvent })`. On a terminal: one status line redrawn
 * in place ("12 done, 3 running: create Webhook registrations"). Otherwise (CI, a test capturing output): a line
 * every few seconds while something is still running, so a slow step is visible without flooding the log.
 * `info` messages (waits for the rate limit, plugin diagnostics) are printed as they come.
 */
import type { DriverEvent } from '../test/driver';

export class Progress {
  private running = new Map<string, string>();
  private done = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastLine = 0;
  private readonly tty: boolean;
  private started = Date.now();

  /** `info` messages seen during the current operation. */
  infoCount = 0;

  constructor(
    private readonly indent = '    ',
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly heartbeatMs = 3000,
    /** 'print' every info message, or only 'count' them (big stacks). */
    private readonly infoMode: 'print' | 'count' = 'print',
  ) {
    this.tty = !!out.isTTY && process.env.CI === undefined;
  }

  /** Pass as `onEvent`. */
  readonly onEvent = (e: DriverEvent): void => {
    const what = `${e.op ?? ''} ${nameOf(e.urn)}`.trim();
    if (e.kind === 'step-start') this.running.set(e.urn ?? e.message, what || e.message);
    else if (e.kind === 'step-done') {
      this.running.delete(e.urn ?? e.message);
      this.done++;
    } else {
      this.infoCount++;
      // The driver says this on every operation: not news to a reader.
      if (this.infoMode === 'print' && !/^starting the dynamic-provider plugin/.test(e.message)) {
        this.clear();
        this.out.write(`${this.indent}· ${e.message}\n`);
      }
    }
    if (this.tty) this.draw();
  };

  /** Call before an operation. */
  begin(): void {
    this.running.clear();
    this.done = 0;
    this.infoCount = 0;
    this.started = Date.now();
    this.lastLine = 0;
    this.timer = setInterval(() => this.heartbeat(), this.tty ? 250 : this.heartbeatMs);
    this.timer.unref();
  }

  /** Call after an operation (also when it failed). */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.clear();
  }

  private status(): string {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const running = [...this.running.values()];
    const shown = running.slice(0, 2).join(', ') + (running.length > 2 ? `, +${running.length - 2}` : '');
    return `${this.indent}… ${seconds}s, ${this.done} done${running.length ? `, running: ${shown}` : ''}`;
  }

  private heartbeat(): void {
    if (this.tty) return this.draw();
    if (this.running.size === 0 && this.done === 0) return;
    this.out.write(`${this.status()}\n`);
  }

  private draw(): void {
    const line = this.status().slice(0, (this.out.columns ?? 120) - 1);
    this.out.write(`\r${line}${' '.repeat(Math.max(0, this.lastLine - line.length))}`);
    this.lastLine = line.length;
  }

  private clear(): void {
    if (!this.tty || this.lastLine === 0) return;
    this.out.write(`\r${' '.repeat(this.lastLine)}\r`);
    this.lastLine = 0;
  }
}

/** `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/gotowebinar:Webhook::registrations` → `Webhook registrations` */
export function nameOf(urn: string | undefined): string {
  if (!urn) return '';
  const parts = urn.split('::');
  const type = (parts[2] ?? '').split('$').pop() ?? '';
  return `${type.split(/[:/]/).pop()} ${parts[3] ?? ''}`.trim();
}
