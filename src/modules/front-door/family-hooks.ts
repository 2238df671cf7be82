// Think Family at the front door, through the identity module's published functions: a contact records who lives
// with whom, and a concern about an adult known to adult services prompts the hub to consider their children.
import type { Clock } from '../../kernel/clock.ts';
import { contactHouseholdFacts, householdOf, knownToAdultServices, thinkFamilyPrompts, type FamilyService } from '../identity/index.ts';
import type { FamilyHooks } from './contacts.service.ts';

export function familyHooks(family: FamilyService, clock: Clock): FamilyHooks {
  return {
    async recordHousehold(trx, actor, contactId, childIds, adults) {
      // The people come straight from the registration's links, so they are active people: the lean path.
      return family.recordActiveFacts(trx, actor, contactHouseholdFacts(contactId, childIds, adults));
    },
    async household(db, childIds, viewerAgencyId) {
      const view = await householdOf(db, childIds, viewerAgencyId, { now: clock.now() });
      return view.members
        .filter((m) => !m.isSubject)
        .map((m) => ({ personId: m.personId, isChild: m.isChild, ageYears: m.ageYears, displayName: m.displayName, knownTo: m.knownTo.map((k) => k.agencyTypeName), flags: [...m.flags] }));
    },
    async prompts(db, adultPersonIds, namedChildIds) {
      // Most households no adult service knows: one read settles that before the fuller work.
      const known = await knownToAdultServices(db, adultPersonIds);
      if (!known.length) return [];
      const prompts = await thinkFamilyPrompts(db, known, namedChildIds, { now: clock.now() });
      return prompts.map((p) => ({ adultPersonId: p.adultPersonId, flags: [...p.flags], children: p.children.map((c) => ({ personId: c.personId })) }));
    },
  };
}

/** The household members of a child, for the family chronology (ids only; the chronology applies its own rules). */
export async function householdMembers(db: Parameters<typeof householdOf>[0], personId: string, viewerAgencyId: string, now: Date) {
  const view = await householdOf(db, [personId], viewerAgencyId, { now });
  return view.members.map((m) => ({ personId: m.personId, label: m.displayName ?? 'Name held by another agency' }));
}
