// Loading a file of police notifications through the page's file upload: the file's rows load, a bad row is
// reported with its line and reason, loading the same file again changes nothing, and CSRF still applies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DeskTables } from '../../src/modules/protection-desk/desk.tables.ts';
import { createHarness, type Agent, type Harness } from '../support/app.ts';

const FILE = [
  'police_reference,occurred_at,la_code,incident_type,factors,summary,child_1_forenames,child_1_surname,child_1_dob',
  'MPS-U1,2026-10-30T21:40:00Z,202,domestic-abuse,child-present|weapon,Officers attended; a child was present.,Tamsin,Oyelaran,2022-05-05',
  'MPS-U2,2026-10-31T09:00:00Z,202,child-missing,,Missing overnight.,Rafferty,Quaye,2012-07-07',
  'MPS-U3,2026-10-31T09:30:00Z,202,child-at-risk,,Summary,Ottilie,Brandt,2016-02-30',
].join('\n');

describe('protection desk file upload', () => {
  let h: Harness;
  let officer: Agent;
  const count = async () => (await h.container.database.db.withTables<DeskTables>().selectFrom('policeNotifications').select('id').where('policeReference', 'like', 'MPS-U%').execute()).length;

  before(async () => {
    h = await createHarness();
    officer = await h.signIn('desk.officer@met.example');
  });
  after(() => h.close());

  it('loads the good rows of an uploaded file, reports the bad one, and changes nothing the second time', async () => {
    let res = await officer.upload('/desk/import', '/desk/import', { format: '', fileName: '' }, { field: 'file', name: 'tonight.csv', content: FILE });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    let result = await officer.get(res.headers.location as string);
    assert.match(result.body, /tonight\.csv/);
    assert.match(result.body, /MPS-U3/);
    assert.doesNotMatch(result.body, /Ottilie|Brandt/, 'the rejected row is reported without the names in it');
    assert.equal(await count(), 2);

    res = await officer.upload('/desk/import', '/desk/import', { format: '', fileName: '' }, { field: 'file', name: 'tonight.csv', content: FILE });
    assert.equal(res.statusCode, 303);
    result = await officer.get(res.headers.location as string);
    assert.match(result.body, /unchanged/i);
    assert.equal(await count(), 2, 'loading the same file again adds nothing');
  });

  it('asks for a file or pasted text when neither is given', async () => {
    const res = await officer.upload('/desk/import', '/desk/import', { format: 'csv', fileName: '' }, { field: 'file', name: 'empty.csv', content: '' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choose a file of notifications, or paste them/);
  });

  it('refuses an upload without the CSRF token', async () => {
    const form = new FormData();
    form.append('file', new Blob([FILE], { type: 'text/csv' }), 'x.csv');
    const req = new Request('http://upload.invalid/', { method: 'POST', body: form });
    const res = await h.app.inject({ method: 'POST', url: '/desk/import', headers: { cookie: `safehub_session=${officer.sessionCookie}`, 'content-type': req.headers.get('content-type')! }, payload: Buffer.from(await req.arrayBuffer()) });
    assert.equal(res.statusCode, 403);
  });
});
