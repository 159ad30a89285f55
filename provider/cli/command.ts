/**
 * What one subcommand of `npx pulumi-gotowebinar` is: its name, its usage text, and what it runs. Each lives in its
 * own file and is listed once, in main.ts. A command writes its results to `io.out` and what it tells the user to
 * `io.err` (so `… > file` keeps only results), and returns the exit code.
 */
export interface CommandIO {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  name: string;
  /** One line of synopsis, then indented lines of what it does. */
  usage: string;
  run(args: string[], io: CommandIO): Promise<number>;
}

/**
 * The message of what a call threw: an Error's, also one of another realm (Node's own errors inside a test's
 * sandbox are not `instanceof Error` there); anything else as text.
 */
export function messageOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
}

/** A command's arguments were wrong: main prints the message and the command's usage, and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `--flag value` and `--switch` arguments, checked against what the command accepts. Repeated flags keep every
 * value (`--organizer a --organizer b`).
 */
export function parseFlags(
  args: string[],
  spec: { values?: readonly string[]; switches?: readonly string[] },
): { values: Map<string, string[]>; switches: Set<string> } {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (spec.switches?.includes(flag) && inline === undefined) {
      switches.add(flag);
    } else if (spec.values?.includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
      values.set(flag, [...(values.get(flag) ?? []), value]);
    } else {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return { values, switches };
}
