// Kysely table types for the platform's tables (camelCase through CamelCasePlugin).
// Modules declare their own tables and widen a handle with db.withTables<TheirTables>().
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface BoardsTable {
  code: string;
  name: string;
  kind: 'regional' | 'local';
}
export interface LocalAuthoritiesTable {
  code: string;
  onsCode: string;
  name: string;
  boardCode: string;
  childPopulation: number;
}
export interface AgencyTypesTable {
  code: string;
  name: string;
}
export interface AgenciesTable {
  id: Generated<string>;
  code: string;
  name: string;
  typeCode: string;
  localAuthorityCode: string | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  version: Generated<number>;
}
export interface TeamsTable {
  id: Generated<string>;
  agencyId: string;
  code: string;
  name: string;
  localAuthorityCode: string | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  version: Generated<number>;
}
export interface UsersTable {
  id: Generated<string>;
  email: string;
  displayName: string;
  agencyId: string;
  passwordHash: string | null;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  isDisabled: Generated<boolean>;
  disabledAt: Timestamp | null;
  lastSignInAt: Timestamp | null;
  createdAt: CreatedAt;
  createdBy: string | null;
  version: Generated<number>;
}
export interface TeamMembershipsTable {
  userId: string;
  teamId: string;
  createdAt: CreatedAt;
  createdBy: string | null;
}
export interface RoleAssignmentsTable {
  id: Generated<string>;
  userId: string;
  roleCode: string;
  scopeKind: 'agency' | 'local-authority' | 'board' | 'region';
  scopeCode: string;
  createdAt: CreatedAt;
  createdBy: string | null;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
}
export interface SessionsTable {
  id: Generated<string>;
  tokenHash: string;
  userId: string;
  roleAssignmentId: string | null;
  authMethod: 'password' | 'oidc';
  createdAt: Timestamp;
  lastSeenAt: Timestamp;
  expiresAt: Timestamp;
  endedAt: Timestamp | null;
  endReason: string | null;
}
export interface ApiKeysTable {
  id: Generated<string>;
  agencyId: string;
  name: string;
  prefix: string;
  keyHash: string;
  scopes: string[];
  createdAt: CreatedAt;
  createdBy: string | null;
  revokedAt: Timestamp | null;
  revokedBy: string | null;
  lastUsedAt: Timestamp | null;
}
export interface AuditEventsTable {
  seq: number;
  id: string;
  occurredAt: Timestamp;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  actorRole: string | null;
  actorAgencyId: string | null;
  sessionId: string | null;
  action: string;
  recordType: string | null;
  recordId: string | null;
  purpose: string | null;
  fields: string[];
  outcome: 'success' | 'denied' | 'failure';
  correlationId: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
  prevHash: string;
  hash: string;
}
export interface JobRunsTable {
  id: Generated<number>;
  jobName: string;
  tick: number;
  nodeId: string;
  startedAt: Timestamp;
  finishedAt: Timestamp | null;
  outcome: string | null;
}

export interface RateLimitsTable {
  keyHash: string;
  windowStartedAt: Timestamp;
  attempts: number;
}

export interface PlatformTables {
  boards: BoardsTable;
  localAuthorities: LocalAuthoritiesTable;
  agencyTypes: AgencyTypesTable;
  agencies: AgenciesTable;
  teams: TeamsTable;
  users: UsersTable;
  teamMemberships: TeamMembershipsTable;
  roleAssignments: RoleAssignmentsTable;
  sessions: SessionsTable;
  apiKeys: ApiKeysTable;
  auditEvents: AuditEventsTable;
  jobRuns: JobRunsTable;
  rateLimits: RateLimitsTable;
}
