// A small deterministic matcher for tests of the registry's rules (bands, links, walls), not of the
// engine's accuracy: certain on an equal valid NHS number, likely on surname and date of birth,
// possible on date of birth alone.
import type { MatchQuery, PersonMatcher, RecordCandidate } from '../../src/modules/identity/identity.matcher.ts';
import { isValidNhsNumber } from '../../src/modules/identity/registry.service.ts';

export class StubMatcher implements PersonMatcher {
  readonly bands = { autoLink: 0.99, review: 0.5 };
  private records = new Map<string, MatchQuery>();
  candidates(q: MatchQuery, limit: number): RecordCandidate[] {
    const out: RecordCandidate[] = [];
    for (const [id, r] of this.records) {
      let p = 0;
      if (q.nhsNumber && r.nhsNumber === q.nhsNumber && isValidNhsNumber(q.nhsNumber)) p = 0.9999;
      else if (q.dateOfBirth && r.dateOfBirth === q.dateOfBirth && r.surname.toLowerCase() === q.surname.toLowerCase()) p = 0.9;
      else if (q.dateOfBirth && r.dateOfBirth === q.dateOfBirth) p = 0.6;
      if (p > 0) out.push({ sourceRecordId: id, probability: p, evidence: [{ field: 'dateOfBirth', level: 'exact', weight: 5 }] });
    }
    return out.sort((a, b) => b.probability - a.probability).slice(0, limit);
  }
  upsert(id: string, r: MatchQuery) {
    this.records.set(id, r);
  }
  remove(id: string) {
    this.records.delete(id);
  }
  size() {
    return this.records.size;
  }
}
