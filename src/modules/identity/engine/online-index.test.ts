import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadFake1000 } from './evaluation-data.ts';
import type { Model } from './fellegi-sunter.ts';
import { OnlineIndex } from './online-index.ts';
import { deduplicate, trainModel } from './pipeline.ts';
import type { PersonRecord } from './prepare.ts';

let model: Model;
let records: PersonRecord[];
before(async () => {
  records = loadFake1000().records;
  model = await trainModel(records);
});

describe('the online index', () => {
  it('finds a new record’s other records, ranked, with probability, band and explanation', () => {
    const index = OnlineIndex.build(model, records);
    assert.equal(index.size, 1000);
    const query = { ...records[0]!, id: 'new' }; // Robert Alan, 1971-06-24 (cluster 0)
    const matches = index.match(query, 5);
    assert.ok(matches.length >= 3 && matches.length <= 5);
    assert.equal(matches[0]!.id, '0');
    for (let k = 1; k < matches.length; k++) assert.ok(matches[k - 1]!.weight >= matches[k]!.weight);
    const top = matches[0]!;
    assert.equal(top.band, 'link');
    assert.ok(top.probability > 0.999);
    const e = top.explanation;
    const sum = e.prior + e.fields.reduce((a, f) => a + f.weight + f.tfAdjustment, 0) + e.household.adjustment + e.guards.reduce((a, g) => a + g.adjustment, 0);
    assert.ok(Math.abs(sum - top.weight) < 1e-9);
  });

  it('does not match a record with itself', () => {
    const index = OnlineIndex.build(model, records.slice(0, 10));
    assert.ok(index.match(records[0]!, 10).every((m) => m.id !== records[0]!.id));
  });

  it('follows additions, updates and removals', () => {
    const index = new OnlineIndex(model);
    for (const r of records.slice(0, 200)) index.add(r);
    const query: PersonRecord = { id: 'q', forenames: 'Zebedee', surname: 'Quartermaine', dob: '2001-02-03', email: 'zq@example.org' };
    assert.equal(index.match(query).filter((m) => m.probability > 0.5).length, 0);
    index.add({ ...query, id: 'z1' });
    assert.equal(index.match(query)[0]!.id, 'z1');
    index.update({ ...query, id: 'z1', forenames: 'Alice', surname: 'Brown', dob: '1950-01-01', email: null });
    assert.ok(index.match(query).every((m) => m.id !== 'z1' || m.probability < 0.5));
    assert.equal(index.remove('z1'), true);
    assert.equal(index.remove('z1'), false);
    assert.ok(index.match(query).every((m) => m.id !== 'z1'));
    assert.equal(index.size, 200);
  });

  it('scores a pair as batch deduplication does', async () => {
    const slice = records.slice(0, 60);
    const batch = await deduplicate(slice, model, { blocking: 'all-pairs', threshold: 0.5 });
    const index = OnlineIndex.build(model, slice);
    const pair = batch.pairs[0]!;
    const query = slice.find((r) => r.id === pair.a)!;
    const found = index.match(query, 60).find((m) => m.id === pair.b)!;
    assert.ok(Math.abs(found.weight - pair.weight) < 1e-4, `${found.weight} vs ${pair.weight}`);
  });
});
