// Who is acting: a signed-in user in one role, a partner system with an API key, or the system itself.
export const ROLE_CODES = [
  'referrer',
  'hub-practitioner',
  'agency-researcher',
  'desk-officer',
  'hub-manager',
  'caseworker',
  'team-manager',
  'board-manager',
  'regional-manager',
  'regional-adviser',
  'elected-member',
  'privacy-officer',
  'system-admin',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export type ScopeKind = 'agency' | 'local-authority' | 'board' | 'region';

export interface UserActor {
  kind: 'user';
  userId: string;
  displayName: string;
  agencyId: string;
  agencyCode: string;
  agencyName: string;
  /** Null until the user has chosen a role for this session. */
  role: RoleCode | null;
  roleAssignmentId: string | null;
  scopeKind: ScopeKind | null;
  scopeCode: string | null;
  sessionId: string;
  teamIds: string[];
  /** How many roles the user holds (to offer switching only when there is a choice). */
  roleCount: number;
  correlationId: string;
}

export interface ApiClientActor {
  kind: 'api-client';
  apiKeyId: string;
  name: string;
  agencyId: string;
  agencyCode: string;
  scopes: string[];
  correlationId: string;
}

export interface SystemActor {
  kind: 'system';
  name: string;
  correlationId: string;
}

/** Someone not signed in (the sign-in page, public pages). */
export interface AnonymousActor {
  kind: 'anonymous';
  correlationId: string;
}

export type Actor = UserActor | ApiClientActor | SystemActor | AnonymousActor;

export function systemActor(name: string, correlationId = `system-${name}`): SystemActor {
  return { kind: 'system', name, correlationId };
}
