// (being written)
import type { CaseworkContext } from './casework.support.ts';

export class ProtectionService {
  constructor(private readonly ctx: CaseworkContext) {}
}
