// The family page's view model: members with a label the page can use in sentences (a name only from the
// viewer agency's own records), relationships in words, Think Family warnings and co-residence evidence.
import { flagWords, relationshipLabel, SOURCE_LABELS } from './family.domain.ts';
import { RELATIONSHIP_ROLES } from './family.forms.ts';
import type { PersonFamily } from './family.service.ts';

export const NAME_HELD_ELSEWHERE = 'Name held by another agency';

export function presentFamily(view: PersonFamily) {
  let unnamed = 0;
  const labels = new Map<string, string>();
  for (const m of view.members) {
    labels.set(m.personId, m.displayName ?? (m.isSubject ? 'This person' : `Household member ${++unnamed}`));
  }
  const label = (id: string) => labels.get(id) ?? 'Another person';
  const subject = view.members.find((m) => m.personId === view.subjectId);

  const members = view.members.map((m) => ({
    personId: m.personId,
    label: label(m.personId),
    name: m.displayName ?? NAME_HELD_ELSEWHERE,
    hasName: m.displayName !== null,
    isSubject: m.isSubject,
    childOrAdult: m.isChild ? 'Child' : m.ageYears === null ? 'Not known' : 'Adult',
    age: m.ageYears === null ? 'Not known' : String(m.ageYears),
    relationships: m.relationshipTo.map((r) => `${relationshipLabel(r.kind, r.inverse)} ${r.personId === view.subjectId && !m.isSubject ? 'this person' : label(r.personId)}`),
    knownTo: m.knownTo.map((k) => k.agencyTypeName),
    flags: m.flags,
  }));

  const children = view.members.filter((m) => m.isChild);
  const warnings = view.members
    .filter((m) => m.flags.length)
    .map((m) => {
      const theirChildren = children.filter((c) => c.personId !== m.personId);
      const list = theirChildren.map((c) => `${label(c.personId)}${c.ageYears === null ? '' : ` (aged ${c.ageYears})`}`);
      return {
        personId: m.personId,
        text: theirChildren.length
          ? `${label(m.personId)} is known to ${flagWords(m.flags)}. Consider the ${theirChildren.length === 1 ? 'child' : `${theirChildren.length} children`} in this household: ${list.join(', ')}.`
          : `${label(m.personId)} is known to ${flagWords(m.flags)}. No children are recorded in this household.`,
      };
    });

  // Each fact once, for the list with its "end" form.
  const seen = new Set<string>();
  const relationships = [];
  for (const m of view.members) {
    for (const r of m.relationshipTo) {
      if (seen.has(r.relationshipId) || r.inverse) continue;
      seen.add(r.relationshipId);
      relationships.push({
        id: r.relationshipId,
        version: r.version,
        text: `${label(m.personId)}: ${relationshipLabel(r.kind, false).toLowerCase()} ${label(r.personId)}`,
        source: SOURCE_LABELS[r.source],
      });
    }
  }

  const sharedAddress = view.sharedAddress.map((s) => ({
    text: `${label(s.personId)}: recorded at the same address as ${s.withPersonId === view.subjectId ? 'this person' : label(s.withPersonId)} by ${s.recordedBy.map((t) => t.agencyTypeName).join(', ')}`,
  }));

  return {
    subjectLabel: subject ? label(subject.personId) : 'This person',
    members,
    warnings,
    relationships,
    sharedAddress,
    isTruncated: view.isTruncated,
    memberChoices: view.members.filter((m) => m.personId !== view.subjectId).map((m) => ({ value: m.personId, text: label(m.personId) })),
    roleChoices: Object.entries(RELATIONSHIP_ROLES).map(([value, r]) => ({ value, text: r.text })),
  };
}
