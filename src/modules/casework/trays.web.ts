// Work trays and the casework settings pages: the caseworker's own tray, the team manager's tray with overdue alerts
// to acknowledge, and the authority's rulebook and local rules. Thin: each page calls one service method; the
// services check access and audit.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import { ConflictError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import type { RoutePlugin } from '../../platform/web/app.ts';
import { formErrors, withFormErrors } from '../../platform/web/form-errors.ts';
import { requirePermission } from '../../platform/web/guard.ts';
import { RULEBOOK_CODES, RULEBOOKS, STEPS, ruleFor, effectiveRulebook, type AppliedRule, type LocalOverride, type RulebookCode, type Step } from './casework.rules.ts';
import { MAX_AMOUNT, UNITS, type CaseworkSettingsInput } from './settings.service.ts';
import { TRAY_GROUPS, type TrayGroup } from './trays.service.ts';

/** The pages' URLs (ids only, never personal data). */
export const TRAY_PATHS = {
  myTray: '/casework/tray',
  teamTray: '/casework/team',
  acknowledge: (alertId: string) => `/casework/alerts/${alertId}/acknowledge`,
  settings: '/casework/settings',
  episode: (episodeId: string) => `/cases/${episodeId}`,
} as const;

export const GROUP_HEADINGS: Record<TrayGroup, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  soon: 'Due soon',
  later: 'Later',
};

/** Blank rows offered under the board's local rules, so a rule can be added without JavaScript. */
export const BLANK_OVERRIDE_ROWS = 3;

type Body = Record<string, unknown>;

/** "10 working days from the referral": a figure without its rulebook's name, for the rulebook table. */
export function figureWords(rule: Pick<AppliedRule, 'amount' | 'unit' | 'from'>): string {
  const unit = rule.unit === 'working-days' ? 'working day' : rule.unit === 'calendar-days' ? 'day' : 'month';
  return `${rule.amount} ${unit}${rule.amount === 1 ? '' : 's'} from ${rule.from}`;
}

/** Every step with each rulebook's figure and source, and the board's local rule where it has one. */
export function rulebookTable(current: RulebookCode, overrides: LocalOverride[]) {
  const local = effectiveRulebook(current, overrides);
  return (Object.keys(STEPS) as Step[]).map((step) => ({
    step,
    label: STEPS[step],
    books: RULEBOOK_CODES.map((code) => {
      const rule = ruleFor(effectiveRulebook(code), step);
      return rule ? { code, words: figureWords(rule), source: rule.source } : { code, words: null, source: null };
    }),
    local: overrides.some((o) => o.step === step) ? (() => { const r = ruleFor(local, step)!; return { words: figureWords(r), source: r.source }; })() : null,
  }));
}

interface OverrideRowValues {
  step: string;
  amount: string;
  unit: string;
  source: string;
}

/** The override rows posted by the settings form: `step-<i>`, `amount-<i>`, `unit-<i>`, `source-<i>`, `remove-<i>`. */
export function overrideRowsOf(body: Body): { rows: OverrideRowValues[]; kept: number[] } {
  const count = Math.min(Math.max(0, Number(body.rows) || 0), Object.keys(STEPS).length + BLANK_OVERRIDE_ROWS);
  const rows: OverrideRowValues[] = [];
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = { step: String(body[`step-${i}`] ?? '').trim(), amount: String(body[`amount-${i}`] ?? '').trim(), unit: String(body[`unit-${i}`] ?? '').trim(), source: String(body[`source-${i}`] ?? '').trim() };
    rows.push(row);
    const isBlank = !row.step && !row.amount && !row.source;
    if (!isBlank && body[`remove-${i}`] !== 'yes') kept.push(i);
  }
  return { rows, kept };
}

export const traysRoutes: RoutePlugin = async (app, container: Container) => {
  const trays = container.casework.trays;
  const settings = container.casework.settings;
  const reader = { preValidation: requirePermission(container, 'case.read', 'case-episode') };
  const manager = { preValidation: requirePermission(container, 'case.manage', 'case-episode') };
  const configurer = { preValidation: requirePermission(container, 'casework.configure', 'casework-settings') };

  // -- my work tray ------------------------------------------------------------------------------------------------

  app.get(TRAY_PATHS.myTray, reader, async (req, reply) => {
    const tray = await trays.myTray(req.actor);
    return reply.view('casework/trays/my-tray.njk', { pageTitle: 'My work tray', tray, groups: TRAY_GROUPS, headings: GROUP_HEADINGS, trayPaths: TRAY_PATHS });
  });

  // -- the team tray -----------------------------------------------------------------------------------------------

  const showTeam = async (req: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}) => {
    const asked = String((req.query as Record<string, unknown>)?.team ?? '');
    const tray = await trays.teamTray(req.actor, { teamId: isUuid(asked) ? asked : null });
    return reply.view('casework/trays/team-tray.njk', {
      pageTitle: 'Team work tray',
      tray,
      groups: TRAY_GROUPS,
      headings: GROUP_HEADINGS,
      trayPaths: TRAY_PATHS,
      acknowledged: Boolean((req.query as Record<string, unknown>)?.acknowledged),
      ...extra,
    });
  };

  app.get(TRAY_PATHS.teamTray, manager, async (req, reply) => showTeam(req, reply));

  app.post('/casework/alerts/:id/acknowledge', manager, async (req, reply) => {
    const { id } = req.params as { id: string };
    const body = (req.body ?? {}) as Body;
    try {
      await trays.acknowledge(req.actor, id);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showTeam(req, reply, formErrors({ _form: error.message }));
    }
    const team = typeof body.team === 'string' && isUuid(body.team) ? `&team=${body.team}` : '';
    return reply.redirect(`${TRAY_PATHS.teamTray}?acknowledged=1${team}`, 303);
  });

  // -- casework settings -------------------------------------------------------------------------------------------

  const laOf = (req: FastifyRequest): string => {
    const user = container.access.requireUser(req.actor);
    return user.scopeKind === 'local-authority' && user.scopeCode ? user.scopeCode : '';
  };

  const showSettings = async (req: FastifyRequest, reply: FastifyReply, extra: { values?: { rulebook: string; rows: OverrideRowValues[] } } & Record<string, unknown> = {}) => {
    const current = await settings.get(req.actor, laOf(req));
    const posted = extra.values;
    const rows: OverrideRowValues[] = posted
      ? posted.rows
      : current.overrides.map((o) => ({ step: o.step, amount: String(o.amount), unit: o.unit, source: o.source }));
    const blanks = Math.max(0, Math.min(BLANK_OVERRIDE_ROWS, Object.keys(STEPS).length + BLANK_OVERRIDE_ROWS - rows.length));
    const allRows = [...rows, ...Array.from({ length: blanks }, () => ({ step: '', amount: '', unit: '', source: '' }))];
    return reply.view('casework/settings/settings.njk', {
      pageTitle: 'Casework rulebook and local rules',
      settings: current,
      rulebook: posted?.rulebook ?? current.rulebook,
      rulebooks: RULEBOOK_CODES.map((code) => ({ code, name: RULEBOOKS[code].name, assessments: RULEBOOKS[code].assessments, icpcFrom: RULEBOOKS[code].icpcFrom, open: current.openEpisodes[code] })),
      table: rulebookTable(current.rulebook, current.overrides),
      rows: allRows,
      steps: Object.entries(STEPS).map(([code, label]) => ({ code, label })),
      units: Object.entries(UNITS).map(([code, label]) => ({ code, label })),
      maxAmount: MAX_AMOUNT,
      saved: Boolean((req.query as Record<string, unknown>)?.saved),
      trayPaths: TRAY_PATHS,
      ...extra,
    });
  };

  app.get(TRAY_PATHS.settings, configurer, async (req, reply) => showSettings(req, reply));

  app.post(TRAY_PATHS.settings, configurer, async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const { rows, kept } = overrideRowsOf(body);
    const input: CaseworkSettingsInput = { rulebook: String(body.rulebook ?? ''), overrides: kept.map((i) => rows[i]!) };
    const version = /^\d+$/.test(String(body.version ?? '')) ? Number(body.version) : -1;
    const values = { rulebook: String(body.rulebook ?? ''), rows: kept.map((i) => rows[i]!) };
    let result;
    try {
      result = await withFormErrors(() => settings.update(req.actor, laOf(req), version, input));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      reply.code(409);
      return showSettings(req, reply, formErrors({ _form: error.message }));
    }
    if (!result.ok) {
      reply.code(400);
      // `overrides.<k>.<field>` → the field's id in the redisplayed rows (the kept rows, renumbered from 0).
      const fields = Object.fromEntries(
        Object.entries(result.locals.errors).map(([key, message]) => {
          const m = /^overrides\.(\d+)\.(step|amount|unit|source)$/.exec(key);
          return [m ? `${m[2]}-${m[1]}` : key === 'overrides' ? 'step-0' : key, message];
        }),
      );
      return showSettings(req, reply, { ...formErrors(fields), values });
    }
    return reply.redirect(`${TRAY_PATHS.settings}?saved=1`, 303);
  });
};
