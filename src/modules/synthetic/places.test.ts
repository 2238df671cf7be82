import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LOCAL_AUTHORITIES } from '../../platform/reference/london.ts';
import { addWorkingDays, dayOf, formatDay, formatInstant, parseDay, weekday } from './dates.ts';
import { drawAddress, drawPostcode, drawPreviousBorough, OUTWARD_CODES, postcodeTypo } from './places.ts';
import { receptionStart } from './population.ts';
import { Rng } from './prng.ts';

const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/;

describe('addresses and postcodes', () => {
  it('cover all 33 London authorities with postcode districts', () => {
    for (const la of LOCAL_AUTHORITIES) assert.ok((OUTWARD_CODES[la.code]?.length ?? 0) > 0, la.name);
  });

  it('draw postcodes in the borough’s own districts, in the Royal Mail format', () => {
    const rng = new Rng(1);
    for (const la of LOCAL_AUTHORITIES) {
      for (let i = 0; i < 20; i++) {
        const postcode = drawPostcode(rng, la.code);
        assert.match(postcode, POSTCODE);
        assert.ok(OUTWARD_CODES[la.code]?.includes(postcode.split(' ')[0] ?? ''), postcode);
      }
    }
    assert.ok(OUTWARD_CODES['202']?.includes('NW1'));
  });

  it('draw flats and houses, and postcode slips that differ from the original', () => {
    const rng = new Rng(2);
    const flat = drawAddress(rng, 'A1', '211', true);
    assert.match(flat.line, /^Flat \d+, /);
    assert.equal(flat.laCode, '211');
    for (let i = 0; i < 200; i++) {
      const p = drawPostcode(rng, '316');
      assert.notEqual(postcodeTypo(rng, p), p);
    }
  });

  it('move families from another borough, never the same one', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) assert.notEqual(drawPreviousBorough(rng, '202'), '202');
  });
});

describe('dates', () => {
  it('count working days from the day after, skipping weekends', () => {
    const friday = dayOf(2024, 5, 3);
    assert.equal(weekday(friday), 5);
    assert.equal(formatDay(addWorkingDays(friday, 1)), '2024-05-06');
    assert.equal(formatDay(addWorkingDays(friday, 15)), '2024-05-24');
  });

  it('format and parse ISO dates and instants', () => {
    assert.equal(formatDay(parseDay('2025-03-31')), '2025-03-31');
    assert.equal(formatInstant(dayOf(2023, 5, 2), 614), '2023-05-02T10:14:00Z');
    assert.throws(() => parseDay('2025-02-30'));
  });

  it('start reception in the September after a child’s fourth birthday', () => {
    assert.equal(formatDay(receptionStart(dayOf(2019, 9, 1))), '2024-09-01');
    assert.equal(formatDay(receptionStart(dayOf(2020, 8, 31))), '2024-09-01');
  });
});
