// A route guard for a permission, run before the body is validated, so someone without the
// permission is refused (and audited) rather than told what was wrong with their input.
import type { FastifyRequest } from 'fastify';
import type { Container } from '../../main/container.ts';
import type { Permission } from '../access/roles.ts';

export function requirePermission(container: Container, permission: Permission, recordType?: string) {
  return async (req: FastifyRequest): Promise<void> => {
    await container.access.require(req.actor, permission, { recordType });
  };
}
