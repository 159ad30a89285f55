/** The README with its resource tables made from the declarations (see docs-tables.ts). */
import { secretKeyDeclaration, userSubscriptionDeclaration, webhookDeclaration, resourceTables } from '../provider/declarations';

const START = '<!-- resource-tables:start -->';
const END = '<!-- resource-tables:end -->';

export function readmeWithTables(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md: the markers ${START} … ${END} are missing`);
  const tables = resourceTables([webhookDeclaration, secretKeyDeclaration, userSubscriptionDeclaration]);
  return `${readme.slice(0, start + START.length)}\n${tables}\n${readme.slice(end)}`;
}
