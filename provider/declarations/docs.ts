/**
 * The docs of a resource, from its declaration: the README's property tables are this output (a test holds them
 * equal), so they cannot drift from what check accepts.
 */
import { ORGANIZERS_DESCRIPTION, PROVIDER_CONFIG, type Setting } from './provider-config';
import { type ResourceDeclaration } from './property';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** A Markdown table of the inputs, and a line listing the outputs a program can only read. */
export function propertyTable(d: ResourceDeclaration): string {
  const rows = ['| input | what it is | default | on change |', '|---|---|---|---|'];
  const outputsOnly: string[] = [];
  for (const [name, p] of Object.entries(d.properties)) {
    if (p.presence === 'output') {
      outputsOnly.push(`\`${name}\`${p.secret ? ' (secret)' : ''}`);
      continue;
    }
    const values = p.values ? ` One of ${p.values.map((v) => `\`${v}\``).join(', ')}.` : '';
    const fallback = p.presence === 'required' ? 'required' : p.default !== undefined ? `\`${p.default}\`` : '—';
    const change = p.replaceOnChanges ? '**replace**' : p.adopts ? 'replace (another object)' : 'update in place';
    rows.push(`| \`${name}\` | ${cell(p.description + values)} | ${fallback} | ${change} |`);
  }
  const outputs = outputsOnly.length ? `\n\nOutputs: every input, and ${outputsOnly.join(', ')}.` : '';
  return `${rows.join('\n')}${outputs}`;
}

/** The README's configuration table: each `gotowebinar:*` key, its variable, and one line (declarations/provider-config.ts). */
export function configTable(): string {
  const rows = ['| stack config | environment | |', '|---|---|---|'];
  const settings: Record<string, Setting> = PROVIDER_CONFIG;
  for (const [key, s] of Object.entries(settings)) {
    rows.push(`| \`gotowebinar:${key}\` | \`${s.env}\` | ${cell(s.description)}${s.secret ? ' Secret: set it with `--secret`.' : ''} |`);
  }
  rows.push(`| \`gotowebinar:organizers\` | \`GOTOWEBINAR_ORGANIZER_<NAME>_*\` | ${cell(ORGANIZERS_DESCRIPTION)} See "Several organizers". |`);
  return rows.join('\n');
}

/** The README's resources section (between its `resource-tables` markers): each resource's heading, line and table. */
export function resourceTables(declarations: readonly ResourceDeclaration[]): string {
  return declarations.map((d) => `### \`${d.name}\`\n\n${d.description}\n\n${propertyTable(d)}`).join('\n\n');
}
