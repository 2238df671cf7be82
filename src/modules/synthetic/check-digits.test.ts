import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidNhsNumber, isValidUpn, makeUpn, nhsCheckDigit, upnCheckLetter } from './check-digits.ts';

describe('NHS number check digit (modulus 11)', () => {
  // Worked by hand: weights 10..2 over the first nine digits; 11 minus the remainder; 11 → 0; 10 → invalid.
  const cases: [string, number | undefined, string][] = [
    ['943476591', 9, '90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11-2 = 9 (the NHS Data Dictionary example)'],
    ['999000001', 8, '90+81+72+2 = 245; 245 mod 11 = 3; 11-3 = 8'],
    ['999000002', 6, '90+81+72+4 = 247; 247 mod 11 = 5; 11-5 = 6'],
    ['999000005', 0, '90+81+72+10 = 253; 253 mod 11 = 0; 11-0 = 11, written 0'],
    ['999000000', undefined, '90+81+72 = 243; 243 mod 11 = 1; 11-1 = 10: no valid number'],
  ];
  for (const [nine, check, working] of cases) {
    it(`gives ${check ?? 'no digit'} for ${nine} (${working})`, () => {
      assert.equal(nhsCheckDigit(nine), check);
    });
  }

  it('accepts valid numbers, with or without spaces', () => {
    for (const n of ['9434765919', '943 476 5919', '9990000018', '9990000026', '9990000050']) assert.equal(isValidNhsNumber(n), true, n);
  });

  it('rejects a wrong check digit, a number whose check would be 10, the wrong length and letters', () => {
    for (const n of ['9434765918', '9990000019', '9990000000', '999000001', '99900000188', '99900A0018', '']) assert.equal(isValidNhsNumber(n), false, n);
  });
});

describe('UPN check letter (DfE: weights 2..13 on characters 2..13, mod 23)', () => {
  const cases: [string, string, string][] = [
    ['950000178301', 'A', '18+15+8+63+80+33+13 = 230; 230 mod 23 = 0 → A (the CIN validator’s example)'],
    ['201201424000', 'A', '4+4+10+7+32+18+40 = 115; 115 mod 23 = 0 → A'],
    ['202201424000', 'E', '4+8+10+7+32+18+40 = 119; 119 mod 23 = 4 → E'],
    ['100000000000', 'C', '1×2 = 2 → C'],
    ['000000000001', 'P', '1×13 = 13 → P (I and O are skipped)'],
    ['000000010001', 'Z', '1×9 + 1×13 = 22 → Z, the last letter'],
  ];
  for (const [digits, letter, working] of cases) {
    it(`gives ${letter} for ${digits} (${working})`, () => {
      assert.equal(upnCheckLetter(digits), letter);
      assert.equal(isValidUpn(letter + digits), true);
    });
  }

  it('rejects a wrong letter, a short UPN, lower case and a temporary (letter-ending) UPN', () => {
    for (const u of ['B950000178301', 'A95000017830', 'a950000178301', 'A95000017830A', '']) assert.equal(isValidUpn(u), false, u);
  });

  it('builds a UPN with the authority code in characters 2–4 and the year of allocation in 9–10', () => {
    const upn = makeUpn('316', 2041, 2019, 7);
    assert.equal(upn, `${upnCheckLetter('316204119007')}316204119007`);
    assert.equal(upn.slice(1, 4), '316');
    assert.equal(upn.slice(8, 10), '19');
    assert.equal(isValidUpn(upn), true);
  });
});
