// Check digits of the two national identifiers a child carries: the NHS number and the UPN.
// Pure functions, no I/O. See /work/shared/specs/statutory-rules.md §7 and data-returns.md (CIN rule 1510).

/**
 * The NHS number check digit for its first nine digits (modulus 11): weights 10 down to 2, the sum's remainder
 * subtracted from 11; 11 becomes 0 and 10 means the nine digits cannot form a valid number (returns undefined).
 * Source: NHS Data Model and Dictionary, "NHS Number".
 */
export function nhsCheckDigit(firstNine: string): number | undefined {
  if (!/^\d{9}$/.test(firstNine)) throw new Error('nhsCheckDigit needs exactly nine digits');
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (firstNine.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 11) return 0;
  if (check === 10) return undefined;
  return check;
}

/** True when the value is ten digits (spaces allowed, as NHS numbers are often written 3-3-4) with a valid check digit. */
export function isValidNhsNumber(value: string): boolean {
  const digits = value.replace(/ /g, '');
  if (!/^\d{10}$/.test(digits)) return false;
  return nhsCheckDigit(digits.slice(0, 9)) === digits.charCodeAt(9) - 48;
}

/** The 23 check letters of the UPN, indexed by remainder (I, O and S are never used). */
export const UPN_CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The UPN check letter for the twelve characters after it (characters 2–13): each multiplied by its character
 * position (2..13), summed, remainder on division by 23 → A, B, … Z omitting I, O and S.
 * Source: DfE Unique Pupil Numbers guidance, Annex 1; CIN census validation rule 1510.
 * The twelve characters are digits in a permanent UPN (only digits are generated here).
 */
export function upnCheckLetter(twelveDigits: string): string {
  if (!/^\d{12}$/.test(twelveDigits)) throw new Error('upnCheckLetter needs exactly twelve digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (twelveDigits.charCodeAt(i) - 48) * (i + 2);
  return UPN_CHECK_LETTERS.charAt(sum % 23);
}

/** True when the value is a permanent UPN (letter, twelve digits) whose first character is the right check letter. */
export function isValidUpn(value: string): boolean {
  if (!/^[A-Z]\d{12}$/.test(value)) return false;
  return upnCheckLetter(value.slice(1)) === value.charAt(0);
}

/**
 * A permanent UPN: check letter, the DfE code of the allocating local authority (3 digits), the establishment
 * number of the school (4 digits), the last two digits of the year of allocation, and a 3-digit serial.
 */
export function makeUpn(laCode: string, establishment: number, yearOfAllocation: number, serial: number): string {
  const body =
    laCode +
    String(establishment).padStart(4, '0') +
    String(yearOfAllocation % 100).padStart(2, '0') +
    String(serial).padStart(3, '0');
  return upnCheckLetter(body) + body;
}
