// The online index: every known record in memory, ready to match one new record in milliseconds. It is kept in
// step with the database by the caller (the identity service adds, updates and removes records as they are
// saved), and uses the same preparation, blocking passes, comparisons and model as batch deduplication, so a
// record scores the same whichever way it arrives.
//
// Blocks live in two tiers: a compact static index (CSR) built in bulk, and small per-key lists for records added
// since. When the recent tier grows past a quarter of the static one, or removed records pass a third of all, the
// index is rebuilt from the live records.
import { bandOf, type Band } from './bands.ts';
import { buildBlockingIndex, PERSON_PASSES, type BlockingIndex, type BlockingPass, type KeyContext } from './blocking.ts';
import { areLikelyTwins, compareRecords, newComparison, type CompareContext } from './comparators.ts';
import { explainComparison, modelWeights, probabilityFromWeight, scoreWithCorroboration, type Explanation, type Model, type ModelWeights } from './fellegi-sunter.ts';
import { PreparedSet, TermFrequencies, Vocabulary, type PersonRecord, type SetView } from './prepare.ts';

export interface OnlineMatch {
  id: string;
  weight: number;
  probability: number;
  /** Probability from corroborating evidence: agreeing identifiers set aside, 0 without a date of birth on both. */
  corroboratedProbability: number;
  band: Band;
  isTwins: boolean;
  explanation: Explanation;
}

export interface OnlineIndexOptions {
  passes?: readonly BlockingPass[];
}

/** Rebuild when records added since the last build exceed this share of the built ones (and at least MIN_REBUILD). */
const REBUILD_SHARE = 0.25;
const MIN_REBUILD = 20_000;

export class OnlineIndex {
  private readonly model: Model;
  private weights: ModelWeights;
  private weightsFor = 0;
  private readonly passes: readonly BlockingPass[];
  private readonly vocabulary = new Vocabulary();
  private set: PreparedSet;
  private tf = new TermFrequencies();
  private readonly query: PreparedSet;
  private slotOf = new Map<string, number>();
  private built: BlockingIndex | null = null;
  private builtSize = 0;
  /** Per pass: key → slots added since the last build. */
  private recent: Map<number, number[]>[];
  private recentCount = 0;
  private removed = 0;
  private mark = new Int32Array(1024);
  private stamp = 0;
  private readonly cache = new Map<number, number>();
  private readonly comparison = newComparison();
  private readonly scratch = new Float64Array(2);

  constructor(model: Model, options: OnlineIndexOptions = {}) {
    this.model = model;
    this.weights = modelWeights(model, 2);
    this.passes = options.passes ?? PERSON_PASSES;
    this.set = new PreparedSet(this.vocabulary);
    this.query = new PreparedSet(this.vocabulary);
    this.recent = this.passes.map(() => new Map());
  }

  /** An index of many records at once (faster than adding them one by one). */
  static build(model: Model, records: Iterable<PersonRecord>, options: OnlineIndexOptions = {}): OnlineIndex {
    const index = new OnlineIndex(model, options);
    for (const r of records) {
      if (index.slotOf.has(r.id)) index.remove(r.id);
      const slot = index.set.add(r);
      index.slotOf.set(r.id, slot);
      index.tf.count(index.set, slot, 1);
    }
    index.rebuild();
    return index;
  }

  /** Live records. */
  get size(): number {
    return this.slotOf.size;
  }

  has(id: string): boolean {
    return this.slotOf.has(id);
  }

  /** Add a record, or replace the record with the same id. */
  add(record: PersonRecord): void {
    if (this.slotOf.has(record.id)) this.remove(record.id);
    const slot = this.set.add(record);
    this.slotOf.set(record.id, slot);
    this.tf.count(this.set, slot, 1);
    const view = this.set.view();
    const keys = this.keyContext();
    this.passes.forEach((pass, p) => {
      const lists = this.recent[p]!;
      pass.keys(keys, view, slot, (key) => {
        const list = lists.get(key);
        if (!list) lists.set(key, [slot]);
        else if (list[list.length - 1] !== slot) list.push(slot);
      });
    });
    this.recentCount++;
    if (this.recentCount > Math.max(MIN_REBUILD, this.builtSize * REBUILD_SHARE)) this.rebuild();
  }

  /** The same as add: a changed record replaces the old one. */
  update(record: PersonRecord): void {
    this.add(record);
  }

  /** Remove a record; false when the id is not in the index. */
  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    this.tf.count(this.set, slot, -1);
    this.set.alive[slot] = 0;
    this.slotOf.delete(id);
    this.removed++;
    if (this.removed > Math.max(MIN_REBUILD, this.set.n / 3)) this.compact();
    return true;
  }

  /**
   * The k records most likely to be the same person as `record`, strongest first, each with its probability,
   * band and a field-by-field explanation. A record with the same id in the index is not matched with itself.
   */
  match(record: PersonRecord, k = 10): OnlineMatch[] {
    // The prior follows the index's size (within 10%), as λ does with population.
    if (Math.abs(this.slotOf.size - this.weightsFor) > 0.1 * this.weightsFor) {
      this.weights = modelWeights(this.model, Math.max(2, this.slotOf.size));
      this.weightsFor = this.slotOf.size;
    }
    this.query.clear();
    this.query.add(record);
    const q = this.query.view();
    const view = this.set.view();
    const ctx: CompareContext = { names: this.vocabulary.names.view(), others: this.vocabulary.others.view(), tf: this.tf.view(), cache: this.cache };
    if (this.cache.size > 1 << 20) this.cache.clear();
    if (this.mark.length < view.n) this.mark = new Int32Array(Math.max(view.n, this.mark.length * 2));
    const stamp = ++this.stamp;
    const self = this.slotOf.get(record.id);
    const found: { slot: number; weight: number; robust: number; isTwins: boolean }[] = [];
    const visit = (slot: number): void => {
      if (this.mark[slot] === stamp || !view.alive[slot] || slot === self) return;
      this.mark[slot] = stamp;
      compareRecords(ctx, q, 0, view, slot, this.comparison);
      const isTwins = areLikelyTwins(q, 0, view, slot, this.comparison);
      scoreWithCorroboration(this.weights, this.comparison, isTwins, this.scratch);
      found.push({ slot, weight: this.scratch[0]!, robust: this.scratch[1]!, isTwins });
    };
    const keys = this.keyContext();
    this.passes.forEach((pass, p) => {
      const built = this.built?.passes[p];
      const lists = this.recent[p]!;
      pass.keys(keys, q, 0, (key) => {
        const b = built?.keyToBlock?.get(key);
        const list = lists.get(key);
        const size = (b === undefined ? 0 : built!.blockStart[b + 1]! - built!.blockStart[b]!) + (list?.length ?? 0);
        if (pass.maxBlock > 0 && size > pass.maxBlock) return;
        if (b !== undefined) for (let x = built!.blockStart[b]!; x < built!.blockStart[b + 1]!; x++) visit(built!.members[x]!);
        if (list) for (const slot of list) visit(slot);
      });
    });
    found.sort((x, y) => y.weight - x.weight);
    return found.slice(0, k).map((f) => {
      compareRecords(ctx, q, 0, view, f.slot, this.comparison);
      const probability = probabilityFromWeight(f.weight);
      const corroborated = probabilityFromWeight(f.robust);
      return {
        id: this.set.ids[f.slot]!,
        weight: f.weight,
        probability,
        corroboratedProbability: corroborated,
        band: bandOf(probability, corroborated, this.model.thresholds, f.isTwins),
        isTwins: f.isTwins,
        explanation: explainComparison(this.model, this.weights, this.comparison, f.isTwins),
      };
    });
  }

  private keyContext(): KeyContext {
    return { names: this.vocabulary.names.view(), others: this.vocabulary.others.view() };
  }

  /** Rebuild the static tier from every record (dead ones have no keys), and empty the recent tier. */
  private rebuild(): void {
    const view: SetView = this.set.view();
    this.built = buildBlockingIndex({ left: view, right: view, leftCount: view.n, isLink: false }, this.keyContext(), this.passes, true);
    this.builtSize = view.n;
    this.recent = this.passes.map(() => new Map());
    this.recentCount = 0;
  }

  /** Drop removed records for good: copy the live prepared records into a fresh set (the vocabulary stays). */
  private compact(): void {
    const old = this.set;
    this.set = new PreparedSet(this.vocabulary);
    this.tf = new TermFrequencies();
    const slots = new Map<string, number>();
    for (const [id, slot] of this.slotOf) {
      const fresh = this.set.copyFrom(old, slot);
      slots.set(id, fresh);
      this.tf.count(this.set, fresh, 1);
    }
    this.slotOf = slots;
    this.removed = 0;
    this.mark = new Int32Array(Math.max(1024, this.set.n));
    this.rebuild();
  }
}
