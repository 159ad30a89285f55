/**
 * Heartbeat for the benchmark's long engine operations, fed by `EngineStack.open({ onEvent })`: a line every few
 * seconds while an operation runs ("  up: 120/200 resources done, 8 running (14s)"), counted from the engine's
 * events (a `resOutputsEvent` or `resOpFailedEvent` per finished resource), instead of the engine's own output,
 * which is far too long for 2000 resources. Engine bookkeeping (`pulumi:*` resources) is not counted.
 *
 * It also keeps the timings the report needs: when the engine started (its prelude event), when the program was
 * running (the stack resource's step), when the first of our resources' steps started, when the last one
 * finished, and the most steps seen in flight at once (the parallelism the engine actually used for steps).
 */
import type { EngineEvent } from '@pulumi/pulumi/automation';

export interface PhaseTimings {
  /** ms from the start of the operation to the engine's prelude event (the CLI started, the stack loaded). */
  preludeMs?: number;
  /** ms to the engine's first step on the stack resource (`pulumi:pulumi:Stack`): the program is running. */
  programMs?: number;
  /** ms from the start of the operation to the first step of our resources (undefined: no step). */
  firstStepMs?: number;
  /** ms from the start of the operation to the last step of our resources finishing. */
  lastDoneMs?: number;
  /** Most of our resources' steps running at the same time. */
  maxInFlight: number;
  /** Our resources' steps that finished (or failed). */
  done: number;
  failed: number;
}

export class Heartbeat {
  private label = '';
  private total = 0;
  private started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private running = new Set<string>();
  private finished = new Set<string>();
  private timings: PhaseTimings = { maxInFlight: 0, done: 0, failed: 0 };

  constructor(
    private readonly indent = '    ',
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly everyMs = 5000,
  ) {}

  /** Pass as `onEvent`. */
  readonly onEvent = (e: EngineEvent): void => {
    const at = Date.now() - this.started;
    if (e.preludeEvent) this.timings.preludeMs ??= at;
    const pre = e.resourcePreEvent?.metadata;
    const finished = e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
    const meta = pre ?? finished;
    // A destroy runs no program: its stack resource's step is the last delete.
    if (pre?.type === 'pulumi:pulumi:Stack' && pre.op !== 'delete') this.timings.programMs ??= at;
    if (!meta || meta.type.startsWith('pulumi:')) return;
    if (pre) {
      this.timings.firstStepMs ??= at;
      this.running.add(meta.urn);
      this.timings.maxInFlight = Math.max(this.timings.maxInFlight, this.running.size);
      return;
    }
    this.running.delete(meta.urn);
    // Counted once per resource: a replacement reports two steps for one.
    this.finished.add(meta.urn);
    this.timings.done = this.finished.size;
    if (e.resOpFailedEvent) this.timings.failed++;
    this.timings.lastDoneMs = at;
  };

  /** Call before an operation over `total` of our resources. */
  begin(label: string, total: number): void {
    this.label = label;
    this.total = total;
    this.started = Date.now();
    this.running.clear();
    this.finished.clear();
    this.timings = { maxInFlight: 0, done: 0, failed: 0 };
    this.timer = setInterval(() => this.beat(), this.everyMs);
    this.timer.unref();
  }

  /** Call after an operation (also when it failed); returns its timings. */
  end(): PhaseTimings {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return { ...this.timings };
  }

  private beat(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    const { done, failed, firstStepMs } = this.timings;
    const what =
      firstStepMs === undefined
        ? `engine starting, 0/${this.total} resources done`
        : `${done}/${this.total} resources done${this.running.size ? `, ${this.running.size} running` : ''}${failed ? `, ${failed} failed` : ''}`;
    this.out.write(`${this.indent}${this.label}: ${what} (${seconds}s)\n`);
  }
}
