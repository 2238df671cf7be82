// Composition root: config → database → services. Pages, API, CLI and jobs all receive this.
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import { systemClock, type Clock } from '../kernel/clock.ts';
import { AccessControl } from '../platform/access/access-control.ts';
import { ApiKeysService } from '../platform/access/api-keys.service.ts';
import { DirectoryService } from '../platform/access/directory.service.ts';
import { OidcService } from '../platform/access/oidc.service.ts';
import { SessionsService } from '../platform/access/sessions.service.ts';
import { UsersService } from '../platform/access/users.service.ts';
import { AccessHistoryService } from '../platform/audit/access-history.service.ts';
import { AuditTrail } from '../platform/audit/audit-trail.ts';
import { openDatabase, type DatabaseHandle } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { moduleMigrations } from './migrations.ts';
import { purgeExpiredRows } from '../platform/jobs/retention.ts';
import { Scheduler } from '../platform/jobs/scheduler.ts';
import { createLogger } from '../platform/logging/logger.ts';
import { seedDemoUsers } from '../platform/reference/demo-users.ts';
import { seedReferenceData } from '../platform/reference/seed.ts';
import type { PersonMatcher } from '../modules/identity/identity.matcher.ts';
import type { IdentityTables } from '../modules/identity/identity.tables.ts';
import { RegistryService } from '../modules/identity/registry.service.ts';
import { FamilyService } from '../modules/identity/family.service.ts';
import { EngineMatcher, engineClusterer, loadDefaultModel } from '../modules/identity/engine-matcher.ts';
import { bulkLoadSourceRecords } from '../modules/identity/bulk-load.ts';
import { loadSyntheticHistory, syntheticRecordsWithHistory } from '../modules/synthetic/history.load.ts';
import { DEMO_SCALE, DEMO_SEED, seedDemoActivity } from '../modules/synthetic/index.ts';
import { systemActor } from '../kernel/actor.ts';
import { registerIdentityHistories } from '../modules/identity/identity.history.ts';
import { ChronologyService, ContactsService, DraftsService, familyHooks, householdMembers, registerFrontDoorHistories, type FrontDoorTables } from '../modules/front-door/index.ts';
import {
  CaseworkChronologySource,
  CaseworkContext,
  CaseworkSettingsService,
  ConsultationsService,
  PathwayService,
  ProtectionService,
  StuckCasesService,
  TraysService,
  type CaseworkTables,
} from '../modules/casework/index.ts';
import {
  BoardsService,
  MeetingsService,
  PartnershipContext,
  PledgeService,
  SupportService,
  TrainingService,
  WorkProgrammeService,
  type PartnershipTables,
} from '../modules/partnership/index.ts';
import { seedBoardsPledge } from '../modules/partnership/demo/boards-pledge.ts';
import { seedMeetings } from '../modules/partnership/demo/meetings.ts';
import { seedSupportTraining } from '../modules/partnership/demo/support-training.ts';
import { seedWorkProgramme } from '../modules/partnership/demo/work-programme.ts';
import { ProtectionDeskService, registerDeskHistories, type DeskTables, type HubForwarder } from '../modules/protection-desk/index.ts';

export interface Container {
  config: Config;
  clock: Clock;
  log: Logger;
  database: DatabaseHandle;
  audit: AuditTrail;
  access: AccessControl;
  sessions: SessionsService;
  users: UsersService;
  apiKeys: ApiKeysService;
  directory: DirectoryService;
  accessHistory: AccessHistoryService;
  oidc: OidcService | undefined;
  scheduler: Scheduler;
  /** The person registry, matching with the identity engine. */
  identity: RegistryService;
  /** Think Family: relationships, households and the family view. */
  family: FamilyService;
  /** The front door: contacts, screening, agency checks, decisions. */
  frontDoor: ContactsService;
  /** The merged chronology of a child or a family. */
  chronology: ChronologyService;
  /** Referrals saved as the referrer answers each question page, until sent. */
  drafts: DraftsService;
  /** The statutory pathway, its deadlines and trays, stuck cases and consultations. */
  casework: Casework;
  /** The boards' business: membership, the pledge, the work programme, meetings, support requests, training. */
  partnership: Partnership;
  /** The police public protection desk. */
  protectionDesk: ProtectionDeskService;
  close(): Promise<void>;
}

export interface Casework {
  context: CaseworkContext;
  pathway: PathwayService;
  protection: ProtectionService;
  trays: TraysService;
  settings: CaseworkSettingsService;
  stuck: StuckCasesService;
  consultations: ConsultationsService;
}

export interface Partnership {
  context: PartnershipContext;
  boards: BoardsService;
  pledge: PledgeService;
  workProgramme: WorkProgrammeService;
  meetings: MeetingsService;
  support: SupportService;
  training: TrainingService;
}

export interface ContainerOptions {
  clock?: Clock;
  log?: Logger;
  database?: DatabaseHandle;
  /** The matcher behind the person registry (default: the identity engine with its default model). */
  personMatcher?: PersonMatcher;
}

export async function createContainer(config: Config, options: ContainerOptions = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.logLevel);
  const database = options.database ?? (await openDatabase(config));
  const db = database.db;
  const audit = new AuditTrail(config.auditChainKey, clock);
  const access = new AccessControl(db, audit);
  const sessions = new SessionsService(db, audit, clock, { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours });
  const users = new UsersService(db, access, audit, clock);
  const apiKeys = new ApiKeysService(db, access, audit, clock);
  const directory = new DirectoryService(db, access, audit);
  const accessHistory = new AccessHistoryService(db, access, audit);
  const oidc = config.oidc ? new OidcService(db, sessions, audit, config.oidc, config.env !== 'production') : undefined;
  const identity = new RegistryService(db.withTables<IdentityTables>(), access, audit, clock, options.personMatcher ?? new EngineMatcher(loadDefaultModel()));
  const family = new FamilyService(db.withTables<IdentityTables>(), access, audit, clock);
  registerIdentityHistories(accessHistory);
  const frontDoor = new ContactsService(db.withTables<FrontDoorTables & IdentityTables>(), access, audit, clock, identity, familyHooks(family, clock));
  const chronology = new ChronologyService(db.withTables<FrontDoorTables & IdentityTables>(), access, audit, (executor, personId, agencyId) => householdMembers(executor, personId, agencyId, clock.now()));
  const drafts = new DraftsService(db.withTables<FrontDoorTables>(), access, audit, clock, frontDoor);
  // Forwarding a notification makes a hub contact: the front door is the desk's forwarder (idempotent by notification).
  const hubForwarder: HubForwarder = { contactFromNotification: (actor, n) => frontDoor.contactFromNotification(actor, n) };
  const protectionDesk = new ProtectionDeskService(db.withTables<DeskTables>(), access, audit, clock, hubForwarder);
  registerDeskHistories(accessHistory);
  registerFrontDoorHistories(accessHistory);
  const caseworkContext = new CaseworkContext(db.withTables<CaseworkTables & FrontDoorTables & IdentityTables>(), access, audit, clock);
  const casework: Casework = {
    context: caseworkContext,
    pathway: new PathwayService(caseworkContext),
    protection: new ProtectionService(caseworkContext),
    trays: new TraysService(caseworkContext),
    settings: new CaseworkSettingsService(caseworkContext),
    stuck: new StuckCasesService(caseworkContext),
    consultations: new ConsultationsService(caseworkContext),
  };
  chronology.addSource(new CaseworkChronologySource(caseworkContext));
  const partnershipContext = new PartnershipContext(db.withTables<PartnershipTables>(), access, audit, clock);
  const partnership: Partnership = {
    context: partnershipContext,
    boards: new BoardsService(partnershipContext),
    pledge: new PledgeService(partnershipContext),
    workProgramme: new WorkProgrammeService(partnershipContext),
    meetings: new MeetingsService(partnershipContext),
    support: new SupportService(partnershipContext),
    training: new TrainingService(partnershipContext),
  };
  const scheduler = new Scheduler(db, clock, config.nodeId, log);
  scheduler.register({
    name: 'sessions.sweep-expired',
    everySeconds: config.jobTickSeconds,
    run: async () => {
      const ended = await sessions.sweepExpired();
      if (ended) log.info({ job: 'sessions.sweep-expired', ended }, 'expired sessions ended');
    },
  });
  scheduler.register({
    name: 'front-door.purge-old-drafts',
    everySeconds: 3600,
    run: async () => {
      const purged = await drafts.purgeOld(systemActor('purge-old-drafts'));
      log.info({ job: 'front-door.purge-old-drafts', purged }, 'old referral drafts purged');
    },
  });
  scheduler.register({
    name: 'front-door.escalate-overdue-checks',
    everySeconds: 60,
    run: async () => {
      const escalated = await frontDoor.escalateOverdueChecks(systemActor('front-door.escalate-overdue-checks'));
      if (escalated) log.info({ job: 'front-door.escalate-overdue-checks', escalated }, 'overdue agency checks escalated');
    },
  });
  scheduler.register({
    name: 'casework.scan-overdue',
    everySeconds: 300,
    run: async () => {
      const raised = await casework.trays.scanOverdue(systemActor('casework.scan-overdue'));
      if (raised) log.info({ job: 'casework.scan-overdue', raised }, 'overdue casework deadlines alerted');
    },
  });
  scheduler.register({
    name: 'casework.scan-stuck',
    everySeconds: 3600,
    run: async () => {
      const found = await casework.stuck.scan(systemActor('casework.scan-stuck'));
      if (found.raised || found.updated) log.info({ job: 'casework.scan-stuck', ...found }, 'stuck-case flags raised');
    },
  });
  scheduler.register({
    name: 'maintenance.purge-expired-rows',
    everySeconds: 3600,
    run: async () => {
      const purged = await purgeExpiredRows(db, clock);
      log.info({ job: 'maintenance.purge-expired-rows', ...purged }, 'expired rows purged');
    },
  });
  return {
    config,
    clock,
    log,
    database,
    audit,
    access,
    sessions,
    users,
    apiKeys,
    directory,
    accessHistory,
    oidc,
    scheduler,
    identity,
    family,
    frontDoor,
    chronology,
    drafts,
    protectionDesk,
    casework,
    partnership,
    async close() {
      await scheduler.stop();
      if (!options.database) await database.close();
    },
  };
}

/** Brings the schema up to date and loads reference data (idempotent). */
export async function prepareDatabase(container: Container): Promise<void> {
  await migrateToLatest(container.database.db, moduleMigrations);
  await seedReferenceData(container.database.db);
}

export interface DemoSeedResult {
  users: number;
  sourceRecords: number;
  people: number;
  /** Front-door contacts of the practice history (open ones are in the hub queues). */
  contacts: number;
  /** The demo's recent work: Camden contacts of the last 3 working days, and police notifications on the desk. */
  recentContacts: number;
  deskNotifications: number;
}

/**
 * The demo: one user for each role, and the agency records of a small Synthetic London (about 8,000 people),
 * linked into people by the matching engine, when the registry is empty. Idempotent: running it again adds nothing.
 */
export async function seedDemo(container: Container, options: { withRecords?: boolean } = {}): Promise<DemoSeedResult> {
  const users = await seedDemoUsers(container.database.db, container.audit, container.config.demoPassword);
  if (options.withRecords === false) return { users, sourceRecords: 0, people: 0, contacts: 0, recentContacts: 0, deskNotifications: 0 };
  // Loaded once, into an empty registry: later starts skip regenerating records that are already held.
  const held = await container.database.db.withTables<IdentityTables>().selectFrom('sourceRecords').select('id').limit(1).executeTakeFirst();
  if (held) return { users, sourceRecords: 0, people: 0, contacts: 0, recentContacts: 0, deskNotifications: 0 };
  const loaded = await loadSynthetic(container, DEMO_SEED, DEMO_SCALE);
  // The practice history, shifted so that it ends this week: the hub opens on recent contacts, some overdue.
  const history = await loadSyntheticHistory(container.database.db.withTables<FrontDoorTables & IdentityTables>(), container.audit, systemActor('synthetic-load'), {
    seed: DEMO_SEED,
    scale: DEMO_SCALE,
    now: container.clock.now(),
  });
  // The recent, open work the history is too sparse to give at this scale: Camden's queues and the desk's.
  const recent = await seedDemoActivity(container, { now: container.clock.now() });
  // The boards' business: members and the pledge, the funded work programme, a year of meetings (which review the
  // programme's items, so they come after it), support requests and training.
  const partnershipDb = container.partnership.context.db;
  await seedBoardsPledge(partnershipDb, container.audit, container.clock.now());
  await seedWorkProgramme(partnershipDb, container.audit, container.clock.now());
  await seedMeetings(partnershipDb, container.audit, container.clock.now());
  await seedSupportTraining(partnershipDb, container.audit, container.clock.now());
  return { users, sourceRecords: loaded.inserted, people: loaded.people, contacts: history.contacts, recentContacts: recent.contacts, deskNotifications: recent.notifications };
}

/**
 * Loads the agency records of a Synthetic London into the identity tables, clustered by the engine. These are the
 * records of the synthesis with its practice history (which opens social care and police records of its own), so
 * loadSyntheticHistory can resolve the people its events name.
 */
export async function loadSynthetic(container: Container, seed: number, scale: number) {
  const { records } = syntheticRecordsWithHistory({ seed, scale });
  const model = loadDefaultModel();
  return bulkLoadSourceRecords(container.database.db.withTables<IdentityTables>(), container.audit, systemActor('synthetic-load'), records, engineClusterer(model), container.clock.now());
}
