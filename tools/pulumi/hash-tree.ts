/** A content hash of the files under `dir` whose names pass `include`: paths and bytes, in a stable order. */
import { createHash, type Hash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function hashTree(dir: string, include: (name: string) => boolean = () => true, hash: Hash = createHash('sha256')): Hash {
  const visit = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(current, entry.name);
      if (entry.isDirectory()) visit(p);
      else if (include(entry.name)) hash.update(path.relative(dir, p)).update(fs.readFileSync(p));
    }
  };
  visit(dir);
  return hash;
}
