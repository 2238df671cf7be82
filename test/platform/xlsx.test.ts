// The hand-written XLSX writer: a valid ZIP of Office Open XML parts that reads back to what was written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readXlsx, unzip, writeXlsx } from '../../src/platform/xlsx.ts';

describe('xlsx', () => {
  const workbook = () =>
    writeXlsx([
      {
        name: 'Work programme',
        headers: ['Reference', 'Title', 'Amount (£)', 'Due'],
        rows: [
          ['WP-01', 'Pan-London sexual exploitation protocol', 12500.5, new Date('2010-03-31T00:00:00Z')],
          ['WP-02', '=HYPERLINK("http://example.invalid","click")', null, null],
          ['WP-03', 'Fish & chips <served> "hot"\nsecond line', 0, null],
        ],
      },
      { name: 'Gaps', headers: ['Theme'], rows: [['Training']] },
    ]);

  it('starts with the ZIP signature and holds the parts of a workbook', () => {
    const file = workbook();
    assert.equal(file.subarray(0, 2).toString('latin1'), 'PK');
    const parts = [...unzip(file).keys()];
    for (const part of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']) {
      assert.ok(parts.includes(part), part);
    }
    assert.match(unzip(file).get('xl/styles.xml')!.toString(), /formatCode="d mmm yyyy"/);
  });

  it('reads back the sheet names, headers and rows exactly', () => {
    const sheets = readXlsx(workbook());
    assert.deepEqual(sheets.map((s) => s.name), ['Work programme', 'Gaps']);
    const [wp, gaps] = sheets;
    assert.deepEqual(wp!.rows[0], ['Reference', 'Title', 'Amount (£)', 'Due']);
    assert.deepEqual(wp!.rows[1], ['WP-01', 'Pan-London sexual exploitation protocol', '12500.5', '40268']);
    assert.deepEqual(wp!.rows[3], ['WP-03', 'Fish & chips <served> "hot"\nsecond line', '0']);
    assert.deepEqual(gaps!.rows, [['Theme'], ['Training']]);
  });

  it('keeps a formula-like string as a string, never a formula', () => {
    const file = workbook();
    const sheet = unzip(file).get('xl/worksheets/sheet1.xml')!.toString();
    assert.doesNotMatch(sheet, /<f>/);
    assert.match(sheet, /<c r="B3" t="inlineStr"><is><t xml:space="preserve">=HYPERLINK/);
    assert.equal(readXlsx(file)[0]!.rows[2]![1], '=HYPERLINK("http://example.invalid","click")');
  });

  it('writes dates as serial numbers with the date style', () => {
    const sheet = unzip(workbook()).get('xl/worksheets/sheet1.xml')!.toString();
    assert.match(sheet, /<c r="D2" s="2"><v>40268<\/v><\/c>/);
  });

  it('refuses sheet names Excel would refuse', () => {
    assert.throws(() => writeXlsx([{ name: 'A name far longer than thirty-one characters', headers: [], rows: [] }]), /longer than 31/);
    for (const bad of ['Q1/Q2', 'a:b', 'what?', '[x]', 'a*b', 'back\\slash']) {
      assert.throws(() => writeXlsx([{ name: bad, headers: [], rows: [] }]), /contains one of/, bad);
    }
    assert.throws(() => writeXlsx([{ name: 'Same', headers: [], rows: [] }, { name: 'same', headers: [], rows: [] }]), /Two sheets/);
    assert.throws(() => writeXlsx([]), /at least one sheet/);
  });

  it('gives the same bytes for the same workbook', () => {
    assert.deepEqual(workbook(), workbook());
  });
});
