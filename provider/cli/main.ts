/**
 * The package's command, `npx pulumi-gotowebinar <command>` (bin/pulumi-gotowebinar). Each command is a file of its
 * own; this lists them, prints usage, and turns a thrown error into a message and an exit code (2: wrong
 * arguments, 1: anything else). Messages never carry a credential: the client and the runtime scrub theirs.
 */
import { UsageError, type Command, type CommandIO } from './command';
import { doctorCommand } from './doctor';
import { importFileCommand } from './import-file-command';
import { loginCommand } from './login-command';

const COMMANDS: readonly Command[] = [loginCommand, doctorCommand, importFileCommand];

const usage = () => `usage:\n${COMMANDS.map((c) => `  ${c.usage.replace(/\n/g, '\n  ')}`).join('\n\n')}\n`;

export async function main(args: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.err.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err.write(`pulumi-gotowebinar: unknown command ${JSON.stringify(name)}\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help')) {
    io.err.write(`usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err.write(`pulumi-gotowebinar ${name}: ${err.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    io.err.write(`pulumi-gotowebinar ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

