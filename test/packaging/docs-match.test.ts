/**
 * Docs that quote files must quote them as they are: the README's `Pulumi.prod.yaml` block is the stack file's
 * `config:` section, verbatim.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test("the README's Pulumi.prod.yaml block is the file's config section, verbatim", () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const block = /```yaml\n# Pulumi\.prod\.yaml[^\n]*\n([\s\S]*?)```/.exec(readme)?.[1];
  const file = fs.readFileSync(path.join(ROOT, 'Pulumi.prod.yaml'), 'utf8');
  expect(block).toBeDefined();
  expect(block).toBe(file.slice(file.indexOf('\nconfig:\n') + 1));
});
