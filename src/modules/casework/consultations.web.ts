// (being written)
import type { RoutePlugin } from '../../platform/web/app.ts';

export const consultationRoutes: RoutePlugin = async () => {};
