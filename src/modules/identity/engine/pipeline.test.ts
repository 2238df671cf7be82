import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadFake1000 } from './evaluation-data.ts';
import type { Model } from './fellegi-sunter.ts';
import { deduplicate, explainPair, link, trainModel } from './pipeline.ts';
import type { PersonRecord } from './prepare.ts';

let records: PersonRecord[];
let truth: string[];
let model: Model;
before(async () => {
  ({ records, truth } = loadFake1000());
  model = await trainModel(records);
});

describe('training', () => {
  it('learns a model without labels and says how', () => {
    assert.equal(model.version, 1);
    assert.ok(model.lambda > 0 && model.lambda < 0.01);
    const t = model.training;
    assert.equal(t.records, 1000);
    assert.equal(t.totalPairs, 499_500);
    assert.ok(t.expectedMatches > 1500 && t.expectedMatches < 2600, `expected matches ${t.expectedMatches}`);
    // fake_1000 has no NHS numbers, UPNs, postcodes or addresses: those fields are not used.
    const used = model.fields.filter((f) => f.isEstimated).map((f) => f.name);
    assert.deepEqual(used, ['forename', 'surname', 'dob', 'location', 'email']);
    assert.equal(model.household, null);
    for (const f of model.fields) for (const l of f.levels) assert.ok(l.m > 0 && l.u > 0 && l.m < 1 && l.u < 1);
  });

  it('survives a round trip through JSON', async () => {
    const copy = JSON.parse(JSON.stringify(model)) as Model;
    const a = await deduplicate(records.slice(0, 100), model);
    const b = await deduplicate(records.slice(0, 100), copy);
    assert.deepEqual(a.records, b.records);
  });
});

describe('deduplication', () => {
  it('clusters records, bands pairs and measures itself against ground truth', async () => {
    const r = await deduplicate(records, model, { truth });
    assert.equal(r.records.length, 1000);
    assert.equal(r.stats.blocking, 'all-pairs');
    assert.equal(r.stats.candidatePairs, 499_500);
    const e = r.evaluation!;
    assert.equal(e.pairwise.truePairs, 2031);
    assert.ok(e.bands.link.precision >= 0.999);
    for (let k = 1; k < r.pairs.length; k++) assert.ok(r.pairs[k - 1]!.weight >= r.pairs[k]!.weight);
    assert.ok(r.pairs.every((p) => p.probability >= model.thresholds.review && p.band !== 'reject'));
  });

  it('gives the same results in worker threads as in one thread', async () => {
    const one = await deduplicate(records, model, { blocking: 'passes', workers: 1 });
    const two = await deduplicate(records, model, { blocking: 'passes', workers: 2 });
    assert.equal(two.stats.threads, 2);
    assert.deepEqual(one.records, two.records);
    assert.deepEqual(
      one.pairs.map((p) => [p.a, p.b, p.weight]).sort(),
      two.pairs.map((p) => [p.a, p.b, p.weight]).sort(),
    );
  });

  it('keeps records with different valid NHS numbers apart, however alike', async () => {
    const base = { forenames: 'Ada', surname: 'Lovelace', dob: '2012-12-10', postcodes: ['SW1A 1AA'] };
    const r = await deduplicate(
      [
        { id: 'x', ...base, nhsNumber: '9434765919' },
        { id: 'y', ...base, nhsNumber: '9990755841' },
        { id: 'z', ...base },
      ],
      model,
      { threshold: 0.5 },
    );
    const cluster = new Map(r.records.map((x) => [x.id, x.clusterId]));
    assert.notEqual(cluster.get('x'), cluster.get('y'));
  });
});

describe('linking two files', () => {
  it('pairs records across the files only', async () => {
    const left = records.slice(0, 500);
    const right = records.slice(500);
    const linkModel = await trainModel(left, { right });
    assert.equal(linkModel.training.totalPairs, 250_000);
    const r = await link(left, right, linkModel, { truth: { left: truth.slice(0, 500), right: truth.slice(500) } });
    assert.equal(r.records.filter((x) => x.source === 'left').length, 500);
    assert.equal(r.records.filter((x) => x.source === 'right').length, 500);
    const leftIds = new Set(left.map((x) => x.id));
    assert.ok(r.pairs.every((p) => leftIds.has(p.a) && !leftIds.has(p.b)));
    assert.ok(r.evaluation!.pairwise.truePairs > 0);
  });
});

describe('explaining a pair', () => {
  it('explains every term and sums to the score', () => {
    const e = explainPair(model, records[0]!, records[1]!);
    const sum = e.prior + e.fields.reduce((a, f) => a + f.weight + f.tfAdjustment, 0) + e.household.adjustment + e.guards.reduce((a, g) => a + g.adjustment, 0);
    assert.ok(Math.abs(sum - e.weight) < 1e-9);
    assert.deepEqual(
      e.fields.map((f) => f.field),
      ['forename', 'surname', 'dob', 'sex', 'nhs', 'upn', 'location', 'email'],
    );
    assert.equal(e.fields.find((f) => f.field === 'nhs')!.level, 'missing');
  });
});
