// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class PathwayService {
  constructor(private readonly ctx: CaseworkContext) {}
}
