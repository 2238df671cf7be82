// Loads the partnership's reference data (boards, authorities, agency types, agencies, teams).
// Idempotent: re-running updates names and adds what is missing; it never deletes.
import type { Kysely } from 'kysely';
import type { PlatformTables } from '../db/schema.ts';
import { AGENCIES, AGENCY_TYPES, BOARDS, LOCAL_AUTHORITIES } from './london.ts';

export async function seedReferenceData(db: Kysely<PlatformTables>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('boards')
      .values(BOARDS.map((b) => ({ code: b.code, name: b.name, kind: b.kind })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind') })))
      .execute();
    await trx
      .insertInto('localAuthorities')
      .values(LOCAL_AUTHORITIES.map((la) => ({ code: la.code, onsCode: la.onsCode, name: la.name, boardCode: la.boardCode, childPopulation: la.population0to17 })))
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), boardCode: eb.ref('excluded.boardCode'), childPopulation: eb.ref('excluded.childPopulation') })),
      )
      .execute();
    await trx
      .insertInto('agencyTypes')
      .values(AGENCY_TYPES.map((t) => ({ code: t.code, name: t.name })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .execute();
    await trx
      .insertInto('agencies')
      .values(AGENCIES.map((a) => ({ code: a.code, name: a.name, typeCode: a.typeCode, localAuthorityCode: a.localAuthorityCode ?? null })))
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), typeCode: eb.ref('excluded.typeCode') })))
      .execute();
    const ids = new Map((await trx.selectFrom('agencies').select(['id', 'code']).execute()).map((a) => [a.code, a.id]));
    const teams = AGENCIES.flatMap((a) => a.teams.map((t) => ({ agencyId: ids.get(a.code)!, code: t.code, name: t.name, localAuthorityCode: t.localAuthorityCode ?? a.localAuthorityCode ?? null })));
    for (let i = 0; i < teams.length; i += 500) {
      await trx
        .insertInto('teams')
        .values(teams.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['agencyId', 'code']).doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
        .execute();
    }
  });
}
