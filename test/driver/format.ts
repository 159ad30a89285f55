/** A short, human-readable rendering of a RunResult: the steps that do something, outputs, a summary. */
import { STEP_OPS, type RunResult, type Step, type StepOp } from './types';

const SYMBOLS: Record<StepOp, string> = {
  create: '+',
  update: '~',
  replace: '+-',
  delete: '-',
  same: ' ',
  refresh: '~',
  'read-gone': '-',
};

function stepLine(step: Step): string {
  const details: string[] = [];
  if (step.replaces && step.replaces.length > 0) details.push(`replaces: ${step.replaces.join(', ')}`);
  const changed = (step.changed ?? []).filter((c) => !(step.replaces ?? []).includes(c));
  if (changed.length > 0) details.push(`changed: ${changed.join(', ')}`);
  const tail = details.length > 0 ? ` (${details.join('; ')})` : '';
  const error = step.error ? `\n      error: ${step.error.split('\n').join('\n      ')}` : '';
  return `  ${SYMBOLS[step.op].padEnd(2)} ${step.op.padEnd(9)} ${step.type} ${step.name}${tail}${error}`;
}

function outputValue(value: unknown): string {
  const text = typeof value === 'string' && (value === '[secret]' || value === '[unknown]') ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 97)}...` : text;
}

/**
 * One line per step that changes something (or failed), refresh steps with the outputs that changed, then the stack
 * outputs and a summary. Secret values never appear: steps carry no values, and secret outputs are "[secret]".
 */
export function formatPlan(result: RunResult): string {
  const lines: string[] = [];
  const title = result.operation ? `${result.operation}:` : 'steps:';
  lines.push(title);
  const shown = result.steps.filter((s) => s.op !== 'same' || s.error);
  if (shown.length === 0) lines.push('  (no changes)');
  for (const step of shown) lines.push(stepLine(step));
  const keys = Object.keys(result.outputs).sort();
  if (keys.length > 0) {
    lines.push('outputs:');
    for (const k of keys) lines.push(`  ${k}: ${outputValue(result.outputs[k])}`);
  }
  const counts = STEP_OPS.filter((op) => result.summary[op] > 0).map((op) => `${result.summary[op]} ${op}`);
  const errors = result.steps.filter((s) => s.error).length;
  lines.push(`resources: ${counts.length > 0 ? counts.join(', ') : 'none'}${errors > 0 ? `; ${errors} failed` : ''}`);
  return lines.join('\n');
}
