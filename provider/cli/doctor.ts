/**
 * `npx pulumi-gotowebinar doctor`: what a pipeline runs before `pulumi up`. For the selected stack's config and the
 * environment, read as the provider reads them, it checks every setting, then asks GoTo about every credentials
 * profile (the default account and each organizer): which grant it uses, whether GoTo accepts it now, and whose
 * account it is. Exits 1 when anything fails, so the pipeline stops before a write. Output is safe for a pipeline's
 * log: it names settings and users, never a token or secret (the client's messages are scrubbed of them).
 */
import { Runtime, type RuntimeLog } from '../runtime/runtime';
import { Settings, type FoundCredentials } from '../runtime/settings';
import { messageOf, parseFlags, type Command, type CommandIO } from './command';
import { readStackConfig, runPulumi } from './pulumi-cli';
import { whoIs } from './who';

interface ProfileReport {
  ok: boolean;
  lines: string[];
}

export const doctorCommand: Command = {
  name: 'doctor',
  usage:
    'pulumi-gotowebinar doctor [--stack NAME] [--env-only]\n' +
    "  Checks the provider's settings and every credentials profile (the default account and each organizer) of\n" +
    '  the selected stack (or --stack) and the GOTOWEBINAR_* environment: which grant each uses, whether GoTo accepts\n' +
    "  it now and whose account it is. Exits 1 if any fails. --env-only: the environment alone, no Pulumi stack.\n" +
    '  Prints no token or secret.',
  async run(args, io) {
    const { values, switches } = parseFlags(args, { values: ['--stack'], switches: ['--env-only'] });
    const stack = values.get('--stack')?.at(-1);
    const envOnly = switches.has('--env-only');
    let config;
    if (envOnly) {
      io.out.write('Settings from the environment (GOTOWEBINAR_*) only.\n');
    } else {
      const name = stack ?? (await runPulumi(['stack', '--show-name'], { env: io.env })).trim();
      config = await readStackConfig({ env: io.env, stack });
      io.out.write(`Settings of stack ${name}, then the environment (GOTOWEBINAR_*).\n`);
    }
    const settings = new Settings(config, io.env);
    const problems = settings.problems();
    for (const p of problems) io.out.write(`✗ ${p.key}: ${p.reason}\n`);
    if (problems.length > 0) {
      io.out.write(`\n${problems.length} setting(s) cannot be used: fix them first (nothing was asked of GoTo).\n`);
      return 1;
    }
    const profiles = settings.profiles();
    // Profiles are asked at once; each has its own token and rate limit at GoTo.
    const reports = await Promise.all(profiles.map((organizer) => checkProfile(settings, organizer)));
    for (const report of reports) io.out.write(`${report.lines.join('\n')}\n`);
    const failed = reports.filter((r) => !r.ok).length;
    io.out.write(
      failed === 0
        ? `\nAll ${reports.length} profile(s) work.\n`
        : `\n${failed} of ${reports.length} profile(s) failed: \`pulumi up\` would fail for their resources.\n`,
    );
    return failed === 0 ? 0 : 1;
  },
};

async function checkProfile(settings: Settings, organizer: string | undefined): Promise<ProfileReport> {
  const label = organizer === undefined ? 'default account' : `organizer ${organizer}`;
  let found: FoundCredentials;
  try {
    found = settings.credentials(organizer);
  } catch (err) {
    return { ok: false, lines: [`✗ ${label}: ${messageOf(err)}`] };
  }
  const warnings: string[] = [];
  const log: RuntimeLog = { warn: (message) => warnings.push(message), progress: () => undefined };
  // A runtime of its own per profile: the doctor's calls share nothing with another profile's.
  const connection = new Runtime(settings, log).connection(organizer);
  const uses = `${found.grant} from ${found.source}`;
  try {
    const user = await connection.signedInUser();
    // A token endpoint can issue a token that the API refuses (a user who is no organizer): one read proves it.
    await connection.listUserSubscriptions();
    const whose = whoIs(user) ?? 'GoTo does not say whose account an access token is';
    const lines = [`✓ ${label}: ${uses}: GoTo accepts it; ${whose}.`];
    // A refresh answered with a new refresh token: the configured one is about to expire (or was revoked).
    for (const w of warnings) lines.push(`  ! ${w.replace(/^gotowebinar: /, '')}`);
    return { ok: warnings.length === 0, lines };
  } catch (err) {
    return { ok: false, lines: [`✗ ${label}: ${uses}: ${messageOf(err)}`] };
  }
}


