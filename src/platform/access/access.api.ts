export async function accessApiRoutes() {}
