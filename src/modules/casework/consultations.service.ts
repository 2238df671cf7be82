// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class ConsultationsService {
  constructor(private readonly ctx: CaseworkContext) {}
}
