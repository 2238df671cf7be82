// (being written)
import type { UserActor } from '../../kernel/actor.ts';
import type { ChronologyEntry, ChronologySource } from '../front-door/index.ts';
import type { CaseworkContext, Executor } from './casework.support.ts';

export class CaseworkChronologySource implements ChronologySource {
  constructor(private readonly ctx: CaseworkContext) {}

  async entries(_db: Executor, _viewer: UserActor, _personIds: string[]): Promise<ChronologyEntry[]> {
    return [];
  }
}
