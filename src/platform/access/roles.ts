// Roles (DESIGN section 1) and what each may do. Default deny: a permission not listed is refused.
// Modules add their permissions here as they are built, so the whole matrix reads in one place.
import type { RoleCode, ScopeKind } from '../../kernel/actor.ts';

export const PERMISSIONS = [
  'reference.read',
  'admin.users.manage',
  'admin.teams.manage',
  'admin.api-keys.manage',
  'audit.history.read',
  'audit.verify',
  // identity
  'person.search',
  'person.merge',
  'identity.review',
  'source-record.write',
  // front door
  'contact.submit',
  'contact.screen',
  'contact.decide',
  'contact.sign-off',
  'contact.allocate',
  'check.respond',
  'front-door.configure',
  'chronology.read',
  'family.read',
  'contact.receive-allocated',
  // protection desk
  'notification.load',
  'notification.triage',
  'desk.configure',
  // casework
  'case.read',
  'case.write',
  'case.manage',
  'casework.configure',
  'consultation.request',
  'consultation.manage',
  // partnership
  'board.manage',
  'pledge.manage',
  'support.request',
  'support.respond',
  'training.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface RoleDefinition {
  code: RoleCode;
  name: string;
  /** The kinds of scope an assignment of this role may be given (the first is the usual one). */
  scopeKinds: readonly ScopeKind[];
  summary: string;
  permissions: readonly Permission[];
}

const everyone: Permission[] = ['reference.read'];

export const ROLES: Record<RoleCode, RoleDefinition> = {
  referrer: {
    code: 'referrer',
    name: 'Referrer',
    scopeKinds: ['agency'],
    summary: 'Submit a concern about a child and see the outcome of your own referrals.',
    permissions: [...everyone, 'contact.submit', 'consultation.request'],
  },
  'hub-practitioner': {
    code: 'hub-practitioner',
    name: 'Hub practitioner',
    scopeKinds: ['local-authority'],
    summary: 'Screen contacts, set RAG ratings, ask partners for checks and decide outcomes at the front door.',
    permissions: [...everyone, 'person.search', 'identity.review', 'contact.submit', 'contact.screen', 'contact.decide', 'chronology.read', 'family.read', 'consultation.request'],
  },
  'agency-researcher': {
    code: 'agency-researcher',
    name: 'Agency researcher',
    scopeKinds: ['agency'],
    summary: "Answer the hub's checks from your own agency's records, and record what you disclose and why.",
    permissions: [...everyone, 'source-record.write', 'contact.submit', 'check.respond', 'consultation.request'],
  },
  'desk-officer': {
    code: 'desk-officer',
    name: 'Public protection desk officer',
    scopeKinds: ['agency'],
    summary: 'Load police notifications, risk-assess and prioritise them, and forward concerns to the hub.',
    permissions: [...everyone, 'source-record.write', 'contact.submit', 'notification.load', 'notification.triage', 'desk.configure', 'consultation.request'],
  },
  'hub-manager': {
    code: 'hub-manager',
    name: 'Hub manager',
    scopeKinds: ['local-authority'],
    summary: 'Oversee the front-door queues and deadlines, sign off decisions and allocate work.',
    permissions: [...everyone, 'person.search', 'person.merge', 'identity.review', 'contact.submit', 'contact.screen', 'contact.decide', 'contact.sign-off', 'contact.allocate', 'front-door.configure', 'chronology.read', 'family.read', 'consultation.request', 'support.request'],
  },
  caseworker: {
    code: 'caseworker',
    name: 'Caseworker',
    scopeKinds: ['local-authority'],
    summary: 'Carry the statutory pathway: assessments, strategy discussions, section 47 enquiries, conferences and plans.',
    permissions: [...everyone, 'person.search', 'contact.submit', 'chronology.read', 'family.read', 'contact.receive-allocated', 'case.read', 'case.write', 'consultation.request'],
  },
  'team-manager': {
    code: 'team-manager',
    name: "Children's social care team manager",
    scopeKinds: ['local-authority'],
    summary: "Oversee your authority's cases and their deadlines, act on overdue alerts, choose the rulebook, and chair multi-agency consultations on stuck cases.",
    permissions: [
      ...everyone,
      'person.search',
      'contact.submit',
      'chronology.read',
      'family.read',
      'case.read',
      'case.write',
      'case.manage',
      'casework.configure',
      'consultation.request',
      'consultation.manage',
      'support.request',
    ],
  },
  'board-manager': {
    code: 'board-manager',
    name: 'LSCB business manager',
    scopeKinds: ['board'],
    summary: "Run your board's business: membership, work plan, meetings, audits, reviews, training and indicators.",
    permissions: [...everyone, 'front-door.configure', 'board.manage', 'support.request', 'training.manage'],
  },
  'regional-manager': {
    code: 'regional-manager',
    name: 'Regional board manager',
    scopeKinds: ['region'],
    summary: 'The London-wide view: the pledge, the work programme, procedures and support to local boards.',
    permissions: [...everyone, 'board.manage', 'pledge.manage', 'support.respond', 'training.manage'],
  },
  'regional-adviser': {
    code: 'regional-adviser',
    name: 'Regional safeguarding adviser',
    scopeKinds: ['region'],
    summary: 'Support boroughs and partners: answer support requests and lead your themes across London.',
    permissions: [...everyone, 'support.respond'],
  },
  'elected-member': {
    code: 'elected-member',
    name: 'Elected member',
    scopeKinds: ['local-authority'],
    summary: "See your area's safeguarding indicators and the triggers that need a Leader's questions. Never a child's record.",
    permissions: [...everyone],
  },
  'privacy-officer': {
    code: 'privacy-officer',
    name: 'Privacy officer (Caldicott guardian)',
    scopeKinds: ['agency', 'region'],
    summary: 'Review break-glass alerts and who has looked at a record, and check the audit trail is intact.',
    permissions: [...everyone, 'audit.history.read', 'audit.verify'],
  },
  'system-admin': {
    code: 'system-admin',
    name: 'System administrator',
    scopeKinds: ['region', 'agency'],
    summary: 'Manage users, teams, roles and partner-system API keys. No access to case data.',
    permissions: [...everyone, 'admin.users.manage', 'admin.teams.manage', 'admin.api-keys.manage', 'audit.verify'],
  },
};

/** Scopes an API key may be given; each is the permission it grants. */
export const API_KEY_SCOPES = ['reference.read', 'source-record.write', 'contact.submit', 'notification.load'] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export function roleHas(role: RoleCode, permission: Permission): boolean {
  return ROLES[role].permissions.includes(permission);
}
