import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSyntheticFixture } from './fixtures.ts';
import { DEMO_SEED } from './synthesise.ts';

describe('in-memory fixtures', () => {
  const fixture = buildSyntheticFixture();

  it('build a tiny London from the demo seed, the same every time', () => {
    assert.ok(fixture.people.length > 1000 && fixture.people.length < 4000, `${fixture.people.length} people`);
    const again = buildSyntheticFixture({ seed: DEMO_SEED });
    assert.deepEqual(
      again.sourceRecords.slice(0, 200).map((r) => [r.entry.id, r.recorded]),
      fixture.sourceRecords.slice(0, 200).map((r) => [r.entry.id, r.recorded]),
    );
    assert.deepEqual(again.events.slice(0, 200), fixture.events.slice(0, 200));
  });

  it('give every source record its true person, and hold records from every kind of agency', () => {
    const people = new Set(fixture.people);
    for (const r of fixture.sourceRecords) assert.ok(people.has(r.entry.person));
    const kinds = new Set(fixture.sourceRecords.map((r) => r.entry.kind));
    for (const kind of ['childrens-social-care', 'police', 'health', 'education', 'housing']) assert.ok(kinds.has(kind as never), kind);
  });

  it('can be made clean (no errors) for tests that need exact details', () => {
    const clean = buildSyntheticFixture({ errorScale: 0, history: false });
    assert.equal(clean.events.length, 0);
    for (const r of clean.sourceRecords) {
      assert.deepEqual(r.recorded.errors.filter((e) => e !== 'nhs-missing'), []);
      assert.equal(r.recorded.surname, r.entry.person.surname);
    }
  });

  it('refuse a scale too large to hold in memory', () => {
    assert.throws(() => buildSyntheticFixture({ scale: 0.5 }), /at most 0.01/);
  });
});
