/**
 * Makes `pulumi-gotowebinar` resolvable from each example (examples/<name>/node_modules/pulumi-gotowebinar → the
 * repository), as `npm install` of their `"pulumi-gotowebinar": "file:../.."` dependency does, without installing
 * a second copy of @pulumi/pulumi: the examples then use the repository's node_modules, so tests and type checking
 * can run them in place. `npx ts-node --transpile-only scripts/link-examples.ts` does it from the command line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');

export function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXAMPLES_DIR, d.name, 'Pulumi.yaml')))
    .map((d) => d.name)
    .sort();
}

/** Idempotent; leaves a real install (a directory, or a link elsewhere made by npm) alone. */
export function linkExample(name: string): string {
  const dir = path.join(EXAMPLES_DIR, name);
  const link = path.join(dir, 'node_modules', 'pulumi-gotowebinar');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(link);
  } catch {
    existing = undefined;
  }
  if (!existing) {
    try {
      fs.symlinkSync(path.join('..', '..', '..'), link, 'dir');
    } catch (error) {
      // Another process made it meanwhile.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return dir;
}

export function linkExamples(): string[] {
  return exampleNames().map(linkExample);
}

if (require.main === module) {
  for (const dir of linkExamples()) console.log(`linked ${path.relative(process.cwd(), dir)}/node_modules/pulumi-gotowebinar`);
}
