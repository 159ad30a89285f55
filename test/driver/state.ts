/**
 * The driver's state file: a JSON snapshot in the spirit of a Pulumi checkpoint (one entry per resource with its
 * inputs, outputs, dependencies and a few options), written atomically (temp file + rename) after every step.
 *
 * Secrets: there is no secrets provider, so a secret value is stored as
 *   { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "<base64 of its JSON>" }
 * the shape of a checkpoint secret, with base64 instead of encryption. That keeps secret values out of the file as
 * plaintext (a grep for the value finds nothing) but is NOT protection: anyone can decode it.
 */
import { promises as fsp, readFileSync, existsSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { isSecret, secret, SECRET_SIG, SIG_KEY, type PropertyMap } from '../harness';

export const STATE_KIND = 'pulumi-gotowebinar/test-driver-state';
export const STATE_VERSION = 1;

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** '' for components. */
  id: string;
  parent?: string;
  /** Checked inputs (what the engine stores as `inputs`), secrets marked. */
  inputs: PropertyMap;
  /** Outputs (for dynamic resources with `__provider`, which Read and Delete use), secrets marked. */
  outputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  deleteBeforeReplace?: boolean;
  protect?: boolean;
  retainOnDelete?: boolean;
  deletedWith?: string;
  /** Reasons of a partial failure (the engine's `initErrors`): the next `up` updates the resource. */
  initErrors?: string[];
  /** The original of a create-before-delete replacement, still to be deleted (the engine's `delete: true`). */
  pendingDelete?: boolean;
  created?: string;
  modified?: string;
}

export interface StackState {
  kind: typeof STATE_KIND;
  version: number;
  project: string;
  stack: string;
  /** How secrets are stored (a reminder for whoever opens the file). */
  secrets: string;
  outputs: PropertyMap;
  resources: ResourceState[];
}

const SECRETS_NOTE =
  'secret values are stored base64-encoded under "ciphertext" (no secrets provider; this is NOT encryption)';

export function emptyState(project: string, stack: string): StackState {
  return { kind: STATE_KIND, version: STATE_VERSION, project, stack, secrets: SECRETS_NOTE, outputs: {}, resources: [] };
}

/** In memory `{sig, value}` → on disk `{sig, ciphertext}`. */
export function encodeSecrets(value: unknown): unknown {
  if (isSecret(value)) {
    return { [SIG_KEY]: SECRET_SIG, ciphertext: Buffer.from(JSON.stringify(value.value ?? null), 'utf8').toString('base64') };
  }
  if (Array.isArray(value)) return value.map(encodeSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeSecrets(v)]));
  }
  return value;
}

/** On disk `{sig, ciphertext}` → in memory `{sig, value}`. */
export function decodeSecrets(value: unknown): unknown {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG && typeof obj.ciphertext === 'string') {
      return secret(JSON.parse(Buffer.from(obj.ciphertext, 'base64').toString('utf8')));
    }
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, decodeSecrets(v)]));
  }
  if (Array.isArray(value)) return value.map(decodeSecrets);
  return value;
}

export function readState(file: string, project: string, stack: string): StackState {
  if (!existsSync(file)) return emptyState(project, stack);
  let parsed: StackState;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch (err) {
    throw new Error(`state file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (parsed.kind !== STATE_KIND || parsed.version !== STATE_VERSION) {
    throw new Error(`state file ${file} is not a lifecycle-driver state (kind ${parsed.kind}, version ${parsed.version})`);
  }
  if (parsed.project !== project || parsed.stack !== stack) {
    throw new Error(`state file ${file} belongs to ${parsed.project}/${parsed.stack}, not ${project}/${stack}`);
  }
  return decodeSecrets(parsed) as StackState;
}

/**
 * Orders resources so that every resource comes after its parent and dependencies (as a checkpoint is ordered),
 * keeping the given order where the graph allows; pending deletes come right after their replacement's position.
 */
export function orderResources(resources: ResourceState[]): ResourceState[] {
  const byUrn = new Map<string, ResourceState[]>();
  for (const r of resources) byUrn.set(r.urn, [...(byUrn.get(r.urn) ?? []), r]);
  const placed = new Set<ResourceState>();
  const visiting = new Set<ResourceState>();
  const out: ResourceState[] = [];
  const visit = (r: ResourceState) => {
    if (placed.has(r) || visiting.has(r)) return;
    visiting.add(r);
    for (const dep of prerequisites(r)) for (const d of byUrn.get(dep) ?? []) if (d !== r) visit(d);
    visiting.delete(r);
    placed.add(r);
    out.push(r);
  };
  for (const r of resources) visit(r);
  return out;
}

/** URNs a resource needs before it (and that must outlive it): parent, dependencies, property dependencies, deletedWith. */
export function prerequisites(r: ResourceState): string[] {
  const set = new Set<string>(r.dependencies);
  if (r.parent) set.add(r.parent);
  for (const deps of Object.values(r.propertyDependencies)) for (const d of deps) set.add(d);
  if (r.deletedWith) set.add(r.deletedWith);
  set.delete(r.urn);
  return [...set];
}

/** Writes state files atomically, one write at a time, the last write winning. */
export class StateWriter {
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;

  constructor(readonly file: string) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }

  write(state: StackState): Promise<void> {
    // Snapshot now: later mutations of `state` must not leak into this write.
    const text = JSON.stringify(encodeSecrets({ ...state, resources: orderResources(state.resources) }), null, 2) + '\n';
    const run = async () => {
      const tmp = `${this.file}.${process.pid}.${++this.counter}.tmp`;
      await fsp.writeFile(tmp, text, { mode: 0o600 });
      await fsp.rename(tmp, this.file);
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
