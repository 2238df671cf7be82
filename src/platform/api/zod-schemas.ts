// Route schemas are zod schemas: zod validates requests (so the API and pages share one set of rules
// and messages) and the same schemas are converted to JSON Schema for the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../kernel/errors.ts';
import { parseOrThrow } from '../forms.ts';

function isZod(schema: unknown): schema is z.ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as z.ZodType).safeParse === 'function';
}

export async function registerApiSupport(app: FastifyInstance): Promise<void> {
  app.setValidatorCompiler(({ schema }) => (data: unknown) => {
    if (!isZod(schema)) return { value: data };
    try {
      return { value: parseOrThrow(schema, data) };
    } catch (error) {
      return { error: error as ValidationError };
    }
  });
  // Responses are plain JSON; response schemas document them.
  app.setSerializerCompiler(() => (data: unknown) => JSON.stringify(data));
}

function toJson(schema: unknown): unknown {
  return isZod(schema) ? z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) : schema;
}

/** Documents /api/v1 routes only; pages and assets are hidden from the OpenAPI document. */
export function swaggerTransform({ schema: given, url }: { schema: unknown; url: string }): { schema: Record<string, unknown>; url: string } {
  const schema = given as Record<string, unknown> | undefined;
  if (!url.startsWith('/api/v1')) return { schema: { ...(schema ?? {}), hide: true }, url };
  if (!schema) return { schema: {}, url };
  const out: Record<string, unknown> = { ...schema };
  for (const key of ['body', 'querystring', 'params', 'headers']) if (key in schema) out[key] = toJson(schema[key]);
  if (schema.response && typeof schema.response === 'object') {
    out.response = Object.fromEntries(Object.entries(schema.response as Record<string, unknown>).map(([code, s]) => [code, toJson(s)]));
  }
  return { schema: out, url };
}

/** The problem+json body every API error uses (RFC 9457). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string().describe('Stable machine-readable error code'),
  detail: z.string().optional(),
  errors: z.record(z.string(), z.string()).optional().describe('Field name → message, for validation errors'),
  correlationId: z.string(),
});
