// Streaming writers for the generator's files: rows are gathered into a buffer of about 256 KiB and handed to a
// file stream; when the stream's queue is full the generator awaits 'drain'. Memory stays flat whatever the scale.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

const FLUSH_AT = 256 * 1024;
const NEEDS_QUOTES = /[",\n\r]/;

/** A CSV field (RFC 4180): quoted only when it contains a comma, a quote or a line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV line from fields already escaped where needed. */
export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\n`;
}

export class BufferedFileWriter {
  private buffer = '';
  private readonly stream: WriteStream;
  private failure: Error | undefined;
  rows = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1024 * 1024 });
    // Kept, not thrown from an event handler: the next drain or close reports it.
    this.stream.on('error', (error: Error) => {
      this.failure ??= error;
    });
  }

  /** Append text. */
  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /** Append one row (a line) and count it. */
  row(line: string): void {
    this.rows++;
    this.write(line);
  }

  /** True when the file stream's queue is full: await {@link drain} before writing much more. */
  get needsDrain(): boolean {
    return this.stream.writableNeedDrain;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.stream.write(this.buffer);
    this.buffer = '';
  }

  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.flush();
    await this.drain();
    this.stream.end();
    if (!this.stream.writableFinished) await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }

  /** Close without waiting, after a failure. */
  destroy(): void {
    this.stream.destroy();
  }
}
