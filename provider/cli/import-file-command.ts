/** `npx pulumi-gotowebinar import-file`: see import-file.ts. */
import * as fs from 'node:fs';
import { parseFlags, type Command } from './command';
import { importFile } from './import-file';

export const importFileCommand: Command = {
  name: 'import-file',
  usage:
    'pulumi-gotowebinar import-file [--organizer NAME]… [--out FILE]\n' +
    '  Lists the webhooks and, for the default account and each --organizer profile, the subscriptions of a GoTo\n' +
    '  account, and writes the file that `pulumi import --file FILE` takes (the native provider, gotowebinar).\n' +
    "  Credentials: GOTOWEBINAR_ACCESS_TOKEN, _PERSONAL_ACCESS_TOKEN or _CLIENT_ID/_CLIENT_SECRET/_REFRESH_TOKEN; an\n" +
    "  organizer's: GOTOWEBINAR_ORGANIZER_<NAME>_ACCESS_TOKEN, _PERSONAL_ACCESS_TOKEN or _REFRESH_TOKEN.",
  async run(args, io) {
    const { values } = parseFlags(args, { values: ['--organizer', '--out'] });
    const out = values.get('--out')?.at(-1);
    const file = await importFile(io.env, values.get('--organizer') ?? []);
    const text = `${JSON.stringify(file, null, 2)}\n`;
    if (out) {
      fs.writeFileSync(out, text);
      io.err.write(`${file.resources.length} resources written to ${out}: run \`pulumi import --file ${out}\`\n`);
    } else {
      io.out.write(text);
    }
    return 0;
  },
};
