export async function auditRoutes() {}
