/**
 * The package's command, `npx pulumi-gotowebinar <command>`. One command today:
 *
 *   import-file [--organizer NAME]… [--out FILE]
 *       writes the file `pulumi import --file FILE` takes to import every webhook and subscription of the account
 *       (see import-file.ts); credentials from the GOTOWEBINAR_* environment variables, organizers' from
 *       GOTOWEBINAR_ORGANIZER_<NAME>_*. Default output: standard output.
 */
import * as fs from 'node:fs';
import { importFile } from './import-file';

const USAGE =
  'usage: pulumi-gotowebinar import-file [--organizer NAME]… [--out FILE]\n' +
  '  Lists the webhooks and, for the default account and each --organizer profile, the subscriptions of a GoTo\n' +
  '  account, and writes the file that `pulumi import --file FILE` takes (the native provider, gotowebinar).\n' +
  '  Credentials: GOTOWEBINAR_ACCESS_TOKEN or GOTOWEBINAR_CLIENT_ID/_CLIENT_SECRET/_REFRESH_TOKEN; an organizer\'s:\n' +
  '  GOTOWEBINAR_ORGANIZER_<NAME>_ACCESS_TOKEN or _REFRESH_TOKEN.';

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'import-file') {
    process.stderr.write(`${command === undefined || command === '--help' ? '' : `unknown command ${JSON.stringify(command)}\n`}${USAGE}\n`);
    return command === '--help' ? 0 : 2;
  }
  const organizers: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    const value = rest[i + 1];
    if ((flag === '--organizer' || flag === '--out') && value !== undefined) {
      if (flag === '--organizer') organizers.push(value);
      else out = value;
      i++;
    } else {
      process.stderr.write(`unknown or incomplete argument ${JSON.stringify(flag)}\n${USAGE}\n`);
      return 2;
    }
  }
  const file = await importFile(process.env, organizers);
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (out) {
    fs.writeFileSync(out, text);
    process.stderr.write(`${file.resources.length} resources written to ${out}: run \`pulumi import --file ${out}\`\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`pulumi-gotowebinar: ${err.message}\n`);
    process.exit(1);
  },
);
