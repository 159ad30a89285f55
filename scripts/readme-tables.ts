/** The README with its resource and configuration tables made from the declarations (see docs-tables.ts). */
import { configTable, DECLARATIONS, resourceTables } from '../provider/declarations';

/** Replaces what stands between `<!-- <name>:start -->` and `<!-- <name>:end -->`. */
function between(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md: the markers ${start} … ${end} are missing`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

export function readmeWithTables(readme: string): string {
  const resources = resourceTables(DECLARATIONS);
  return between(between(readme, 'resource-tables', resources), 'config-table', configTable());
}
