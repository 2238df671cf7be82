// A local authority's casework settings: which timescale rulebook it works to, and its local changes to single
// figures (statutory-rules.md section 2: "Every figure belongs in configuration (a rulebook), not in code ... boroughs
// keep local variants"). Only the authority's own team managers (casework.configure, local-authority scope) may change
// them; every change is versioned and audited.
//
// A change of rulebook applies to episodes opened from then on: an episode keeps the rulebook it was opened with, and
// `CaseworkContext.rulebookFor` applies the local overrides only to episodes under the authority's current rulebook.
// Deadlines already set keep their due dates (each row carries the rule that set it).
import { z } from 'zod';
import type { Actor, UserActor } from '../../kernel/actor.ts';
import { ConflictError, ValidationError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../../platform/forms.ts';
import { RULEBOOK_CODES, RULEBOOKS, STEPS, assessmentSteps, type LocalOverride, type RulebookCode, type Step, type Unit } from './casework.rules.ts';
import type { CaseworkContext, CaseworkSettings } from './casework.support.ts';

export const UNITS: Record<Unit, string> = { 'working-days': 'working days', 'calendar-days': 'days', 'calendar-months': 'months' };
export const MAX_AMOUNT = 365;
export const MAX_SOURCE_LENGTH = 300;

/** The GOV.UK error messages of the settings form, by field. */
export const SETTINGS_MESSAGES = {
  rulebook: 'Select the rulebook your authority works to',
  step: 'Select the step the local rule is for',
  amount: 'Enter the number of days or months as a whole number, like 7',
  amountRange: `The number of days or months must be between 1 and ${MAX_AMOUNT}`,
  unit: 'Select working days, days or months',
  source: 'Enter where the local rule comes from, like “Camden LSCB procedures 2010, 3.2”',
  sourceLength: `Where the local rule comes from must be ${MAX_SOURCE_LENGTH} characters or fewer`,
  duplicate: 'You have already set a local rule for this step',
  notInRulebook: (step: Step, book: RulebookCode) => `${RULEBOOKS[book].name} has no ${STEPS[step].toLowerCase()}: remove this rule or choose another step`,
} as const;

const STEP_CODES = Object.keys(STEPS) as [Step, ...Step[]];
const UNIT_CODES = Object.keys(UNITS) as [Unit, ...Unit[]];

const overrideSchema = z.object({
  step: z.enum(STEP_CODES, { error: SETTINGS_MESSAGES.step }),
  amount: z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ error: SETTINGS_MESSAGES.amount }).int(SETTINGS_MESSAGES.amount).min(1, SETTINGS_MESSAGES.amountRange).max(MAX_AMOUNT, SETTINGS_MESSAGES.amountRange),
  ),
  unit: z.enum(UNIT_CODES, { error: SETTINGS_MESSAGES.unit }),
  source: z.string({ error: SETTINGS_MESSAGES.source }).trim().min(1, SETTINGS_MESSAGES.source).max(MAX_SOURCE_LENGTH, SETTINGS_MESSAGES.sourceLength),
});

const settingsSchema = z.object({
  rulebook: z.enum(RULEBOOK_CODES, { error: SETTINGS_MESSAGES.rulebook }),
  overrides: z.array(overrideSchema).max(STEP_CODES.length, SETTINGS_MESSAGES.duplicate),
});

export interface CaseworkSettingsInput {
  rulebook: RulebookCode | string;
  /** Amount may arrive as the form's text; it must be a whole number from 1 to 365. */
  overrides: { step: Step | string; amount: number | string; unit: Unit | string; source: string }[];
}

export interface CaseworkSettingsView extends CaseworkSettings {
  laName: string;
  /** Open episodes under each rulebook (they keep it until they close). */
  openEpisodes: Record<RulebookCode, number>;
}

/**
 * Checks a settings change and returns it in canonical form. Field errors are keyed `rulebook` and
 * `overrides.<i>.<field>` (i counting the rows given, from 0).
 */
export function validateSettings(input: CaseworkSettingsInput): { rulebook: RulebookCode; overrides: LocalOverride[] } {
  const parsed = parseOrThrow(settingsSchema, input);
  const errors: Record<string, string> = {};
  const used = assessmentSteps(RULEBOOKS[parsed.rulebook]);
  const unused = new Set<Step>((['initial-assessment', 'core-assessment', 'single-assessment'] as const).filter((s) => !used.includes(s)));
  const seen = new Set<Step>();
  parsed.overrides.forEach((o, i) => {
    if (seen.has(o.step)) errors[`overrides.${i}.step`] = SETTINGS_MESSAGES.duplicate;
    else if (unused.has(o.step)) errors[`overrides.${i}.step`] = SETTINGS_MESSAGES.notInRulebook(o.step, parsed.rulebook);
    seen.add(o.step);
  });
  if (Object.keys(errors).length) throw new ValidationError(errors);
  return { rulebook: parsed.rulebook, overrides: parsed.overrides.map((o) => ({ step: o.step, amount: o.amount, unit: o.unit, source: o.source })) };
}

export class CaseworkSettingsService {
  constructor(private readonly ctx: CaseworkContext) {}

  /** The authority's settings (version 0 when it has never saved any: the default rulebook, no overrides). */
  async get(actor: Actor, laCode: string): Promise<CaseworkSettingsView> {
    await this.authorise(actor, laCode, 'casework.settings.read');
    const { db } = this.ctx;
    const la = await db.selectFrom('localAuthorities').select('name').where('code', '=', laCode).executeTakeFirst();
    const settings = await this.ctx.settingsFor(db, laCode);
    const counts = await db
      .selectFrom('caseEpisodes')
      .select(['rulebook', (eb) => eb.fn.countAll<string>().as('n')])
      .where('laCode', '=', laCode)
      .where('status', '=', 'open')
      .groupBy('rulebook')
      .execute();
    const openEpisodes = { wt2010: 0, wt2023: 0 } as Record<RulebookCode, number>;
    for (const c of counts) openEpisodes[c.rulebook] = Number(c.n);
    return { ...settings, laName: la?.name ?? laCode, openEpisodes };
  }

  /**
   * Saves the rulebook and the local overrides. `version` is the version the user saw (0 when no settings were saved
   * yet); a different current version is a ConflictError. The stuck-case rules in the same row are left as they are.
   */
  async update(actor: Actor, laCode: string, version: number, input: CaseworkSettingsInput): Promise<CaseworkSettings> {
    const user = await this.authorise(actor, laCode, 'casework.settings.update');
    const valid = validateSettings(input);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('caseworkSettings').select(['version', 'rulebook', 'stuckRules']).where('laCode', '=', laCode).forUpdate().executeTakeFirst();
      if ((current?.version ?? 0) !== version) throw new ConflictError('These settings were changed by someone else while you were working on them. Reload the page to see the changes, then try again.');
      const values = { rulebook: valid.rulebook, overrides: JSON.stringify(valid.overrides), updatedAt: now, updatedBy: user.userId };
      if (current) await trx.updateTable('caseworkSettings').set({ ...values, version: current.version + 1 }).where('laCode', '=', laCode).execute();
      else await trx.insertInto('caseworkSettings').values({ laCode, ...values, stuckRules: '[]' }).execute();
      await this.ctx.audit.record(trx, user, {
        action: 'casework.settings.update',
        recordType: 'casework-settings',
        fields: ['rulebook', 'overrides'],
        details: { laCode, rulebook: valid.rulebook, previousRulebook: current?.rulebook ?? null, overrideSteps: valid.overrides.map((o) => o.step), version: (current?.version ?? 0) + 1 },
      });
      return this.ctx.settingsFor(trx, laCode);
    });
  }

  /** casework.configure, and the user's own authority (local-authority scope); anyone else is refused and audited. */
  private async authorise(actor: Actor, laCode: string, action: string): Promise<UserActor> {
    await this.ctx.access.require(actor, 'casework.configure', { recordType: 'casework-settings' });
    const user = this.ctx.access.requireUser(actor);
    if (user.scopeKind !== 'local-authority' || user.scopeCode !== laCode) await this.ctx.access.deny(user, action, { recordType: 'casework-settings' }, 'out-of-scope');
    return user;
  }
}
