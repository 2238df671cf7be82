// CSV for bulk work (imports of contacts, police notifications and agency records; batch linking): an RFC 4180
// reader, where quoted fields may hold commas, quotes and line breaks, and the matching writer of one field.
import { ValidationError } from '../kernel/errors.ts';

/** Call `onRow` for every row of a CSV text, header included. The array passed is reused: copy what you keep. */
export function forEachCsvRow(text: string, onRow: (fields: string[], line: number) => void): void {
  const fields: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // byte order mark
  while (i < n) {
    fields.length = 0;
    const rowLine = line;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        // quoted field
        let out = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new ValidationError({ file: `Row ${rowLine} has a quoted field that never ends` });
          if (text.charCodeAt(q + 1) === 34) {
            out += text.slice(from, q + 1);
            i = q + 2;
            from = i;
            continue;
          }
          out += text.slice(from, q);
          i = q + 1;
          break;
        }
        for (let k = 0; k < out.length; k++) if (out.charCodeAt(k) === 10) line++;
        value = out;
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === 44 || c === 10 || c === 13) break;
          k++;
        }
        value = text.slice(i, k);
        i = k;
      }
      fields.push(value);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        continue;
      }
      if (c === 13) i++;
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    if (!(fields.length === 1 && fields[0] === '')) onRow(fields, rowLine);
  }
}

/** A quoted CSV field when it needs quoting (RFC 4180). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
