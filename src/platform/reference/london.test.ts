import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AGENCIES,
  AGENCY_TYPES,
  BOARDS,
  LOCAL_AUTHORITIES,
  MET_BCUS,
  REGIONAL_BOARD_CODE,
  agencyByCode,
  boardByCode,
  boardForLocalAuthority,
  councilName,
  localAuthorityByCode,
  localAuthorityByOnsCode,
} from './london.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

describe('London local authorities', () => {
  it('has exactly 33 authorities', () => {
    assert.equal(LOCAL_AUTHORITIES.length, 33);
  });

  it('has each ONS code E09000001..E09000033 exactly once', () => {
    const expected = Array.from({ length: 33 }, (_, i) => `E090000${String(i + 1).padStart(2, '0')}`);
    const actual = LOCAL_AUTHORITIES.map((a) => a.onsCode).sort();
    assert.deepEqual(actual, expected);
  });

  it('has unique DfE codes in the London ranges 201-213 and 301-320', () => {
    const codes = LOCAL_AUTHORITIES.map((a) => a.code);
    assert.equal(new Set(codes).size, 33);
    const expected = [
      ...Array.from({ length: 13 }, (_, i) => String(201 + i)),
      ...Array.from({ length: 20 }, (_, i) => String(301 + i)),
    ];
    assert.deepEqual([...codes].sort(), expected);
  });

  it('matches spot checks of DfE and ONS codes', () => {
    const spot: [string, string, string][] = [
      ['Camden', '202', 'E09000007'],
      ['Croydon', '306', 'E09000008'],
      ['Westminster', '213', 'E09000033'],
      ['City of London', '201', 'E09000001'],
      ['Hackney', '204', 'E09000012'],
    ];
    for (const [name, code, ons] of spot) {
      const byCode = localAuthorityByCode(code);
      assert.equal(byCode?.name, name);
      assert.equal(byCode?.onsCode, ons);
      assert.equal(localAuthorityByOnsCode(ons)?.code, code);
    }
    assert.equal(localAuthorityByCode('999'), undefined);
    assert.equal(localAuthorityByOnsCode('E09000034'), undefined);
  });

  it('has unique names', () => {
    assert.equal(new Set(LOCAL_AUTHORITIES.map((a) => a.name)).size, 33);
  });

  it('has a London child population between 1.8 and 2.1 million, rounded to 100', () => {
    let total = 0;
    for (const a of LOCAL_AUTHORITIES) {
      assert.ok(Number.isInteger(a.population0to17) && a.population0to17 > 0, a.name);
      assert.equal(a.population0to17 % 100, 0, `${a.name} is rounded to the nearest 100`);
      total += a.population0to17;
    }
    assert.ok(total >= 1_800_000 && total <= 2_100_000, `total ${total}`);
  });
});

describe('Boards', () => {
  it('has exactly 33 boards: 1 regional and 32 local', () => {
    assert.equal(BOARDS.length, 33);
    assert.equal(BOARDS.filter((b) => b.kind === 'regional').length, 1);
    assert.equal(BOARDS.filter((b) => b.kind === 'local').length, 32);
    assert.equal(new Set(BOARDS.map((b) => b.code)).size, 33);
  });

  it('has a regional board covering all 33 authorities', () => {
    const regional = boardByCode(REGIONAL_BOARD_CODE);
    assert.ok(regional);
    assert.equal(regional.code, 'LSCB-LONDON');
    assert.equal(regional.name, 'London Safeguarding Children Board');
    assert.equal(regional.kind, 'regional');
    assert.deepEqual(
      [...regional.localAuthorityCodes].sort(),
      LOCAL_AUTHORITIES.map((a) => a.code).sort(),
    );
  });

  it('maps City of London and Hackney to the same local board', () => {
    const city = boardForLocalAuthority('201');
    const hackney = boardForLocalAuthority('204');
    assert.equal(city, hackney);
    assert.equal(city.code, 'LSCB-201');
    assert.equal(city.name, 'City and Hackney Safeguarding Children Board');
    assert.deepEqual([...city.localAuthorityCodes].sort(), ['201', '204']);
  });

  it('names and codes local boards after their authority', () => {
    const camden = boardForLocalAuthority('202');
    assert.equal(camden.code, 'LSCB-202');
    assert.equal(camden.name, 'Camden Safeguarding Children Board');
    assert.equal(camden.kind, 'local');
  });

  it('puts every authority in exactly one local board, matching its boardCode', () => {
    const locals = BOARDS.filter((b) => b.kind === 'local');
    for (const a of LOCAL_AUTHORITIES) {
      const containing = locals.filter((b) => b.localAuthorityCodes.includes(a.code));
      assert.equal(containing.length, 1, a.name);
      assert.equal(containing[0]?.code, a.boardCode);
      assert.equal(boardForLocalAuthority(a.code).code, a.boardCode);
    }
    const covered = locals.flatMap((b) => b.localAuthorityCodes);
    assert.equal(covered.length, 33);
  });

  it('codes each local board after the lowest DfE code among its authorities', () => {
    for (const b of BOARDS.filter((x) => x.kind === 'local')) {
      const lowest = [...b.localAuthorityCodes].sort()[0];
      assert.equal(b.code, `LSCB-${lowest}`);
    }
  });

  it('throws for an unknown authority', () => {
    assert.throws(() => boardForLocalAuthority('999'));
  });
});

describe('Agency types', () => {
  it('has the eleven agency types with unique kebab-case codes', () => {
    const codes = AGENCY_TYPES.map((t) => t.code);
    assert.equal(codes.length, 11);
    assert.equal(new Set(codes).size, 11);
    for (const code of codes) assert.match(code, KEBAB);
    assert.ok(codes.includes('partnership'));
  });
});

describe('Agencies', () => {
  const typeCodes = new Set<string>(AGENCY_TYPES.map((t) => t.code));

  it('has unique kebab-case agency codes', () => {
    const codes = AGENCIES.map((a) => a.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const code of codes) assert.match(code, KEBAB);
  });

  it('has unique kebab-case team codes within each agency, and at least one team', () => {
    for (const agency of AGENCIES) {
      assert.ok(agency.teams.length > 0, agency.code);
      const codes = agency.teams.map((t) => t.code);
      assert.equal(new Set(codes).size, codes.length, agency.code);
      for (const code of codes) assert.match(code, KEBAB);
    }
  });

  it('gives every agency a valid type code', () => {
    for (const agency of AGENCIES) assert.ok(typeCodes.has(agency.typeCode), agency.code);
  });

  it('refers only to known local authorities', () => {
    for (const agency of AGENCIES) {
      if (agency.localAuthorityCode !== undefined) {
        assert.ok(localAuthorityByCode(agency.localAuthorityCode), agency.code);
      }
      for (const team of agency.teams) {
        if (team.localAuthorityCode !== undefined) {
          assert.ok(localAuthorityByCode(team.localAuthorityCode), `${agency.code}/${team.code}`);
        }
      }
    }
  });

  it('has a children’s social care agency for each council with MASH and LSCB Business Unit teams', () => {
    for (const a of LOCAL_AUTHORITIES) {
      const council = agencyByCode(`la-${a.code}`);
      assert.ok(council, a.name);
      assert.equal(council.typeCode, 'childrens-social-care');
      assert.equal(council.localAuthorityCode, a.code);
      const teamNames = council.teams.map((t) => t.name);
      assert.ok(teamNames.includes('MASH'), `${a.name} has a MASH team`);
      assert.ok(teamNames.includes('LSCB Business Unit'), `${a.name} has an LSCB Business Unit team`);
    }
    assert.equal(AGENCIES.filter((x) => x.typeCode === 'childrens-social-care').length, 33);
  });

  it('uses the correct formal council names', () => {
    assert.equal(councilName('202'), 'London Borough of Camden');
    assert.equal(councilName('203'), 'Royal Borough of Greenwich');
    assert.equal(councilName('201'), 'City of London Corporation');
    assert.equal(councilName('213'), 'City of Westminster');
    assert.equal(councilName('207'), 'Royal Borough of Kensington and Chelsea');
    assert.equal(councilName('314'), 'Royal Borough of Kingston upon Thames');
    assert.equal(agencyByCode('la-202')?.name, "London Borough of Camden Children's Services");
  });

  it('has a Met public protection desk for each of the 12 BCUs and MASH police researchers', () => {
    const met = agencyByCode('met-police');
    assert.ok(met);
    assert.equal(met.typeCode, 'police');
    assert.equal(MET_BCUS.length, 12);
    assert.equal(met.teams.filter((t) => t.name.startsWith('Public Protection Desk – ')).length, 12);
    assert.ok(met.teams.some((t) => t.name === 'MASH Police Researchers'));
  });

  it('assigns the 32 Met boroughs to exactly one BCU each (not the City of London)', () => {
    const covered = MET_BCUS.flatMap((b) => b.localAuthorityCodes);
    assert.equal(covered.length, 32);
    assert.equal(new Set(covered).size, 32);
    assert.ok(!covered.includes('201'));
    for (const code of covered) assert.ok(localAuthorityByCode(code), code);
  });

  it('marks adult mental health trusts as adult mental health', () => {
    for (const code of ['slam', 'elft', 'nelft']) {
      assert.equal(agencyByCode(code)?.typeCode, 'adult-mental-health', code);
    }
  });

  it('has the London board partnership agency', () => {
    const lscb = agencyByCode('london-lscb');
    assert.ok(lscb);
    assert.equal(lscb.typeCode, 'partnership');
    assert.deepEqual(
      lscb.teams.map((t) => t.name),
      ['Board Business Unit', 'Regional Safeguarding Advisers'],
    );
  });

  it('covers every agency type', () => {
    const used = new Set(AGENCIES.map((a) => a.typeCode));
    for (const t of AGENCY_TYPES) assert.ok(used.has(t.code), t.code);
  });

  it('returns undefined for an unknown agency', () => {
    assert.equal(agencyByCode('no-such-agency'), undefined);
  });
});
