export async function auditApiRoutes() {}
