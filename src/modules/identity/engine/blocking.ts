// Blocking: which pairs of records are worth comparing. Several passes, each putting records that share a key in
// one block, OR-ed together: a pair is a candidate when any pass puts both records in one block. Each pass forgives
// a different kind of error (a dob typo, a changed surname, a nickname, swapped names, a missing NHS number), so a
// true pair has to be wrong in several ways at once to be missed. The index is compressed rows (CSR) in shared
// memory, so every worker walks the same blocks; a mark array per thread makes each candidate pair come out once.
import { type PoolView, type SetView } from './prepare.ts';

/** Where each record of a combined index lives: indices below `leftCount` are in the left set, the rest in the right. */
export interface IndexSpace {
  left: SetView;
  right: SetView;
  /** Records of `left`; in deduplication left and right are the same set and this is its size. */
  leftCount: number;
  /** True when pairs are only formed across the two sets (linking), not within one (deduplication). */
  isLink: boolean;
}

export interface KeyContext {
  names: PoolView;
  others: PoolView;
}

/** One blocking pass: a name and the keys a record has under it (none, one or several). */
export interface BlockingPass {
  name: string;
  description: string;
  /** Blocks bigger than this are skipped (0: no limit). Identifier passes never need a limit. */
  maxBlock: number;
  keys(ctx: KeyContext, set: SetView, i: number, emit: (key: number) => void): void;
}

const P26 = 67_108_864;
const DAY_OFFSET = 200_000;
/** Two non-negative ints (< 2^26) as one exact number. */
const pair = (a: number, b: number): number => a * P26 + b;
const initial = (p: PoolView, id: number): number => p.chars[p.start[id]!]!;
/** Year, month and day of a date held as yyyymmdd. */
const dateParts = (ymd: number) => ({ y: (ymd / 10000) | 0, m: ((ymd / 100) | 0) % 100, d: ymd % 100 });
/** "Two of the three parts of the date of birth" with a name code: the keys (y, m), (y, d) and (m, d). */
const emitPartialDates = (ymd: number, code: number, emit: (key: number) => void): void => {
  const { y, m, d } = dateParts(ymd);
  emit(pair(y * 100 + m, code + 1));
  emit(pair(y * 100 + d, code + 2));
  emit(pair(m * 100 + d, code + 3));
};
/** The first three characters of a name as one number (shorter names padded). */
const prefix3 = (p: PoolView, id: number): number => {
  const s = p.start[id]!;
  const n = p.len[id]!;
  return (p.chars[s]! << 16) | ((n > 1 ? p.chars[s + 1]! : 0) << 8) | (n > 2 ? p.chars[s + 2]! : 0);
};

function forEachVariant(set: SetView, i: number, fn: (v: number) => void): void {
  for (let v = set.nameStart[i]!; v < set.nameStart[i + 1]!; v++) fn(v);
}

/** Phonetic codes of a surname and, for a double-barrelled one, of each part. */
function surnameCodes(ctx: KeyContext, set: SetView, v: number, emit: (code: number) => void): void {
  const p = ctx.names;
  for (const id of [set.vSur[v]!, set.vSur1[v]!, set.vSur2[v]!]) if (id >= 0 && p.dm1[id]! >= 0) emit(p.dm1[id]!);
}

/**
 * The passes for people. Block size limits keep a pass from degenerating into all pairs on a common value (a
 * placeholder date of birth, the commonest names); the other passes catch the pairs such a block would have held.
 */
export const PERSON_PASSES: readonly BlockingPass[] = [
  {
    name: 'nhs',
    description: 'the same valid NHS number',
    maxBlock: 0,
    keys: (_c, s, i, emit) => {
      if (s.nhs[i]! >= 0) emit(s.nhs[i]!);
    },
  },
  {
    name: 'upn',
    description: 'the same UPN',
    maxBlock: 0,
    keys: (_c, s, i, emit) => {
      if (s.upn[i]! >= 0) emit(s.upn[i]!);
    },
  },
  {
    name: 'dob-surname',
    description: 'the same date of birth and a surname (or part of one) that sounds the same',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const day = s.day[i]!;
      if (s.ymd[i]! < 0) return;
      forEachVariant(s, i, (v) => surnameCodes(c, s, v, (code) => emit(pair(day + DAY_OFFSET, code))));
    },
  },
  {
    name: 'dob-forename',
    description: 'the same date of birth and a first given name that sounds the same',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const day = s.day[i]!;
      if (s.ymd[i]! < 0) return;
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        if (f >= 0 && c.names.dm1[f]! >= 0) emit(pair(day + DAY_OFFSET, c.names.dm1[f]!));
      });
    },
  },
  {
    name: 'names',
    description: 'forename and surname that sound the same, in either order',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        if (f < 0 || c.names.dm1[f]! < 0) return;
        const fc = c.names.dm1[f]!;
        surnameCodes(c, s, v, (sc) => emit(fc < sc ? pair(fc, sc) : pair(sc, fc)));
      });
    },
  },
  {
    name: 'name-prefixes',
    description: 'forename and surname starting with the same three letters, in either order',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        const sn = s.vSur[v]!;
        if (f < 0 || sn < 0) return;
        const a = prefix3(c.names, f);
        const b = prefix3(c.names, sn);
        emit(a < b ? pair(a, b) : pair(b, a));
      });
    },
  },
  {
    name: 'dob-permuted-initials',
    description: 'the same year of birth with day and month in either order, and the same initials',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const ymd = s.ymd[i]!;
      if (ymd < 0) return;
      const { y, m, d } = dateParts(ymd);
      const dm = m < d ? m * 100 + d : d * 100 + m;
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        const sn = s.vSur[v]!;
        if (f < 0 || sn < 0) return;
        emit(pair(y * 10000 + dm, initial(c.names, f) * 256 + initial(c.names, sn)));
      });
    },
  },
  {
    name: 'dob-partial-forename',
    description: 'two of the three parts of the date of birth, and a first given name that sounds the same',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const ymd = s.ymd[i]!;
      if (ymd < 0) return;
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        if (f < 0 || c.names.dm1[f]! < 0) return;
        emitPartialDates(ymd, c.names.dm1[f]! * 4, emit);
      });
    },
  },
  {
    name: 'dob-partial-surname',
    description: 'two of the three parts of the date of birth, and a surname that sounds the same',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const ymd = s.ymd[i]!;
      if (ymd < 0) return;
      forEachVariant(s, i, (v) => surnameCodes(c, s, v, (sc) => emitPartialDates(ymd, sc * 4, emit)));
    },
  },
  {
    name: 'postcode-initial',
    description: 'a postcode in common and the same first initial',
    maxBlock: 500,
    keys: (c, s, i, emit) => {
      const initials = new Set<number>();
      forEachVariant(s, i, (v) => {
        const f = s.vFore[v]!;
        if (f >= 0) initials.add(initial(c.names, f));
      });
      for (let k = s.pcStart[i]!; k < s.pcStart[i + 1]!; k++) {
        const full = s.pcFull[k]!;
        if (full >= 0) for (const x of initials) emit(pair(full, x));
      }
    },
  },
  {
    name: 'address-dob-year',
    description: 'an address in common and the same year of birth (any name)',
    maxBlock: 200,
    keys: (_c, s, i, emit) => {
      const ymd = s.ymd[i]!;
      if (ymd < 0) return;
      const { y } = dateParts(ymd);
      for (let k = s.adStart[i]!; k < s.adStart[i + 1]!; k++) emit(pair(s.adId[k]!, y));
    },
  },
  {
    name: 'email-user',
    description: 'the same user name in an email address, at any domain',
    maxBlock: 200,
    keys: (c, s, i, emit) => {
      const e = s.email[i]!;
      if (e < 0) return;
      const p = c.others;
      let h = 0;
      for (let k = p.start[e]!; k < p.start[e]! + p.len[e]!; k++) {
        const ch = p.chars[k]!;
        if (ch === 64) break;
        h = (Math.imul(h, 31) + ch) >>> 0;
      }
      emit(h);
    },
  },
];

/** One pass over the combined index space, as compressed rows: record → its blocks, block → its records. */
export interface PassIndex {
  name: string;
  maxBlock: number;
  /** Record r's blocks are recBlocks[recStart[r] .. recStart[r+1]). */
  recStart: Int32Array;
  recBlocks: Int32Array;
  /** Block b's records are members[blockStart[b] .. blockStart[b+1]), in increasing order. */
  blockStart: Int32Array;
  members: Int32Array;
  blocks: number;
  largestBlock: number;
  /** Blocks skipped for being bigger than maxBlock. */
  skippedBlocks: number;
  /** Key → block, kept only for an index that is queried by key (the online index), not sent to workers. */
  keyToBlock: Map<number, number> | null;
}

export interface BlockingIndex {
  /** Records in the combined space (left then right). */
  size: number;
  leftCount: number;
  isLink: boolean;
  passes: PassIndex[];
}

function shared<T>(Kind: { new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, n) * Kind.BYTES_PER_ELEMENT));
}

/** Build the index for every pass over the combined space of an IndexSpace. */
export function buildBlockingIndex(space: IndexSpace, ctx: KeyContext, passes: readonly BlockingPass[] = PERSON_PASSES, keepKeys = false): BlockingIndex {
  const size = space.isLink ? space.leftCount + space.right.n : space.left.n;
  return {
    size,
    leftCount: space.leftCount,
    isLink: space.isLink,
    passes: passes.map((pass) => buildPass(space, ctx, pass, size, keepKeys)),
  };
}

function buildPass(space: IndexSpace, ctx: KeyContext, pass: BlockingPass, size: number, keepKeys: boolean): PassIndex {
  // 1. Every (record, key) entry, in record order; keys become dense block ids.
  const blockOf = new Map<number, number>();
  let entryRec = new Int32Array(Math.max(16, size));
  let entryBlock = new Int32Array(Math.max(16, size));
  let entries = 0;
  const recStart = shared(Int32Array, size + 1);
  let lastRecord = -1;
  let lastBlocks: number[] = [];
  let r = 0;
  const emit = (key: number): void => {
    let b = blockOf.get(key);
    if (b === undefined) {
      b = blockOf.size;
      blockOf.set(key, b);
    }
    if (lastRecord === r && lastBlocks.includes(b)) return;
    if (lastRecord !== r) {
      lastRecord = r;
      lastBlocks = [];
    }
    lastBlocks.push(b);
    if (entries === entryRec.length) {
      const a = new Int32Array(entries * 2);
      a.set(entryRec);
      entryRec = a;
      const c = new Int32Array(entries * 2);
      c.set(entryBlock);
      entryBlock = c;
    }
    entryRec[entries] = r;
    entryBlock[entries] = b;
    entries++;
  };
  for (r = 0; r < size; r++) {
    recStart[r] = entries;
    const isLeft = r < space.leftCount;
    const set = isLeft ? space.left : space.right;
    const local = isLeft ? r : r - space.leftCount;
    if (set.alive[local]) pass.keys(ctx, set, local, emit);
  }
  recStart[size] = entries;
  const recBlocks = shared(Int32Array, entries);
  recBlocks.set(entryBlock.subarray(0, entries));

  // 2. Counting sort of entries by block: members of each block come out in record order.
  const blocks = blockOf.size;
  const blockStart = shared(Int32Array, blocks + 1);
  for (let e = 0; e < entries; e++) blockStart[entryBlock[e]! + 1]!++;
  let largestBlock = 0;
  let skippedBlocks = 0;
  for (let b = 0; b < blocks; b++) {
    const count = blockStart[b + 1]!;
    if (count > largestBlock) largestBlock = count;
    if (pass.maxBlock > 0 && count > pass.maxBlock) skippedBlocks++;
    blockStart[b + 1] = blockStart[b]! + count;
  }
  const fill = new Int32Array(blocks);
  const members = shared(Int32Array, entries);
  for (let e = 0; e < entries; e++) {
    const b = entryBlock[e]!;
    members[blockStart[b]! + fill[b]!++] = entryRec[e]!;
  }
  return { name: pass.name, maxBlock: pass.maxBlock, recStart, recBlocks, blockStart, members, blocks, largestBlock, skippedBlocks, keyToBlock: keepKeys ? blockOf : null };
}

/** First position in members[lo, hi) holding a value ≥ target. */
function lowerBound(members: Int32Array, lo: number, hi: number, target: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (members[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Call `visit(j)` once for each candidate partner j of record r: later records in deduplication, right-hand
 * records in linking (r must then be a left record). `mark` (one Int32 per record, zero at first, owned by the
 * calling thread) remembers what has been visited for r.
 */
export function forEachCandidate(index: BlockingIndex, r: number, mark: Int32Array, visit: (j: number) => void): number {
  const minJ = index.isLink ? index.leftCount : r + 1;
  const stamp = r + 1;
  let visited = 0;
  for (const pass of index.passes) {
    const { recStart, recBlocks, blockStart, members, maxBlock } = pass;
    for (let k = recStart[r]!; k < recStart[r + 1]!; k++) {
      const b = recBlocks[k]!;
      const s = blockStart[b]!;
      const e = blockStart[b + 1]!;
      if (maxBlock > 0 && e - s > maxBlock) continue;
      for (let x = lowerBound(members, s, e, minJ); x < e; x++) {
        const j = members[x]!;
        if (mark[j] === stamp) continue;
        mark[j] = stamp;
        visited++;
        visit(j);
      }
    }
  }
  return visited;
}

/** Summary of an index for reports: blocks and largest block per pass. */
export function describeIndex(index: BlockingIndex): { pass: string; blocks: number; largestBlock: number; skippedBlocks: number }[] {
  return index.passes.map((p) => ({ pass: p.name, blocks: p.blocks, largestBlock: p.largestBlock, skippedBlocks: p.skippedBlocks }));
}

/** One pass: records that share an address (for estimating the household correction, not for candidates). */
export const ADDRESS_PASS: BlockingPass = {
  name: 'address',
  description: 'an address in common',
  maxBlock: 1000,
  keys: (_c, s, i, emit) => {
    for (let k = s.adStart[i]!; k < s.adStart[i + 1]!; k++) emit(s.adId[k]!);
  },
};
