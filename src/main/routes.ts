// Every route plugin, in one list: the platform's pages and API, then each module's.
import { adminRoutes } from '../platform/access/admin.web.ts';
import { accessApiRoutes } from '../platform/access/access.api.ts';
import { authRoutes } from '../platform/access/auth.web.ts';
import { auditApiRoutes } from '../platform/audit/audit.api.ts';
import { auditRoutes } from '../platform/audit/audit.web.ts';
import type { RoutePlugin } from '../platform/web/app.ts';
import { homeRoutes } from '../platform/web/home.web.ts';
import { identityApiRoutes } from '../modules/identity/identity.api.ts';
import { identityRoutes } from '../modules/identity/identity.web.ts';
import { deskApiRoutes } from '../modules/protection-desk/desk.api.ts';
import { deskRoutes } from '../modules/protection-desk/desk.web.ts';

import { hubRoutes } from '../modules/front-door/hub.web.ts';
import { chronologyRoutes } from '../modules/front-door/chronology.web.ts';
import { referralRoutes } from '../modules/front-door/referral.web.ts';
import { contactsApiRoutes } from '../modules/front-door/contacts.api.ts';
import { caseRoutes } from '../modules/casework/case.web.ts';
import { protectionRoutes } from '../modules/casework/protection.web.ts';
import { traysRoutes } from '../modules/casework/trays.web.ts';
import { consultationRoutes } from '../modules/casework/consultations.web.ts';
import { caseworkApiRoutes } from '../modules/casework/casework.api.ts';
import { boardsRoutes } from '../modules/partnership/boards.web.ts';
import { pledgeRoutes } from '../modules/partnership/pledge.web.ts';
import { workProgrammeRoutes } from '../modules/partnership/work-programme.web.ts';
import { meetingsRoutes } from '../modules/partnership/meetings.web.ts';
import { supportRoutes } from '../modules/partnership/support.web.ts';
import { trainingRoutes } from '../modules/partnership/training.web.ts';

export const routePlugins: RoutePlugin[] = [authRoutes, homeRoutes, adminRoutes, auditRoutes, accessApiRoutes, auditApiRoutes, identityRoutes, identityApiRoutes];
routePlugins.push(deskRoutes, deskApiRoutes);
routePlugins.push(hubRoutes, chronologyRoutes);
routePlugins.push(referralRoutes);
routePlugins.push(contactsApiRoutes);
routePlugins.push(caseRoutes, protectionRoutes, traysRoutes, consultationRoutes, caseworkApiRoutes);
routePlugins.push(boardsRoutes, pledgeRoutes, workProgrammeRoutes, meetingsRoutes, supportRoutes, trainingRoutes);
