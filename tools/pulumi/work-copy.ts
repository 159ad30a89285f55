/**
 * A working copy of a Pulumi project, for runs that must not touch the project's own files: the engine writes
 * `encryptionsalt` and `pulumi config set` values into Pulumi.<stack>.yaml, and runs in parallel would share it.
 *
 * The copy of a project inside this repository goes under `.state/work/` (ignored by git), so that Node and
 * TypeScript resolve `@pulumi/*` from the repository's node_modules and `pulumi-gotowebinar` to the repository
 * itself (the package's self-reference through its `exports`), exactly as for the original.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from './versions';

export const WORK_ROOT = path.join(PROJECT_ROOT, '.state', 'work');

/** What the root stack's program needs: the project, its stack files, the program and its config parsing. */
export const ROOT_PROJECT_FILES = ['Pulumi.yaml', 'Pulumi.dev.yaml', 'Pulumi.prod.yaml', 'index.ts', 'stack', 'tsconfig.json'];

export interface WorkCopy {
  dir: string;
  remove(): void;
}

/** Copies `files` (files or directories, relative to `from`) into a new directory under `into`. */
export function workCopy(from: string, files: string[], label: string, into = WORK_ROOT): WorkCopy {
  fs.mkdirSync(into, { recursive: true });
  const dir = path.join(into, `${label}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir);
  for (const f of files) {
    const source = path.join(from, f);
    if (fs.existsSync(source)) fs.cpSync(source, path.join(dir, f), { recursive: true });
  }
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A working copy of the repository's root stack project. */
export function rootProjectCopy(label = 'root'): WorkCopy {
  return workCopy(PROJECT_ROOT, ROOT_PROJECT_FILES, label);
}
