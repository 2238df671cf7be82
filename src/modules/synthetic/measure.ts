// Measure generated output against the targets it is calibrated to: referral and re-referral rates, section 47
// enquiries, conferences, CP plans (started, in force at 31 March, by category), children in need at 31 March,
// contacts per referral, twins, children by borough. Reads the files (and so the ground truth); for tests,
// calibration and the `--report` option of `safehub generate`, never for the application.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { addYears, DAYS_PER_YEAR, parseDay } from './dates.ts';
import { OUTPUT_FILES } from './generator.ts';

export interface Measured {
  children: number;
  people: number;
  /** Children per borough (DfE code), by current address. */
  childrenByLocalAuthority: Record<string, number>;
  /** Share of children who are twins. */
  twinShare: number;
  /** Rates per 10,000 child-years over the last three census years (1 April – 31 March) of the history. */
  referralsPer10k: number;
  section47Per10k: number;
  initialConferencesPer10k: number;
  cpPlansStartedPer10k: number;
  /** Share of referrals in those years within 12 months of the child's previous referral. */
  reReferralRate: number;
  referralsNfaShare: number;
  /** Per 10,000 children alive on each of the last three 31 Marches, averaged. */
  cpPlansAt31MarchPer10k: number;
  childrenInNeedAt31MarchPer10k: number;
  /** Share of CP plans started in the whole history, by initial category. */
  cpCategoryShares: Record<string, number>;
  referralSourceShares: Record<string, number>;
  contactsPerReferral: number;
  events: number;
}

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (first && !path.endsWith('.ndjson')) {
      first = false;
      continue;
    }
    first = false;
    if (line.length > 0) yield line;
  }
}

/** Split a CSV line (fields may be quoted). */
export function splitCsv(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charAt(i);
    if (quoted) {
      if (c === '"' && line.charAt(i + 1) === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

interface Span {
  person: string;
  from: number;
  to: number;
}

/** Read a generated directory and measure it. `asAt` must be the as-at date it was generated with. */
export async function measureOutput(dir: string, asAt: string): Promise<Measured> {
  const end = parseDay(asAt);
  const yearEnds = [end, addYears(end, -1), addYears(end, -2)];
  const periodStart = addYears(end, -3) + 1;

  const dobs = new Map<string, number>();
  const childrenByLocalAuthority: Record<string, number> = {};
  let people = 0;
  let twins = 0;
  for await (const line of lines(join(dir, OUTPUT_FILES.people))) {
    people++;
    const f = splitCsv(line);
    if (f[2] !== 'child') continue;
    dobs.set(f[0] ?? '', parseDay(f[9] ?? ''));
    if (f[19]) twins++;
    const la = f[20] ?? '';
    childrenByLocalAuthority[la] = (childrenByLocalAuthority[la] ?? 0) + 1;
  }
  const personOf = new Map<string, string>();
  for await (const line of lines(join(dir, OUTPUT_FILES.groundTruth))) {
    const f = splitCsv(line);
    personOf.set(f[0] ?? '', f[1] ?? '');
  }

  const referralsByChild = new Map<string, number[]>();
  const referralPerson = new Map<string, string>();
  const episodes = new Map<string, { person: string; from: number; to: number; nfa: boolean }>();
  const plans = new Map<string, { person: string; from: number; to: number }>();
  const categories: Record<string, number> = {};
  const sources: Record<string, number> = {};
  let s47 = 0;
  let conferences = 0;
  let plansStarted = 0;
  let contacts = 0;
  let referrals = 0;
  let nfa = 0;
  let events = 0;
  const inPeriod = (d: number): boolean => d >= periodStart && d <= end;
  for await (const line of lines(join(dir, OUTPUT_FILES.events))) {
    events++;
    const e = JSON.parse(line) as Record<string, unknown>;
    const on = (key: string): number => parseDay(String(e[key]));
    const child = personOf.get(String(e.child)) ?? '';
    switch (e.type) {
      case 'contact':
        // Counted per child named, as referrals are.
        if (inPeriod(parseDay(String(e.at).slice(0, 10)))) contacts += (e.children as unknown[]).length;
        break;
      case 'referral': {
        const d = on('referralOn');
        const list = referralsByChild.get(child) ?? [];
        list.push(d);
        referralsByChild.set(child, list);
        referralPerson.set(String(e.id), child);
        episodes.set(String(e.id), { person: child, from: d, to: Number.MAX_SAFE_INTEGER, nfa: e.isNfa === true });
        if (inPeriod(d)) {
          referrals++;
          if (e.isNfa === true) nfa++;
          const source = String(e.source);
          sources[source] = (sources[source] ?? 0) + 1;
        }
        break;
      }
      case 'episode-closed': {
        const episode = episodes.get(String(e.referral));
        if (episode) episode.to = on('closedOn');
        break;
      }
      case 's47-started':
        if (inPeriod(on('startOn'))) s47++;
        break;
      case 'initial-conference':
        if (inPeriod(on('heldOn'))) conferences++;
        break;
      case 'cp-plan-started': {
        const d = on('startOn');
        if (inPeriod(d)) plansStarted++;
        const category = String(e.initialCategory);
        categories[category] = (categories[category] ?? 0) + 1;
        plans.set(String(e.id), { person: child, from: d, to: Number.MAX_SAFE_INTEGER });
        break;
      }
      case 'cp-plan-ended': {
        const plan = plans.get(String(e.cpPlan));
        if (plan) plan.to = on('endOn');
        break;
      }
    }
  }

  // Exposure: child-years alive in the period (all synthetic children are under 18 throughout).
  let exposureDays = 0;
  for (const dob of dobs.values()) {
    const from = Math.max(dob, periodStart);
    if (from <= end) exposureDays += end - from + 1;
  }
  const childYears = exposureDays / DAYS_PER_YEAR;
  const per10k = (n: number): number => (childYears > 0 ? (n / childYears) * 10_000 : 0);

  let reReferrals = 0;
  for (const list of referralsByChild.values()) {
    list.sort((a, b) => a - b);
    for (let i = 1; i < list.length; i++) {
      const d = list[i] as number;
      if (inPeriod(d) && d - (list[i - 1] as number) <= 365) reReferrals++;
    }
  }

  const stockPer10k = (spans: readonly Span[]): number => {
    let total = 0;
    for (const d of yearEnds) {
      let alive = 0;
      for (const dob of dobs.values()) if (dob <= d) alive++;
      const who = new Set<string>();
      for (const s of spans) if (s.from <= d && s.to > d) who.add(s.person);
      total += alive > 0 ? (who.size / alive) * 10_000 : 0;
    }
    return total / yearEnds.length;
  };

  const categoryTotal = Object.values(categories).reduce((a, b) => a + b, 0);
  const sourceTotal = Object.values(sources).reduce((a, b) => a + b, 0);
  return {
    children: dobs.size,
    people,
    childrenByLocalAuthority,
    twinShare: dobs.size > 0 ? twins / dobs.size : 0,
    referralsPer10k: per10k(referrals),
    section47Per10k: per10k(s47),
    initialConferencesPer10k: per10k(conferences),
    cpPlansStartedPer10k: per10k(plansStarted),
    reReferralRate: referrals > 0 ? reReferrals / referrals : 0,
    referralsNfaShare: referrals > 0 ? nfa / referrals : 0,
    cpPlansAt31MarchPer10k: stockPer10k([...plans.values()]),
    childrenInNeedAt31MarchPer10k: stockPer10k([...episodes.values()].filter((e) => !e.nfa)),
    cpCategoryShares: Object.fromEntries(Object.entries(categories).map(([k, v]) => [k, v / Math.max(1, categoryTotal)])),
    referralSourceShares: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, v / Math.max(1, sourceTotal)])),
    contactsPerReferral: referrals > 0 ? contacts / referrals : 0,
    events,
  };
}
