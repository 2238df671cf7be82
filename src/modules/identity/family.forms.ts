// Input schemas for Think Family, with GOV.UK-style messages: a practitioner adding a relationship from the
// family page (in the words of the page: "this member is the person's parent") or ending one with a reason.
import { z } from 'zod';
import { RELATIONSHIP_KINDS } from './family.domain.ts';
import type { RelationshipKind } from './identity.tables.ts';

/** A fact as the service takes it: "personId is kind of relatedPersonId". */
export const relationshipSchema = z
  .object({
    personId: z.string({ error: 'Choose the person' }).trim().uuid('Choose the person'),
    relatedPersonId: z.string({ error: 'Choose who the relationship is with' }).trim().uuid('Choose who the relationship is with'),
    kind: z.enum(RELATIONSHIP_KINDS, { error: 'Choose how they are related' }),
  })
  .refine((v) => v.personId !== v.relatedPersonId, { path: ['relatedPersonId'], message: 'Choose someone other than this person' });
export type RelationshipInput = z.infer<typeof relationshipSchema>;

export const endRelationshipSchema = z.object({
  relationshipId: z.string().trim().uuid('Choose the relationship to end'),
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1, 'Reload the page and try again'),
  reason: z.string({ error: 'Give the reason for ending the relationship' }).trim().min(5, 'Give the reason for ending the relationship').max(1000, 'Reason must be 1000 characters or fewer'),
});
export type EndRelationshipInput = z.infer<typeof endRelationshipSchema>;

/**
 * What the chosen person is to the page's person, and the fact that records it. "Parent" means the chosen
 * person is a parent of the page's person; "Child" the other way round.
 */
export const RELATIONSHIP_ROLES = {
  parent: { text: 'Parent', kind: 'parent-of', chosenFirst: true },
  'step-parent': { text: 'Step-parent', kind: 'step-parent-of', chosenFirst: true },
  carer: { text: 'Carer', kind: 'carer-of', chosenFirst: true },
  child: { text: 'Child', kind: 'parent-of', chosenFirst: false },
  'step-child': { text: 'Step-child', kind: 'step-parent-of', chosenFirst: false },
  'cared-for': { text: 'Cared for by this person', kind: 'carer-of', chosenFirst: false },
  sibling: { text: 'Sibling', kind: 'sibling-of', chosenFirst: true },
  partner: { text: 'Partner', kind: 'partner-of', chosenFirst: true },
  'household-member': { text: 'Lives in the same household', kind: 'household-member', chosenFirst: true },
} as const satisfies Record<string, { text: string; kind: RelationshipKind; chosenFirst: boolean }>;
export type RelationshipRole = keyof typeof RELATIONSHIP_ROLES;

const ROLE_CODES = Object.keys(RELATIONSHIP_ROLES) as [RelationshipRole, ...RelationshipRole[]];

/** The family page's add form: a household member (or another person's Safehub reference) and what they are. */
export const addRelationshipFormSchema = z
  .object({
    memberId: z.string().trim().optional().default(''),
    otherPersonId: z.string().trim().optional().default(''),
    role: z.enum(ROLE_CODES, { error: 'Choose how they are related' }),
  })
  .superRefine((v, ctx) => {
    if (v.otherPersonId && !z.uuid().safeParse(v.otherPersonId).success) ctx.addIssue({ code: 'custom', path: ['otherPersonId'], message: 'Enter a Safehub reference like the one at the top of a person page' });
    else if (!v.otherPersonId && !v.memberId) ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'Choose a household member, or enter another person’s Safehub reference' });
  });

/** The add form in the service's terms. */
export function factFromForm(subjectId: string, form: z.infer<typeof addRelationshipFormSchema>): { personId: string; relatedPersonId: string; kind: RelationshipKind } {
  const chosen = form.otherPersonId || form.memberId;
  const role = RELATIONSHIP_ROLES[form.role];
  return role.chosenFirst ? { personId: chosen, relatedPersonId: subjectId, kind: role.kind } : { personId: subjectId, relatedPersonId: chosen, kind: role.kind };
}
