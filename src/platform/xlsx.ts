// A small, dependency-free XLSX (Office Open XML spreadsheet) writer and reader, for exports that people open in a
// spreadsheet (the work programme, the Ofsted Annex A workbook). The workbook is a ZIP written by hand: local file
// headers, the central directory and its end record (APPNOTE.TXT 6.3), deflated with zlib. Cells hold inline
// strings, numbers or dates (a serial number with a date style); nothing is ever written as a formula, so a value
// like "=1+1" stays text. The reader is the writer's mirror, enough for tests and for reading our own workbooks back.
import zlib from 'node:zlib';

export type XlsxCell = string | number | Date | null;

export interface XlsxSheet {
  name: string;
  headers: string[];
  rows: XlsxCell[][];
}

export interface XlsxSheetRead {
  name: string;
  /** Every row, the header row first; each cell as text (numbers and dates as their stored value). */
  rows: string[][];
}

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** Style indexes in styles.xml: 0 normal, 1 bold (headers), 2 date. */
const STYLE_HEADER = 1;
const STYLE_DATE = 2;

/** Excel's own limits on a sheet's name. */
export function sheetNameProblem(name: string): string | null {
  if (!name.trim()) return 'A sheet name cannot be blank';
  if (name.length > 31) return `The sheet name "${name}" is longer than 31 characters`;
  if (/[[\]:*?/\\]/.test(name)) return `The sheet name "${name}" contains one of [ ] : * ? / \\`;
  if (name.startsWith("'") || name.endsWith("'")) return `The sheet name "${name}" starts or ends with an apostrophe`;
  return null;
}

/** Escapes text for XML, dropping characters XML 1.0 cannot hold (control characters other than tab and line breaks). */
function xmlText(value: string): string {
  return value
    // eslint-disable-next-line no-control-regex -- removing the characters XML forbids
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** 0 → "A", 25 → "Z", 26 → "AA". */
export function columnName(index: number): string {
  let n = index + 1;
  let name = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    name = String.fromCharCode(65 + r) + name;
    n = Math.floor((n - 1) / 26);
  }
  return name;
}

function columnIndex(name: string): number {
  let n = 0;
  for (const ch of name) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A Date as an Excel serial day number (1900 date system; 25569 is 1 January 1970). */
function serialOf(date: Date): number {
  return date.getTime() / 86_400_000 + 25_569;
}

function cellXml(ref: string, value: XlsxCell, style?: number): string {
  if (value === null || value === undefined) return '';
  const s = style ? ` s="${style}"` : '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    return `<c r="${ref}" s="${STYLE_DATE}"><v>${serialOf(value)}</v></c>`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return `<c r="${ref}"${s}><v>${value}</v></c>`;
  }
  return `<c r="${ref}" t="inlineStr"${s}><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
}

function sheetXml(sheet: XlsxSheet): string {
  const widths = sheet.headers.map((h) => h.length);
  for (const row of sheet.rows) {
    row.forEach((v, i) => {
      const len = v instanceof Date ? 10 : v === null ? 0 : String(v).length;
      widths[i] = Math.max(widths[i] ?? 0, len);
    });
  }
  const cols = widths.length
    ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(Math.max(w, 8), 60) + 2}" customWidth="1"/>`).join('')}</cols>`
    : '';
  const rows: string[] = [];
  const all: { cells: XlsxCell[]; style?: number }[] = [{ cells: sheet.headers, style: STYLE_HEADER }, ...sheet.rows.map((cells) => ({ cells }))];
  all.forEach((row, r) => {
    const cells = row.cells.map((v, c) => cellXml(`${columnName(c)}${r + 1}`, v, row.style)).join('');
    rows.push(`<row r="${r + 1}">${cells}</row>`);
  });
  const pane = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  return `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${pane}${cols}<sheetData>${rows.join('')}</sheetData></worksheet>`;
}

const STYLES = `${XML_DECL}<styleSheet xmlns="${MAIN_NS}">\
<numFmts count="1"><numFmt numFmtId="164" formatCode="d mmm yyyy"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>`;

/** The workbook as an .xlsx file. Throws on a sheet name Excel would refuse, or two sheets of the same name. */
export function writeXlsx(sheets: XlsxSheet[]): Buffer {
  if (!sheets.length) throw new Error('A workbook needs at least one sheet');
  const seen = new Set<string>();
  for (const sheet of sheets) {
    const problem = sheetNameProblem(sheet.name);
    if (problem) throw new Error(problem);
    const key = sheet.name.toLowerCase();
    if (seen.has(key)) throw new Error(`Two sheets are called "${sheet.name}"`);
    seen.add(key);
  }
  const contentTypes = `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}\
</Types>`;
  const rootRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews><sheets>\
${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const workbookRels = `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}">\
${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}\
<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
  return zip([
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rootRels },
    { name: 'xl/workbook.xml', data: workbook },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/styles.xml', data: STYLES },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: sheetXml(s) })),
  ]);
}

// -- the ZIP container ------------------------------------------------------------------------------------------------

/** 1 January 1980, 00:00 in MS-DOS form: a fixed time, so the same workbook gives the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

function zip(files: { name: string; data: string }[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const raw = Buffer.from(file.data, 'utf8');
    const packed = zlib.deflateRawSync(raw);
    const crc = zlib.crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt16LE(DOS_TIME, 12);
    entry.writeUInt16LE(DOS_DATE, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(raw.length, 24);
    entry.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk number, internal and external attributes: 0
    entry.writeUInt32LE(offset, 42);
    parts.push(local, name, packed);
    central.push(entry, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** The files of a ZIP archive (stored or deflated entries), by name. */
export function unzip(buffer: Buffer): Map<string, Buffer> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('Not a ZIP file: no end of central directory record');
  const count = buffer.readUInt16LE(eocd + 10);
  let at = buffer.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let n = 0; n < count; n++) {
    if (buffer.readUInt32LE(at) !== 0x02014b50) throw new Error('Damaged ZIP central directory');
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localAt = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    if (buffer.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`Damaged ZIP entry ${name}`);
    const dataAt = localAt + 30 + buffer.readUInt16LE(localAt + 26) + buffer.readUInt16LE(localAt + 28);
    const data = buffer.subarray(dataAt, dataAt + size);
    if (method === 0) files.set(name, Buffer.from(data));
    else if (method === 8) files.set(name, zlib.inflateRawSync(data));
    else throw new Error(`ZIP entry ${name} uses an unsupported compression method ${method}`);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

// -- reading a workbook back --------------------------------------------------------------------------------------------

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) => {
    if (dec) return String.fromCodePoint(Number(dec));
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    return ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name]!;
  });
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescapeXml(m[1]!) : undefined;
}

/** The text runs of an <is> or <si> element. */
function textOf(xml: string): string {
  let out = '';
  for (const m of xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += unescapeXml(m[1]!);
  return out;
}

/** The sheets of an .xlsx file, in workbook order, with every row's cells as text. */
export function readXlsx(buffer: Buffer): XlsxSheetRead[] {
  const files = unzip(buffer);
  const read = (name: string) => {
    const file = files.get(name);
    if (!file) throw new Error(`The workbook has no ${name}`);
    return file.toString('utf8');
  };
  const rels = new Map<string, string>();
  for (const m of read('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\s[^>]*>/g)) rels.set(attr(m[0], 'Id')!, attr(m[0], 'Target')!);
  const shared = files.has('xl/sharedStrings.xml') ? [...read('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]!)) : [];
  const sheets: XlsxSheetRead[] = [];
  for (const m of read('xl/workbook.xml').matchAll(/<sheet\s[^>]*>/g)) {
    const name = attr(m[0], 'name')!;
    const target = rels.get(attr(m[0], 'r:id')!)!;
    const xml = read(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
    const rows: string[][] = [];
    for (const row of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const r = Number(attr(row[0], 'r') ?? rows.length + 1);
      const cells: string[] = [];
      for (const cell of (row[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const open = `<c${cell[1]}>`;
        const ref = attr(open, 'r');
        const col = ref ? columnIndex(ref.replace(/\d+$/, '')) : cells.length;
        const type = attr(open, 't');
        const body = cell[2] ?? '';
        const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
        let text = '';
        if (type === 'inlineStr') text = textOf(body);
        else if (type === 's') text = shared[Number(v)] ?? '';
        else if (v !== undefined) text = unescapeXml(v);
        while (cells.length < col) cells.push('');
        cells[col] = text;
      }
      while (rows.length < r - 1) rows.push([]);
      rows[r - 1] = cells;
    }
    sheets.push({ name, rows });
  }
  return sheets;
}
