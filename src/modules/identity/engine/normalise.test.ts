import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  foldText,
  nameTokens,
  normaliseAddress,
  normaliseEmail,
  normaliseNhsNumber,
  normaliseSex,
  normaliseUpn,
  parseBirthDate,
  parsePostcode,
  transliterationKey,
} from './normalise.ts';

describe('folding text', () => {
  const cases: [string, string][] = [
    ['Wójcik', 'wojcik'],
    ['Nguyễn', 'nguyen'],
    ['Łukasz', 'lukasz'],
    ["O'Brien", 'obrien'],
    ['O’Neill', 'oneill'],
    ['Smith-Okafor', 'smith okafor'],
    ['  Mary   Jane ', 'mary jane'],
    ['Søren Straße', 'soren strasse'],
    ['Ștefan Ionuț', 'stefan ionut'],
  ];
  for (const [input, expected] of cases) {
    it(`folds ${input} to ${expected}`, () => assert.equal(foldText(input), expected));
  }

  it('drops titles, digits and placeholders from names', () => {
    assert.deepEqual(nameTokens('Mr John  Smith'), ['john', 'smith']);
    assert.deepEqual(nameTokens('Baby 2 Unknown'), []);
    assert.deepEqual(nameTokens(null), []);
  });
});

describe('the transliteration key', () => {
  const same: [string, string][] = [
    ['zakariya', 'zakariyya'],
    ['sarah', 'sara'],
    ['hannah', 'hana'],
    ['khadija', 'khadeeja'],
    ['catherine', 'katherine'],
    ['mistry', 'mistri'],
    ['wojcik', 'vojcik'],
    ['philip', 'filip'],
  ];
  for (const [a, b] of same) it(`gives ${a} and ${b} one key`, () => assert.equal(transliterationKey(a), transliterationKey(b)));
  it('keeps different names apart', () => {
    assert.notEqual(transliterationKey('john'), transliterationKey('jane'));
    assert.notEqual(transliterationKey('sean'), transliterationKey('sian'));
  });
});

describe('dates of birth', () => {
  it('reads ISO and UK dates', () => {
    assert.deepEqual(parseBirthDate('2015-03-07'), { ymd: 20150307, day: 16501 });
    assert.equal(parseBirthDate('07/03/2015')?.ymd, 20150307);
  });
  it('treats impossible or missing dates as missing', () => {
    for (const d of ['2015-02-30', '2015-13-01', '1850-01-01', 'soon', '', null, undefined]) assert.equal(parseBirthDate(d), null, String(d));
  });
});

describe('NHS numbers (modulus 11)', () => {
  it('accepts a valid number, with or without spaces', () => {
    assert.equal(normaliseNhsNumber('943 476 5919'), '9434765919');
    assert.equal(normaliseNhsNumber('9434765919'), '9434765919');
  });
  it('counts an invalid number as missing', () => {
    assert.equal(normaliseNhsNumber('9434765918'), null, 'wrong check digit');
    assert.equal(normaliseNhsNumber('4347659190'), null, 'check digit would be 10');
    assert.equal(normaliseNhsNumber('943476591'), null, 'nine digits');
    assert.equal(normaliseNhsNumber('0000000000'), null, 'placeholder');
    assert.equal(normaliseNhsNumber('1111111111'), null, 'placeholder');
    assert.equal(normaliseNhsNumber(''), null);
  });
});

describe('UPNs', () => {
  it('accepts a permanent UPN with the right check letter', () => {
    assert.equal(normaliseUpn('W201205723000'), 'W201205723000');
    assert.equal(normaliseUpn('w201 2057 23000'), 'W201205723000');
  });
  it('rejects a wrong check letter and keeps a temporary UPN as written', () => {
    assert.equal(normaliseUpn('A201205723000'), null);
    assert.equal(normaliseUpn('A20120572300Z'), 'A20120572300Z');
    assert.equal(normaliseUpn('12345'), null);
  });
});

describe('sex, postcodes, addresses and emails', () => {
  it('reads sex as male, female or unknown', () => {
    assert.deepEqual(['M', 'female', 'U', '', null, 'x'].map(normaliseSex), [1, 2, 0, 0, 0, 0]);
  });
  it('splits a postcode into full code, sector and district', () => {
    assert.deepEqual(parsePostcode('rm92yl'), { full: 'RM9 2YL', sector: 'RM9 2', district: 'RM9' });
    assert.deepEqual(parsePostcode('SW1A 1AA'), { full: 'SW1A 1AA', sector: 'SW1A 1', district: 'SW1A' });
    assert.deepEqual(parsePostcode('E1W'), { full: '', sector: '', district: 'E1W' });
    assert.equal(parsePostcode('not a postcode'), null);
  });
  it('folds addresses and writes out common abbreviations', () => {
    assert.equal(normaliseAddress('Flat 7, 20 Cambridge Ave.'), 'flat 7 20 cambridge avenue');
    assert.equal(normaliseAddress('20 Cambridge Avenue'), '20 cambridge avenue');
  });
  it('keeps only emails with an @', () => {
    assert.equal(normaliseEmail(' Anna.W16@Example.org '), 'anna.w16@example.org');
    assert.equal(normaliseEmail('annaexample.org'), null);
  });
});
