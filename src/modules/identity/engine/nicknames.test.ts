import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_NAME_KNOWLEDGE, NICKNAME_GROUPS, SPELLING_GROUPS } from './nicknames.ts';
import { foldText } from './normalise.ts';

describe('name knowledge', () => {
  const equivalent: [string, string][] = [
    ['robert', 'bob'],
    ['william', 'liam'],
    ['katarzyna', 'kasia'],
    ['oluwaseun', 'seun'],
    ['muhammad', 'mohamed'],
    ['mohammed', 'md'],
    ['wong', 'huang'],
    ['chowdhury', 'choudhury'],
    ['hussain', 'hossain'],
    ['niamh', 'neve'],
    ['yohannes', 'yohanes'],
  ];
  for (const [a, b] of equivalent) it(`knows ${a} and ${b} as one name`, () => assert.ok(DEFAULT_NAME_KNOWLEDGE.areEquivalent(a, b)));

  it('does not equate different names', () => {
    assert.equal(DEFAULT_NAME_KNOWLEDGE.areEquivalent('robert', 'richard'), false);
    assert.equal(DEFAULT_NAME_KNOWLEDGE.areEquivalent('hassan', 'hussein'), false);
  });

  it('holds only folded names (lower case ASCII letters), as comparisons see them', () => {
    for (const group of [...NICKNAME_GROUPS, ...SPELLING_GROUPS]) {
      for (const name of group) assert.equal(foldText(name).replace(/ /g, ''), name.replace(/ /g, ''), name);
    }
  });
});
