// Structured logs with pino. Logs carry ids and outcomes, never names, dates of birth, addresses,
// case text, request bodies, cookies or tokens; the redaction list is a backstop, not the plan.
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.name',
  '*.displayName',
  '*.dateOfBirth',
  '*.address',
  '*.body',
  '*.token',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'safehub' } }, destination);
}
