// Runs `generate` on its own, until src/main/cli.ts registers it:
//   npx tsx src/modules/synthetic/synthetic.main.ts generate --seed 2009 --scale 0.002 --out data/synthetic
// Errors are reported as the main CLI reports them: a message and exit code 1.
import { Command } from 'commander';
import { registerSyntheticCommands } from './synthetic.cli.ts';

const program = new Command('safehub').showHelpAfterError();
registerSyntheticCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`Error: ${(error as Error).message}`);
  process.exitCode = 1;
}
