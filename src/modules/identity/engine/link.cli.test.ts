import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { FAKE_1000_PATH } from './evaluation-data.ts';
import { linkProgressLine, registerLinkCommands } from './link.cli.ts';

function harness(isTTY = false): { program: Command; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('safehub').exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  registerLinkCommands(program, { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s), isTTY, columns: 120 } });
  return { program, out, err };
}

const MAP = 'first_name=first_name,surname=surname,dob=dob,city=city,email=email';
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safehub-link-cli-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safehub link', () => {
  it('deduplicates a file: writes id,cluster_id,match_probability and prints a summary, with a progress bar on a terminal', async () => {
    const { program, out, err } = harness(true);
    const output = join(dir, 'clusters.csv');
    await program.parseAsync(['link', '--input', FAKE_1000_PATH, '--id-column', 'unique_id', '--map', MAP, '--output', output, '--blocking', 'passes', '--review-output', join(dir, 'review.csv'), '--save-model', join(dir, 'model.json')], { from: 'user' });
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'id,cluster_id,match_probability');
    assert.equal(lines.length, 1001);
    assert.match(lines[1]!, /^0,\d+,(\d\.\d{6})?$/);
    const summary = out.join('');
    assert.match(summary, /Deduplicated 1,000 records in [\d.]+ s; clusters written to/);
    assert.match(summary, /candidate pairs \(\d+ blocking passes\) scored at [\d,]+ pairs\/s/);
    assert.match(summary, /pairs linked automatically, [\d,]+ for clerical review/);
    assert.match(err.join(''), /\rscoring +\[#+\] 100% /);
    assert.match(await readFile(join(dir, 'review.csv'), 'utf8'), /^id_a,id_b,match_probability,band,possible_twins\n/);
    assert.equal(JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')).version, 1);
  });

  it('links two files with --link-only and a saved model, marking which file each row came from', async () => {
    const text = await readFile(FAKE_1000_PATH, 'utf8');
    const [header, ...rows] = text.trim().split('\n');
    await writeFile(join(dir, 'left.csv'), [header, ...rows.slice(0, 400)].join('\n'));
    await writeFile(join(dir, 'right.csv'), [header, ...rows.slice(400)].join('\n'));
    const { program, out } = harness();
    const output = join(dir, 'linked.csv');
    await program.parseAsync(['link', '--input', join(dir, 'left.csv'), '--link-only', join(dir, 'right.csv'), '--id-column', 'unique_id', '--map', MAP, '--output', output, '--model', join(dir, 'model.json'), '--threshold', '0.99'], { from: 'user' });
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    assert.equal(lines[0], 'id,cluster_id,match_probability,source');
    assert.equal(lines.filter((l) => l.endsWith(',left')).length, 400);
    assert.equal(lines.filter((l) => l.endsWith(',right')).length, 600);
    assert.match(out.join(''), /Linked 1,000 records/);
    assert.match(out.join(''), /model: loaded from/);
  });

  it('refuses bad options with a message', async () => {
    const base = ['link', '--input', FAKE_1000_PATH, '--id-column', 'unique_id', '--output', join(dir, 'x.csv')];
    await assert.rejects(harness().program.parseAsync([...base, '--map', MAP, '--threshold', '1.5'], { from: 'user' }), /probability more than 0 and less than 1/);
    await assert.rejects(harness().program.parseAsync([...base, '--map', MAP, '--blocking', 'some'], { from: 'user' }), /auto, passes or all-pairs/);
    await assert.rejects(harness().program.parseAsync([...base, '--map', 'first_name=nope'], { from: 'user' }), /problem with the information/);
    await assert.rejects(harness().program.parseAsync(['link', '--input', FAKE_1000_PATH, '--map', MAP, '--output', 'x'], { from: 'user' }), /--id-column/);
    await assert.rejects(harness().program.parseAsync([...base, '--map', MAP, '--model', FAKE_1000_PATH], { from: 'user' }), /problem with the information/);
  });

  it('draws a progress line in proportion to the records done', () => {
    assert.equal(linkProgressLine('scoring', 50, 100, 10), 'scoring   [#####.....]  50% 50 of 100 records');
  });
});
