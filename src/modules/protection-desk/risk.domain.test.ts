// The desk's scoring rule, table by table: which factors apply, the score, the BRAG rating and the due time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncidentType } from './desk.tables.ts';
import { ageOn, applicableFactors, bragOf, childKey, DEFAULT_FACTORS, DEFAULT_SETTINGS, dueAt, hasEarlierNotification, indexByChildKey, isReportableFactor, scoreNotification } from './risk.domain.ts';

const factors = DEFAULT_FACTORS.map((f) => ({ ...f, isActive: true }));
const at = new Date('2026-11-01T22:15:00Z');
const input = (incidentType: IncidentType, reported: string[], dobs: (string | null)[] = ['2015-03-04'], hasEarlierNotification = false) => ({
  incidentType,
  occurredAt: at,
  children: dobs.map((dateOfBirth) => ({ dateOfBirth })),
  reported,
  hasEarlierNotification,
});

describe('risk score', () => {
  const cases: { name: string; incident: IncidentType; reported: string[]; dobs?: (string | null)[]; earlier?: boolean; score: number; brag: string; applied: string[] }[] = [
    { name: 'nothing reported', incident: 'child-at-risk', reported: [], score: 0, brag: 'blue', applied: [] },
    { name: 'child present at domestic abuse', incident: 'domestic-abuse', reported: ['child-present'], score: 30, brag: 'amber', applied: ['domestic-abuse-children-present'] },
    { name: 'child present at something other than domestic abuse counts for nothing', incident: 'child-arrested', reported: ['child-present'], score: 0, brag: 'blue', applied: [] },
    { name: 'domestic abuse, child present, weapon', incident: 'domestic-abuse', reported: ['child-present', 'weapon'], score: 55, brag: 'red', applied: ['domestic-abuse-children-present', 'weapon'] },
    { name: 'repeat incident reported', incident: 'other', reported: ['repeat-incident'], score: 15, brag: 'green', applied: ['repeat-victim'] },
    { name: 'repeat victim found from an earlier notification', incident: 'other', reported: [], earlier: true, score: 15, brag: 'green', applied: ['repeat-victim'] },
    { name: 'reported and found repeat counts once', incident: 'other', reported: ['repeat-incident'], earlier: true, score: 15, brag: 'green', applied: ['repeat-victim'] },
    { name: 'missing child from the incident type', incident: 'child-missing', reported: [], score: 20, brag: 'green', applied: ['missing-episode'] },
    { name: 'exploitation from the incident type, with drugs', incident: 'exploitation-concern', reported: ['drugs'], score: 35, brag: 'amber', applied: ['exploitation', 'drugs'] },
    { name: 'a child under 5 on the day', incident: 'child-at-risk', reported: [], dobs: ['2022-11-02'], score: 15, brag: 'green', applied: ['child-under-5'] },
    { name: 'a child whose fifth birthday is the day of the incident is not under 5', incident: 'child-at-risk', reported: [], dobs: ['2021-11-01'], score: 0, brag: 'blue', applied: [] },
    { name: 'no date of birth: age unknown', incident: 'child-at-risk', reported: [], dobs: [null], score: 0, brag: 'blue', applied: [] },
    { name: 'alcohol, drugs, pregnancy', incident: 'other', reported: ['alcohol', 'drugs', 'pregnancy'], score: 30, brag: 'amber', applied: ['alcohol', 'drugs', 'pregnancy'] },
    {
      name: 'everything at once',
      incident: 'domestic-abuse',
      reported: ['child-present', 'weapon', 'injury', 'alcohol'],
      dobs: ['2024-01-01', '2012-05-05'],
      earlier: true,
      score: 30 + 25 + 25 + 10 + 15 + 15,
      brag: 'red',
      applied: ['domestic-abuse-children-present', 'weapon', 'injury', 'repeat-victim', 'child-under-5', 'alcohol'],
    },
  ];
  for (const c of cases) {
    it(`scores ${c.name}: ${c.score}, ${c.brag}`, () => {
      const result = scoreNotification(input(c.incident, c.reported, c.dobs, c.earlier), factors, DEFAULT_SETTINGS);
      assert.equal(result.score, c.score);
      assert.equal(result.brag, c.brag);
      assert.deepEqual(result.breakdown.filter((l) => l.applied).map((l) => l.code).sort(), [...c.applied].sort());
      assert.equal(result.breakdown.length, DEFAULT_FACTORS.length, 'every active factor is shown, applied or not');
      assert.equal(result.score, result.breakdown.filter((l) => l.applied).reduce((s, l) => s + l.weight, 0), 'the score is the sum of the weights shown');
    });
  }

  it('says why each factor applies', () => {
    const why = applicableFactors(input('child-missing', ['weapon'], ['2023-01-01'], true));
    assert.deepEqual(Object.fromEntries(why), { weapon: 'reported', 'missing-episode': 'incident-type', 'child-under-5': 'dates-of-birth', 'repeat-victim': 'earlier-notification' });
  });

  it('uses the configured weights and leaves inactive factors out', () => {
    const configured = factors.map((f) => (f.code === 'weapon' ? { ...f, weight: 60 } : f.code === 'alcohol' ? { ...f, isActive: false } : f));
    const result = scoreNotification(input('other', ['weapon', 'alcohol']), configured, DEFAULT_SETTINGS);
    assert.equal(result.score, 60);
    assert.equal(result.brag, 'red');
    assert.ok(!result.breakdown.some((l) => l.code === 'alcohol'));
  });
});

describe('BRAG and due times', () => {
  const table: [number, string][] = [
    [0, 'blue'],
    [9, 'blue'],
    [10, 'green'],
    [29, 'green'],
    [30, 'amber'],
    [49, 'amber'],
    [50, 'red'],
    [200, 'red'],
  ];
  for (const [score, brag] of table) it(`rates ${score} as ${brag}`, () => assert.equal(bragOf(score, DEFAULT_SETTINGS), brag));

  it('gives red 4 hours, amber 24, green 72 and blue 7 days from receipt', () => {
    const received = new Date('2026-11-02T09:00:00Z');
    assert.equal(dueAt('red', received, DEFAULT_SETTINGS).toISOString(), '2026-11-02T13:00:00.000Z');
    assert.equal(dueAt('amber', received, DEFAULT_SETTINGS).toISOString(), '2026-11-03T09:00:00.000Z');
    assert.equal(dueAt('green', received, DEFAULT_SETTINGS).toISOString(), '2026-11-05T09:00:00.000Z');
    assert.equal(dueAt('blue', received, DEFAULT_SETTINGS).toISOString(), '2026-11-09T09:00:00.000Z');
  });
});

describe('repeat victims and ages', () => {
  it('keys a child by surname letters and date of birth', () => {
    assert.equal(childKey({ surname: "O'Brien-Smith", dateOfBirth: '2015-01-02' }), 'OBRIENSMITH|2015-01-02');
    assert.equal(childKey({ surname: 'Zoë', dateOfBirth: '2015-01-02' }), 'ZOE|2015-01-02');
    assert.equal(childKey({ surname: 'Okafor', dateOfBirth: null }), null);
  });

  it('finds an earlier notification about the same child within 365 days, and only then', () => {
    const target = { policeReference: 'B', occurredAt: new Date('2026-06-01T00:00:00Z'), childKeys: ['OKAFOR|2015-01-02'] };
    const index = (others: { policeReference: string; occurredAt: string; childKeys: string[] }[]) =>
      indexByChildKey([target, ...others.map((o) => ({ ...o, occurredAt: new Date(o.occurredAt) }))]);
    assert.equal(hasEarlierNotification(target, index([{ policeReference: 'A', occurredAt: '2026-01-01T00:00:00Z', childKeys: ['OKAFOR|2015-01-02'] }])), true);
    assert.equal(hasEarlierNotification(target, index([{ policeReference: 'A', occurredAt: '2025-05-01T00:00:00Z', childKeys: ['OKAFOR|2015-01-02'] }])), false, 'more than a year before');
    assert.equal(hasEarlierNotification(target, index([{ policeReference: 'A', occurredAt: '2026-07-01T00:00:00Z', childKeys: ['OKAFOR|2015-01-02'] }])), false, 'a later notification does not count');
    assert.equal(hasEarlierNotification(target, index([{ policeReference: 'A', occurredAt: '2026-01-01T00:00:00Z', childKeys: ['OKAFOR|2015-01-03'] }])), false, 'another child');
    assert.equal(hasEarlierNotification(target, index([])), false, 'itself does not count');
  });

  it('works out age on the London calendar day', () => {
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    assert.equal(ageOn('2021-04-01', new Date('2026-03-31T23:30:00Z')), 5);
    assert.equal(ageOn('2021-04-01', new Date('2026-03-31T22:30:00Z')), 4);
  });

  it('accepts the desk codes and the police aliases, and nothing else', () => {
    for (const code of ['child-present', 'repeat-incident', 'injury', 'weapon', 'alcohol', 'drugs', 'pregnancy', 'missing-episode', 'exploitation']) assert.ok(isReportableFactor(code), code);
    assert.equal(isReportableFactor('knife'), false);
  });
});
