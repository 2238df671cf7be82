import assert from 'node:assert/strict';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { OUTPUT_FILES } from './generator.ts';
import { INTO_DB_NOT_YET, progressLine, registerSyntheticCommands } from './synthetic.cli.ts';

function harness(isTTY = false): { program: Command; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('safehub').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerSyntheticCommands(program, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY, columns: 120 } });
  return { program, out, err };
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safehub-synthetic-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safehub generate', () => {
  it('writes the files and prints a summary, with a progress bar on a terminal', async () => {
    const { program, out, err } = harness(true);
    const outDir = join(dir, 'run');
    await program.parseAsync(['generate', '--seed', '3', '--scale', '0.0003', '--out', outDir], { from: 'user' });
    for (const name of Object.values(OUTPUT_FILES)) await access(join(outDir, name));
    const summary = out.join('');
    assert.match(summary, /Synthetic London written to .* \(seed 3, scale 0\.0003, as at 2025-03-31\)/);
    assert.match(summary, /people \(\d[\d,]* children\) in \d[\d,]* households/);
    assert.match(summary, /agency source records \(childrens-social-care/);
    assert.match(err.join(''), /\r\[#+\] 100% /);
  });

  it('draws no progress bar when standard error is not a terminal', async () => {
    const { program, err } = harness(false);
    await program.parseAsync(['generate', '--scale', '0.0002', '--out', join(dir, 'quiet'), '--no-history'], { from: 'user' });
    assert.equal(err.join(''), '');
    await assert.rejects(access(join(dir, 'quiet', OUTPUT_FILES.events)));
  });

  it('refuses --into-db with an explanation, before writing anything', async () => {
    const { program } = harness();
    await assert.rejects(program.parseAsync(['generate', '--out', join(dir, 'db'), '--into-db'], { from: 'user' }), (e: Error) => e.message === INTO_DB_NOT_YET);
    await assert.rejects(access(join(dir, 'db')));
  });

  it('rejects a seed that is not a whole number and a scale out of range', async () => {
    await assert.rejects(harness().program.parseAsync(['generate', '--seed', '1.5', '--out', dir], { from: 'user' }), /whole number/);
    await assert.rejects(harness().program.parseAsync(['generate', '--scale', '0', '--out', dir], { from: 'user' }), /more than 0/);
    await assert.rejects(harness().program.parseAsync(['generate', '--seed', '1'], { from: 'user' }), /--out/);
  });

  it('draws a progress line in proportion to the children made', () => {
    assert.equal(
      progressLine({ childrenDone: 50, childrenTarget: 100, people: 1234, sourceRecords: 5678, events: 9 }, 10),
      '[#####.....]  50% 1,234 people · 5,678 records · 9 events',
    );
  });
});
