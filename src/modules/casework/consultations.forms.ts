// Form bodies of the stuck-case and consultation pages → the services' inputs, with GOV.UK error wording. Every
// field error is keyed by the id of the field it belongs to, so the error summary links to it. All errors of a form
// are collected before it is refused, so the user sees them together.
import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../../kernel/errors.ts';
import { asArray, parseOrThrow } from '../../platform/forms.ts';
import type { StuckRuleSetting } from './casework.tables.ts';
import type { ActionUpdateInput, FollowUpInput, PanelInput, ScheduleInput } from './consultations.service.ts';
import { STUCK_RULES } from './stuck.rules.ts';

type Body = Record<string, unknown>;

/** The number of blank action rows the panel form offers (the page works without JavaScript). */
export const ACTION_ROWS = 5;

export const versionSchema = z.coerce.number({ message: 'Reload the page and try again' }).int().min(0, 'Reload the page and try again');

const text = (body: Body, name: string): string => String(body[name] ?? '').trim();

/**
 * A GOV.UK date input (`name-day`, `name-month`, `name-year`) → 'YYYY-MM-DD', or null when left blank. A half
 * filled or impossible date is an error named after the field, in the field's own words (`what`: "The panel date").
 */
export function dayFromParts(body: Body, name: string, what: string, errors: FieldErrors): string | null {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(body, `${name}-${p}`));
  if (!d && !m && !y) return null;
  if (!d || !m || !y || !/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) {
    errors[name] = `${what} must include a day, month and year`;
    return null;
  }
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || !parsed.toISOString().startsWith(day) || Number(y) < 2000) {
    errors[name] = `${what} must be a real date`;
    return null;
  }
  return day;
}

function refuseIfAny(errors: FieldErrors): void {
  if (Object.keys(errors).length) throw new ValidationError(errors);
}

export function parseVersion(body: Body): number {
  return parseOrThrow(versionSchema, body.version);
}

/** The request page: the reason, and (from a contact) which child. */
export function parseRequest(body: Body, fromContact: boolean): { reason: string; contactPersonId?: string } {
  const errors: FieldErrors = {};
  const reason = text(body, 'reason');
  if (!reason) errors.reason = 'Enter why a consultation is needed';
  else if (reason.length > 4000) errors.reason = 'The reason must be 4000 characters or fewer';
  const contactPersonId = text(body, 'contactPersonId');
  if (fromContact && !contactPersonId) errors.contactPersonId = 'Select the child the consultation is about';
  refuseIfAny(errors);
  return fromContact ? { reason, contactPersonId } : { reason };
}

export function parseDismiss(body: Body): { reason: string } {
  const reason = text(body, 'reason');
  if (!reason) throw new ValidationError({ reason: 'Enter why this flag is being dismissed' });
  if (reason.length > 2000) throw new ValidationError({ reason: 'The reason must be 2000 characters or fewer' });
  return { reason };
}

export function parseSchedule(body: Body): ScheduleInput {
  const errors: FieldErrors = {};
  const panelOn = dayFromParts(body, 'panelOn', 'The panel date', errors);
  if (!panelOn && !errors.panelOn) errors.panelOn = 'Enter the date of the panel';
  const agencies = asArray(body.agencies);
  if (!agencies.length) errors.agencies = 'Select the agencies to invite';
  refuseIfAny(errors);
  return { panelOn: panelOn!, agencies };
}

/** The panel record. Blank action rows are ignored; a row with anything in it must be complete. */
export function parsePanel(body: Body, invitedAgencyIds: readonly string[]): PanelInput {
  const errors: FieldErrors = {};
  const attendance = invitedAgencyIds.map((agencyId) => {
    const said = text(body, `attended-${agencyId}`);
    if (said !== 'yes' && said !== 'no') errors[`attended-${agencyId}`] = 'Say whether the agency attended';
    const representative = text(body, `representative-${agencyId}`) || null;
    if (said === 'yes' && !representative) errors[`representative-${agencyId}`] = 'Enter who attended for the agency';
    return { agencyId, attended: said === 'yes', representative };
  });
  const discussion = text(body, 'discussion');
  if (!discussion) errors.discussion = 'Enter a record of the discussion';
  const recommendations = text(body, 'recommendations');
  if (!recommendations) errors.recommendations = 'Enter the panel’s recommendations';
  const actions: PanelInput['actions'] = [];
  for (let n = 1; n <= ACTION_ROWS; n++) {
    const description = text(body, `action-${n}-description`);
    const ownerAgencyId = text(body, `action-${n}-ownerAgencyId`) || null;
    const ownerName = text(body, `action-${n}-ownerName`);
    const rowErrors: FieldErrors = {};
    const dueOn = dayFromParts(body, `action-${n}-dueOn`, `The due date of action ${n}`, rowErrors);
    const touched = description || ownerName || dueOn || rowErrors[`action-${n}-dueOn`] || ownerAgencyId;
    if (!touched) continue;
    Object.assign(errors, rowErrors);
    if (!description) errors[`action-${n}-description`] = `Enter what action ${n} is`;
    if (!ownerName) errors[`action-${n}-ownerName`] = `Enter who owns action ${n}`;
    if (!dueOn && !rowErrors[`action-${n}-dueOn`]) errors[`action-${n}-dueOn`] = `Enter when action ${n} is due`;
    actions.push({ description, ownerAgencyId, ownerName, dueOn: dueOn ?? '' });
  }
  const followUpOn = dayFromParts(body, 'followUpOn', 'The follow-up date', errors);
  if (!followUpOn && !errors.followUpOn) errors.followUpOn = 'Enter the date of the follow-up review';
  refuseIfAny(errors);
  return { attendance, discussion, recommendations, actions, followUpOn: followUpOn! };
}

export function parseActionUpdate(body: Body): ActionUpdateInput {
  const errors: FieldErrors = {};
  const status = text(body, 'status');
  if (status !== 'open' && status !== 'done' && status !== 'dropped') errors.status = 'Select the action’s status';
  const completedOn = status === 'done' ? dayFromParts(body, 'completedOn', 'The date the action was completed', errors) : null;
  if (status === 'done' && !completedOn && !errors.completedOn) errors.completedOn = 'Enter the date the action was completed';
  const notes = text(body, 'notes') || null;
  if (status === 'dropped' && !notes) errors.notes = 'Say why the action was dropped';
  if (notes && notes.length > 4000) errors.notes = 'The notes must be 4000 characters or fewer';
  refuseIfAny(errors);
  return { status: status as ActionUpdateInput['status'], completedOn, notes };
}

export function parseFollowUp(body: Body): FollowUpInput {
  const moved = text(body, 'caseMoved');
  const errors: FieldErrors = {};
  if (moved !== 'yes' && moved !== 'no') errors.caseMoved = 'Say whether the case has moved on';
  const notes = text(body, 'notes') || null;
  if (notes && notes.length > 10000) errors.notes = 'The notes must be 10000 characters or fewer';
  refuseIfAny(errors);
  return { caseMoved: moved === 'yes', notes };
}

/** The stuck-rule settings form: `enabled` checkboxes (rule codes) and `<code>-<param>` figures. */
export function parseStuckRules(body: Body): StuckRuleSetting[] {
  const enabled = new Set(asArray(body.enabled));
  const errors: FieldErrors = {};
  const rules = STUCK_RULES.map((rule) => {
    const params: Record<string, number> = {};
    for (const p of rule.params) {
      const raw = text(body, `${rule.code}-${p.name}`);
      const v = Number(raw);
      if (!raw) errors[`${rule.code}-${p.name}`] = `Enter ${p.label.toLowerCase()}`;
      else if (!/^\d+$/.test(raw) || v < p.min || v > p.max) errors[`${rule.code}-${p.name}`] = `${p.label} must be a whole number from ${p.min} to ${p.max}`;
      else params[p.name] = v;
    }
    return { code: rule.code, enabled: enabled.has(rule.code), params };
  });
  refuseIfAny(errors);
  return rules;
}
