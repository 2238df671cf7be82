// (being written)
import type { RoutePlugin } from '../../platform/web/app.ts';

export const traysRoutes: RoutePlugin = async () => {};
