// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class CaseworkSettingsService {
  constructor(private readonly ctx: CaseworkContext) {}
}
