// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class StuckCasesService {
  constructor(private readonly ctx: CaseworkContext) {}
}
