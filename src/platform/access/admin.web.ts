export async function adminRoutes() {}
