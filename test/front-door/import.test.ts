// Contacts from a CSV file: the documented example loads cleanly and loading it again changes nothing; a header
// with unknown or missing columns is one clear error that does not repeat the file's contents; a bad row is
// reported by its line number and CSV column, without the personal data it held, and the good rows load anyway.
// The same through POST /api/v1/contacts/import (text/csv). Every person here is invented.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ForbiddenError, ValidationError } from '../../src/kernel/errors.ts';
import { contactCsvColumns, contactRowsFromCsv, importContactsCsv, REQUIRED_CSV_COLUMNS } from '../../src/modules/front-door/contacts.import.ts';
import type { ContactsService } from '../../src/modules/front-door/contacts.service.ts';
import { createHarness, type Harness } from '../support/app.ts';
import { StubMatcher } from '../support/stub-matcher.ts';
import { actors, apiKeyFor, db } from './factories.ts';

const EXAMPLE = readFileSync(new URL('../../docs/examples/contacts.csv', import.meta.url), 'utf8');
const HEADER = 'la_code,source,external_reference,referrer_name,concern,indicators,consent,consent_exception,consent_authorised_by,child_1_forenames,child_1_surname,child_1_dob,child_2_forenames,child_2_surname,child_2_dob,adult_1_forenames,adult_1_surname,adult_1_relationship';

const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

describe('front door: importing contacts from CSV', () => {
  let h: Harness;
  let service: ContactsService;
  let who: ReturnType<typeof actors>;

  before(async () => {
    h = await createHarness({ personMatcher: new StubMatcher() });
    service = h.container.frontDoor;
    who = actors(h);
  });
  after(() => h.close());

  it('documents every column it reads, and the example uses only those', () => {
    const header = EXAMPLE.split('\n')[0]!.split(',');
    const known = new Set(contactCsvColumns());
    assert.ok(header.every((c) => known.has(c)));
    assert.ok(REQUIRED_CSV_COLUMNS.every((c) => header.includes(c)));
    assert.equal(contactCsvColumns().length, 14 + 4 * 7 + 3 * 8);
  });

  it('loads the example file, and loading it again changes nothing', async () => {
    const referrer = await who.referrer();
    const first = await importContactsCsv(service, referrer, EXAMPLE);
    assert.deepEqual([first.received, first.created, first.unchanged, first.rejected], [4, 4, 0, 0], JSON.stringify(first.results.map((r) => r.errors)));
    // The second contact's concern runs over two lines, so the rows are lines 2, 3, 5 and 6.
    assert.deepEqual(first.results.map((r) => r.row), [2, 3, 5, 6]);

    const stored = await db(h)
      .selectFrom('contacts')
      .select(['id', 'externalReference', 'consent', 'consentException', 'consentAuthorisedBy', 'consentIsChildsOwn', 'indicators', 'concern'])
      .where('externalReference', 'like', 'EXAMPLE-%')
      .orderBy('externalReference')
      .execute();
    assert.deepEqual(stored.map((c) => c.externalReference), ['EXAMPLE-HV-0003', 'EXAMPLE-SCH-0001', 'EXAMPLE-SCH-0002', 'EXAMPLE-SELF-0004']);
    const [visitor, first1, second2, self] = stored;
    assert.deepEqual(second2!.indicators, ['neglect', 'parental-substance-misuse']);
    assert.deepEqual([second2!.consent, second2!.consentException, second2!.consentAuthorisedBy], ['not-sought', 'increased-risk', 'Priya Raman']);
    assert.match(second2!.concern, /no food at home\.\nShe says/);
    assert.deepEqual([self!.consentIsChildsOwn, first1!.consentIsChildsOwn], [true, false]);
    const people = async (id: string) => db(h).selectFrom('contactPersons').select(['role', 'relationship', 'forenames']).where('contactId', '=', id).orderBy('position').execute();
    assert.deepEqual(await people(second2!.id), [
      { role: 'child', relationship: null, forenames: 'Leila' },
      { role: 'child', relationship: null, forenames: 'Tobi' },
    ]);
    assert.deepEqual(await people(visitor!.id), [
      { role: 'child', relationship: null, forenames: 'Kofi' },
      { role: 'adult', relationship: 'mother', forenames: 'Maren' },
    ]);

    const again = await importContactsCsv(service, referrer, EXAMPLE);
    assert.deepEqual([again.created, again.unchanged, again.rejected], [0, 4, 0]);
    assert.deepEqual(again.results.map((r) => r.contactId), first.results.map((r) => r.contactId));
    const count = await db(h).selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where('externalReference', 'like', 'EXAMPLE-%').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 4);
  });

  it('refuses a header with unknown or missing columns as one error that does not repeat the file', () => {
    const noHeader = 'Jory,Penhallow,2012-09-14,202\nSefa,Marrowdene,2013-01-02,202';
    assert.throws(
      () => contactRowsFromCsv(noHeader),
      (e: ValidationError) => {
        assert.deepEqual(Object.keys(e.fields), ['header']);
        assert.match(e.fields.header!, /columns 1, 2, 3, 4 are not columns Safehub recognises/);
        assert.match(e.fields.header!, /la_code, source, external_reference, referrer_name, concern, indicators, consent, child_1_forenames, child_1_surname are missing/);
        for (const value of ['Jory', 'Penhallow', '2012-09-14']) assert.ok(!e.fields.header!.includes(value));
        return true;
      },
    );
    assert.throws(() => contactRowsFromCsv(HEADER.replace('concern,', '')), (e: ValidationError) => /concern is missing/.test(e.fields.header!) && !/not a column/.test(e.fields.header!));
    assert.throws(() => contactRowsFromCsv(`${HEADER},child_5_forenames`), (e: ValidationError) => /column 19 is not a column Safehub recognises/.test(e.fields.header!));
    assert.throws(() => contactRowsFromCsv(''), (e: ValidationError) => 'file' in e.fields);
  });

  it('reports a bad row by its line number and column, without its personal data, and loads the good rows', async () => {
    const text = csv(
      '202,2A,BAD-1,Grace Adeyemi,"Two lines of concern:\nthe child is often hungry at school.",neglect,given,,,Rafi,Oakhurst,2015-05-05,,,,,,',
      '202,2A,BAD-2,Grace Adeyemi,Came in with a burn on the hand and a story that changed twice.,physical-abuse,given,,,Ilse,Thistlecombe,2016-13-01,Sefa,Thistlecombe,2018-02-30,,,',
      '202,2A,BAD-3,Grace Adeyemi,Was collected by an adult the school did not know.,other,overridden,,,Esme,Kestlebury,2017-03-03,,,,Colm,Kestlebury,partner-of-parent',
      '202,2A,,Grace Adeyemi,A contact without the sending system’s own reference.,other,given,,,Nia,Wyncliffe,2014-04-04,,,,,,',
      '202,2A,BAD-5,Grace Adeyemi,too few fields',
      '999,2A,BAD-6,Grace Adeyemi,The child lives somewhere this service does not cover.,other,given,,,Jory,Marrowdene,2013-06-06,,,,,,',
      '202,XX,BAD-7,Grace Adeyemi,An unknown source code and an unknown indicator.,neglect|made-up,given,,,Maren,Ashgrove,2012-07-07,,,,Dana,Ashgrove,cousin',
      '202,2A,BAD-8,Grace Adeyemi,Second child only: the first child columns are empty.,neglect,given,,,,,,Tobi,Brindle,2019-01-01,,,',
    );
    const result = await importContactsCsv(service, await who.referrer(), text);
    const byRow = Object.fromEntries(result.results.map((r) => [r.row, r]));
    assert.deepEqual(
      result.results.map((r) => [r.row, r.status]),
      [
        [2, 'created'],
        [4, 'rejected'],
        [5, 'rejected'],
        [6, 'rejected'],
        [7, 'rejected'],
        [8, 'rejected'],
        [9, 'rejected'],
        [10, 'created'],
      ],
      'line numbers count the header (1) and the two-line concern (2–3)',
    );
    assert.deepEqual(byRow[4]!.errors, { child_1_dob: 'Date of birth must be a real date after 1900', child_2_dob: 'Date of birth must be a real date after 1900' });
    assert.deepEqual(Object.keys(byRow[5]!.errors!).sort(), ['consent_authorised_by', 'consent_exception']);
    assert.deepEqual(byRow[6]!.errors, { external_reference: "Enter your system's own reference for the contact" });
    assert.deepEqual(byRow[7]!.errors, { _row: 'The row has 5 fields where the header has 18' });
    assert.deepEqual(byRow[8]!.errors, { la_code: 'Select a London local authority' });
    assert.deepEqual(Object.keys(byRow[9]!.errors!).sort(), ['adult_1_relationship', 'indicators', 'source']);
    assert.equal(result.created, 2);

    const errors = JSON.stringify(result.results.map((r) => r.errors ?? null));
    for (const value of ['Oakhurst', 'Ilse', 'Thistlecombe', '2016-13-01', '2018-02-30', 'Esme', 'Kestlebury', 'Colm', 'Nia', 'Wyncliffe', 'Jory', 'Marrowdene', 'Maren', 'Ashgrove', 'cousin', 'made-up', 'XX']) {
      assert.ok(!errors.includes(value), `an error repeats ${value}`);
    }
    const loaded = await db(h).selectFrom('contacts').select('externalReference').where('externalReference', 'like', 'BAD-%').orderBy('externalReference').execute();
    assert.deepEqual(loaded.map((c) => c.externalReference), ['BAD-1', 'BAD-8']);
  });

  it('refuses the whole file to someone who may not send contacts', async () => {
    await assert.rejects(importContactsCsv(service, await who.admin(), EXAMPLE), ForbiddenError);
  });

  describe('POST /api/v1/contacts/import', () => {
    let key: string;
    before(async () => {
      key = (await apiKeyFor(h, 'la-202-education', ['contact.submit'])).key;
    });
    const post = (payload: string, headers: Record<string, string> = {}, k = key) =>
      h.app.inject({ method: 'POST', url: '/api/v1/contacts/import', headers: { authorization: `Bearer ${k}`, 'content-type': 'text/csv; charset=utf-8', ...headers }, payload });

    it('imports a CSV body, and the same file again is all unchanged', async () => {
      const text = EXAMPLE.replaceAll('EXAMPLE-', 'API-');
      const first = await post(text);
      assert.equal(first.statusCode, 200);
      assert.deepEqual([first.json().created, first.json().rejected], [4, 0]);
      const again = await post(text);
      assert.deepEqual(again.json().results.map((r: { status: string }) => r.status), ['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    });

    it('answers a bad header with problem+json, and a bad row in the results', async () => {
      const bad = await post('Jory,Penhallow,2012-09-14\n');
      assert.equal(bad.statusCode, 400);
      assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);
      assert.ok(bad.json().errors.header);
      assert.ok(!bad.body.includes('Penhallow'));
      const row = await post(csv('202,2A,API-BAD-1,Grace Adeyemi,A concern long enough to pass.,neglect,given,,,Jory,Penhallow,2012-02-31,,,,,,'));
      assert.equal(row.statusCode, 200);
      assert.deepEqual(row.json().results, [{ row: 2, status: 'rejected', errors: { child_1_dob: 'Date of birth must be a real date after 1900' } }]);
      assert.ok(!row.body.includes('Penhallow'));
    });

    it('refuses a key without the scope, and a file over 5 MB', async () => {
      const readOnly = (await apiKeyFor(h, 'la-202-education', ['reference.read'])).key;
      assert.equal((await post(EXAMPLE, {}, readOnly)).statusCode, 403);
      const big = await post(`${HEADER}\n${'x'.repeat(5 * 1_048_576 + 10)}`);
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().code, 'bad-request');
    });

    it('takes a file from a signed-in referrer with the CSRF token', async () => {
      const referrer = await h.signIn('referrer@camden-schools.example');
      const page = await referrer.get('/');
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
      assert.ok(token);
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/v1/contacts/import',
        headers: { cookie: (referrer as unknown as { cookieHeader(): string }).cookieHeader(), 'x-csrf-token': token, 'content-type': 'text/csv' },
        payload: EXAMPLE.replaceAll('EXAMPLE-', 'WEB-'),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().created, 4);
    });
  });
});
