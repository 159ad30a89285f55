/**
 * The `npx pulumi-gotowebinar login` command line that puts a new refresh token where the provider reads it: the
 * advice of every message about a refused or replaced refresh token. A config key is written by `login` itself (in
 * the project directory, to the selected stack: `--stack` for another); a variable can only be set by the user, so
 * `--print-env` prints the line to export.
 */
export function loginCommand(organizer: string | undefined, source: string): string {
  const who = organizer === undefined ? '' : ` --organizer ${organizer}`;
  const fromEnv = !source.startsWith('gotowebinar:');
  return fromEnv
    ? `\`npx pulumi-gotowebinar login${who} --print-env\` and set ${source} to what it prints`
    : `\`npx pulumi-gotowebinar login${who}\` in the project directory (add \`--stack <name>\` when the stack is not the selected one), which stores it in ${source}`;
}
