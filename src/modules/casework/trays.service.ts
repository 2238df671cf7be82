// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class TraysService {
  constructor(private readonly ctx: CaseworkContext) {}
}
