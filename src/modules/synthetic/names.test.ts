import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TRADITIONS } from './name-tables.ts';
import {
  diminutivesOf,
  drawForename,
  drawSurname,
  foldDiacritics,
  hasTransliteration,
  mixedEthnicity,
  polishFeminine,
  spellingVariantsOf,
  traditionMixFor,
  transliterate,
  typo,
} from './names.ts';
import { Rng } from './prng.ts';

describe('name tables', () => {
  it('give every tradition forenames for both sexes and surnames', () => {
    const rng = new Rng(1);
    for (const t of TRADITIONS) {
      assert.ok(drawForename(rng, t, 'M').length > 0, t);
      assert.ok(drawForename(rng, t, 'F').length > 0, t);
      assert.ok(drawSurname(rng, t).length > 0, t);
    }
  });

  it('draw common names more often than rare ones', () => {
    const rng = new Rng(2);
    let patel = 0;
    let kotecha = 0;
    for (let i = 0; i < 20_000; i++) {
      const s = drawSurname(rng, 'indian');
      if (s === 'Patel') patel++;
      if (s === 'Kotecha') kotecha++;
    }
    assert.ok(patel > 10 * kotecha, `Patel ${patel}, Kotecha ${kotecha}`);
  });

  it('mix traditions by borough: more Bangladeshi families in Tower Hamlets than in Bromley', () => {
    assert.ok(traditionMixFor('211').share('bangladeshi') > 5 * traditionMixFor('305').share('bangladeshi'));
    assert.ok(traditionMixFor('310').share('indian') > traditionMixFor('211').share('indian'));
  });
});

describe('name variants', () => {
  it('group transliterations both ways (Mohammed, Muhammad, Mohamed, and the Somali Maxamed)', () => {
    for (const v of ['Muhammad', 'Mohamed', 'Maxamed']) assert.ok(spellingVariantsOf('Mohammed').includes(v), v);
    assert.ok(spellingVariantsOf('Maxamed').includes('Mohammed'));
    assert.ok(spellingVariantsOf('Wong').includes('Huang'));
    assert.equal(spellingVariantsOf('Smith').length, 0);
  });

  it('fold diacritics as an ASCII-only system would', () => {
    assert.equal(foldDiacritics('Wójcik'), 'Wojcik');
    assert.equal(foldDiacritics('Łukasz'), 'Lukasz');
    assert.equal(foldDiacritics('Yılmaz'), 'Yilmaz');
    assert.equal(foldDiacritics('Nguyễn'), 'Nguyen');
    assert.equal(foldDiacritics('Đỗ'), 'Do');
    assert.equal(foldDiacritics('Siobhán'), 'Siobhan');
    assert.equal(foldDiacritics('Smith'), 'Smith');
  });

  it('transliterate only names that have a variant, always to something different', () => {
    const rng = new Rng(3);
    for (const name of ['Mohammed', 'Wójcik', "O'Brien", 'Chen']) {
      assert.ok(hasTransliteration(name), name);
      for (let i = 0; i < 20; i++) assert.notEqual(transliterate(rng, name), name);
    }
    assert.equal(hasTransliteration('Smith'), false);
    assert.equal(transliterate(rng, 'Smith'), undefined);
  });

  it('know diminutives and formal names in both directions', () => {
    assert.ok(diminutivesOf('Robert').includes('Bob'));
    assert.ok(diminutivesOf('Freddie').includes('Frederick'));
    assert.ok(diminutivesOf('Oluwaseun').includes('Seun'));
    assert.ok(diminutivesOf('Katarzyna').includes('Kasia'));
  });

  it('make a typo that always changes the name', () => {
    const rng = new Rng(4);
    for (const name of ['Jo', 'Anna', 'Okonkwo', "O'Neill", 'Smith-Okafor']) {
      for (let i = 0; i < 200; i++) assert.notEqual(typo(rng, name), name);
    }
  });

  it('give Polish surnames their feminine form and mixed children a mixed ethnicity', () => {
    assert.equal(polishFeminine('Kowalski'), 'Kowalska');
    assert.equal(polishFeminine('Zawadzki'), 'Zawadzka');
    assert.equal(polishFeminine('Nowak'), 'Nowak');
    assert.equal(mixedEthnicity('english', 'caribbean'), 'MWBC');
    assert.equal(mixedEthnicity('nigerian', 'irish'), 'MWBA');
    assert.equal(mixedEthnicity('scottish', 'pakistani'), 'MWAS');
    assert.equal(mixedEthnicity('polish', 'turkish-kurdish'), 'MOTH');
  });
});
