// Branded identifiers: a UserId cannot be passed where an AgencyId is expected.
import { randomUUID } from 'node:crypto';

export type Brand<T, B extends string> = T & { readonly __brand: B };

export type UserId = Brand<string, 'UserId'>;
export type AgencyId = Brand<string, 'AgencyId'>;
export type TeamId = Brand<string, 'TeamId'>;
export type RoleAssignmentId = Brand<string, 'RoleAssignmentId'>;
export type SessionId = Brand<string, 'SessionId'>;
export type ApiKeyId = Brand<string, 'ApiKeyId'>;
export type CorrelationId = Brand<string, 'CorrelationId'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function newId<T extends string>(): T {
  return randomUUID() as T;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
