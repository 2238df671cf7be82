// The `safehub` command line: serve, migrate, seed, verify the audit chain, manage users.
// Each command calls the same services as the pages and the API.
import { Command, InvalidArgumentError } from 'commander';
import { loadConfig, type Config } from '../config/config.ts';
import { systemActor } from '../kernel/actor.ts';
import { AppError, ValidationError } from '../kernel/errors.ts';
import { ROLES } from '../platform/access/roles.ts';
import { createUserSchema, assignRoleSchema } from '../platform/access/users.forms.ts';
import { parseOrThrow } from '../platform/forms.ts';
import { DEMO_USERS } from '../platform/reference/demo-users.ts';
import { registerSyntheticCommands } from '../modules/synthetic/index.ts';
import { createContainer, loadSynthetic, prepareDatabase, seedDemo, type Container } from './container.ts';
import { registerLinkCommands } from '../modules/identity/engine/index.ts';
import { startServer } from './server.ts';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('Port must be a whole number from 1 to 65535');
  return n;
}

/** A --port option counts as PORT, so everything derived from it (the base URL) follows. */
function withPort(port: number | undefined): NodeJS.ProcessEnv {
  return port ? { ...process.env, PORT: String(port) } : process.env;
}

async function withContainer<T>(overrides: Partial<Config>, fn: (c: Container) => Promise<T>): Promise<T> {
  const container = await createContainer(loadConfig(process.env, overrides));
  try {
    return await fn(container);
  } finally {
    await container.close();
  }
}

function printDemoUsers(config: Config): void {
  const rows = DEMO_USERS.map((u) => ({ role: u.roles.map((r) => ROLES[r.roleCode].name).join(' + '), email: u.email, who: u.description }));
  const w1 = Math.max(...rows.map((r) => r.role.length));
  const w2 = Math.max(...rows.map((r) => r.email.length));
  console.log(`\nDemo users (synthetic people), all with the password: ${config.demoPassword}\n`);
  for (const r of rows) console.log(`  ${r.role.padEnd(w1)}  ${r.email.padEnd(w2)}  ${r.who}`);
  console.log('');
}

export function buildCli(): Command {
  const program = new Command('safehub').description("Safehub: the shared platform of a children's safeguarding partnership").showHelpAfterError();

  program
    .command('start')
    .description('Migrate, load reference and demo data, and serve (what `npm start` runs)')
    .option('-p, --port <port>', 'port to listen on', port)
    .action(async (opts: { port?: number }) => {
      const config = loadConfig(withPort(opts.port), { seedDemo: true });
      const container = await createContainer(config);
      await prepareDatabase(container);
      const demo = await seedDemo(container);
      await startServer(container);
      console.log(`\nSafehub is running at ${config.baseUrl}`);
      console.log(`Database: ${container.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
      if (demo.sourceRecords) console.log(`Demo data: ${demo.sourceRecords} agency records of a synthetic London, linked into ${demo.people} people, and ${demo.contacts} contacts of practice history.`);
      printDemoUsers(config);
      console.log('Press Ctrl+C to stop.');
    });

  program
    .command('serve')
    .description('Serve the application (migrates first unless --no-migrate)')
    .option('-p, --port <port>', 'port to listen on', port)
    .option('--no-migrate', 'do not run migrations at start')
    .action(async (opts: { port?: number; migrate: boolean }) => {
      const config = loadConfig(withPort(opts.port));
      const container = await createContainer(config);
      if (opts.migrate) await prepareDatabase(container);
      if (config.seedDemo) await seedDemo(container);
      await startServer(container);
      console.log(`Safehub (${config.nodeId}) listening on http://${config.host}:${config.port}`);
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date and load reference data')
    .action(async () => {
      await withContainer({}, async (c) => {
        await prepareDatabase(c);
        console.log(`Database is up to date (${c.database.kind}).`);
      });
    });

  program
    .command('seed-demo')
    .description('Load the demo users (and, as modules arrive, demo data)')
    .action(async () => {
      await withContainer({}, async (c) => {
        await prepareDatabase(c);
        const demo = await seedDemo(c);
        console.log(`Demo data loaded: ${demo.users} new demo users, ${demo.sourceRecords} new agency records linked into ${demo.people} people, ${demo.contacts} contacts of practice history.`);
        printDemoUsers(c.config);
      });
    });

  const audit = program.command('audit').description('The audit trail');
  audit
    .command('verify')
    .description('Check the hash chain; exits 1 and names the first broken event if it is not intact')
    .action(async () => {
      await withContainer({}, async (c) => {
        let last = 0;
        const result = await c.audit.verify(c.database.db, (n) => {
          if (process.stderr.isTTY && n - last >= 50_000) {
            process.stderr.write(`\rchecked ${n} events`);
            last = n;
          }
        });
        if (process.stderr.isTTY && last) process.stderr.write('\n');
        await c.audit.record(c.database.db, systemActor('cli'), { action: 'audit.verify', details: { intact: result.ok, events: result.events } });
        if (result.ok) {
          console.log(`Audit chain intact: ${result.events} events, head ${result.headHash.slice(0, 16)}…`);
        } else {
          console.error(`Audit chain BROKEN at event ${result.brokenAtSeq}${result.brokenEventId ? ` (id ${result.brokenEventId})` : ''}: ${result.problem}.`);
          console.error(`${result.events} events before it are intact.`);
          process.exitCode = 1;
        }
      });
    });

  const users = program.command('users').description('Manage users');
  users
    .command('create')
    .description('Create a user (as the system) with a password and one or more roles')
    .requiredOption('--email <email>', 'email address (the sign-in name)')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--agency <code>', 'agency code, for example la-202 or met-police')
    .option('--role <role:scope...>', `role and scope code, e.g. hub-practitioner:202 (roles: ${Object.keys(ROLES).join(', ')})`)
    .option('--password-stdin', 'read the password from standard input instead of SAFEHUB_PASSWORD')
    .action(async (opts: { email: string; name: string; agency: string; role?: string[]; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : process.env.SAFEHUB_PASSWORD;
      await withContainer({}, async (c) => {
        const agency = await c.database.db.selectFrom('agencies').select('id').where('code', '=', opts.agency).executeTakeFirst();
        if (!agency) throw new ValidationError({ agency: `No agency has the code ${opts.agency}` });
        const actor = systemActor('cli');
        // The CLI acts as the system: it runs with direct access to the database, like an operator.
        const input = parseOrThrow(createUserSchema, { email: opts.email, displayName: opts.name, agencyId: agency.id, teamIds: [], password: password ?? '' });
        const roles = (opts.role ?? []).map((spec) => {
          const [roleCode, scopeCode] = spec.split(':');
          return parseOrThrow(assignRoleSchema, { roleCode, scopeCode });
        });
        const id = await c.users.create(actor, input, roles);
        console.log(`Created user ${id} with ${roles.length} role(s).`);
      });
    });

  registerSyntheticCommands(program, undefined, async ({ seed, scale }) =>
    withContainer({}, async (c) => {
      await prepareDatabase(c);
      const started = Date.now();
      const loaded = await loadSynthetic(c, seed, scale);
      return (
        `Loaded into the database (${c.database.kind}) in ${((Date.now() - started) / 1000).toFixed(1)} s: ${loaded.inserted} new agency records, ` +
        `${loaded.alreadyHeld} already held, ${loaded.people} new people, ${loaded.rejected.length} rejected. All data is synthetic.`
      );
    }),
  );
  registerLinkCommands(program);

  return program;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(): Promise<void> {
  try {
    await buildCli().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof ValidationError) {
      for (const message of Object.values(error.fields)) console.error(`Error: ${message}`);
    } else if (error instanceof AppError) {
      console.error(`Error: ${error.message}`);
    } else {
      console.error(`Error: ${(error as Error).message}`);
    }
    process.exitCode = 1;
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('cli.ts') || process.argv[1]?.endsWith('safehub.js') || process.argv[1]?.endsWith('safehub')) {
  await main();
}
