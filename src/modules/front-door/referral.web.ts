// The referrer's pages: a concern is sent through GOV.UK question pages, one topic a page, saved to a draft as each
// page is answered (so nothing is lost when a session times out), then checked and sent. Afterwards the referrer
// follows their own contacts' status and outcome in "Your referrals", and nothing else.
//
// URLs hold opaque ids, step names, numbers and the code `from=check`; never anything typed into a form.
// GET /contacts/:id is the hub's contact page (hub.web.ts); for a referrer it renders `renderReferrerContact`'s view.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Container } from '../../main/container.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { asArray, dateFromParts, parseOrThrow } from '../../platform/forms.ts';
import { formErrors, type FormErrorLocals } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { paths } from '../../platform/web/paths.ts';
import { isValidNhsNumber } from '../identity/index.ts';
import { DRAFT_RETENTION_DAYS, sectionOfField, type Draft, type DraftAdult, type DraftChild, type DraftPatch, type DraftSection } from './drafts.service.ts';
import { OUTCOMES } from './front-door.domain.ts';
import { adultSchema, childSchema, consentSchema, contactInputSchema, referrerSchema, versionSchema } from './front-door.forms.ts';
import {
  checkError,
  checkSections,
  consentItems,
  exceptionItems,
  firstUnanswered,
  indicatorItems,
  nextStep,
  personCards,
  personName,
  personValues,
  previousStep,
  referrerStatus,
  relationshipItems,
  SECTION_TITLES,
  sexItems,
  sourceItems,
  stepHref,
  type ReferrerContactView,
} from './referral.presenter.ts';

type Body = Record<string, unknown>;
type Locals = Record<string, unknown>;
type PeopleStep = 'children' | 'adults';

const VIEWS = 'front-door/referral';
const MAX_PEOPLE = 10;
const OUTCOME_LABELS = Object.fromEntries(Object.entries(OUTCOMES).map(([k, v]) => [k, v.label]));

/** Where an error summary link lands for a field whose first input has another id (GOV.UK date input). */
const FIELD_TARGETS: Record<string, string> = { dateOfBirth: 'dateOfBirth-day', _form: 'main-content' };

/** Field errors in the page's field order, keyed by the page's field ids, for the layout's error summary. */
export function pageErrors(fields: FieldErrors, order: readonly string[] = []): FormErrorLocals {
  const errors: FieldErrors = {};
  for (const [path, message] of Object.entries(fields)) errors[path.split('.')[0]!] ??= message;
  const rank = (f: string) => (f === '_form' ? -1 : order.includes(f) ? order.indexOf(f) : order.length);
  const sorted = Object.keys(errors).sort((a, b) => rank(a) - rank(b));
  return { errors: Object.fromEntries(sorted.map((f) => [f, errors[f]!])), errorList: sorted.map((f) => ({ text: errors[f]!, href: `#${FIELD_TARGETS[f] ?? f}` })) };
}


const PERSON_FIELDS = ['forenames', 'surname', 'isUnborn', 'dateOfBirth', 'relationship', 'sex', 'nhsNumber', 'address', 'postcode'] as const;

/**
 * A child or adult from the person form, checked with the contact schema. Every field is checked at once, so the
 * error summary lists every problem, not just the first. An unborn child needs no first name or date of birth.
 */
function personFromBody(step: PeopleStep, body: Body, today: string): DraftChild | DraftAdult {
  const errors: FieldErrors = {};
  const isUnborn = step === 'children' && body.isUnborn === 'yes';
  let dateOfBirth: string | null = null;
  if (!isUnborn) {
    try {
      dateOfBirth = dateFromParts(body, 'dateOfBirth');
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      Object.assign(errors, error.fields);
    }
  }
  const forenames = String(body.forenames ?? '').trim();
  const input = {
    forenames: isUnborn && !forenames ? 'Unborn' : body.forenames,
    surname: body.surname,
    dateOfBirth,
    sex: body.sex ? body.sex : null,
    nhsNumber: body.nhsNumber ?? null,
    address: body.address ?? null,
    postcode: body.postcode ?? null,
    ...(step === 'children' ? { isUnborn } : { relationship: body.relationship }),
  };
  const parsed = (step === 'children' ? childSchema : adultSchema).safeParse(input);
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? '_form')] ??= issue.message;
  if (dateOfBirth && !errors.dateOfBirth && dateOfBirth > today) errors.dateOfBirth = 'Date of birth must be in the past';
  const nhs = String(body.nhsNumber ?? '').replace(/[\s-]/g, '');
  if (/^\d{10}$/.test(nhs) && !errors.nhsNumber && !isValidNhsNumber(nhs)) errors.nhsNumber = 'Enter a valid NHS number: check the 10 digits and try again';
  if (Object.keys(errors).length || !parsed.success) throw new ValidationError(errors);
  return parsed.data;
}

const whereSchema = z.object({ laCode: contactInputSchema.shape.laCode, source: contactInputSchema.shape.source });
const concernSchema = z.object({ concern: contactInputSchema.shape.concern, indicators: contactInputSchema.shape.indicators });
const aboutYouSchema = referrerSchema.omit({ name: true });

/**
 * The referrer's view of one of their own contacts: reference, date sent, status and outcome. The hub's contact
 * page (GET /contacts/:id) calls this when ContactsService.contact answers at level 'referrer'.
 */
export function renderReferrerContact(reply: FastifyReply, view: ReferrerContactView, canRequestConsultation = false) {
  return reply.view(`${VIEWS}/status.njk`, { pageTitle: `Referral ${view.contact.reference}`, contact: view.contact, labels: { outcomes: OUTCOME_LABELS }, canRequestConsultation });
}

export async function referralRoutes(app: FastifyInstance, container: Container): Promise<void> {
  const drafts = container.drafts;
  const guard = { preValidation: requirePermission(container, 'contact.submit', 'contact') };

  const ctxOf = (req: FastifyRequest) => ({
    draftId: (req.params as { draftId: string }).draftId,
    fromCheck: (req.query as Record<string, unknown>).from === 'check',
  });

  // -- start, resume, delete -------------------------------------------------------------------------------------

  app.get(paths.frontDoor.newContact, guard, async (req, reply) => {
    const list = await drafts.list(req.actor);
    return reply.view(`${VIEWS}/start.njk`, {
      pageTitle: 'Refer a concern about a child',
      drafts: list.map((d) => ({ ...d, continueHref: paths.frontDoor.draft(d.id), deleteHref: paths.frontDoor.draftDelete(d.id) })),
      retentionDays: DRAFT_RETENTION_DAYS,
      deleted: (req.query as Record<string, unknown>).deleted === '1',
    });
  });

  app.post(paths.frontDoor.newContact, guard, async (req, reply) => {
    const id = await drafts.start(req.actor);
    return reply.redirect(stepHref(id, 'where'), 303);
  });

  app.get('/contacts/drafts/:draftId', guard, async (req, reply) => {
    const draft = await drafts.get(req.actor, ctxOf(req).draftId);
    return reply.redirect(stepHref(draft.id, firstUnanswered(draft.data)), 303);
  });

  app.get('/contacts/drafts/:draftId/delete', guard, async (req, reply) => {
    const draft = await drafts.get(req.actor, ctxOf(req).draftId);
    return reply.view(`${VIEWS}/delete.njk`, { pageTitle: 'Delete this draft referral', draftId: draft.id, backHref: paths.frontDoor.newContact, children: (draft.data.children ?? []).map(personName) });
  });

  app.post('/contacts/drafts/:draftId/delete', guard, async (req, reply) => {
    await drafts.discard(req.actor, ctxOf(req).draftId);
    return reply.redirect(`${paths.frontDoor.newContact}?deleted=1`, 303);
  });

  // -- the question pages ------------------------------------------------------------------------------------------

  /** Renders a question page of `draft` with its back link, form action and the version it shows. */
  const showStep = (reply: FastifyReply, draft: Draft, step: string, section: DraftSection | 'check', fromCheck: boolean, locals: Locals) => {
    const previous = section === 'check' ? 'about-you' : previousStep(section);
    const backHref = fromCheck ? stepHref(draft.id, 'check') : previous ? stepHref(draft.id, previous) : paths.frontDoor.newContact;
    return reply.view(`${VIEWS}/${locals.template as string}`, {
      caption: 'Refer a concern',
      draftId: draft.id,
      version: draft.version,
      formAction: stepHref(draft.id, step, fromCheck),
      backHref,
      fromCheck,
      ...locals,
    });
  };

  /**
   * Handles a question page's POST: reads the draft (only its owner may), checks the page's answers, saves them
   * under the version the page showed, and moves on. A validation error redisplays the page with what was typed
   * (the draft keeps what was saved before); a stale version says so and shows the current version.
   */
  const handle = async (
    req: FastifyRequest,
    reply: FastifyReply,
    page: {
      parse: (body: Body, draft: Draft) => DraftPatch | null | Promise<DraftPatch | null>;
      next: (draft: Draft) => string;
      show: (draft: Draft, values: Body, extra: Locals) => Promise<unknown>;
      order?: readonly string[];
    },
  ) => {
    const { draftId } = ctxOf(req);
    const body = (req.body ?? {}) as Body;
    const draft = await drafts.get(req.actor, draftId);
    let version = draft.version;
    try {
      version = parseOrThrow(versionSchema, body.version);
      const patch = await page.parse(body, draft);
      if (patch) await drafts.save(req.actor, draft.id, version, patch);
    } catch (error) {
      if (error instanceof ValidationError) {
        reply.code(400);
        return page.show({ ...draft, version }, body, pageErrors(error.fields, page.order));
      }
      if (error instanceof ConflictError) {
        reply.code(409);
        const current = await drafts.get(req.actor, draftId);
        return page.show(current, body, formErrors({ _form: error.message }));
      }
      throw error;
    }
    return reply.redirect(page.next(draft), 303);
  };

  const afterSection = (section: DraftSection, fromCheck: boolean) => (draft: Draft) => stepHref(draft.id, fromCheck ? 'check' : nextStep(section));

  // Where the child lives, and who the concern comes from.
  {
    const show = async (req: FastifyRequest, reply: FastifyReply, draft: Draft, values: Body, extra: Locals = {}) => {
      const authorities = await container.directory.localAuthorities(req.actor);
      const source = values.source ?? (await drafts.suggestedSourceFor(req.actor));
      return showStep(reply, draft, 'where', 'where', ctxOf(req).fromCheck, {
        template: 'where.njk',
        pageTitle: SECTION_TITLES.where,
        laItems: [{ value: '', text: 'Select a local authority' }, ...authorities.map((a) => ({ value: a.code, text: a.name, selected: a.code === values.laCode }))],
        sourceItems: sourceItems(source),
        ...extra,
      });
    };
    app.get('/contacts/drafts/:draftId/where', guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      return show(req, reply, draft, { laCode: draft.data.laCode, source: draft.data.source });
    });
    app.post('/contacts/drafts/:draftId/where', guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body) => parseOrThrow(whereSchema, { laCode: body.laCode || undefined, source: body.source }),
        next: afterSection('where', ctxOf(req).fromCheck),
        show: (draft, values, extra) => show(req, reply, draft, values, extra),
        order: ['laCode', 'source'],
      }),
    );
  }

  // Children and adults: a summary of those added (Change, Remove), a page to add one, to change one, to remove one.
  for (const step of ['children', 'adults'] as const) {
    const isChildren = step === 'children';
    const noun = isChildren ? 'child' : 'adult';
    const peopleOf = (draft: Draft): (DraftChild | DraftAdult)[] => (isChildren ? draft.data.children : draft.data.adults) ?? [];
    const patchOf = (people: (DraftChild | DraftAdult)[]): DraftPatch => (isChildren ? { children: people as DraftChild[] } : { adults: people as DraftAdult[] });
    const summaryHref = (draft: Draft, fromCheck: boolean) => stepHref(draft.id, step, fromCheck);
    const indexOf = (req: FastifyRequest, draft: Draft) => {
      const n = String((req.params as { n: string }).n);
      const i = /^\d{1,2}$/.test(n) ? Number(n) - 1 : -1;
      if (i < 0 || i >= peopleOf(draft).length) throw new NotFoundError();
      return i;
    };

    const showSummary = (req: FastifyRequest, reply: FastifyReply, draft: Draft, extra: Locals = {}) => {
      const { fromCheck } = ctxOf(req);
      const people = peopleOf(draft);
      return showStep(reply, draft, step, step, fromCheck, {
        template: 'people.njk',
        pageTitle: isChildren ? (people.length ? `You have added ${people.length} ${people.length === 1 ? 'child' : 'children'}` : 'Children') : 'Adults',
        step,
        isChildren,
        cards: personCards(draft.id, step, people, fromCheck),
        canAddMore: people.length < MAX_PEOPLE,
        addHref: stepHref(draft.id, `${step}/add`, fromCheck),
        ...extra,
      });
    };

    app.get(`/contacts/drafts/:draftId/${step}`, guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      // The first child is asked for straight away: a referral is about at least one child.
      if (isChildren && !peopleOf(draft).length) return reply.redirect(stepHref(draft.id, `${step}/add`, ctxOf(req).fromCheck), 303);
      return showSummary(req, reply, draft);
    });

    app.post(`/contacts/drafts/:draftId/${step}`, guard, async (req, reply) => {
      const { fromCheck } = ctxOf(req);
      return handle(req, reply, {
        // Moving on from the adults page with none added records the answer "no adults".
        parse: (_body, draft) => {
          if (isChildren && !peopleOf(draft).length) throw new ValidationError({ _form: 'Name at least one child' });
          return !isChildren && draft.data.adults === undefined ? { adults: [] } : null;
        },
        next: afterSection(step, fromCheck),
        show: (draft, _values, extra) => showSummary(req, reply, draft, extra),
      });
    });

    const showPerson = (req: FastifyRequest, reply: FastifyReply, draft: Draft, action: string, index: number | null, values: Body, extra: Locals = {}) => {
      const { fromCheck } = ctxOf(req);
      const number = index === null ? peopleOf(draft).length + 1 : index + 1;
      const title = index === null ? (isChildren ? (number === 1 ? 'Tell us about the child' : 'Add another child') : number === 1 ? 'Add an adult' : 'Add another adult') : `Change the details of ${noun} ${number}`;
      const view = showStep(reply, draft, action, step, fromCheck, {
        template: 'person.njk',
        pageTitle: title,
        isChildren,
        values,
        sexItems: sexItems(values.sex),
        relationshipItems: relationshipItems(values.relationship),
        ...extra,
      });
      return view;
    };
    // The back link of a person form is the list of people, or the previous section when there is nobody yet.
    const personBack = (req: FastifyRequest, draft: Draft) => {
      const { fromCheck } = ctxOf(req);
      if (peopleOf(draft).length || !isChildren) return summaryHref(draft, fromCheck);
      return fromCheck ? stepHref(draft.id, 'check') : stepHref(draft.id, previousStep(step)!);
    };
    const today = () => container.clock.now().toISOString().slice(0, 10);

    app.get(`/contacts/drafts/:draftId/${step}/add`, guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      if (peopleOf(draft).length >= MAX_PEOPLE) return reply.redirect(summaryHref(draft, ctxOf(req).fromCheck), 303);
      return showPerson(req, reply, draft, `${step}/add`, null, {}, { backHref: personBack(req, draft) });
    });
    app.post(`/contacts/drafts/:draftId/${step}/add`, guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body, draft) => {
          if (peopleOf(draft).length >= MAX_PEOPLE) throw new ValidationError({ _form: `You can name ${MAX_PEOPLE} ${isChildren ? 'children' : 'adults'} or fewer in one referral` });
          return patchOf([...peopleOf(draft), personFromBody(step, body, today())]);
        },
        next: (draft) => summaryHref(draft, ctxOf(req).fromCheck),
        show: (draft, values, extra) => showPerson(req, reply, draft, `${step}/add`, null, values, { backHref: personBack(req, draft), ...extra }),
        order: PERSON_FIELDS,
      }),
    );

    app.get(`/contacts/drafts/:draftId/${step}/:n`, guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      const i = indexOf(req, draft);
      return showPerson(req, reply, draft, `${step}/${i + 1}`, i, personValues(peopleOf(draft)[i]!), { backHref: summaryHref(draft, ctxOf(req).fromCheck) });
    });
    app.post(`/contacts/drafts/:draftId/${step}/:n`, guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body, draft) => {
          const i = indexOf(req, draft);
          return patchOf(peopleOf(draft).map((p, j) => (j === i ? personFromBody(step, body, today()) : p)));
        },
        next: (draft) => summaryHref(draft, ctxOf(req).fromCheck),
        show: (draft, values, extra) => {
          const i = indexOf(req, draft);
          return showPerson(req, reply, draft, `${step}/${i + 1}`, i, values, { backHref: summaryHref(draft, ctxOf(req).fromCheck), ...extra });
        },
        order: PERSON_FIELDS,
      }),
    );

    const showRemove = (req: FastifyRequest, reply: FastifyReply, draft: Draft, i: number, extra: Locals = {}) =>
      showStep(reply, draft, `${step}/${i + 1}/remove`, step, ctxOf(req).fromCheck, {
        template: 'remove.njk',
        pageTitle: `Are you sure you want to remove ${noun} ${i + 1}?`,
        name: personName(peopleOf(draft)[i]!),
        backHref: summaryHref(draft, ctxOf(req).fromCheck),
        cancelHref: summaryHref(draft, ctxOf(req).fromCheck),
        noun,
        ...extra,
      });
    app.get(`/contacts/drafts/:draftId/${step}/:n/remove`, guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      return showRemove(req, reply, draft, indexOf(req, draft));
    });
    app.post(`/contacts/drafts/:draftId/${step}/:n/remove`, guard, async (req, reply) =>
      handle(req, reply, {
        parse: (_body, draft) => {
          const i = indexOf(req, draft);
          return patchOf(peopleOf(draft).filter((_, j) => j !== i));
        },
        next: (draft) => summaryHref(draft, ctxOf(req).fromCheck),
        show: (draft, _values, extra) => {
          const i = Math.min(indexOf(req, draft), peopleOf(draft).length - 1);
          return i >= 0 ? showRemove(req, reply, draft, i, extra) : showSummary(req, reply, draft, extra);
        },
      }),
    );
  }

  // The concern in the referrer's words, and what it is about.
  {
    const show = (req: FastifyRequest, reply: FastifyReply, draft: Draft, values: Body, extra: Locals = {}) =>
      showStep(reply, draft, 'concern', 'concern', ctxOf(req).fromCheck, {
        template: 'concern.njk',
        pageTitle: SECTION_TITLES.concern,
        values,
        indicatorItems: indicatorItems(asArray(values.indicators)),
        ...extra,
      });
    app.get('/contacts/drafts/:draftId/concern', guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      return show(req, reply, draft, { concern: draft.data.concern ?? '', indicators: draft.data.indicators ?? [] });
    });
    app.post('/contacts/drafts/:draftId/concern', guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body) => parseOrThrow(concernSchema, { concern: body.concern ?? '', indicators: asArray(body.indicators) }),
        next: afterSection('concern', ctxOf(req).fromCheck),
        show: (draft, values, extra) => show(req, reply, draft, values, extra),
        order: ['concern', 'indicators'],
      }),
    );
  }

  // Consent: the position, a competent child's own consent, and the recorded exception (Haringey [2013]).
  {
    const show = (req: FastifyRequest, reply: FastifyReply, draft: Draft, values: Body, extra: Locals = {}) =>
      showStep(reply, draft, 'consent', 'consent', ctxOf(req).fromCheck, {
        template: 'consent.njk',
        pageTitle: SECTION_TITLES.consent,
        values,
        consentItems: consentItems(values.position),
        exceptionItems: exceptionItems(values.exception),
        ...extra,
      });
    app.get('/contacts/drafts/:draftId/consent', guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      const c = draft.data.consent;
      return show(req, reply, draft, c ? { position: c.position, isChildsOwn: c.isChildsOwn ? 'yes' : undefined, exception: c.exception ?? undefined, reason: c.reason ?? '', authorisedBy: c.authorisedBy ?? '' } : {});
    });
    app.post('/contacts/drafts/:draftId/consent', guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body) => {
          const consent = parseOrThrow(consentSchema, {
            position: body.position,
            isChildsOwn: body.isChildsOwn === 'yes',
            exception: body.exception ? body.exception : null,
            reason: body.reason ?? null,
            authorisedBy: body.authorisedBy ?? null,
          });
          // With consent given there is no exception to record, nor anyone who authorised overriding it.
          return { consent: consent.position === 'given' ? { ...consent, exception: null, authorisedBy: null } : consent };
        },
        next: afterSection('consent', ctxOf(req).fromCheck),
        show: (draft, values, extra) => show(req, reply, draft, values, extra),
        order: ['position', 'isChildsOwn', 'exception', 'reason', 'authorisedBy'],
      }),
    );
  }

  // About the referrer: role, phone and email. The name is the account's.
  {
    const show = async (req: FastifyRequest, reply: FastifyReply, draft: Draft, values: Body, extra: Locals = {}) => {
      const account = await drafts.account(req.actor);
      return showStep(reply, draft, 'about-you', 'about-you', ctxOf(req).fromCheck, { template: 'about-you.njk', pageTitle: SECTION_TITLES['about-you'], values, referrerName: account.displayName, ...extra });
    };
    app.get('/contacts/drafts/:draftId/about-you', guard, async (req, reply) => {
      const draft = await drafts.get(req.actor, ctxOf(req).draftId);
      const r = draft.data.referrer;
      const account = await drafts.account(req.actor);
      return show(req, reply, draft, r ? { role: r.role ?? '', phone: r.phone ?? '', email: r.email ?? '' } : { email: account.email });
    });
    app.post('/contacts/drafts/:draftId/about-you', guard, async (req, reply) =>
      handle(req, reply, {
        parse: (body) => ({ referrer: parseOrThrow(aboutYouSchema, { role: body.role ?? null, phone: body.phone ?? null, email: body.email ?? null }) }),
        next: afterSection('about-you', ctxOf(req).fromCheck),
        show: (draft, values, extra) => show(req, reply, draft, values, extra),
        order: ['role', 'phone', 'email'],
      }),
    );
  }

  // Check your answers, and send.
  {
    const show = async (req: FastifyRequest, reply: FastifyReply, draft: Draft, extra: Locals = {}) => {
      const [account, authorities] = await Promise.all([drafts.account(req.actor), container.directory.localAuthorities(req.actor)]);
      const laName = authorities.find((a) => a.code === draft.data.laCode)?.name ?? null;
      return showStep(reply, draft, 'check', 'check', false, {
        template: 'check.njk',
        pageTitle: 'Check your answers before sending the referral',
        sections: checkSections(draft.id, draft.data, { laName, referrerName: account.displayName, accountEmail: account.email }),
        ...extra,
      });
    };
    app.get('/contacts/drafts/:draftId/check', guard, async (req, reply) => show(req, reply, await drafts.get(req.actor, ctxOf(req).draftId)));
    app.post('/contacts/drafts/:draftId/check', guard, async (req, reply) => {
      const { draftId } = ctxOf(req);
      const body = (req.body ?? {}) as Body;
      try {
        const version = parseOrThrow(versionSchema, body.version);
        const sent = await drafts.submit(req.actor, draftId, version);
        if (!sent.draftDeleted) container.log.warn({ correlationId: req.id, draftId, contactId: sent.contactId }, 'contact sent but its draft was not deleted: the purge will remove it');
        return reply.redirect(paths.frontDoor.submitted(sent.contactId), 303);
      } catch (error) {
        if (error instanceof ValidationError) {
          reply.code(400);
          const errorList = Object.entries(error.fields).map(([path, message]) => checkError(draftId, path, message, sectionOfField(path)));
          return show(req, reply, await drafts.get(req.actor, draftId), { errors: error.fields, errorList });
        }
        if (error instanceof ConflictError) {
          reply.code(409);
          return show(req, reply, await drafts.get(req.actor, draftId), formErrors({ _form: error.message }));
        }
        throw error;
      }
    });
  }

  // -- after sending -----------------------------------------------------------------------------------------------

  app.get('/contacts/:id/submitted', guard, async (req, reply) => {
    const view = await container.frontDoor.contact(req.actor, (req.params as { id: string }).id);
    return reply.view(`${VIEWS}/submitted.njk`, { pageTitle: 'Referral sent', reference: view.contact.reference, contactHref: paths.frontDoor.contact(view.contact.id) });
  });

  app.get(paths.frontDoor.myContacts, guard, async (req, reply) => {
    const page = z.coerce.number().int().min(1).max(100_000).catch(1).parse((req.query as Record<string, unknown>).page ?? 1);
    const [result, authorities] = await Promise.all([container.frontDoor.myContacts(req.actor, page), container.directory.localAuthorities(req.actor)]);
    const laNames = new Map(authorities.map((a) => [a.code, a.name]));
    return reply.view(`${VIEWS}/mine.njk`, {
      pageTitle: 'Your referrals',
      page,
      items: result.items.map((c) => ({ ...c, href: paths.frontDoor.contact(c.id), laName: laNames.get(c.laCode) ?? c.laCode, ...referrerStatus(c) })),
      pagination: {
        previous: page > 1 ? { href: `${paths.frontDoor.myContacts}?page=${page - 1}` } : undefined,
        next: result.hasMore ? { href: `${paths.frontDoor.myContacts}?page=${page + 1}` } : undefined,
      },
    });
  });
}
