// Front-door API: partner systems and signed-in referrers send contacts (one, a JSON batch, or a CSV file;
// idempotent by the sender's own reference); referrers see the status and outcome of their own; the hub screens,
// records consent and the section 47 track, asks partners for checks, decides, signs off, transfers and allocates;
// partner agencies' researchers answer the checks asked of them. A thin edge: every rule, access check and audit
// event is in ContactsService, and a record the caller may not see is 404 there.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import type { Actor } from '../../kernel/actor.ts';
import { problemSchema } from '../../platform/api/zod-schemas.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { CONTACT_IMPORT_BODY_LIMIT, contactCsvColumns, importContactBatch, importContactsCsv, MAX_CONTACT_BATCH } from './contacts.import.ts';
import { QUEUE_PAGE_SIZE, type QueueFilters } from './contacts.service.ts';
import { RAGS } from './front-door.domain.ts';
import {
  allocateSchema,
  checkRequestSchema,
  checkResponseSchema,
  consentSchema,
  contactInputSchema,
  decisionSchema,
  screeningSchema,
  signOffSchema,
  strategyTrackSchema,
  transferSchema,
  versionSchema,
  type ContactInput,
} from './front-door.forms.ts';
import type { ContactStatus } from './front-door.tables.ts';

const TAGS = ['front-door'];
const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema, 409: problemSchema };

export const CONTACT_STATUSES = ['screening', 'awaiting-checks', 'awaiting-decision', 'awaiting-sign-off', 'decided', 'with-allocated-worker', 'transferred'] as const satisfies readonly ContactStatus[];

// -- schemas -----------------------------------------------------------------------------------------------------

export const submittedSchema = z.object({
  contactId: z.string(),
  reference: z.string().describe('The hub reference, e.g. 202-2026-000123'),
  status: z.string(),
});

const rowResultSchema = z.object({
  row: z.number().int().describe('Position in the batch (from 1), or the line number in a CSV file (the header is line 1)'),
  status: z.enum(['created', 'unchanged', 'rejected']),
  contactId: z.string().optional(),
  reference: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional().describe('Field (or CSV column) → message; never the values sent'),
});
export const importResultSchema = z.object({
  received: z.number().int(),
  created: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  results: z.array(rowResultSchema),
});

export const batchBodySchema = z.object({
  contacts: z.array(z.unknown()).min(1, 'Send at least one contact').max(MAX_CONTACT_BATCH, `Send ${MAX_CONTACT_BATCH} contacts or fewer`),
});

/** A list given as `?rag=red&rag=amber` or `?rag=red,amber`. */
function codeList<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(
    (v) => {
      if (v === undefined || v === '') return undefined;
      return (Array.isArray(v) ? v : [v])
        .flatMap((s) => String(s).split(','))
        .map((s) => s.trim())
        .filter(Boolean);
    },
    z.array(z.enum(values, { error: message })).max(values.length * 2).optional(),
  );
}

export const hubQueueQuerySchema = z.object({
  rag: codeList(RAGS, `RAG must be one of ${RAGS.join(', ')}`),
  status: codeList(CONTACT_STATUSES, `Status must be one of ${CONTACT_STATUSES.join(', ')}`),
  due: z.enum(['overdue', 'today'], { error: 'Due must be overdue or today' }).optional(),
  assignee: z.enum(['me', 'unassigned'], { error: 'Assignee must be me or unassigned' }).optional(),
  sort: z.enum(['due', 'received', 'rag'], { error: 'Sort must be due, received or rag' }).optional(),
  page: z.coerce.number({ error: 'Page must be a whole number from 1' }).int('Page must be a whole number from 1').min(1, 'Page must be a whole number from 1').max(100_000).optional(),
});

export const checkQueueQuerySchema = z.object({
  status: z.enum(['open', 'answered'], { error: 'Status must be open or answered' }).optional(),
  overdue: z.enum(['true', 'false'], { error: 'Overdue must be true or false' }).optional(),
  page: z.coerce.number({ error: 'Page must be a whole number from 1' }).int('Page must be a whole number from 1').min(1, 'Page must be a whole number from 1').max(100_000).optional(),
});

const pageQuerySchema = z.object({ page: hubQueueQuerySchema.shape.page });

const versioned = { version: versionSchema };
export const screeningBodySchema = screeningSchema.extend(versioned);
export const consentBodySchema = consentSchema.safeExtend(versioned);
export const strategyTrackBodySchema = strategyTrackSchema.extend(versioned);
export const checkRequestBodySchema = checkRequestSchema.extend(versioned);
export const decisionBodySchema = decisionSchema.extend(versioned);
export const signOffBodySchema = signOffSchema.safeExtend(versioned);
export const transferBodySchema = transferSchema.extend(versioned);
export const allocateBodySchema = allocateSchema.extend(versioned);
export const checkResponseBodySchema = checkResponseSchema.safeExtend(versioned);

// Ids are checked by the service, so an id that is not a UUID is "not found" (and audited) like any other.
const idParams = z.object({ id: z.string().max(100) });
const changed = z.object({ contactId: z.string(), version: z.number().int().describe('The version to send with the next change') }).catchall(z.unknown());
const viewSchema = z
  .object({ level: z.enum(['hub', 'hub-read-only', 'referrer', 'worker']).describe('What the caller may see: the hub sees the whole contact, a referrer its status and outcome') })
  .catchall(z.unknown());

// -- routes ------------------------------------------------------------------------------------------------------

export async function contactsApiRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const frontDoor = container.frontDoor;
  const submit = requirePermission(container, 'contact.submit', 'contact');
  const screen = requirePermission(container, 'contact.screen', 'contact');
  const decide = requirePermission(container, 'contact.decide', 'contact');
  const signOff = requirePermission(container, 'contact.sign-off', 'contact');
  const allocate = requirePermission(container, 'contact.allocate', 'contact');
  const respond = requirePermission(container, 'check.respond', 'agency-check');

  // A CSV file is read as text (the app parses JSON and forms only).
  if (!app.hasContentTypeParser('text/csv')) {
    app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CONTACT_IMPORT_BODY_LIMIT }, (_req, body, done) => done(null, body));
  }

  // -- contacts in --

  app.post(
    '/api/v1/contacts',
    {
      preValidation: submit,
      schema: {
        tags: TAGS,
        summary: 'Send one contact (a concern about one or more children). Resending the same externalReference returns the contact already made (200), not a second one.',
        body: contactInputSchema,
        response: { 200: submittedSchema, 201: submittedSchema, ...errors },
      },
    },
    async (req, reply) => {
      const result = await frontDoor.submit(req.actor, req.body as ContactInput);
      return reply.code(result.created ? 201 : 200).send({ contactId: result.contactId, reference: result.reference, status: result.status });
    },
  );

  app.post(
    '/api/v1/contacts/batch',
    {
      preValidation: submit,
      bodyLimit: CONTACT_IMPORT_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: `Send up to ${MAX_CONTACT_BATCH} contacts, each with its externalReference. Each row is created, unchanged (sent before) or rejected with its reasons; the good rows load whatever the bad ones do, and re-sending changes nothing.`,
        body: batchBodySchema,
        response: { 200: importResultSchema, ...errors },
      },
    },
    async (req) => importContactBatch(frontDoor, req.actor, (req.body as z.infer<typeof batchBodySchema>).contacts),
  );

  app.post(
    '/api/v1/contacts/import',
    {
      preValidation: submit,
      bodyLimit: CONTACT_IMPORT_BODY_LIMIT,
      schema: {
        tags: TAGS,
        summary: `Import a CSV file of contacts (Content-Type: text/csv, at most 5 MB), one row per contact; rows are reported by line number (the header is line 1). Columns: ${contactCsvColumns().join(', ')}. See docs/examples/contacts.csv.`,
        consumes: ['text/csv'],
        body: z.string({ error: 'Send the file as text/csv' }),
        response: { 200: importResultSchema, ...errors },
      },
    },
    async (req) => importContactsCsv(frontDoor, req.actor, req.body as string),
  );

  // -- what the caller may see --

  app.get(
    '/api/v1/contacts/mine',
    {
      preValidation: submit,
      schema: { tags: TAGS, summary: `Your own contacts (or your system's), newest first, ${QUEUE_PAGE_SIZE} a page: status and outcome only`, querystring: pageQuerySchema, response: errors },
    },
    async (req) => frontDoor.myContacts(req.actor, (req.query as z.infer<typeof pageQuerySchema>).page ?? 1),
  );

  app.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags: TAGS,
        summary: "One contact as you may see it: the hub sees it whole (read-only for the hub it was transferred from), a referrer its status and outcome. Anyone else: 404. An audited read.",
        params: idParams,
        response: { 200: viewSchema, ...errors },
      },
    },
    async (req) => frontDoor.contact(req.actor, (req.params as { id: string }).id),
  );

  // -- the hub --

  app.get(
    '/api/v1/hub/queue',
    {
      preValidation: screen,
      schema: {
        tags: TAGS,
        summary: `Your hub's open contacts, ${QUEUE_PAGE_SIZE} a page. Filters (codes): rag (${RAGS.join(', ')}; several comma-separated), status (${CONTACT_STATUSES.join(', ')}), due (overdue, today), assignee (me, unassigned), sort (due, received, rag), page.`,
        querystring: hubQueueQuerySchema,
        response: errors,
      },
    },
    async (req) => frontDoor.queue(req.actor, req.query as QueueFilters),
  );

  /** A hub action on a contact, with the version the caller last read (409 when someone else changed it since). */
  function action<S extends z.ZodType<{ version: number }>>(
    path: string,
    summary: string,
    guard: ReturnType<typeof requirePermission>,
    body: S,
    run: (actor: Actor, id: string, input: z.infer<S>) => Promise<unknown>,
  ) {
    app.post(
      `/api/v1/contacts/:id/${path}`,
      { preValidation: guard, schema: { tags: TAGS, summary, params: idParams, body, response: { 200: changed, ...errors } } },
      async (req) => {
        const id = (req.params as { id: string }).id;
        const input = req.body as z.infer<S>;
        const result = await run(req.actor, id, input);
        // The service raises the version by exactly one on each change it accepts.
        return { ...(typeof result === 'object' && result !== null ? result : {}), contactId: id, version: input.version + 1 };
      },
    );
  }

  action('screening', 'Set or change the RAG rating, with the reason (every change is kept with who and when)', screen, screeningBodySchema, (actor, id, b) =>
    frontDoor.screen(actor, id, b.version, { rag: b.rag, thresholdLevel: b.thresholdLevel, reason: b.reason }),
  );
  action('consent', 'Record the consent position: an exception to consent needs who authorised it', screen, consentBodySchema, (actor, id, b) =>
    frontDoor.recordConsent(actor, id, b.version, { position: b.position, isChildsOwn: b.isChildsOwn, exception: b.exception, reason: b.reason, authorisedBy: b.authorisedBy }),
  );
  action('section-47-track', 'Record the strategy decision that puts the contact on the section 47 track (checks may then be asked without consent)', decide, strategyTrackBodySchema, (actor, id, b) =>
    frontDoor.recordStrategyTrack(actor, id, b.version, b.reason),
  );
  action('checks', 'Ask partner agencies what they hold. Refused without a lawful basis: consent, a recorded exception, or the section 47 track', screen, checkRequestBodySchema, (actor, id, b) =>
    frontDoor.requestChecks(actor, id, b.version, { agencyIds: b.agencyIds, question: b.question }),
  );
  action('decision', 'Decide the outcome. Outcomes the board requires to be signed off wait for a different manager before the referrer is told', decide, decisionBodySchema, (actor, id, b) =>
    frontDoor.decide(actor, id, b.version, { outcome: b.outcome, thresholdLevel: b.thresholdLevel, rationale: b.rationale }),
  );
  action('sign-off', 'Agree a decision (then the referrer is told) or return it with a note: only a manager other than the one who decided', signOff, signOffBodySchema, (actor, id, b) =>
    frontDoor.signOff(actor, id, b.version, { approve: b.approve, note: b.note }),
  );
  action('transfer', "Transfer to another local authority's hub (this hub keeps a read-only view)", screen, transferBodySchema, (actor, id, b) =>
    frontDoor.transfer(actor, id, b.version, { toLaCode: b.toLaCode, reason: b.reason }),
  );
  action('allocate', "Allocate a decided referral's children to a caseworker: later contacts about them go straight to the worker", allocate, allocateBodySchema, (actor, id, b) =>
    frontDoor.allocate(actor, id, b.version, b.workerUserId),
  );

  // -- partner agencies' researchers --

  app.get(
    '/api/v1/checks',
    {
      preValidation: respond,
      schema: { tags: TAGS, summary: `Checks asked of your agency, ${QUEUE_PAGE_SIZE} a page, soonest due first: open (default) or answered; overdue=true for overdue ones only`, querystring: checkQueueQuerySchema, response: errors },
    },
    async (req) => {
      const q = req.query as z.infer<typeof checkQueueQuerySchema>;
      return frontDoor.checkQueue(req.actor, { status: q.status, overdue: q.overdue === 'true', page: q.page });
    },
  );

  app.get(
    '/api/v1/checks/:id',
    {
      preValidation: respond,
      schema: { tags: TAGS, summary: "One check asked of your agency: the hub's question, the people named, and your agency's own records of them (never another agency's). An audited read.", params: idParams, response: errors },
    },
    async (req) => frontDoor.check(req.actor, (req.params as { id: string }).id),
  );

  app.post(
    '/api/v1/checks/:id/response',
    {
      preValidation: respond,
      schema: {
        tags: TAGS,
        summary: 'Answer a check: disclosed (a summary with the sharing decision: what, why, lawful basis, who decided), no-information, or declined with the reason',
        params: idParams,
        body: checkResponseBodySchema,
        response: { 200: z.object({ checkId: z.string(), version: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const id = (req.params as { id: string }).id;
      const { version, ...input } = req.body as z.infer<typeof checkResponseBodySchema>;
      await frontDoor.respondToCheck(req.actor, id, version, input);
      return { checkId: id, version: version + 1 };
    },
  );
}
