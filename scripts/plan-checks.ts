/**
 * Checks on what a preview/up/refresh/destroy did under the engine, shared by the demo, the benchmark and the
 * tests: which operation each of the stack's own resources got, compared with what was expected. Engine
 * bookkeeping (the `pulumi:pulumi:Stack` resource, default providers) is left out.
 */
import type { RunResult, Step } from '../tools/pulumi/automation';

/** Our resources' steps: everything but `pulumi:*` bookkeeping. */
export function resourceSteps(result: RunResult): Step[] {
  return result.steps.filter((s) => !s.type.startsWith('pulumi:'));
}

/** Short type name: `Webhook`, `UserSubscription`, `SecretKey`, `RandomString`. */
export function shortType(type: string): string {
  return type.split(/[:/]/).pop() ?? type;
}

/** `Webhook registrations` */
export function label(step: Pick<Step, 'type' | 'name'>): string {
  return `${shortType(step.type)} ${step.name}`;
}

/** Counts of our resources' ops, e.g. { create: 9 }. */
export function opCounts(result: RunResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of resourceSteps(result)) counts[s.op] = (counts[s.op] ?? 0) + 1;
  return counts;
}

/** `create 9, same 2` (sorted by op name), or `nothing`. */
export function describeCounts(counts: Record<string, number>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, n]) => `${op} ${n}`);
  return parts.length ? parts.join(', ') : 'nothing';
}

/**
 * Differences between the ops our resources got and the expectation: `expected` maps a resource name (or
 * `Type name` when names repeat across types) to the op or ops it may get; every other resource must get
 * `otherwise` (default 'same'). `count` is the number of our resources that must appear.
 * Returns a list of human-readable mismatches (empty when all is as expected).
 */
export function checkOps(
  result: RunResult,
  expectation: { expected?: Record<string, Step['op'] | readonly Step['op'][]>; otherwise?: Step['op'] | readonly Step['op'][]; count?: number },
): string[] {
  const problems: string[] = [];
  const steps = resourceSteps(result);
  const expected = expectation.expected ?? {};
  const otherwise = [expectation.otherwise ?? 'same'].flat();
  const seen = new Set<string>();
  for (const step of steps) {
    const key = expected[label(step)] !== undefined ? label(step) : step.name;
    const want: readonly Step['op'][] = expected[key] !== undefined ? [expected[key]].flat() : otherwise;
    if (expected[key] !== undefined) seen.add(key);
    if (!want.includes(step.op)) problems.push(`${label(step)}: ${step.op}, expected ${want.join(' or ')}`);
    if (step.error) problems.push(`${label(step)}: failed: ${step.error}`);
  }
  for (const key of Object.keys(expected)) {
    if (!seen.has(key)) problems.push(`${key}: no step, expected ${[expected[key]].flat().join(' or ')}`);
  }
  if (expectation.count !== undefined && steps.length !== expectation.count) {
    problems.push(`${steps.length} resources in the plan, expected ${expectation.count}`);
  }
  return problems;
}
