/**
 * How the demo prints: numbered steps, a ✓ or ✗ per check, and the engine's own output indented under its step.
 */

/** A check of the demo that did not hold (the demo fails, saying which). */
export class Mismatch extends Error {}

/** One numbered section of the demo's output. */
export class Steps {
  private n = 0;
  constructor(private readonly total: number) {}
  title(text: string): void {
    this.n++;
    console.log(`\n[${this.n}/${this.total}] ${text}`);
  }
}

export function ok(text: string): void {
  console.log(`  ✓ ${text}`);
}

export function note(text: string): void {
  console.log(`  ${text}`);
}

export function fail(problems: string[] | string): never {
  const list = [problems].flat();
  for (const p of list) console.log(`  ✗ ${p}`);
  throw new Mismatch(list.join('; '));
}

/** The engine's output, indented under the step, line by line as it arrives. */
export class EngineOutput {
  private pending = '';
  readonly write = (text: string): void => {
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) console.log(`    | ${line}`);
  };
  flush(): void {
    if (this.pending) console.log(`    | ${this.pending}`);
    this.pending = '';
  }
}
