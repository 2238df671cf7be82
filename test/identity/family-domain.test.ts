// Think Family rules with no database: ages, co-residence keys, symmetric facts, flags and the prompt's words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addressKey,
  ageInYears,
  canonicalFact,
  earliestDateOfBirth,
  factKey,
  firstLineKey,
  isChildAt,
  relationshipLabel,
  thinkFamilyFlags,
  thinkFamilyPromptText,
} from '../../src/modules/identity/family.domain.ts';
import { addRelationshipFormSchema, factFromForm } from '../../src/modules/identity/family.forms.ts';

describe('Think Family rules', () => {
  it('counts whole years to the London date', () => {
    const cases: [string | null, string, number | null][] = [
      ['2008-11-02', '2026-11-02T09:00:00Z', 18],
      ['2008-11-03', '2026-11-02T09:00:00Z', 17],
      // 23:30 UTC on 2 November is still 2 November in London (GMT); in summer time it is the next day.
      ['2008-07-03', '2026-07-02T23:30:00Z', 18],
      ['2010-02-28', '2026-02-27T12:00:00Z', 15],
      [null, '2026-11-02T09:00:00Z', null],
      ['not a date', '2026-11-02T09:00:00Z', null],
      ['2030-01-01', '2026-11-02T09:00:00Z', null],
    ];
    for (const [dob, now, expected] of cases) assert.equal(ageInYears(dob, new Date(now)), expected, `${dob} at ${now}`);
  });

  it('decides childhood on the earliest date of birth, and treats an unknown age as not a child', () => {
    assert.equal(earliestDateOfBirth(['2012-01-01', null, '2007-05-05', '2010-01-01']), '2007-05-05');
    assert.equal(earliestDateOfBirth([null, undefined]), null);
    assert.deepEqual([isChildAt(17), isChildAt(18), isChildAt(null)], [true, false, false]);
  });

  it('flags only the four adult services, and only for adults', () => {
    assert.deepEqual(thinkFamilyFlags(['police', 'probation', 'adult-mental-health', 'housing', 'substance-misuse', 'domestic-abuse-services'], false), [
      'adult-mental-health',
      'substance-misuse',
      'probation',
      'domestic-abuse-services',
    ]);
    assert.deepEqual(thinkFamilyFlags(['probation', 'adult-mental-health'], true), []);
    assert.deepEqual(thinkFamilyFlags(['police', 'health', 'education'], false), []);
  });

  it('keys an address on its postcode and first line, however they are written', () => {
    assert.equal(addressKey('nw1 1aa', '1 Pratt Street, London'), addressKey('NW11AA', '1, PRATT STREET'));
    assert.equal(firstLineKey('Flat 2, 10 High Road'), 'flat 2');
    assert.equal(firstLineKey('12a\nHigh Road'), '12a high road');
    assert.notEqual(addressKey('NW1 1AA', '1 Pratt Street'), addressKey('NW1 1AA', '3 Pratt Street'));
    assert.equal(addressKey('NW1 1AA', null), null, 'a postcode alone is a street, not a home');
    assert.equal(addressKey(null, '1 Pratt Street'), null);
  });

  it('stores a symmetric fact one way round, and a directional one as given', () => {
    const a = '10000000-0000-4000-8000-000000000000';
    const b = '20000000-0000-4000-8000-000000000000';
    assert.deepEqual(canonicalFact({ personId: b, relatedPersonId: a, kind: 'sibling-of' }), { personId: a, relatedPersonId: b, kind: 'sibling-of' });
    assert.deepEqual(canonicalFact({ personId: b, relatedPersonId: a, kind: 'parent-of' }), { personId: b, relatedPersonId: a, kind: 'parent-of' });
    assert.equal(factKey({ personId: a, relatedPersonId: b, kind: 'partner-of' }), factKey({ personId: b, relatedPersonId: a, kind: 'partner-of' }));
    assert.notEqual(factKey({ personId: a, relatedPersonId: b, kind: 'parent-of' }), factKey({ personId: b, relatedPersonId: a, kind: 'parent-of' }));
    assert.deepEqual([relationshipLabel('parent-of', false), relationshipLabel('parent-of', true), relationshipLabel('carer-of', true)], ['Parent of', 'Child of', 'Cared for by']);
  });

  it('words the front door’s prompt', () => {
    assert.equal(thinkFamilyPromptText({ flags: ['adult-mental-health'], children: [1, 2] }), 'Consider the children: 2 children live with an adult known to adult mental health services');
    assert.equal(
      thinkFamilyPromptText({ flags: ['substance-misuse', 'probation', 'domestic-abuse-services'], children: [1] }),
      'Consider the children: 1 child lives with an adult known to substance misuse services, probation and domestic abuse services',
    );
  });

  it('turns the family page’s form into a fact, in the right direction', () => {
    const subject = '10000000-0000-4000-8000-000000000000';
    const chosen = '20000000-0000-4000-8000-000000000000';
    const form = (role: string, extra: Record<string, string> = {}) => addRelationshipFormSchema.parse({ memberId: chosen, role, ...extra });
    assert.deepEqual(factFromForm(subject, form('parent')), { personId: chosen, relatedPersonId: subject, kind: 'parent-of' });
    assert.deepEqual(factFromForm(subject, form('child')), { personId: subject, relatedPersonId: chosen, kind: 'parent-of' });
    assert.deepEqual(factFromForm(subject, form('cared-for')), { personId: subject, relatedPersonId: chosen, kind: 'carer-of' });
    const other = '30000000-0000-4000-8000-000000000000';
    assert.equal(factFromForm(subject, form('sibling', { otherPersonId: other })).personId, other, 'a typed reference wins over the list');
    const bad = addRelationshipFormSchema.safeParse({ memberId: '', otherPersonId: 'Jane Smith', role: 'sideways' });
    assert.equal(bad.success, false);
    const messages = Object.fromEntries(bad.error!.issues.map((i) => [i.path.join('.'), i.message]));
    assert.equal(messages.role, 'Choose how they are related');
  });
});
