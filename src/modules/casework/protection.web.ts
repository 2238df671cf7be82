// Child protection pages of a case: record an initial or pre-birth conference, the birth of an unborn child, a core
// group, a review conference, a change of category, the end of a plan. Each is a GOV.UK form that posts the case's
// version (a change made by someone else in the meantime is caught), shows every error in the error summary, and
// on success goes back to the case page (POST-redirect-GET). The service decides who may see the case (404
// otherwise); the guard refuses anyone without case.write before the body is read.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../kernel/actor.ts';
import { ConflictError, ValidationError } from '../../kernel/errors.ts';
import { formErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import type { RoutePlugin } from '../../platform/web/app.ts';
import { CATEGORIES, ICPC_OUTCOMES, PLAN_END_REASONS } from './casework.domain.ts';
import {
  attendanceFromForm,
  attendanceRowsOf,
  birthSchema,
  conferenceSchema,
  coreGroupSchema,
  dayFromParts,
  endPlanSchema,
  FAMILY_AGENCY,
  FAMILY_AGENCY_NAME,
  gatherInput,
  OTHER_AGENCY,
  pageFieldErrors,
  reviewSchema,
  versionSchema,
  yesNo,
  type BirthInput,
  type CategoryInput,
  type ConferenceInput,
  type CoreGroupInput,
  type EndPlanInput,
  type ReviewInput,
} from './protection.forms.ts';
import { protectionPaths, type ProtectionForm } from './protection.service.ts';

type Body = Record<string, unknown>;

/** The banner the case page shows after each form (`/cases/:id?done=<code>`). */
export { PROTECTION_BANNERS } from './protection.banners.ts';

const str = (body: Body, name: string): string => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');

interface Page {
  form: ProtectionForm;
  path: string;
  template: string;
  title: string;
  /** The enquiry or plan the form acts on. */
  subject: (req: FastifyRequest) => string | null;
  /** Page fields → the service call; returns the banner code. */
  run: (actor: Actor, id: string, version: number, body: Body, subjectId: string | null) => Promise<string>;
}

const planParam = (req: FastifyRequest) => (req.params as { planId?: string }).planId ?? null;
const s47Param = (req: FastifyRequest) => {
  const q = (req.query as Record<string, unknown>)?.s47;
  const b = (req.body as Body | undefined)?.s47Id;
  const v = req.method === 'POST' ? b : q;
  return typeof v === 'string' && v ? v : null;
};

export const protectionRoutes: RoutePlugin = async (app, container) => {
  const service = container.casework.protection;
  const writer = { preValidation: requirePermission(container, 'case.write', 'case-episode') };

  const conferenceRun = (kind: 'initial' | 'pre-birth') => async (actor: Actor, id: string, version: number, body: Body): Promise<string> => {
    let rows: number[] = [];
    const input = gatherInput(conferenceSchema, (take) => ({
      s47Id: str(body, 's47Id'),
      heldOn: take('heldOn', () => dayFromParts(body, 'heldOn', 'The date of the conference')),
      attendance: take('attendance', () => {
        const a = attendanceFromForm(body);
        rows = a.rows;
        return a.people;
      }),
      outcome: str(body, 'outcome') || undefined,
      category: str(body, 'category') || null,
      decisions: str(body, 'decisions'),
    }));
    const result = await withRows(rows, () =>
      kind === 'initial' ? service.recordIcpc(actor, id, version, input as ConferenceInput) : service.recordPreBirthConference(actor, id, version, input as ConferenceInput),
    );
    return result.planId ? 'cp-plan' : kind === 'initial' ? 'icpc' : 'pre-birth-conference';
  };

  const pages: Page[] = [
    { form: 'icpc', path: '/cases/:id/conferences/new', template: 'casework/protection/conference.njk', title: 'Record an initial child protection conference', subject: s47Param, run: conferenceRun('initial') },
    { form: 'pre-birth', path: '/cases/:id/conferences/pre-birth/new', template: 'casework/protection/conference.njk', title: 'Record a pre-birth conference', subject: s47Param, run: conferenceRun('pre-birth') },
    {
      form: 'birth',
      path: '/cases/:id/birth',
      template: 'casework/protection/birth.njk',
      title: 'Record the birth',
      subject: () => null,
      run: async (actor, id, version, body) => {
        const input = gatherInput(birthSchema, (take) => ({ bornOn: take('bornOn', () => dayFromParts(body, 'bornOn', 'The date of birth')), motherMedicallyFit: yesNo(body, 'motherMedicallyFit') }));
        await service.recordBirth(actor, id, version, input as BirthInput);
        return 'birth';
      },
    },
    {
      form: 'core-group',
      path: '/cases/:id/plans/:planId/core-groups/new',
      template: 'casework/protection/core-group.njk',
      title: 'Record a core group',
      subject: planParam,
      run: async (actor, id, version, body, planId) => {
        let rows: number[] = [];
        const input = gatherInput(coreGroupSchema, (take) => ({
          heldOn: take('heldOn', () => dayFromParts(body, 'heldOn', 'The date of the core group')),
          attendance: take('attendance', () => {
            const a = attendanceFromForm(body);
            rows = a.rows;
            return a.people;
          }),
          notes: str(body, 'notes'),
        }));
        await withRows(rows, () => service.recordCoreGroup(actor, id, version, planId ?? '', input as CoreGroupInput));
        return 'core-group';
      },
    },
    {
      form: 'review',
      path: '/cases/:id/plans/:planId/reviews/new',
      template: 'casework/protection/review.njk',
      title: 'Record a review conference',
      subject: planParam,
      run: async (actor, id, version, body, planId) => {
        let rows: number[] = [];
        const input = gatherInput(reviewSchema, (take) => ({
          heldOn: take('heldOn', () => dayFromParts(body, 'heldOn', 'The date of the review conference')),
          attendance: take('attendance', () => {
            const a = attendanceFromForm(body);
            rows = a.rows;
            return a.people;
          }),
          continuePlan: yesNo(body, 'continuePlan'),
          latestCategory: str(body, 'latestCategory') || null,
          decisions: str(body, 'decisions'),
          endReason: str(body, 'endReason') || null,
        }));
        const result = await withRows(rows, () => service.recordReview(actor, id, version, planId ?? '', input as ReviewInput));
        return result.nextReviewOn ? 'review' : 'plan-ended';
      },
    },
    {
      form: 'category',
      path: '/cases/:id/plans/:planId/category',
      template: 'casework/protection/category.njk',
      title: 'Change the category of abuse',
      subject: planParam,
      run: async (actor, id, version, body, planId) => {
        await service.changeCategory(actor, id, version, planId ?? '', { category: str(body, 'category') || undefined } as CategoryInput);
        return 'category';
      },
    },
    {
      form: 'end',
      path: '/cases/:id/plans/:planId/end',
      template: 'casework/protection/end.njk',
      title: 'End the child protection plan',
      subject: planParam,
      run: async (actor, id, version, body, planId) => {
        const input = gatherInput(endPlanSchema, (take) => ({ endOn: take('endOn', () => dayFromParts(body, 'endOn', 'The date the plan ended')), reason: str(body, 'reason') || undefined }));
        await service.endPlan(actor, id, version, planId ?? '', input as EndPlanInput);
        return 'plan-ended';
      },
    },
  ];

  const show = async (req: FastifyRequest, reply: FastifyReply, page: Page, extra: Record<string, unknown> = {}) => {
    const { id } = req.params as { id: string };
    const context = await service.form(req.actor, id, page.form, page.subject(req));
    const body = (req.method === 'POST' ? req.body : {}) as Body;
    const agencyItems = [
      { value: '', text: 'Choose an agency' },
      ...context.agencies.map((a) => ({ value: a.id, text: a.name })),
      { value: FAMILY_AGENCY, text: FAMILY_AGENCY_NAME },
      { value: OTHER_AGENCY, text: 'Another agency (type it)' },
    ];
    return reply.view(page.template, {
      pageTitle: page.title,
      title: page.title,
      form: page.form,
      context,
      action: req.url.split('?')[0],
      backHref: protectionPaths.casePage(context.episode.id),
      version: req.method === 'POST' && str(body, 'version') ? str(body, 'version') : String(context.episode.version),
      values: body,
      rows: attendanceRowsOf(body),
      agencyItems,
      categories: Object.entries(CATEGORIES).map(([value, text]) => ({ value, text })),
      outcomes: Object.entries(ICPC_OUTCOMES).map(([value, text]) => ({ value, text })),
      endReasons: Object.entries(PLAN_END_REASONS).map(([value, text]) => ({ value, text })),
      ...extra,
    });
  };

  for (const page of pages) {
    app.get(page.path, writer, async (req, reply) => show(req, reply, page));
    app.post(page.path, writer, async (req, reply) => {
      const { id } = req.params as { id: string };
      const body = (req.body ?? {}) as Body;
      let done: string;
      try {
        const version = parseVersion(body.version);
        done = await page.run(req.actor, id, version, body, page.subject(req));
      } catch (error) {
        if (error instanceof ConflictError) {
          reply.code(409);
          return show(req, reply, page, formErrors({ _form: error.message }));
        }
        if (error instanceof ValidationError) {
          reply.code(400);
          return show(req, reply, page, formErrors(error.fields));
        }
        throw error;
      }
      return reply.redirect(`${protectionPaths.casePage(id)}?done=${done}`, 303);
    });
  }
};

function parseVersion(raw: unknown): number {
  const parsed = versionSchema.safeParse(raw);
  if (!parsed.success) throw new ValidationError({ _form: 'The page is out of date: reload it and try again' });
  return parsed.data;
}

/** Runs a service call whose field errors name participants, renaming them to the rows they were typed in. */
async function withRows<T>(rows: number[], call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ValidationError) throw new ValidationError(pageFieldErrors(error.fields, rows));
    throw error;
  }
}
