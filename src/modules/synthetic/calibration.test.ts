import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LOCAL_AUTHORITIES } from '../../platform/reference/london.ts';
import { CP_CATEGORY_SHARES, NATIONAL_FIGURES } from './calibration.ts';
import { generateSyntheticLondon } from './generator.ts';
import { measureOutput, type Measured } from './measure.ts';

// A moderate London (3% of its children: about 59,000 children and 124,000 people) checked against the
// published figures the generator is calibrated to. Tolerances allow for the sampling noise of a sample this
// size, in which families cluster (brothers and sisters share referrals and plans).
const SCALE = 0.03;
const SEED = 11;
let dir: string;
let m: Measured;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'safehub-synthetic-calibration-'));
  await generateSyntheticLondon({ seed: SEED, scale: SCALE, outDir: dir });
  m = await measureOutput(dir, '2025-03-31');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function near(measured: number, target: number, relative: number, what: string): void {
  assert.ok(Math.abs(measured - target) <= relative * target, `${what}: measured ${measured.toFixed(3)}, target ${target} ± ${relative * 100}%`);
}

describe('Synthetic London is calibrated', () => {
  it('has children in each borough in proportion to its child population (ONS mid-2022)', () => {
    const total = LOCAL_AUTHORITIES.reduce((a, la) => a + la.population0to17, 0);
    for (const la of LOCAL_AUTHORITIES) {
      assert.equal(m.childrenByLocalAuthority[la.code], Math.max(1, Math.round(la.population0to17 * SCALE)), la.name);
      near((m.childrenByLocalAuthority[la.code] ?? 0) / m.children, la.population0to17 / total, 0.05, la.name);
    }
    assert.ok(m.people > 1.9 * m.children && m.people < 2.4 * m.children, `${m.people} people for ${m.children} children`);
  });

  it('has twins at the rate of multiple maternities (ONS)', () => {
    const rate = NATIONAL_FIGURES.multipleMaternitiesPer1000.value / 1000;
    near(m.twinShare, (2 * rate) / (1 + rate), 0.3, 'share of children who are twins');
  });

  it('refers children at the national rate per 10,000, with re-referrals within 12 months at the national share', () => {
    near(m.referralsPer10k, NATIONAL_FIGURES.referralsPer10k.value, 0.1, 'referrals per 10,000');
    assert.ok(Math.abs(m.reReferralRate - NATIONAL_FIGURES.reReferralWithin12Months.value) < 0.04, `re-referrals ${m.reReferralRate}`);
    assert.ok(Math.abs(m.referralsNfaShare - NATIONAL_FIGURES.referralsNoFurtherAction.value) < 0.03, `NFA ${m.referralsNfaShare}`);
    near(m.contactsPerReferral, NATIONAL_FIGURES.contactsPerReferral.value, 0.15, 'contacts per referral');
  });

  it('holds section 47 enquiries, initial conferences and CP plans at national rates', () => {
    near(m.section47Per10k, NATIONAL_FIGURES.section47Per10k.value, 0.15, 'section 47 enquiries per 10,000');
    near(m.initialConferencesPer10k, NATIONAL_FIGURES.initialConferencesPer10k.value, 0.2, 'initial conferences per 10,000');
    near(m.cpPlansStartedPer10k, NATIONAL_FIGURES.cpPlansStartedPer10k.value, 0.2, 'CP plans started per 10,000');
    near(m.cpPlansAt31MarchPer10k, NATIONAL_FIGURES.cpPlansAt31MarchPer10k.value, 0.25, 'CP plans at 31 March per 10,000');
  });

  it('shares CP plans between categories of abuse as nationally', () => {
    for (const [category, share] of Object.entries(CP_CATEGORY_SHARES.value)) {
      const measured = m.cpCategoryShares[category] ?? 0;
      assert.ok(Math.abs(measured - share) < 0.06, `${category}: measured ${measured.toFixed(3)}, target ${share}`);
    }
  });

  it('takes referrals from each source, police and schools foremost', () => {
    const s = m.referralSourceShares;
    assert.ok(Math.abs((s['6'] ?? 0) - 0.29) < 0.04, `police ${s['6']}`);
    assert.ok(Math.abs((s['2A'] ?? 0) - 0.21) < 0.04, `schools ${s['2A']}`);
    assert.ok(Object.keys(s).length >= 18, 'most source codes appear');
  });
});
