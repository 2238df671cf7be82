// Double Metaphone: a primary and an alternate phonetic code for a name, so that names spelt differently but said
// alike (Catherine / Kathryn, Smith / Schmidt, Thompson / Tomson) share a code. An implementation of Lawrence
// Philips' algorithm ("The Double Metaphone Search Algorithm", C/C++ Users Journal, June 2000), written for this
// engine from the published rules. Codes are at most four characters; '0' stands for 'th' and 'X' for 'sh'/'ch'.
//
// Input is a name token already folded to ASCII letters (normalise.ts); anything else is ignored.

export interface MetaphoneCodes {
  primary: string;
  alternate: string;
}

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U', 'Y']);
const MAX = 4;

/** The Double Metaphone codes of one word. Empty strings for a word with no letters. */
export function doubleMetaphone(word: string): MetaphoneCodes {
  const value = word.toUpperCase().replace(/[^A-Z ]/g, '');
  const length = value.length;
  const last = length - 1;
  let primary = '';
  let alternate = '';
  if (length === 0) return { primary, alternate };

  // Padded with spaces, as in the original, so that rules looking past the end see a word boundary.
  const padded = `${value}     `;
  const at = (i: number): string => (i >= 0 ? padded.charAt(i) : '');
  const isVowel = (i: number): boolean => VOWELS.has(at(i));
  /** True when one of the strings starts at position `start`. */
  const stringAt = (start: number, ...options: string[]): boolean => {
    if (start < 0) return false;
    for (const o of options) if (padded.startsWith(o, start)) return true;
    return false;
  };
  const add = (main: string, alt: string = main): void => {
    primary += main;
    alternate += alt;
  };

  const isSlavoGermanic = /W|K|CZ|WITZ/.test(value);
  const isGermanic = stringAt(0, 'VAN ', 'VON ', 'SCH');
  let index = 0;

  // Silent first letters; an initial X sounds like S (Xavier).
  if (stringAt(0, 'GN', 'KN', 'PN', 'WR', 'PS')) index = 1;
  if (at(0) === 'X') {
    add('S');
    index = 1;
  }

  while ((primary.length < MAX || alternate.length < MAX) && index < length) {
    const c = at(index);
    switch (c) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
      case 'Y':
        if (index === 0) add('A');
        index += 1;
        break;

      case 'B':
        add('P');
        index += at(index + 1) === 'B' ? 2 : 1;
        break;

      case 'C':
        index = consonantC(index);
        break;

      case 'D':
        if (stringAt(index, 'DG')) {
          if (stringAt(index + 2, 'I', 'E', 'Y')) {
            add('J'); // edge
            index += 3;
          } else {
            add('TK'); // edgar
            index += 2;
          }
        } else if (stringAt(index, 'DT', 'DD')) {
          add('T');
          index += 2;
        } else {
          add('T');
          index += 1;
        }
        break;

      case 'F':
        add('F');
        index += at(index + 1) === 'F' ? 2 : 1;
        break;

      case 'G':
        index = consonantG(index);
        break;

      case 'H':
        // Kept only at the start or between vowels.
        if ((index === 0 || isVowel(index - 1)) && isVowel(index + 1)) {
          add('H');
          index += 2;
        } else index += 1;
        break;

      case 'J':
        if (stringAt(index, 'JOSE') || stringAt(0, 'SAN ')) {
          // Spanish: Jose, San Jacinto
          if ((index === 0 && at(index + 4) === ' ') || stringAt(0, 'SAN ')) add('H');
          else add('J', 'H');
          index += 1;
          break;
        }
        if (index === 0) add('J', 'A'); // Jankelowicz / Yankelovich
        else if (isVowel(index - 1) && !isSlavoGermanic && (at(index + 1) === 'A' || at(index + 1) === 'O')) add('J', 'H');
        else if (index === last) add('J', '');
        else if (!stringAt(index + 1, 'L', 'T', 'K', 'S', 'N', 'M', 'B', 'Z') && !stringAt(index - 1, 'S', 'K', 'L')) add('J');
        index += at(index + 1) === 'J' ? 2 : 1;
        break;

      case 'K':
        add('K');
        index += at(index + 1) === 'K' ? 2 : 1;
        break;

      case 'L':
        if (at(index + 1) === 'L') {
          // Spanish: Cabrillo, Gallegos
          if (
            (index === length - 3 && stringAt(index - 1, 'ILLO', 'ILLA', 'ALLE')) ||
            ((stringAt(last - 1, 'AS', 'OS') || stringAt(last, 'A', 'O')) && stringAt(index - 1, 'ALLE'))
          ) {
            add('L', '');
            index += 2;
            break;
          }
          index += 2;
        } else index += 1;
        add('L');
        break;

      case 'M':
        add('M');
        if ((stringAt(index - 1, 'UMB') && (index + 1 === last || stringAt(index + 2, 'ER'))) || at(index + 1) === 'M') index += 2;
        else index += 1;
        break;

      case 'N':
        add('N');
        index += at(index + 1) === 'N' ? 2 : 1;
        break;

      case 'P':
        if (at(index + 1) === 'H') {
          add('F');
          index += 2;
        } else {
          add('P'); // Campbell, raspberry
          index += stringAt(index + 1, 'P', 'B') ? 2 : 1;
        }
        break;

      case 'Q':
        add('K');
        index += at(index + 1) === 'Q' ? 2 : 1;
        break;

      case 'R':
        // French Rogier, but not Hochmeier
        if (index === last && !isSlavoGermanic && stringAt(index - 2, 'IE') && !stringAt(index - 4, 'ME', 'MA')) add('', 'R');
        else add('R');
        index += at(index + 1) === 'R' ? 2 : 1;
        break;

      case 'S':
        index = consonantS(index);
        break;

      case 'T':
        if (stringAt(index, 'TION')) {
          add('X');
          index += 3;
        } else if (stringAt(index, 'TIA', 'TCH')) {
          add('X');
          index += 3;
        } else if (stringAt(index, 'TH', 'TTH')) {
          // Thomas, Thames, or Germanic
          if (stringAt(index + 2, 'OM', 'AM') || isGermanic) add('T');
          else add('0', 'T');
          index += 2;
        } else {
          add('T');
          index += stringAt(index + 1, 'T', 'D') ? 2 : 1;
        }
        break;

      case 'V':
        add('F');
        index += at(index + 1) === 'V' ? 2 : 1;
        break;

      case 'W':
        if (stringAt(index, 'WR')) {
          add('R');
          index += 2;
          break;
        }
        if (index === 0 && (isVowel(index + 1) || stringAt(index, 'WH'))) {
          // Wasserman matches Vasserman; Uomo matches Womo
          if (isVowel(index + 1)) add('A', 'F');
          else add('A');
        }
        // Arnow matches Arnoff; Polish -ewski
        if ((index === last && isVowel(index - 1)) || stringAt(index - 1, 'EWSKI', 'EWSKY', 'OWSKI', 'OWSKY') || stringAt(0, 'SCH')) {
          add('', 'F');
          index += 1;
          break;
        }
        if (stringAt(index, 'WICZ', 'WITZ')) {
          add('TS', 'FX'); // Filipowicz
          index += 4;
          break;
        }
        index += 1;
        break;

      case 'X':
        // French: Breaux
        if (!(index === last && (stringAt(index - 3, 'IAU', 'EAU') || stringAt(index - 2, 'AU', 'OU')))) add('KS');
        index += stringAt(index + 1, 'C', 'X') ? 2 : 1;
        break;

      case 'Z':
        if (at(index + 1) === 'H') {
          add('J'); // Chinese pinyin: Zhao
          index += 2;
          break;
        }
        if (stringAt(index + 1, 'ZO', 'ZI', 'ZA') || (isSlavoGermanic && index > 0 && at(index - 1) !== 'T')) add('S', 'TS');
        else add('S');
        index += at(index + 1) === 'Z' ? 2 : 1;
        break;

      default:
        index += 1;
    }
  }
  return { primary: primary.slice(0, MAX), alternate: alternate.slice(0, MAX) };

  function consonantC(i: number): number {
    // Germanic -ach- (Bacher, Macher), but not Bach-i or -ache
    if (i > 1 && !isVowel(i - 2) && stringAt(i - 1, 'ACH') && at(i + 2) !== 'I' && (at(i + 2) !== 'E' || stringAt(i - 2, 'BACHER', 'MACHER'))) {
      add('K');
      return i + 2;
    }
    if (i === 0 && stringAt(i, 'CAESAR')) {
      add('S');
      return i + 2;
    }
    if (stringAt(i, 'CHIA')) {
      add('K'); // Chianti
      return i + 2;
    }
    if (stringAt(i, 'CH')) {
      if (i > 0 && stringAt(i, 'CHAE')) {
        add('K', 'X'); // Michael
        return i + 2;
      }
      // Greek roots: chemistry, chorus (but not chore)
      if (i === 0 && (stringAt(i + 1, 'HARAC', 'HARIS') || stringAt(i + 1, 'HOR', 'HYM', 'HIA', 'HEM')) && !stringAt(0, 'CHORE')) {
        add('K');
        return i + 2;
      }
      if (
        isGermanic ||
        stringAt(i - 2, 'ORCHES', 'ARCHIT', 'ORCHID') ||
        stringAt(i + 2, 'T', 'S') ||
        ((i === 0 || stringAt(i - 1, 'A', 'O', 'U', 'E')) && stringAt(i + 2, 'L', 'R', 'N', 'M', 'B', 'H', 'F', 'V', 'W', ' '))
      ) {
        add('K');
      } else if (i > 0) {
        if (stringAt(0, 'MC')) add('K');
        else add('X', 'K');
      } else add('X');
      return i + 2;
    }
    if (stringAt(i, 'CZ') && !stringAt(i - 2, 'WICZ')) {
      add('S', 'X'); // Czerny
      return i + 2;
    }
    if (stringAt(i + 1, 'CIA')) {
      add('X'); // focaccia
      return i + 3;
    }
    if (stringAt(i, 'CC') && !(i === 1 && at(0) === 'M')) {
      if (stringAt(i + 2, 'I', 'E', 'H') && !stringAt(i + 2, 'HU')) {
        if ((i === 1 && at(i - 1) === 'A') || stringAt(i - 1, 'UCCEE', 'UCCES')) add('KS'); // accident, succeed
        else add('X'); // bacci, bertucci
        return i + 3;
      }
      add('K');
      return i + 2;
    }
    if (stringAt(i, 'CK', 'CG', 'CQ')) {
      add('K');
      return i + 2;
    }
    if (stringAt(i, 'CI', 'CE', 'CY')) {
      if (stringAt(i, 'CIO', 'CIE', 'CIA')) add('S', 'X');
      else add('S');
      return i + 2;
    }
    add('K');
    if (stringAt(i + 1, ' C', ' Q', ' G')) return i + 3; // Mac Caffrey, Mac Gregor
    if (stringAt(i + 1, 'C', 'K', 'Q') && !stringAt(i + 1, 'CE', 'CI')) return i + 2;
    return i + 1;
  }

  function consonantG(i: number): number {
    if (at(i + 1) === 'H') {
      if (i > 0 && !isVowel(i - 1)) {
        add('K');
        return i + 2;
      }
      if (i === 0) {
        add(at(i + 2) === 'I' ? 'J' : 'K'); // Ghislane, Ghiradelli
        return i + 2;
      }
      // Parker's rule: Hugh, bough, broughton
      if ((i > 1 && stringAt(i - 2, 'B', 'H', 'D')) || (i > 2 && stringAt(i - 3, 'B', 'H', 'D')) || (i > 3 && stringAt(i - 4, 'B', 'H'))) {
        return i + 2;
      }
      // laugh, McLaughlin, cough, gough, rough, tough
      if (i > 2 && at(i - 1) === 'U' && stringAt(i - 3, 'C', 'G', 'L', 'R', 'T')) add('F');
      else if (i > 0 && at(i - 1) !== 'I') add('K');
      return i + 2;
    }
    if (at(i + 1) === 'N') {
      if (i === 1 && isVowel(0) && !isSlavoGermanic) add('KN', 'N');
      else if (!stringAt(i + 2, 'EY') && at(i + 1) !== 'Y' && !isSlavoGermanic) add('N', 'KN');
      else add('KN');
      return i + 2;
    }
    if (stringAt(i + 1, 'LI') && !isSlavoGermanic) {
      add('KL', 'L'); // Tagliaro
      return i + 2;
    }
    // ges-, gep-, gel-, gie- at the start
    if (i === 0 && (at(i + 1) === 'Y' || stringAt(i + 1, 'ES', 'EP', 'EB', 'EL', 'EY', 'IB', 'IL', 'IN', 'IE', 'EI', 'ER'))) {
      add('K', 'J');
      return i + 2;
    }
    // -ger-, -gy-
    if ((stringAt(i + 1, 'ER') || at(i + 1) === 'Y') && !stringAt(0, 'DANGER', 'RANGER', 'MANGER') && !stringAt(i - 1, 'E', 'I') && !stringAt(i - 1, 'RGY', 'OGY')) {
      add('K', 'J');
      return i + 2;
    }
    // Italian: Biaggi
    if (stringAt(i + 1, 'E', 'I', 'Y') || stringAt(i - 1, 'AGGI', 'OGGI')) {
      if (isGermanic || stringAt(i + 1, 'ET')) add('K');
      else if (stringAt(i + 1, 'IER ')) add('J');
      else add('J', 'K');
      return i + 2;
    }
    add('K');
    return at(i + 1) === 'G' ? i + 2 : i + 1;
  }

  function consonantS(i: number): number {
    if (stringAt(i - 1, 'ISL', 'YSL')) return i + 1; // island, isle, Carlisle
    if (i === 0 && stringAt(i, 'SUGAR')) {
      add('X', 'S');
      return i + 1;
    }
    if (stringAt(i, 'SH')) {
      if (stringAt(i + 1, 'HEIM', 'HOEK', 'HOLM', 'HOLZ')) add('S');
      else add('X');
      return i + 2;
    }
    if (stringAt(i, 'SIO', 'SIA')) {
      if (!isSlavoGermanic) add('S', 'X');
      else add('S');
      return i + 3;
    }
    // Smith matches Schmidt, Snider matches Schneider; Slavic -sz-
    if ((i === 0 && stringAt(i + 1, 'M', 'N', 'L', 'W')) || stringAt(i + 1, 'Z')) {
      add('S', 'X');
      return stringAt(i + 1, 'Z') ? i + 2 : i + 1;
    }
    if (stringAt(i, 'SC')) {
      if (at(i + 2) === 'H') {
        // Dutch: school, schooner; Schermerhorn, Schenker
        if (stringAt(i + 3, 'OO', 'ER', 'EN', 'UY', 'ED', 'EM')) {
          if (stringAt(i + 3, 'ER', 'EN')) add('X', 'SK');
          else add('SK');
          return i + 3;
        }
        if (i === 0 && !isVowel(3) && at(3) !== 'W') add('X', 'S');
        else add('X');
        return i + 3;
      }
      if (stringAt(i + 2, 'I', 'E', 'Y')) {
        add('S');
        return i + 3;
      }
      add('SK');
      return i + 3;
    }
    // French: Resnais, Artois
    if (i === last && stringAt(i - 2, 'AI', 'OI')) add('', 'S');
    else add('S');
    return stringAt(i + 1, 'S', 'Z') ? i + 2 : i + 1;
  }
}
