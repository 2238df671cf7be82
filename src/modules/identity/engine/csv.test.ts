import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../kernel/errors.ts';
import { csvField, forEachCsvRow, parseFieldMap, personRecordsFromCsv } from './csv.ts';

describe('reading CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, quotes and line breaks, and CRLF line ends', () => {
    const rows: string[][] = [];
    forEachCsvRow('\ufeffid,address\r\n1,"Flat 7, 20 Cambridge Avenue"\r\n2,"said ""hello""\nthen left"\n3,\n', (f) => rows.push([...f]));
    assert.deepEqual(rows, [['id', 'address'], ['1', 'Flat 7, 20 Cambridge Avenue'], ['2', 'said "hello"\nthen left'], ['3', '']]);
  });

  it('quotes a field only when it must', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
  });
});

describe('the column map', () => {
  it('takes usual names for fields and joins columns with +', () => {
    assert.deepEqual(parseFieldMap('first_name=forename+middle_names,surname=surname,dob=birth,nhs_number=nhs,postcode=pc'), {
      forenames: ['forename', 'middle_names'],
      surname: ['surname'],
      dob: ['birth'],
      nhsNumber: ['nhs'],
      postcodes: ['pc'],
    });
  });

  it('refuses an unknown field or a map without names', () => {
    assert.throws(() => parseFieldMap('shoe_size=x,surname=s'), ValidationError);
    assert.throws(() => parseFieldMap('dob=d'), (e: ValidationError) => /first_name or surname/.test(e.fields.map!));
  });
});

describe('person records from CSV', () => {
  const map = parseFieldMap('first_name=forename+middle,surname=surname,dob=dob,aliases=aliases,postcode=postcode');
  it('reads records and reports the rows it could not use, without stopping', () => {
    const text = [
      'record_id,forename,middle,surname,dob,aliases,postcode',
      'r1,Nia,Keisha,Powell,1983-04-28,Nia Thomas|N Powell,EC4V 4TN',
      ',No,,Id,1983-04-28,,',
      'r1,Again,,Same,1983-04-28,,',
      'r2,Short,row',
      'r3,Sam,,Smith,,,',
    ].join('\n');
    const { records, rejected } = personRecordsFromCsv(text, 'record_id', map);
    assert.deepEqual(
      records.map((r) => r.id),
      ['r1', 'r3'],
    );
    assert.equal(records[0]!.forenames, 'Nia Keisha');
    assert.deepEqual(records[0]!.aliases, [
      { forenames: 'Nia', surname: 'Thomas' },
      { forenames: 'N', surname: 'Powell' },
    ]);
    assert.deepEqual(records[0]!.postcodes, ['EC4V 4TN']);
    assert.equal(records[1]!.dob, null);
    assert.deepEqual(
      rejected.map((r) => [r.line, r.reason]),
      [
        [3, 'has no id'],
        [4, 'repeats an id already read'],
        [5, 'has 3 fields where the header has 7'],
      ],
    );
  });

  it('names a mapped column the file does not have', () => {
    assert.throws(
      () => personRecordsFromCsv('record_id,forename\nr1,Ann\n', 'record_id', map),
      (e: ValidationError) => /no column named "middle"/.test(e.fields.map!),
    );
  });
});
