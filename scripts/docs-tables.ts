/**
 * `npm run docs:tables`: writes the README's resource tables (between `<!-- resource-tables:start -->` and
 * `<!-- resource-tables:end -->`) from the resource declarations (provider/declarations). The tables are never
 * edited by hand; test/packaging/docs-match.test.ts fails when they differ from the declarations.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readmeWithTables } from './readme-tables';

const README = path.join(__dirname, '..', 'README.md');
const before = fs.readFileSync(README, 'utf8');
const after = readmeWithTables(before);
if (after === before) {
  console.log('README.md: resource tables already match the declarations');
} else {
  fs.writeFileSync(README, after);
  console.log('README.md: resource tables rewritten from provider/declarations');
}
