// Builds and starts the HTTP server (and this node's share of scheduled jobs).
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../platform/web/app.ts';
import type { Container } from './container.ts';
import { routePlugins } from './routes.ts';

export async function createServer(container: Container): Promise<FastifyInstance> {
  return buildApp(container, routePlugins);
}

export async function startServer(container: Container): Promise<FastifyInstance> {
  const app = await createServer(container);
  await app.listen({ host: container.config.host, port: container.config.port });
  if (container.config.runJobs) container.scheduler.start();
  const shutdown = async (signal: string) => {
    container.log.info({ signal }, 'shutting down');
    await app.close();
    await container.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}
