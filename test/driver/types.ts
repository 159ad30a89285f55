/** The driver's public types (re-exported by index.ts). */

export type StepOp = 'create' | 'update' | 'replace' | 'delete' | 'same' | 'refresh' | 'read-gone';
export const STEP_OPS: readonly StepOp[] = ['create', 'update', 'replace', 'delete', 'same', 'refresh', 'read-gone'];

export type OperationKind = 'preview' | 'up' | 'refresh' | 'destroy';

export interface Step {
  urn: string;
  type: string;
  name: string;
  op: StepOp;
  /** For replace: the properties that force it. */
  replaces?: string[];
  /** Top-level input properties that differ from the old inputs (plus `replaces`); for refresh, outputs that changed. */
  changed?: string[];
  /** The step failed (secret values blanked out). */
  error?: string;
}

export interface RunResult {
  steps: Step[];
  /** Stack outputs; secrets as "[secret]" and (preview) unknowns as "[unknown]". Unwrapped: Stack.outputs(). */
  outputs: Record<string, unknown>;
  summary: Record<StepOp, number>;
  /** Added: which operation produced this result. */
  operation?: OperationKind;
  /** Added: names of the stack outputs that are secret. */
  secretOutputs?: string[];
}

export interface DriverEvent {
  kind: 'step-start' | 'step-done' | 'info';
  urn?: string;
  op?: StepOp;
  message: string;
}

/** An operation finished with errors: `result` holds what was done, `errors` every per-resource (or program) error. */
export class DriverError extends Error {
  constructor(
    message: string,
    readonly result: RunResult,
    readonly errors: Array<{ urn: string; message: string }>,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}
